"""Refresh tokens: opaque, stored only as hashes, rotated at every use and revocable.

Presenting a refresh token that was already rotated means it was copied: the whole family (every
token descended from the same login) is revoked. OAuth 2.0 Security Best Current Practice, §4.14.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_intake.adapters.mongo import SESSIONS
from xiuhua_runtime import Unauthorized


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start(db: AsyncDatabase, *, phone: str, community: str | None, days: int,
                family: str | None = None) -> str:
    """A new refresh token for ``phone`` (logged in for ``community``)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    await db[SESSIONS].insert_one({"_id": _hash(token), "family": family or uuid.uuid4().hex, "phone": phone,
                                   "community": community, "created_at": now, "used_at": None,
                                   "revoked": False, "expires_at": now + timedelta(days=days)})
    return token


async def rotate(db: AsyncDatabase, token: str) -> dict[str, Any]:
    """Use ``token`` once: its session (which the caller continues in a new token); 401 otherwise."""
    now = datetime.now(UTC)
    session = await db[SESSIONS].find_one_and_update(
        {"_id": _hash(token), "used_at": None, "revoked": False, "expires_at": {"$gt": now}},
        {"$set": {"used_at": now}}, return_document=ReturnDocument.AFTER)
    if session is None:
        seen = await db[SESSIONS].find_one({"_id": _hash(token)}, {"family": 1, "used_at": 1})
        if seen is not None and seen.get("used_at") is not None:  # replayed: someone else has a copy
            await db[SESSIONS].update_many({"family": seen["family"]}, {"$set": {"revoked": True}})
        raise Unauthorized("登录已失效，请重新登录", code="invalid_refresh_token")
    return session


async def revoke(db: AsyncDatabase, token: str) -> None:
    """Log out: the token's whole family stops working."""
    session = await db[SESSIONS].find_one({"_id": _hash(token)}, {"family": 1})
    if session is not None:
        await db[SESSIONS].update_many({"family": session["family"]}, {"$set": {"revoked": True}})
