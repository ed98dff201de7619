"""A fixed-window limit in Redis, shared by every replica of a service."""

from __future__ import annotations

import redis.asyncio as redis

from xiuhua_runtime.errors import TooManyRequests


async def enforce(client: redis.Redis, *, prefix: str, key: str, limit: int, window_seconds: int) -> None:
    """Count one hit for ``key``; raise 429 past ``limit`` hits in the window."""
    full_key = f"{prefix}:ratelimit:{key}"
    async with client.pipeline(transaction=False) as pipe:  # one round trip; INCR is atomic on its own
        count, _ = await pipe.incr(full_key).expire(full_key, window_seconds, nx=True).execute()
    if count > limit:
        raise TooManyRequests("操作太频繁，请稍后再试", details=[{"limit": limit, "window_seconds": window_seconds}])
