"""Replaying history through the public APIs (demo only, ``XIUHUA_REPLAY_CLOCK=1``).

A request carrying ``X-Xiuhua-As-Of: <ISO 8601 time>`` runs as of that moment (xiuhua_events.clock):
`xiuhua seed --history` uses it under `make run` to give the demo a few weeks of past issues that
went through every service like live ones. Without the switch the header does nothing; with it, a
time that is not one, in the future or more than 120 days back is refused with 422.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.types import ASGIApp, Receive, Scope, Send

from xiuhua_events import clock
from xiuhua_runtime.errors import error_response

HEADER = b"x-xiuhua-as-of"
MAX_BACK = timedelta(days=120)


class ReplayClockMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = dict(scope["headers"]).get(HEADER) if scope["type"] == "http" else None
        if raw is None:
            await self.app(scope, receive, send)
            return
        moment = _moment(raw.decode("latin-1"))
        if moment is None:
            response = error_response(422, "invalid_as_of", "X-Xiuhua-As-Of 须为最近120天内的时间（ISO 8601）")
            await response(scope, receive, send)
            return
        with clock.as_of(moment):
            await self.app(scope, receive, send)


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    now = datetime.now(UTC)
    return moment if now - MAX_BACK <= moment <= now else None
