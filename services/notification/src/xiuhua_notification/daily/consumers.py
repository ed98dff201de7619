"""The timer of daily: an estate's evening progress post and SMS digest are due (thin)."""

from __future__ import annotations

from datetime import time

from xiuhua_events import Timer, Transaction
from xiuhua_notification.daily import service as daily
from xiuhua_notification.pace.policy import Pace
from xiuhua_runtime import Runtime


def register(rt: Runtime, *, at: time, pace: Pace, public_url: str) -> None:
    """Set the evening timer's handler."""

    async def on_daily_due(tx: Transaction, timer: Timer) -> None:
        await daily.post_day(tx=tx, timer=timer, at=at, pace=pace, public_url=public_url)

    rt.timers.on(daily.DAILY, on_daily_due)
