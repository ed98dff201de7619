"""The board's list of what is being worked on (正在处理), a page at a time and newest first: an
estate with a thousand open issues is read on a phone at the lift, not scrolled to the bottom."""

from __future__ import annotations

from cachetools import TTLCache
from pydantic import BaseModel, Field
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.service import get_community
from xiuhua_intake.issues.domain.status import IN_HAND
from xiuhua_intake.public.service import _row
from xiuhua_runtime import NotFound


class WorkingRow(BaseModel):
    number: str = Field(description="the 8-digit number people quote (编号)")
    category: str = Field(description="the category's Chinese name")
    place: str = Field(description="the directory's building, unit or spot (小区 when none is named yet)")
    status: str = Field(description="the status's Chinese name")
    since: str = Field(description="when it was reported (ISO 8601, UTC)")


class WorkingPage(BaseModel):
    items: list[WorkingRow]
    total: int = Field(description="issues in hand in the estate, on every page")
    page: int
    size: int


_recent: TTLCache[tuple[str, str, str, int, int], WorkingPage] = TTLCache(maxsize=1024, ttl=60)  # as the board


async def working_page(*, db: AsyncDatabase, community_id: str, estate_id: str, page: int,
                       size: int) -> WorkingPage:
    """One page of the estate's issues in hand, newest first, with how many there are in all."""
    key = (db.name, community_id, estate_id, page, size)
    if (cached := _recent.get(key)) is not None:
        return cached
    community = await get_community(db=db, community_id=community_id)
    estate = next((e for e in community.estates if e.id == estate_id), None)
    if estate is None:
        raise NotFound("找不到该小区", code="estate_not_found")
    where = {"community": community_id, "estate": estate_id, "status": {"$in": [s.value for s in IN_HAND]}}
    # the same few fields as the board: never the resident's own words (see public.service)
    fields = {"number": 1, "category": 1, "place": 1, "status": 1, "created_at": 1, "resolved_at": 1}
    cursor = db[ISSUES].find(where, fields).sort([("created_at", -1), ("_id", -1)]).skip((page - 1) * size)
    items = [WorkingRow(**_row(d, estate)) async for d in cursor.limit(size)]
    total = await db[ISSUES].count_documents(where)
    answer = WorkingPage(items=items, total=total, page=page, size=size)
    _recent[key] = answer
    return answer
