"""A community's counts by status and category (the first report, kept as it was)."""
