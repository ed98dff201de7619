"""Days and hours as the services count them: Asia/Shanghai (UTC+8, no daylight saving).

A test never asks the machine for its date (``date.today()`` is the machine's zone, UTC here):
at 04:00 in Shanghai it is still yesterday in UTC, and a promise "today" would be refused.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from xiuhua_events import clock

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def shanghai_now() -> datetime:
    """The services' clock, read in Asia/Shanghai."""
    return clock.now().astimezone(SHANGHAI)


def shanghai_today(days: int = 0) -> date:
    """Today in Asia/Shanghai, or ``days`` from it."""
    return shanghai_now().date() + timedelta(days=days)
