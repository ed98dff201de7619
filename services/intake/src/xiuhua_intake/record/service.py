"""The record use case: the issue, its people (masked as the caller may see them), its photos and
its whole timeline, for the lead, the community staff and the subdistrict's admins."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal, mask_phone
from xiuhua_events import clock
from xiuhua_intake.directory.service import get_community, subdistrict_name
from xiuhua_intake.issues.schemas import Person, TimelineEntry
from xiuhua_intake.issues.service.common import actor_of, mask_name, settings_of
from xiuhua_intake.issues.service.read import load_visible, timeline_entries, to_read
from xiuhua_intake.photos.service import shown
from xiuhua_intake.printing import to_pdf
from xiuhua_intake.record import printable
from xiuhua_intake.record.schemas import IssueRecord, PhotoRef, SupporterRead
from xiuhua_runtime import Forbidden

KEEPERS = frozenset({"lead", "staff", "admin"})  # who keeps and answers for the record
CHANNELS = {"web": "网页", "app": "物业App", "sms": "短信", "chat_group": "业主群", "team": "服务队发现"}


async def issue_record(*, db: AsyncDatabase, issue_id: str, actor: Principal) -> IssueRecord:
    """The issue's full record, if the caller keeps its community's records (or its subdistrict's)."""
    if actor.role not in KEEPERS:
        raise Forbidden("只有队长、社区工作者和街道管理员可以导出问题档案", code="not_a_keeper")
    doc = await load_visible(db, issue_id, actor)
    community = await get_community(db=db, community_id=doc["community"])
    estate = next((e.name for e in community.estates if e.id == doc["estate"]), doc["estate"])
    settings = await settings_of(db, doc["community"])
    issue = to_read(doc, actor, reopen_days=settings["reopen_days"])
    steps = timeline_entries(doc, actor)
    submitted_by = doc.get("submitted_by") or {}
    subdistrict = await subdistrict_name(db=db, community=community)
    return IssueRecord(
        issue=issue, community_name=community.name, subdistrict_name=subdistrict,
        estate_name=estate, channel_label=CHANNELS.get(doc["channel"], doc["channel"]),
        submitted_by=_entered_by(steps, submitted_by), supporters=[_supporter(s, doc, actor) for s in
                                                                   doc.get("supporters", [])],
        photos=_photos(doc, steps), timeline=steps, exported_at=clock.now(),
        exported_by=Person.model_validate((await actor_of(db, actor)).model_dump()))


async def issue_record_pdf(*, db: AsyncDatabase, issue_id: str, actor: Principal) -> tuple[str, bytes]:
    """The record as an A4 document to print or file: its title and the PDF."""
    record = await issue_record(db=db, issue_id=issue_id, actor=actor)
    return f"问题档案{record.issue.number}", await to_pdf(printable.html(record))


def _entered_by(steps: list[TimelineEntry], submitted_by: dict[str, Any]) -> Person:
    first = next((s for s in steps if s.kind == "submitted"), None)
    if first is not None:
        return first.actor
    return Person(id=submitted_by.get("sub", ""), name=submitted_by.get("sub", ""), role=submitted_by.get("role", ""))


def _supporter(supporter: dict[str, Any], doc: dict[str, Any], actor: Principal) -> SupporterRead:
    """A neighbour who said "me too": shown like the reporter to the same caller."""
    calls_back = actor.sees_phones_of(community=doc["community"], assignee=(doc.get("assignee") or {}).get("id"))
    names = actor.community == doc["community"]
    return SupporterRead(name=supporter["name"] if names else mask_name(supporter["name"]),
                         phone=supporter.get("phone") if calls_back else mask_phone(supporter.get("phone")),
                         at=supporter.get("at"))


def _photos(doc: dict[str, Any], steps: list[TimelineEntry]) -> list[PhotoRef]:
    """The report's photos, then the evidence attached to later steps."""
    refs = [PhotoRef(url=shown(p), step="submitted", at=doc["created_at"]) for p in doc.get("photos", [])]
    for s in steps:
        refs += [PhotoRef(url=url, step=s.kind, at=s.at) for url in s.details.get("photos", [])]
    return refs
