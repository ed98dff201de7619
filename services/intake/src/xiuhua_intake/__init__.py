"""Intake: residents, members and gateways report problems; intake owns an issue's public status."""
