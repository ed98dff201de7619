"""The timer of pace: a person's messages that waited (quiet hours, the hourly limit) are due (thin)."""

from __future__ import annotations

from collections.abc import Callable

from xiuhua_events import Timer, Transaction
from xiuhua_notification.pace import release
from xiuhua_notification.pace.budget import RELEASE
from xiuhua_notification.pace.policy import Pace
from xiuhua_runtime import Runtime


def register(rt: Runtime, *, pace: Pace, link: Callable[[str], str]) -> None:
    """Set the release timer's handler."""

    async def on_release_due(tx: Transaction, timer: Timer) -> None:
        await release.release(tx=tx, timer=timer, pace=pace, link=link)

    rt.timers.on(RELEASE, on_release_due)
