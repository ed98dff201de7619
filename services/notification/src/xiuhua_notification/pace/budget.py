"""Each person's hourly budget of messages, kept in ``budgets`` and written in the same transaction
as the messages it admits (concurrent deliveries to one person conflict and are retried, so the
limit holds across replicas)::

    {_id: person (sub, phone or "estate:<id>"), sent: [when, within the last hour], release_at}

``release_at`` is when the person's durable release timer is due (``pace.release``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from xiuhua_events import Transaction
from xiuhua_events.timers import schedule
from xiuhua_notification.collections import BUDGETS, MESSAGES
from xiuhua_notification.pace.policy import Pace, recent

RELEASE = "pace-release"  # timer kind: send what waited for a person


class Budgets:
    """The budgets touched by one transaction."""

    def __init__(self, tx: Transaction, pace: Pace) -> None:
        self.tx, self.pace = tx, pace
        self.docs: dict[str, dict[str, Any]] = {}

    async def load(self, person: str) -> dict[str, Any]:
        if person not in self.docs:
            doc = await self.tx.db[BUDGETS].find_one({"_id": person}, session=self.tx.session)
            self.docs[person] = doc or {"_id": person, "sent": [], "release_at": None}
        return self.docs[person]

    async def admit(self, record: dict[str, Any], *, now: datetime) -> tuple[datetime | None, str]:
        """Whether ``record`` may go now (None) or when it may, and why: another message about the
        same issue already waits for this person (``merge``: they go out together), quiet hours,
        or the hourly limit."""
        person = record["person"]
        waiting = await self.tx.db[MESSAGES].find_one(
            {"person": person, "status": "pending", "issue_id": record["issue_id"], "channel": record["channel"]},
            {"not_before": 1}, session=self.tx.session)
        doc = await self.load(person)
        if waiting is not None:
            return waiting["not_before"], "merge"
        wait, reason = self.pace.hold_until(sent=doc["sent"], now=now, urgent=record.get("urgent", False))
        if wait is None:
            doc["sent"] = [*recent(doc["sent"], now), now]
            return None, ""
        await self.release_at(person, wait)
        return wait, reason

    async def release_at(self, person: str, when: datetime) -> None:
        """Make sure the person's release timer fires by ``when``."""
        doc = await self.load(person)
        if doc.get("release_at") is None or when < doc["release_at"]:
            doc["release_at"] = when
            await schedule(self.tx, key=f"{RELEASE}:{person}", kind=RELEASE, due_at=when, data={"person": person})

    def took(self, person: str, at: datetime) -> None:
        doc = self.docs[person]
        doc["sent"] = [*recent(doc["sent"], at), at]

    async def save(self) -> None:
        for person, doc in self.docs.items():
            await self.tx.db[BUDGETS].replace_one({"_id": person}, {**doc, "_id": person}, upsert=True,
                                                  session=self.tx.session)
