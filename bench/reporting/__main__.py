"""`make bench-reporting`: a million historical issues across 100 communities, the dashboard's queries
(p50/p95) and the rebuild rate (events per second).

    python -m bench.reporting [--issues 1000000] [--archive-issues 50000] [--rounds 30]

MONGO_URL names the MongoDB (a replica set); the bench works in a database of its own
(``xiuhua_bench_reporting``, dropped before and after). The issue rows are written straight into
``issue_view`` with bulk inserts (as the fold leaves them); the archive holds the events of
``--archive-issues`` of them (a subset: archiving and replaying all 5.3 million events would not fit
the ten minutes this bench aims at on a 2-core machine); the rebuild replays that archive into fresh
collections and leaves the live ones alone. The dashboard's queries are reporting's own use cases
(no HTTP in between), each as the page asks it: a community's staff (this month's rates, by estate,
the estates' ranking, hot spots, contribution) and a subdistrict's admin (rates, by community, the
communities' ranking), for random communities and months.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from pymongo import AsyncMongoClient, MongoClient

from bench.reporting.data import World, archived, row
from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import ARCHIVE, COMMUNITIES, ISSUES, PEOPLE, setup
from xiuhua_reporting.archive.rebuild import PREFIX, rebuild
from xiuhua_reporting.contribution.service import contribution_of
from xiuhua_reporting.domain import hotspots, ranking
from xiuhua_reporting.hotspots.service import hotspots_of
from xiuhua_reporting.rankings.service import rankings_of
from xiuhua_reporting.rates.service import RatesQuery, rates_of

# Asked here on their own; the page reads the scope's figures from the answer by group.
ON_ITS_OWN = {"staff: rates", "admin: rates"}
RESULTS = Path(__file__).resolve().parents[2] / ".data" / "bench" / "reporting.json"


def say(msg: str) -> None:
    print(f"bench-reporting: {msg}", flush=True)


def fill(url: str, database: str, issues: int, archive_issues: int, lives: int = 100_000,
         batch: int = 10_000) -> World:
    """Write the directory, the people, ``issues`` rows and the archive of the first ``archive_issues``.

    ``lives`` distinct lives are made up; the other issues repeat them in other communities."""
    world = World()
    with MongoClient(url, tz_aware=True) as client:
        client.drop_database(database)
        db = client[database]
        db[COMMUNITIES].insert_many(world.directory())
        db[PEOPLE].insert_many(world.people())
        began, rows, events = time.perf_counter(), [], []
        written = archived_events = 0
        at = datetime.now(UTC)
        made: list[dict] = []
        for n in range(issues):
            if n < lives:
                story = world.story()
                made.append(story)
            else:
                story = world.moved(made[n % lives], n)
            rows.append(row(story))
            if n < archive_issues:
                events.extend(archived(story, at))
            if len(rows) >= batch:
                db[ISSUES].insert_many(rows, ordered=False)
                written += len(rows)
                rows = []
                if written % 100_000 == 0:
                    say(f"  {written:,} issue rows ({written / (time.perf_counter() - began):,.0f}/s)")
            if len(events) >= batch:
                db[ARCHIVE].insert_many(events, ordered=False)
                archived_events += len(events)
                events = []
        for docs, name in ((rows, ISSUES), (events, ARCHIVE)):
            if docs:
                db[name].insert_many(docs, ordered=False)
        archived_events += len(events)
        say(f"wrote {issues:,} issue rows and {archived_events:,} archived events "
            f"in {time.perf_counter() - began:.0f} s")
    return world


async def measure(db, world: World, rounds: int) -> dict[str, list[float]]:
    """Each dashboard query ``rounds`` times, for random communities and months; milliseconds."""
    rng, times = world.rng, defaultdict(list)
    weights = ranking.Weights()
    rules = hotspots.Rules()
    for n in range(rounds):
        community = rng.choice(world.communities)
        sd = world.subdistrict[community]
        back = 0 if n % 3 == 0 else rng.randrange(1, 24)  # this month, or a month of the last two years
        year, month = world.now.year, world.now.month - back
        while month < 1:
            year, month = year - 1, month + 12
        start = f"{year}-{month:02d}-01"
        end = f"{year + month // 12}-{month % 12 + 1:02d}-01"
        staff = Principal(sub="bench-staff", role="staff", community=community, subdistrict=sd)
        admin = Principal(sub="bench-admin", role="admin", subdistrict=sd)
        asks = {  # coroutines, each awaited (run) in turn below
            "staff: rates": rates_of(db=db, query=RatesQuery("community", community, start, end), actor=staff),
            "staff: rates by estate": rates_of(
                db=db, query=RatesQuery("community", community, start, end, "estate"), actor=staff),
            "staff: estates ranked": rankings_of(db=db, scope="community", id=community, level=None,
                                                         start=start, end=end, actor=staff, weights=weights,
                                                         min_received=3),
            "staff: hot spots": hotspots_of(db=db, community=community, at=None, rules=rules, actor=staff),
            "staff: contribution": contribution_of(db=db, community=community, start=start, end=end, top=10,
                                                           actor=staff),
            "admin: rates": rates_of(db=db, query=RatesQuery("subdistrict", sd, start, end), actor=admin),
            "admin: rates by community": rates_of(
                db=db, query=RatesQuery("subdistrict", sd, start, end, "community"), actor=admin),
            "admin: communities ranked": rankings_of(db=db, scope="subdistrict", id=sd, level=None,
                                                             start=start, end=end, actor=admin, weights=weights,
                                                             min_received=3),
        }
        page = {"staff": 0.0, "admin": 0.0}
        for name, ask in asks.items():
            began = time.perf_counter()
            await ask
            took = (time.perf_counter() - began) * 1000
            times[name].append(took)
            if name not in ON_ITS_OWN:
                page[name.split(":")[0]] += took
        times["staff dashboard (its queries, one after another)"].append(page["staff"])
        times["admin dashboard (its queries, one after another)"].append(page["admin"])
    return times


def pct(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[max(-(-q * len(ordered) // 100), 1) - 1]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mongo-url", default=os.environ.get("MONGO_URL", "mongodb://127.0.0.1:27017/?replicaSet=rs0"))
    parser.add_argument("--database", default="xiuhua_bench_reporting")
    parser.add_argument("--issues", type=int, default=1_000_000)
    parser.add_argument("--archive-issues", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="leave the database for a look afterwards")
    args = parser.parse_args()
    began = time.perf_counter()
    say(f"{args.issues:,} issues across 100 communities into {args.database}")
    world = fill(args.mongo_url, args.database, args.issues, args.archive_issues)
    client = AsyncMongoClient(args.mongo_url, tz_aware=True)
    db = client[args.database]
    try:
        started = time.perf_counter()
        await setup(db)  # the service's own indexes, built once the rows are in
        say(f"indexes built in {time.perf_counter() - started:.0f} s")
        times = await measure(db, world, args.rounds)
        say(f"rebuilding from the archive ({args.archive_issues:,} issues)…")
        done = await rebuild(db, swap=False, batch=2000)
        for name in await db.list_collection_names():
            if name.startswith(PREFIX):
                await db.drop_collection(name)
    finally:
        if not args.keep:
            await client.drop_database(args.database)
        await client.close()
    figures = {name: {"p50_ms": round(pct(v, 50), 1), "p95_ms": round(pct(v, 95), 1),
                      "mean_ms": round(statistics.fmean(v), 1), "n": len(v)} for name, v in times.items()}
    result = {"issues": args.issues, "communities": 100, "rounds": args.rounds, "queries": figures,
              "rebuild": {"events": done.events, "issues": done.issues, "seconds": round(done.seconds, 1),
                          "events_per_second": round(done.per_second)},
              "total_seconds": round(time.perf_counter() - began), "at": datetime.now(UTC).isoformat()}
    print(f"\n{'query':<50} {'p50 ms':>8} {'p95 ms':>8}")
    for name, f in figures.items():
        print(f"{name:<50} {f['p50_ms']:>8} {f['p95_ms']:>8}")
    print(f"\nrebuild: {done.events:,} events of {done.issues:,} issues in {done.seconds:.1f} s "
          f"= {done.per_second:,.0f} events/s; whole run {result['total_seconds']} s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
