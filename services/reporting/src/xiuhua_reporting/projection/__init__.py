"""The issue view: one row per issue, folded from its events."""
