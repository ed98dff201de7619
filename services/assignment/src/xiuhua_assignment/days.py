"""Days as people here count them: dates given ("by Friday", leave "from Monday") are days in
Asia/Shanghai (UTC+8, no daylight saving)."""

from __future__ import annotations

from datetime import date, timedelta, timezone

from xiuhua_events import clock

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def local_today() -> date:
    return clock.now().astimezone(SHANGHAI).date()
