"""Use cases of threads: take one fact of an issue's life, and send what the thread now allows.

Facts about one issue arrive in any order (a resolution before the submission, a "me too"
before the issue itself); each is kept in the issue's thread, and every time the thread learns
something the messages it now allows go out — once each, by their derived ``out_id``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from xiuhua_events import CloudEvent, Timer, Transaction, UnitOfWork, clock
from xiuhua_events.timers import schedule
from xiuhua_notification import events
from xiuhua_notification.collections import THREADS
from xiuhua_notification.messages import log
from xiuhua_notification.pace.policy import Pace
from xiuhua_notification.people import phones as logins
from xiuhua_notification.people.directory import staff_of
from xiuhua_notification.people.store import leads_of, phones_of
from xiuhua_notification.preferences import store as preferences
from xiuhua_notification.rules import store as rules
from xiuhua_notification.supervision import words as supervision
from xiuhua_notification.templates.store import renderer_for
from xiuhua_notification.threads import facts
from xiuhua_notification.threads.model import Fact, Thread, moment
from xiuhua_notification.threads.plan import needs_leads, plan

DECLINE_WAIT = "decline-wait"  # timer kind: stop waiting for the re-route of a decline


class IssueLocks:
    """One issue's facts taken one at a time in this process: they all rewrite the issue's thread,
    and concurrent transactions on it would only conflict and be retried (a storm of updates on
    one issue would then cost each event many tries). Other replicas still conflict and retry."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, issue_id: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(issue_id, (asyncio.Lock(), 0))
        self._locks[issue_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[issue_id]
            if users == 1:
                del self._locks[issue_id]
            else:
                self._locks[issue_id] = (lock, users - 1)


@dataclass(frozen=True)
class Notifier:
    """What the use cases need from the composition root."""

    public_url: str
    decline_wait: timedelta  # how long a decline waits for its re-route before the lead hears "nobody left"
    pace: Pace = Pace()      # quiet hours and the hourly limit per person
    locks: IssueLocks = field(default_factory=IssueLocks)

    def link(self, issue_id: str) -> str:
        return f"{self.public_url}/#/issues/{issue_id}"


FACTS = facts.FACTS


async def note(*, uow: UnitOfWork, event: CloudEvent, ctx: Notifier) -> None:
    """Keep one fact in its issue's thread and send every message the thread now allows."""
    reader, record = FACTS[event.type]
    data = reader.model_validate(event.data)
    fact = Fact(event_id=event.id, correlationid=event.correlationid, at=moment(facts.when(data) or event.time))
    async with ctx.locks.hold(data.issue_id), uow.transaction(event_id=event.id) as tx:
        thread = await load(tx, data.issue_id, data.community)
        subdistrict = thread.subdistrict
        record(thread, data, fact)
        if isinstance(data, events.IssueMerged):
            target = await load(tx, data.into, data.community)
            facts.merged_into(target, data, fact)
            await deliver(tx, target, ctx)
        if isinstance(data, events.TaskDeclined) and thread.rerouted_after(data.assignee.id, fact.at) is None:
            await schedule(tx, key=f"{DECLINE_WAIT}:{event.id}", kind=DECLINE_WAIT,
                           due_at=clock.now() + ctx.decline_wait,
                           data={"issue_id": data.issue_id, "community": data.community, "event_id": event.id})
        if isinstance(data, events.Unrouted):  # and the staff's push of supervision (督办), in the same step
            await log.send(tx, supervision.messages(event.id, event.correlationid, data, ctx.public_url),
                           pace=ctx.pace)
        if thread.subdistrict and thread.subdistrict != subdistrict:
            await log.fill_subdistrict(tx, thread.id, thread.subdistrict)
        await deliver(tx, thread, ctx)


async def decline_waited(*, tx: Transaction, timer: Timer, ctx: Notifier) -> None:
    """No re-route followed the decline in time: the lead hears that nobody took it over."""
    thread = await load(tx, timer.data["issue_id"], timer.data["community"])
    for item in thread.items:
        if item.event_id == timer.data["event_id"]:
            item.settled = True
    await deliver(tx, thread, ctx)


async def deliver_waiting_for_lead(tx: Transaction, community: str, ctx: Notifier) -> None:
    """A lead is known now: send what waited for one in the community's threads."""
    cursor = tx.db[THREADS].find({"community": community, "waiting_for_lead": True}, session=tx.session)
    for doc in [d async for d in cursor]:
        await deliver(tx, Thread.model_validate(doc), ctx)


async def deliver(tx: Transaction, thread: Thread, ctx: Notifier) -> None:
    """Send what the thread allows now (the log skips what went before) and save the thread."""
    community = thread.community
    table, _ = await rules.load(tx.db, community, session=tx.session)
    leads = await leads_of(tx, community) if needs_leads(thread, table) else []
    staff = await staff_of(tx, community)
    people = [thread.reporter, *thread.supporters] if thread.reporter else list(thread.supporters)
    carried = [c["phone"] for i in thread.items if i.kind == "merged" for c in i.data.get("carried", [])]
    subs = [p.sub for p in people] + [h.id for h in thread.holders] + leads + [s["id"] for s in staff]
    subs += [c for i in thread.items if i.kind == "handed" for c in i.data.get("contacts", [])]
    phones = {**{s["id"]: s["phone"] for s in staff if s.get("phone")}, **await phones_of(tx, community)}
    outgoing = plan(thread, leads=leads, public_url=ctx.public_url, rules=table, staff=[s["id"] for s in staff],
                    renderer=await renderer_for(tx.db, community, session=tx.session), phones=phones,
                    prefs=await preferences.of_people(tx, subs),
                    proven=await logins.proven(tx, [p.phone for p in people if not p.phone_verified] + carried))
    await log.send(tx, outgoing, subdistrict=thread.subdistrict, pace=ctx.pace)
    thread.compact()
    await tx.db[THREADS].replace_one({"_id": thread.id}, thread.model_dump(by_alias=True), upsert=True,
                                     session=tx.session)


async def load(tx: Transaction, issue_id: str, community: str) -> Thread:
    doc = await tx.db[THREADS].find_one({"_id": issue_id}, session=tx.session)
    return Thread.model_validate(doc) if doc else Thread(id=issue_id, community=community)
