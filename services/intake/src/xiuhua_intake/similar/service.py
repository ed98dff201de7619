"""Open issues that may be the one being reported (FixMyStreet's duplicate suggestions, then 'me too')."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.service import get_community
from xiuhua_intake.issues.domain.categories import normalize_category
from xiuhua_intake.issues.domain.status import IN_HAND
from xiuhua_intake.issues.service.common import caller_phone, settings_of
from xiuhua_intake.issues.service.read import load_visible, to_read
from xiuhua_intake.similar.domain import THRESHOLD, Report, score
from xiuhua_intake.similar.schemas import SimilarIssue, SimilarPage
from xiuhua_runtime import Forbidden

CANDIDATES = 300  # the newest open issues of the estate that are compared
SHOWN = 5
_FIELDS = {"timeline": 0}


async def similar_to(*, db: AsyncDatabase, actor: Principal, community: str, estate: str, report: Report,
                     exclude: str | None = None) -> SimilarPage:
    """The open issues of ``estate`` that ``report`` most likely repeats."""
    where = await get_community(db=db, community_id=community)
    if actor.role == "property" or not actor.can_access(community=community, subdistrict=where.subdistrict):
        raise Forbidden("无权查看其他社区的问题", code="other_community")
    if actor.role == "resident" and actor.estate not in (None, estate):
        raise Forbidden("只能查看自己所在小区的问题", code="other_estate")
    query: dict[str, Any] = {"community": community, "estate": estate,
                             "status": {"$in": [s.value for s in IN_HAND]}}
    if exclude:
        query["_id"] = {"$ne": exclude}
    docs = [d async for d in db[ISSUES].find(query, _FIELDS).sort("created_at", -1).limit(CANDIDATES)]
    scored = sorted(((score(report, _report(d)), d) for d in docs), key=lambda pair: -pair[0])
    chosen = [(s, d) for s, d in scored if s >= THRESHOLD][:SHOWN]
    if not chosen:
        return SimilarPage(items=[], threshold=THRESHOLD)
    settings, phone = await settings_of(db, community), await caller_phone(db, actor)
    return SimilarPage(threshold=THRESHOLD, items=[
        SimilarIssue(score=s, issue=to_read(d, actor, reopen_days=settings["reopen_days"], phone=phone))
        for s, d in chosen])


async def similar_to_issue(*, db: AsyncDatabase, actor: Principal, issue_id: str) -> SimilarPage:
    """For the lead's triage: the open issues this one may repeat, beside it."""
    doc = await load_visible(db, issue_id, actor)
    return await similar_to(db=db, actor=actor, community=doc["community"], estate=doc["estate"],
                            report=_report(doc), exclude=issue_id)


def report_of(*, title: str, description: str, category: str | None, spot: str | None,
              building: str | None) -> Report:
    return Report(title=title, description=description, category=normalize_category(category or "") or None,
                  spot=spot or None, building=building or None)


def _report(doc: dict[str, Any]) -> Report:
    place = doc.get("place") or {}
    return Report(title=doc["title"], description=doc.get("description", ""), category=doc.get("category"),
                  spot=place.get("spot"), building=place.get("building"))
