"""The evening progress post of one estate (pure): "今日新增 N 件、办结 M 件、处理中 K 件", the open
issues most residents follow, and what was done today — titles and places only, never a name or a
phone number (the story's 让已经做的工作被大家看见)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from xiuhua_notification.robots.markdown import plain

ZONE = ZoneInfo("Asia/Shanghai")
SPREAD_MINUTES = 60  # estates post at different minutes of the hour, so a subdistrict does not burst
SHOWN = 3
ENDED = ("rejected", "merged")


@dataclass(frozen=True)
class Day:
    new: int
    done: int
    ongoing: int
    highlights: str


def _at(item: dict) -> datetime:
    return item["at"] if item["at"].tzinfo else item["at"].replace(tzinfo=ZONE)


def summarize(threads: Iterable[dict], day: date) -> Day:
    """Count and pick from the estate's threads (``threads`` documents) for ``day`` in Shanghai."""
    start = datetime.combine(day, time(0), tzinfo=ZONE)
    end = start + timedelta(days=1)
    new = done = ongoing = 0
    finished, followed = [], []
    for th in threads:
        items = [i for i in th.get("items", []) if _at(i) < end]
        kinds = {i["kind"] for i in items}
        if any(i["kind"] == "received" and _at(i) >= start for i in items):
            new += 1
        resolved_today = [i for i in items if i["kind"] == "resolved" and _at(i) >= start]
        if resolved_today:
            done += 1
            finished.append((th, resolved_today[-1]["data"].get("note", "")))
        elif "received" in kinds and not kinds & {"resolved", *ENDED}:
            ongoing += 1
            followed.append(th)
    followed.sort(key=lambda th: -len(th.get("supporters", [])))
    # the list is markdown; the titles, places and notes in it are people's words (plain text)
    lines = [f"- 已办结：「{plain(th.get('title') or '—')}」{_place(th)}{('：' + plain(note)) if note else ''}"
             for th, note in finished[:SHOWN]]
    lines += [f"- 处理中：「{plain(th.get('title') or '—')}」{_place(th)}"
              + (f"（{len(th['supporters'])}人附议）" if th.get("supporters") else "") for th in followed[:SHOWN]]
    return Day(new, done, ongoing, "\n".join(lines))


def _place(th: dict) -> str:
    return f"（{plain(th['place'])}）" if th.get("place") else ""


def post_time(day: date, estate: str, at: time) -> datetime:
    """When ``estate`` posts on ``day``: ``at`` plus its own minute within the spread."""
    offset = int(hashlib.sha1(estate.encode()).hexdigest(), 16) % SPREAD_MINUTES
    return datetime.combine(day, at, tzinfo=ZONE) + timedelta(minutes=offset)


def next_post(now: datetime, estate: str, at: time) -> datetime:
    """The estate's next evening post after ``now``."""
    today = now.astimezone(ZONE).date()
    when = post_time(today, estate, at)
    return when if when > now else post_time(today + timedelta(days=1), estate, at)
