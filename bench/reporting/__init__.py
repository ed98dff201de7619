"""Reporting at scale: a million historical issues, the dashboard's queries and the rebuild rate."""
