"""How fast people are told (pure): quiet hours at night for what is not urgent, and at most N
messages a person an hour. Nothing is dropped for pace: what may not go now waits for a moment when it
may, and waiting messages about the same issue go out as one (only news the issue has since
outgrown is not sent then: ``outdated``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Pace:
    per_hour: int = 5
    quiet_start: time = time(22, 0)
    quiet_end: time = time(8, 0)
    zone: str = "Asia/Shanghai"

    def quiet_until(self, now: datetime) -> datetime | None:
        """When the quiet hours around ``now`` end (None: ``now`` is not in them)."""
        if self.quiet_start == self.quiet_end:
            return None
        local = now.astimezone(ZoneInfo(self.zone))
        at, start, end = local.timetz().replace(tzinfo=None), self.quiet_start, self.quiet_end
        inside = (start <= at or at < end) if start > end else (start <= at < end)
        if not inside:
            return None
        day = local.date() if at < end else local.date() + timedelta(days=1)
        return datetime.combine(day, end, tzinfo=local.tzinfo).astimezone(now.tzinfo)

    def next_slot(self, sent: Sequence[datetime], now: datetime) -> datetime | None:
        """When one more message may go to someone who was sent ``sent`` (None: now)."""
        recent = sorted(s for s in sent if s > now - WINDOW)
        if len(recent) < self.per_hour:
            return None
        return recent[-self.per_hour] + WINDOW

    def hold_until(self, *, sent: Sequence[datetime], now: datetime, urgent: bool) -> tuple[datetime | None, str]:
        """When a message may go (None: now) and why it waits (``quiet`` or ``rate``)."""
        quiet = None if urgent else self.quiet_until(now)
        if quiet is not None:
            return quiet, "quiet"
        slot = self.next_slot(sent, now)
        return (slot, "rate") if slot else (None, "")


def recent(sent: Sequence[datetime], now: datetime) -> list[datetime]:
    """What still counts against the hourly limit (kept in the person's budget)."""
    return sorted(s for s in sent if s > now - WINDOW)
