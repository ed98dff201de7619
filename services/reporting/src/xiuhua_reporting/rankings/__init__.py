"""Communities and estates ranked by their three rates."""
