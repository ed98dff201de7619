"""The three rates of 接诉即办 for a subdistrict, community, estate, member, property company or category."""
