"""Reading the message log (a community's, or one's own) and taking gateways' delivery receipts."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal, mask_phone
from xiuhua_events import UnitOfWork, clock, new_event
from xiuhua_notification import events
from xiuhua_notification.collections import MESSAGES
from xiuhua_notification.messages.schemas import MessagePage, MessageRead, ReceiptCreate
from xiuhua_runtime import Forbidden, NotFound

READERS = frozenset({"lead", "staff", "admin"})


async def record_receipt(*, uow: UnitOfWork, cmd: ReceiptCreate, actor: Principal) -> MessageRead:
    """A gateway reports a message delivered or failed; the first report of each outcome counts."""
    if actor.role != "gateway":
        raise Forbidden("只有网关可以回报送达结果")
    async with uow.transaction() as tx:
        doc = await tx.db[MESSAGES].find_one({"_id": cmd.out_id}, session=tx.session)
        if doc is None:
            raise NotFound("找不到该消息", code="message_not_found")
        # Login codes belong to no community: any gateway may report on them.
        if doc["community"] != events.PLATFORM and not actor.can_access(community=doc["community"],
                                                                        subdistrict=doc.get("subdistrict")):
            raise Forbidden("无权回报其他街道的消息", code="other_community")
        if doc["status"] == cmd.status:
            return _read(doc, actor)
        now = clock.now()
        doc |= {"status": cmd.status, "updated_at": now, "error_code": cmd.error_code,
                "error_message": cmd.error_message}
        await tx.db[MESSAGES].replace_one({"_id": cmd.out_id}, doc, session=tx.session)
        outcome = events.DeliveryOutcome(out_id=cmd.out_id, channel=doc["channel"], status=cmd.status,
                                         community=doc["community"], issue_id=doc.get("issue_id"),
                                         error_code=cmd.error_code, error_message=cmd.error_message, at=now)
        tx.emit(new_event(type=events.DELIVERED if cmd.status == "delivered" else events.FAILED,
                          source=events.SOURCE, tenant=doc["community"], subject=doc.get("issue_id"),
                          data=outcome))
    return _read(doc, actor)


async def list_messages(*, db: AsyncDatabase, community: str, issue_id: str | None, actor: Principal,
                        limit: int) -> MessagePage:
    """Messages sent for a community, newest first."""
    sample = await db[MESSAGES].find_one({"community": community}, {"subdistrict": 1})
    subdistrict = sample.get("subdistrict") if sample else None
    if actor.role not in READERS or not actor.can_access(community=community, subdistrict=subdistrict):
        raise Forbidden("无权查看该社区的消息记录")
    query: dict[str, Any] = {"community": community}
    if issue_id:
        query["issue_id"] = issue_id
    cursor = db[MESSAGES].find(query).sort("created_at", -1).limit(limit)
    return MessagePage(items=[_read(d, actor) async for d in cursor])


async def list_mine(*, db: AsyncDatabase, issue_id: str | None, actor: Principal, limit: int) -> MessagePage:
    """Messages sent to the caller, newest first: pushes to their user id, SMS to the resident
    they are (by the person id recorded with each message)."""
    query: dict[str, Any] = {"to_sub": actor.sub}
    if issue_id:
        query["issue_id"] = issue_id
    cursor = db[MESSAGES].find(query).sort("created_at", -1).limit(limit)
    return MessagePage(items=[_read(d, actor) async for d in cursor])


def _read(doc: dict[str, Any], actor: Principal) -> MessageRead:
    to = doc["to"]
    if doc["channel"] == "sms" and not actor.sees_phones_of(community=doc["community"],
                                                           reporter_sub=doc.get("to_sub")):
        to = mask_phone(to)
    return MessageRead(out_id=doc["_id"], channel=doc["channel"], to=to, template_id=doc.get("template_id"),
                       title=doc.get("title"), text=doc["text"], deep_link=doc.get("deep_link"),
                       issue_id=doc.get("issue_id"), status=doc["status"], created_at=doc["created_at"],
                       updated_at=doc["updated_at"])
