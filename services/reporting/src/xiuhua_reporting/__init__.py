"""Reporting: views built only from events, for the community and the subdistrict."""
