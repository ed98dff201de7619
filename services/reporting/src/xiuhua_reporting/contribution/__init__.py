"""Volunteers' contribution (挖掘能人): members' work, and residents who could join the team."""
