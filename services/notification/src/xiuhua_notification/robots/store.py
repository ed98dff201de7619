"""The estates' robots in ``robots``, one document per estate that has one::

    {_id: "<community>:<estate>", community, estate, kind: "wecom" | "dingtalk" | "feishu", url,
     secret (DingTalk / Feishu signing), enabled: bool,
     disabled_reason, sent: [when, within the last minute], backoff_until, updated_at, updated_by}
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_notification.collections import ROBOTS


def robot_id(community: str, estate: str) -> str:
    return f"{community}:{estate}"


async def get(db: AsyncDatabase, community: str, estate: str, *,
              session: AsyncClientSession | None = None) -> dict[str, Any] | None:
    return await db[ROBOTS].find_one({"_id": robot_id(community, estate)}, session=session)


async def of_community(db: AsyncDatabase, community: str) -> list[dict[str, Any]]:
    return [d async for d in db[ROBOTS].find({"community": community}).sort("estate", 1)]


async def save(db: AsyncDatabase, *, community: str, estate: str, kind: str, url: str, secret: str | None, by: str,
               at: Any) -> dict[str, Any]:
    doc = {"community": community, "estate": estate, "kind": kind, "url": url, "secret": secret, "enabled": True,
           "disabled_reason": None, "sent": [], "backoff_until": None, "updated_at": at, "updated_by": by}
    await db[ROBOTS].replace_one({"_id": robot_id(community, estate)}, doc, upsert=True)
    return {"_id": robot_id(community, estate), **doc}


async def delete(db: AsyncDatabase, community: str, estate: str) -> bool:
    return (await db[ROBOTS].delete_one({"_id": robot_id(community, estate)})).deleted_count == 1
