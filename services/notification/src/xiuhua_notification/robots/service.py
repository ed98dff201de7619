"""Use cases of an estate's robot: set it (only to an allowed host), list them (keys masked),
remove it. Setting it again re-enables a robot WeCom had invalidated."""

from __future__ import annotations

from datetime import time
from urllib.parse import urlsplit

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_notification.daily.service import keep_posting
from xiuhua_notification.robots import store
from xiuhua_notification.robots.model import hook_key, masked, valid_path
from xiuhua_notification.robots.schemas import RobotPage, RobotRead, RobotWrite
from xiuhua_notification.rules import access
from xiuhua_runtime import NotFound, Unprocessable

NAMES = {"wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书"}


async def set_robot(*, db: AsyncDatabase, community: str, estate: str, cmd: RobotWrite, actor: Principal,
                    hosts: frozenset[str], daily_at: time) -> RobotRead:
    """Give an estate's owners' group its robot (staff, the subdistrict's admin)."""
    await access.check(db, actor, community, edit=True)
    parts = urlsplit(cmd.url)
    if parts.hostname not in hosts or not valid_path(cmd.kind, cmd.url) or not hook_key(cmd.url):
        raise Unprocessable(f"请填写{NAMES[cmd.kind]}群机器人的 Webhook 地址", code="invalid_webhook",
                            details=[{"field": "url"}])
    if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost"):
        raise Unprocessable("Webhook 地址必须使用 https", code="invalid_webhook", details=[{"field": "url"}])
    saved = await store.save(db, community=community, estate=estate, kind=cmd.kind, url=cmd.url, secret=cmd.secret,
                             by=actor.sub, at=clock.now())
    await keep_posting(db, community, estate, daily_at)  # the evening progress post
    return _read(saved)


async def list_robots(*, db: AsyncDatabase, community: str, actor: Principal) -> RobotPage:
    """The community's robots, keys masked (lead, staff, the subdistrict's admin)."""
    await access.check(db, actor, community, edit=False)
    return RobotPage(items=[_read(d) for d in await store.of_community(db, community)])


async def delete_robot(*, db: AsyncDatabase, community: str, estate: str, actor: Principal) -> None:
    """The estate's group posts stop."""
    await access.check(db, actor, community, edit=True)
    if not await store.delete(db, community, estate):
        raise NotFound("该小区没有配置业主群机器人", code="robot_not_found")


def _read(doc: dict) -> RobotRead:
    return RobotRead(estate=doc["estate"], kind=doc["kind"], url=masked(doc["url"]), signed=bool(doc.get("secret")),
                     enabled=doc["enabled"],
                     disabled_reason=doc.get("disabled_reason"), updated_at=doc["updated_at"])
