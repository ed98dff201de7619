"""Setting an estate's robot timer (``robot-flush:<community>:<estate>``) when a group message is
logged; ``robots.sender`` posts what waits when it fires."""

from __future__ import annotations

from datetime import datetime

from xiuhua_events import Transaction
from xiuhua_events.timers import schedule
from xiuhua_notification.collections import ROBOTS
from xiuhua_notification.robots.store import robot_id

FLUSH = "robot-flush"  # timer kind


async def wake(tx: Transaction, *, community: str, estate: str | None, at: datetime) -> None:
    """A group message was logged: have the estate's robot (if any, and enabled) post it."""
    if not estate:
        return
    robot = await tx.db[ROBOTS].find_one({"_id": robot_id(community, estate), "enabled": True}, {"_id": 1},
                                         session=tx.session)
    if robot is not None:
        await later(tx, community, estate, at)


async def later(tx: Transaction, community: str, estate: str, at: datetime) -> None:
    await schedule(tx, key=f"{FLUSH}:{community}:{estate}", kind=FLUSH, due_at=at,
                   data={"community": community, "estate": estate})
