"""Uploading a photo, and showing it only to those who may see its issue."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from anyio import to_thread
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.issues.domain.rules import may_see
from xiuhua_intake.photos import images, store
from xiuhua_runtime import Forbidden, NotFound, Unprocessable
from xiuhua_runtime.ratelimit import RateLimiter

UPLOADERS = frozenset({"resident", "member", "lead", "staff", "property", "gateway"})
PER_HOUR = 60
PHOTO_ID = re.compile(r"^[0-9a-f]{24}$")
LOCATION_ROLES = frozenset({"staff", "lead", "admin"})


async def upload(*, db: AsyncDatabase, limiter: RateLimiter, decodes: asyncio.Semaphore, data: bytes,
                 actor: Principal) -> dict[str, Any]:
    """Check, clean and keep one photo; nothing is kept when any of that fails.

    ``decodes`` bounds how many photos are decoded at once: each may take a few hundred MB while it is
    (see ``images.MAX_PIXELS``); the others wait their turn, holding only their bytes."""
    if actor.role not in UPLOADERS:
        raise Forbidden("该角色不能上传照片")
    await limiter.hit(f"photos:{actor.sub}", limit=PER_HOUR, window_seconds=3600)
    try:
        async with decodes:
            photo = await to_thread.run_sync(images.process, data)
    except images.TooLarge as exc:
        raise Unprocessable(str(exc), code="photo_too_large") from exc
    except images.BadPhoto as exc:
        raise Unprocessable(str(exc), code="bad_photo") from exc
    photo_id = await store.save(db, photo, owner=actor.sub, community=actor.community)
    return {"id": photo_id, "url": url(photo_id), "thumb_url": url(photo_id, thumb=True),
            "width": photo.width, "height": photo.height}


async def download(*, db: AsyncDatabase, photo_id: str, actor: Principal, thumb: bool) -> bytes:
    doc = await _visible(db, photo_id, actor)
    return await store.read(db, doc, thumb=thumb)


async def location(*, db: AsyncDatabase, photo_id: str, actor: Principal) -> dict[str, Any]:
    """Where the original was taken: for the community's staff and lead, and the subdistrict."""
    doc = await _visible(db, photo_id, actor)
    if actor.role not in LOCATION_ROLES:
        raise Forbidden("照片的拍摄位置只对社区工作人员可见", code="not_staff")
    spot = doc["metadata"].get("location")
    return {"id": photo_id, "latitude": spot[0] if spot else None, "longitude": spot[1] if spot else None}


async def _visible(db: AsyncDatabase, photo_id: str, actor: Principal) -> dict[str, Any]:
    doc = await store.find(db, photo_id)
    if doc is None:
        raise NotFound("找不到该照片", code="photo_not_found")
    meta = doc["metadata"]
    if meta.get("issue_id") is None:
        if meta["owner"] != actor.sub:
            raise NotFound("找不到该照片", code="photo_not_found")  # someone's draft: not even its existence
        return doc
    issue = await db[ISSUES].find_one({"_id": meta["issue_id"]}, {"community": 1, "subdistrict": 1, "property": 1})
    if issue is None or not may_see(issue, actor):
        raise Forbidden("无权查看该照片", code="other_community")
    return doc


def url(photo_id: str, *, thumb: bool = False) -> str:
    return f"/intake/v1/photos/{photo_id}" + ("?size=thumb" if thumb else "")


def shown(photo: str) -> str:
    """A stored photo as a report lists it: its address here, or a gateway's URL as it came."""
    return url(photo) if PHOTO_ID.match(photo) else photo
