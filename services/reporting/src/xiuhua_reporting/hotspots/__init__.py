"""Hot spots (未诉先办): recurring places and categories, candidates for work before anyone complains."""
