"""How long a monthly report takes to build and to print at a subdistrict's scale (not a timed test).

Writes 240,000 issue rows straight into a scratch reporting database (100 communities, 12 months, about
200 issues per community a month, 10 % still open, 20 % handed to a property company), then builds the
last month's report of one community and of the subdistrict as the month-end timer does, and renders
each as PDF. Prints seconds; the scratch database is dropped afterwards.

    MONGO_URL=mongodb://127.0.0.1:27018/?replicaSet=rs0 .venv/bin/python bench/monthly_reports.py
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from datetime import datetime, timedelta

from pymongo import AsyncMongoClient

from xiuhua_reporting.adapters.mongo import ISSUES, setup
from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.rates.access import Place
from xiuhua_reporting.reports import export, service
from xiuhua_reporting.reports.month import Month

COMMUNITIES, MONTHS, PER_MONTH = 100, 12, 200
CATEGORIES = ["cleaning", "greening", "security", "parking", "facilities", "other"]
STATUSES = ["closed"] * 80 + ["resolved"] * 8 + ["in_progress"] * 5 + ["assigned"] * 4 + [
    "merged", "rejected", "handed_to_property"]


def row(i: int, rnd: random.Random, start: datetime) -> dict:
    at = start + timedelta(minutes=rnd.randrange(MONTHS * 30 * 24 * 60))
    c = f"c{rnd.randrange(COMMUNITIES):03d}"
    doc = {"_id": f"i{i}", "community": c, "subdistrict": "sd", "estate": f"{c}-e{rnd.randrange(5)}",
           "category": rnd.choice(CATEGORIES), "assignee": f"{c}-m{rnd.randrange(20)}", "submitted_at": at,
           "respond_by": at + timedelta(hours=24), "resolve_by": at + timedelta(days=7),
           "status": rnd.choice(STATUSES), "first_response_at": at + timedelta(minutes=rnd.randrange(2000)),
           "resolved_at": at + timedelta(hours=rnd.randrange(200)), "reopened": int(rnd.random() < 0.05),
           "solved": rnd.random() < 0.8,
           "satisfaction": rnd.choice(["satisfied", "basically_satisfied", "dissatisfied"])}
    if rnd.random() < 0.2:
        doc |= {"company": f"{c}-wy", "handed_at": at + timedelta(hours=2), "ack_by": at + timedelta(hours=26),
                "acknowledged_at": at + timedelta(hours=5)}
    return doc


async def main() -> None:
    client = AsyncMongoClient(os.environ.get("MONGO_URL", "mongodb://127.0.0.1:27018/?replicaSet=rs0"),
                              tz_aware=True)
    db = client["xiuhua_bench_monthly_reports"]
    await client.drop_database(db.name)
    try:
        await setup(db)
        rnd, start = random.Random(1), datetime(2025, 11, 1, tzinfo=SHANGHAI)
        total = COMMUNITIES * MONTHS * PER_MONTH
        for first in range(0, total, 5000):
            await db[ISSUES].insert_many([row(i, rnd, start) for i in range(first, min(first + 5000, total))])
        now, month = datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI), Month(2026, 10)
        print(f"{total} issues; report of {month}")
        for scope, id, place in (("community", "c042", Place("c042", "sd")), ("subdistrict", "sd", Place(None, "sd"))):
            started = time.perf_counter()
            report = await service.build(db, scope=scope, id=id, place=place, month=month, now=now)
            built = time.perf_counter() - started
            started = time.perf_counter()
            pdf = await export.render(report, "pdf")
            printed = time.perf_counter() - started
            print(f"{scope:12} received {report.figures.received:6}  build {built:5.2f} s  "
                  f"pdf {printed:5.2f} s ({len(pdf.content) // 1024} KB)")
    finally:
        await client.drop_database(db.name)
        await client.close()


if __name__ == "__main__":
    asyncio.run(main())
