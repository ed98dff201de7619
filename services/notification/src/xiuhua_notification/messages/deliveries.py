"""The delivery log: every message planned for an issue or a person — sent, waiting (quiet hours,
hourly limit), merged into a digest, muted, dropped as out of date — and what the gateway reported. A person reads their
own; the lead and staff of the issue's community (and its subdistrict's admin) read an issue's.
Phone numbers are always masked here."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal, mask_phone
from xiuhua_notification.collections import MESSAGES, THREADS
from xiuhua_notification.messages.schemas import DeliveryPage, DeliveryRead
from xiuhua_runtime import Forbidden, NotFound, Unprocessable

READERS = frozenset({"lead", "staff"})


async def list_deliveries(*, db: AsyncDatabase, issue_id: str | None, person: str | None, actor: Principal,
                          limit: int) -> DeliveryPage:
    """Deliveries of one issue, or of one person (``me``), newest first."""
    if (issue_id is None) == (person is None):
        raise Unprocessable("请指定 issue_id 或 person 之一", code="one_filter")
    query: dict[str, Any]
    if person is not None:
        if person not in ("me", actor.sub):
            raise Forbidden("只能查看自己的消息记录", code="not_yours")
        query = {"$or": [{"to_sub": actor.sub}, {"person": actor.sub}]}
    else:
        await _may_read_issue(db, issue_id, actor)
        query = {"issue_id": issue_id}
    cursor = db[MESSAGES].find(query).sort("created_at", -1).limit(limit)
    return DeliveryPage(items=[_read(d) async for d in cursor])


async def _may_read_issue(db: AsyncDatabase, issue_id: str, actor: Principal) -> None:
    thread = await db[THREADS].find_one({"_id": issue_id}, {"community": 1, "subdistrict": 1})
    if thread is None:
        raise NotFound("找不到该问题的消息记录", code="issue_not_found")
    if actor.role in READERS and actor.community == thread["community"]:
        return
    if actor.role == "admin" and actor.community is None and actor.subdistrict == thread.get("subdistrict"):
        return
    raise Forbidden("只有该社区的队长和社区工作者可以查看问题的消息记录", code="not_allowed")


def _read(d: dict[str, Any]) -> DeliveryRead:
    return DeliveryRead(out_id=d["_id"], channel=d["channel"],
                        to=mask_phone(d["to"]) if d["channel"] == "sms" else d["to"],
                        template_id=d.get("template_id"), title=d.get("title"), text=d["text"],
                        issue_id=d.get("issue_id"), status=d["status"], reason=d.get("reason"),
                        not_before=d.get("not_before"), merged_into=d.get("merged_into"),
                        outdated_by=d.get("outdated_by"),
                        digest_of=d.get("digest_of"), error_code=d.get("error_code"),
                        created_at=d["created_at"], sent_at=d.get("sent_at") if d["status"] != "pending" else None,
                        updated_at=d["updated_at"])
