"""Notification: keeps residents and members informed, through SMS and app gateways."""
