"""Publishing the month's reports when it ends, on durable timers (fired once across replicas, kept
through restarts; ``xiuhua_events.timers``).

One recurring timer falls due a short delay after each month ends (Asia/Shanghai): it sets one timer
per community and per subdistrict for the month just ended, then sets itself for the next month. Each
of those builds its report, stores it and announces ``xiuhua.report.published.v1`` in one transaction —
small transactions, however many communities there are. A report is published once per scope and month:
its id is unique, and a timer finding it already there does nothing. A month-end missed while the service
was down is caught up at start, one month after another.
"""

from __future__ import annotations

from datetime import timedelta

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import Timer, Transaction, clock, new_event
from xiuhua_events.timers import ensure, schedule
from xiuhua_reporting import events
from xiuhua_reporting.adapters.mongo import COMMUNITIES, ISSUES
from xiuhua_reporting.domain.rates import MIN_BASE
from xiuhua_reporting.rates import places
from xiuhua_reporting.reports import service, store
from xiuhua_reporting.reports.month import Month
from xiuhua_runtime import Runtime

MONTH_END = "monthly-reports"  # the recurring timer's key and kind
ONE = "monthly-report"  # one scope's report of one month
_SYSTEM = Principal(sub="monthly-reports", role="admin")


def register(rt: Runtime, *, delay: timedelta, min_base: int = MIN_BASE) -> None:
    rt.timers.on(MONTH_END, month_ended(delay))
    rt.timers.on(ONE, publisher(min_base))


async def start(db: AsyncDatabase, *, delay: timedelta) -> None:
    """Set the first month-end (from every replica at start: only the first call sets it)."""
    await ensure(db, key=MONTH_END, kind=MONTH_END, due_at=Month.of(clock.now()).next.start + delay)


def month_ended(delay: timedelta):
    """The recurring timer's handler, with the configured delay."""

    async def handler(tx: Transaction, timer: Timer) -> None:
        ended = Month.of(timer.due_at).previous  # the timer's own due time names the month, however late it fires
        for scope, id in await _scopes(tx):
            await schedule(tx, key=f"{ONE}/{store.report_id(scope, id, str(ended))}", kind=ONE,
                           due_at=clock.now(), data={"scope": scope, "id": id, "month": str(ended)})
        await schedule(tx, key=MONTH_END, kind=MONTH_END, due_at=ended.next.next.start + delay, data={})

    return handler


def publisher(min_base: int):
    """The handler of one scope's report, with the configured RATES_MIN_BASE."""

    async def handler(tx: Transaction, timer: Timer) -> None:
        await publish_one(tx, timer, min_base=min_base)

    return handler


async def publish_one(tx: Transaction, timer: Timer, *, min_base: int = MIN_BASE) -> None:
    """Build, keep and announce one scope's report of one month (once)."""
    scope, id, month = timer.data["scope"], timer.data["id"], Month.parse(timer.data["month"])
    if await store.find(tx.db, scope, id, str(month), session=tx.session) is not None:
        return
    place = await places.locate(tx.db, scope, id, _SYSTEM)
    if place is None:
        return
    now = clock.now()
    report = await service.build(tx.db, scope=scope, id=id, place=place, month=month, now=now, session=tx.session,
                                 min_base=min_base)
    report.published_at = now
    community = id if scope == "community" else None
    await store.insert(tx.db, report, community=community, session=tx.session)
    f = report.figures
    link = service.links(scope, id, str(month))
    tx.emit(new_event(
        type=events.REPORT_PUBLISHED, source=events.SOURCE, tenant=community or events.PLATFORM_TENANT,
        subject=store.report_id(scope, id, str(month)),
        data=events.ReportPublished(
            report_id=store.report_id(scope, id, str(month)), scope=scope, id=id, name=report.name,
            community=community, subdistrict=report.subdistrict, month=str(month), starts_at=report.from_,
            ends_at=report.to, published_at=now,
            summary=events.ReportSummary(received=f.received, backlog=f.backlog, response_rate=f.response_rate,
                                         resolution_rate=f.resolution_rate, satisfaction_rate=f.satisfaction_rate,
                                         reopened=f.reopened),
            links=events.ReportLinks(json_url=link.json_url, csv_url=link.csv_url, pdf_url=link.pdf_url))))


async def _scopes(tx: Transaction) -> list[tuple[str, str]]:
    """Every community the events told of (by its directory or its issues), and their subdistricts."""
    communities = {d["_id"]: d.get("subdistrict") async for d in tx.db[COMMUNITIES].find(
        {}, {"subdistrict": 1}, session=tx.session)}
    for community in await tx.db[ISSUES].distinct("community", {}, session=tx.session):
        communities.setdefault(community, None)
    subdistricts = set(await tx.db[ISSUES].distinct("subdistrict", {}, session=tx.session))
    subdistricts |= {s for s in communities.values() if s}
    return [("subdistrict", s) for s in sorted(subdistricts)] + [("community", c) for c in sorted(communities)]
