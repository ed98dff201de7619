"""The time a use case stamps on what it does.

Normally the wall clock. Only to replay history (the demo's past weeks, seeded through the public
APIs by `xiuhua seed --history` under `make run`) does a request or an event handler run "as of" an
earlier moment: every step, record and event it makes then carries that moment, and its events are
marked ``replayed`` so their consumers follow them at the same past time. A deployment switches
this on only with ``XIUHUA_REPLAY_CLOCK=1``; without it the marks and headers are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

_as_of: ContextVar[datetime | None] = ContextVar("xiuhua_as_of", default=None)

# How much later than the event it follows a replayed consumer acts: facts keep their order.
REPLAY_STEP = timedelta(seconds=1)


def now() -> datetime:
    """The moment to stamp: the wall clock, or the replayed moment."""
    return _as_of.get() or datetime.now(UTC)


def replaying() -> bool:
    return _as_of.get() is not None


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Run the block as of ``moment`` (never later than now)."""
    token = _as_of.set(min(moment, datetime.now(UTC)))
    try:
        yield
    finally:
        _as_of.reset(token)
