"""Use cases of a person's own preferences: channels, and muting an issue."""

from __future__ import annotations

from datetime import time

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_notification.collections import COMMUNITIES
from xiuhua_notification.daily.service import keep_posting
from xiuhua_notification.preferences import store
from xiuhua_notification.preferences.schemas import PreferencesRead, PreferencesWrite
from xiuhua_runtime import Unprocessable


async def get_mine(*, db: AsyncDatabase, actor: Principal) -> PreferencesRead:
    """The caller's preferences (defaults: every channel, nothing muted)."""
    return _read(await store.get(db, actor.sub))


async def set_channels(*, db: AsyncDatabase, cmd: PreferencesWrite, actor: Principal,
                       daily_at: time | None = None) -> PreferencesRead:
    """Choose the channels the caller accepts, and whether they want the estate's evening digest."""
    if actor.role == "gateway":
        raise Unprocessable("网关账号没有个人通知设置", code="no_person")
    estate = actor.estate or await _member_estate(db, actor)
    if cmd.digest and (not actor.community or not estate):
        raise Unprocessable("每日进展短信按小区发送，只有小区居民和服务队员可以订阅", code="no_estate",
                            details=[{"field": "digest"}])
    await store.set_channels(db, actor.sub, community=actor.community, sms=cmd.sms, push=cmd.push, at=clock.now(),
                             digest=cmd.digest, estate=estate if cmd.digest else None)
    if cmd.digest and daily_at is not None:
        await keep_posting(db, actor.community, estate, daily_at)  # the estate's evening job, robot or not
    return _read(await store.get(db, actor.sub))


async def _member_estate(db: AsyncDatabase, actor: Principal) -> str | None:
    """A team member's estate: the community's only estate (members of a larger one are residents too)."""
    if actor.role not in ("member", "lead") or not actor.community:
        return None
    doc = await db[COMMUNITIES].find_one({"_id": actor.community}, {"estates": 1}) or {}
    estates = doc.get("estates") or []
    return estates[0]["id"] if len(estates) == 1 else None


async def mute(*, db: AsyncDatabase, issue_id: str, muted: bool, actor: Principal) -> PreferencesRead:
    """Hear nothing more of an issue (or again)."""
    if actor.role == "gateway":
        raise Unprocessable("网关账号没有个人通知设置", code="no_person")
    await store.mute(db, actor.sub, issue_id, community=actor.community, muted=muted, at=clock.now())
    return _read(await store.get(db, actor.sub))


def _read(doc: dict) -> PreferencesRead:
    return PreferencesRead(sms=doc.get("sms", True), push=doc.get("push", True), muted=list(doc.get("muted", [])),
                           digest=doc.get("digest", False))
