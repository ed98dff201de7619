"""Reports that arrive as free text from an SMS or chat-group gateway."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import UnitOfWork
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.places import Place
from xiuhua_intake.directory.service import get_community
from xiuhua_intake.inbound import guess
from xiuhua_intake.inbound.schemas import InboundAnswer, InboundChat, InboundSms
from xiuhua_intake.issues.schemas import IssueCreate, Reporter
from xiuhua_intake.issues.service.submit import submit_issue
from xiuhua_runtime import Forbidden, Unprocessable
from xiuhua_runtime.ratelimit import RateLimiter


async def take_in(*, uow: UnitOfWork, limiter: RateLimiter, cmd: InboundSms | InboundChat, actor: Principal,
                  hourly_limit: int, idempotency_key: str | None) -> InboundAnswer:
    """Make a report of a gateway's message; a retry with the same key answers the same and makes nothing."""
    if actor.role != "gateway":
        raise Forbidden("只有短信或业主群网关可以转交消息", code="not_gateway")
    if not (idempotency_key or "").strip():
        raise Unprocessable("网关调用必须带 Idempotency-Key 请求头", code="idempotency_key_required")
    sender = cmd.phone if isinstance(cmd, InboundSms) else cmd.sender.phone
    name = "短信居民" if isinstance(cmd, InboundSms) else cmd.sender.name
    community_id, estate_id = await _where(uow.db, actor, cmd, sender)
    community = await get_community(db=uow.db, community_id=community_id)
    estate = next((e for e in community.estates if e.id == estate_id), None)
    if estate is None:
        raise Unprocessable("小区不存在", code="unknown_estate", details=[{"field": "estate", "problem": estate_id}])
    category = guess.guess_category(cmd.text, community.settings.keywords)
    place = guess.guess_place(estate, cmd.text)
    report = IssueCreate(
        community=community_id, estate=estate_id, place=place or Place(detail=guess.UNKNOWN_PLACE),
        category=category.category, title=guess.title_of(cmd.text), description=cmd.text,
        reporter=Reporter(name=name, phone=sender), channel="sms" if isinstance(cmd, InboundSms) else "chat_group",
        photos=[str(url) for url in getattr(cmd, "images", [])],
    )
    issue = await submit_issue(uow=uow, limiter=limiter, cmd=report, actor=actor, hourly_limit=hourly_limit,
                               idempotency_key=idempotency_key, place_optional=True,
                               # The SMS gateway's sender number is the phone that sent the text (the
                               # carrier's, not typed by anyone): answering it texts nobody else. A chat
                               # group's sender phone comes from a roster the gateway keeps: not proven.
                               sent_from_phone=isinstance(cmd, InboundSms))
    reply = None if isinstance(cmd, InboundSms) else f"已收到，编号{issue.number}，服务队会尽快处理。"
    return InboundAnswer(issue_id=issue.id, number=issue.number, category=issue.category,
                         category_sure=category.sure, place_known=place is not None, reply=reply)


async def _where(db: AsyncDatabase, actor: Principal, cmd: InboundSms | InboundChat, sender: str) -> tuple[str, str]:
    """The community and estate: the call's, the gateway's own, or the sender's last report's."""
    community = actor.community or cmd.community
    estate = cmd.estate or actor.estate
    if community and estate:
        return community, estate
    query: dict[str, Any] = {"reporter.phone": sender}
    query |= {"community": community} if community else {"subdistrict": actor.subdistrict}
    last = await db[ISSUES].find_one(query, {"community": 1, "estate": 1}, sort=[("created_at", -1)])
    if last is None:
        raise Unprocessable("无法确定是哪个小区：请在网关配置中指定小区，或请居民先在页面上报一次",
                            code="estate_unknown")
    return last["community"], last["estate"]
