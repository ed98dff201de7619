"""The timer of robots: what waits for an estate's owners'-group robot is due (thin)."""

from __future__ import annotations

import httpx

from xiuhua_events import Timer, Transaction
from xiuhua_notification.robots import sender
from xiuhua_notification.robots.wake import FLUSH
from xiuhua_runtime import Runtime


def register(rt: Runtime, *, client: httpx.AsyncClient) -> None:
    """Set the robots' timer handler; ``client`` posts to the estates' group robots."""

    async def on_robot_due(tx: Transaction, timer: Timer) -> None:
        await sender.flush(tx=tx, timer=timer, client=client)

    rt.timers.on(FLUSH, on_robot_due)
