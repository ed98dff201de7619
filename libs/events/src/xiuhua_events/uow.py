"""A unit of work: one MongoDB transaction holding the state change, the outbox record of
every event it causes and, for consumers, the inbox record that makes redelivery harmless.

The outbox pattern: https://microservices.io/patterns/data/transactional-outbox.html
"""

from __future__ import annotations

import asyncio
import functools
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import ParamSpec, TypeVar

from pymongo import ASCENDING, AsyncMongoClient, WriteConcern
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from xiuhua_events.envelope import CloudEvent

OUTBOX = "outbox"
INBOX = "inbox"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
INBOX_RETENTION = timedelta(days=30)
OUTBOX_RETENTION = timedelta(days=7)


class AlreadyHandled(Exception):
    """The event was processed before; the consumer acknowledges it and does nothing."""


class Transaction:
    """What a use case sees inside the unit of work: the database, the session, ``emit``."""

    def __init__(self, db: AsyncDatabase, session: AsyncClientSession) -> None:
        self.db, self.session = db, session
        self.events: list[CloudEvent] = []
        self.sensitive: set[str] = set()

    def emit(self, event: CloudEvent, *, sensitive: bool = False) -> None:
        """Publish ``event`` once this transaction commits. A ``sensitive`` event (a login code)
        leaves no copy behind: its outbox record is deleted, not kept, once the broker has it."""
        self.events.append(event)
        if sensitive:
            self.sensitive.add(event.id)

    async def claim(self, event_id: str) -> None:
        inbox = self.db[INBOX]
        if await inbox.find_one({"_id": event_id}, session=self.session) is not None:
            raise AlreadyHandled(event_id)
        # A concurrent twin gets a duplicate-key or write-conflict error here, is redelivered,
        # and then finds the record above.
        await inbox.insert_one({"_id": event_id, "handled_at": datetime.now(UTC)}, session=self.session)


class UnitOfWork:
    def __init__(self, *, client: AsyncMongoClient, db: AsyncDatabase,
                 on_commit: Callable[[], None] = lambda: None) -> None:
        self.client, self.db, self.on_commit = client, db, on_commit

    @asynccontextmanager
    async def transaction(self, *, event_id: str | None = None) -> AsyncIterator[Transaction]:
        """Run the body in one transaction; ``event_id`` makes it run at most once per event."""
        async with self.client.start_session() as session:
            async with await session.start_transaction(write_concern=WriteConcern("majority")):
                tx = Transaction(self.db, session)
                if event_id is not None:
                    await tx.claim(event_id)
                yield tx
                if tx.events:
                    await self.db[OUTBOX].insert_many(
                        [outbox_record(e, sensitive=e.id in tx.sensitive) for e in tx.events], session=session
                    )
        if tx.events:
            self.on_commit()


P = ParamSpec("P")
T = TypeVar("T")


def retry_conflicts(attempts: int = 6) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Awaitable[T]]]:
    """Run a use case again when its transaction lost a write conflict (six neighbours pressing
    "me too" at the same moment): each try reads afresh, so the rules are checked again."""

    def wrap(use_case: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        @functools.wraps(use_case)
        async def run(*args: P.args, **kwargs: P.kwargs) -> T:
            for attempt in range(attempts):
                try:
                    return await use_case(*args, **kwargs)
                except PyMongoError as exc:
                    if not exc.has_error_label("TransientTransactionError") or attempt == attempts - 1:
                        raise
                await asyncio.sleep(random.uniform(0, 0.01 * 2**attempt))
            raise AssertionError("unreachable")

        return run

    return wrap


def outbox_record(event: CloudEvent, *, sensitive: bool = False) -> dict:
    return {
        "_id": event.id,
        "type": event.type,
        "event": event.model_dump(mode="json"),
        "created_at": datetime.now(UTC),
        "published_at": None,
        "claimed_until": _EPOCH,
        "sensitive": sensitive,
    }


async def ensure_collections(db: AsyncDatabase, *names: str) -> None:
    """Create collections up front: MongoDB transactions cannot create them on first write."""
    existing = set(await db.list_collection_names())
    for name in names:
        if name not in existing:
            await db.create_collection(name)


async def ensure_indexes(db: AsyncDatabase) -> None:
    """Collections and indexes the outbox and inbox need."""
    await ensure_collections(db, OUTBOX, INBOX)
    # Published records and old inbox entries expire; unpublished ones (null) never do.
    await db[OUTBOX].create_index([("published_at", ASCENDING)],
                                  expireAfterSeconds=int(OUTBOX_RETENTION.total_seconds()))
    await db[OUTBOX].create_index([("published_at", ASCENDING), ("created_at", ASCENDING)])
    await db[INBOX].create_index([("handled_at", ASCENDING)],
                                 expireAfterSeconds=int(INBOX_RETENTION.total_seconds()))
