"""Use cases of a person's own preferences: channels, and muting an issue."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_notification.preferences import store
from xiuhua_notification.preferences.schemas import PreferencesRead, PreferencesWrite
from xiuhua_runtime import Unprocessable


async def get_mine(*, db: AsyncDatabase, actor: Principal) -> PreferencesRead:
    """The caller's preferences (defaults: every channel, nothing muted)."""
    return _read(await store.get(db, actor.sub))


async def set_channels(*, db: AsyncDatabase, cmd: PreferencesWrite, actor: Principal) -> PreferencesRead:
    """Choose the channels the caller accepts."""
    if actor.role == "gateway":
        raise Unprocessable("网关账号没有个人通知设置", code="no_person")
    await store.set_channels(db, actor.sub, community=actor.community, sms=cmd.sms, push=cmd.push, at=clock.now())
    return _read(await store.get(db, actor.sub))


async def mute(*, db: AsyncDatabase, issue_id: str, muted: bool, actor: Principal) -> PreferencesRead:
    """Hear nothing more of an issue (or again)."""
    if actor.role == "gateway":
        raise Unprocessable("网关账号没有个人通知设置", code="no_person")
    await store.mute(db, actor.sub, issue_id, community=actor.community, muted=muted, at=clock.now())
    return _read(await store.get(db, actor.sub))


def _read(doc: dict) -> PreferencesRead:
    return PreferencesRead(sms=doc.get("sms", True), push=doc.get("push", True), muted=list(doc.get("muted", [])))
