"""Monthly reports (月报) per community and per subdistrict: the month's three rates, counts by category,
estate, member and property company, the backlog, reopenings and the change from the month before —
as JSON, CSV and PDF; published (stored, announced by ``xiuhua.report.published.v1``) when a month ends."""
