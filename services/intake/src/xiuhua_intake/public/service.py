"""What an estate shows everyone (公示), with nothing personal in it: what is being worked on and what
was done this week, by category, place and status only — never a name, a phone or a resident's own
words — and the weekly lift notice (电梯公示单) to print, with a QR code to report."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from cachetools import TTLCache
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events import clock
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.places import Estate, Place, catalogued
from xiuhua_intake.directory.service import get_community
from xiuhua_intake.issues.domain.categories import CATEGORIES
from xiuhua_intake.issues.domain.status import IN_HAND, LABELS, Status
from xiuhua_intake.printing import to_pdf
from xiuhua_intake.public import notice
from xiuhua_runtime import NotFound

SHANGHAI = timezone(timedelta(hours=8))
SHOWN = 50
_recent: TTLCache[tuple[str, str, str], dict[str, Any]] = TTLCache(maxsize=512, ttl=60)  # a public page is read often


def week_start(now: datetime) -> datetime:
    """Monday 00:00 in Asia/Shanghai of the week ``now`` is in."""
    local = now.astimezone(SHANGHAI)
    return datetime.combine(local.date() - timedelta(days=local.weekday()), datetime.min.time(), SHANGHAI)


async def board(*, db: AsyncDatabase, community_id: str, estate_id: str) -> dict[str, Any]:
    key = (db.name, community_id, estate_id)
    if (cached := _recent.get(key)) is not None:
        return cached
    community = await get_community(db=db, community_id=community_id)
    estate = next((e for e in community.estates if e.id == estate_id), None)
    if estate is None:
        raise NotFound("找不到该小区", code="estate_not_found")
    now = clock.now()
    since = week_start(now)
    where = {"community": community_id, "estate": estate_id}
    # never ``place_text``, ``title`` or ``description``: they carry the resident's own words
    fields = {"number": 1, "category": 1, "place": 1, "status": 1, "created_at": 1, "resolved_at": 1}
    working = [_row(d, estate) async for d in db[ISSUES].find(
        where | {"status": {"$in": [s.value for s in IN_HAND]}}, fields).sort("created_at", 1).limit(SHOWN)]
    done = [_row(d, estate) async for d in db[ISSUES].find(
        where | {"resolved_at": {"$gte": since}, "status": {"$in": [Status.RESOLVED.value, Status.CLOSED.value]}},
        fields).sort("resolved_at", -1).limit(SHOWN)]
    counts = {
        "received_this_week": await db[ISSUES].count_documents(where | {"created_at": {"$gte": since}}),
        "resolved_this_week": len(done),
        "working": await db[ISSUES].count_documents(where | {"status": {"$in": [s.value for s in IN_HAND]}}),
    }
    answer = {"community": community_id, "community_name": community.name, "estate": estate_id,
              "estate_name": estate.name, "week_from": since.date().isoformat(), "at": now.isoformat(),
              "counts": counts, "working": working, "done_this_week": done}
    _recent[key] = answer
    return answer


async def lift_notice(*, db: AsyncDatabase, community_id: str, estate_id: str, public_url: str) -> tuple[str, bytes]:
    """This week's lift notice: its title and the A4 PDF."""
    data = await board(db=db, community_id=community_id, estate_id=estate_id)
    return f"{data['estate_name']}本周公示", await to_pdf(notice.html(data, public_url))


def _row(doc: dict[str, Any], estate: Estate) -> dict[str, Any]:
    """Category, place, status and dates: what the team works on, not who asked or in what words.
    ``resolved_on`` is the day it was resolved in Shanghai, as people read it (05:02 on the 5th is the
    5th, though its UTC timestamp still reads the 4th).

    The place is the directory's building, unit or spot; a report that names none of them (an SMS the
    team has yet to place) shows as the estate's (小区)."""
    place = catalogued(estate, Place.model_construct(**(doc.get("place") or {}))) or "小区"  # checked when taken in
    resolved = doc.get("resolved_at")
    return {"number": doc["number"], "category": CATEGORIES.get(doc["category"], doc["category"]), "place": place,
            "status": LABELS[Status(doc["status"])], "since": doc["created_at"].isoformat(),
            "resolved_at": resolved.isoformat() if resolved else None,
            "resolved_on": resolved.astimezone(SHANGHAI).date().isoformat() if resolved else None}
