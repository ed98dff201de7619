"""A fixed-window limit in Redis, shared by every replica of a service."""

from __future__ import annotations

from collections.abc import Callable

import redis.asyncio as redis

from xiuhua_runtime.errors import TooManyRequests


class RateLimiter:
    def __init__(self, client: redis.Redis, *, prefix: str) -> None:
        self.client, self.prefix = client, prefix

    async def hit(self, key: str, *, limit: int, window_seconds: int, message: str = "操作太频繁，请稍后再试",
                  code: str | None = None, on_first_refusal: Callable[[], None] | None = None) -> None:
        """Count one hit for ``key``; raise 429 with ``Retry-After`` past ``limit`` hits in the window.
        ``on_first_refusal`` runs once per window, across every replica (the hit that crosses the limit)."""
        full_key = f"{self.prefix}:ratelimit:{key}"
        async with self.client.pipeline(transaction=False) as pipe:  # one round trip; INCR is atomic on its own
            count, _ = await pipe.incr(full_key).expire(full_key, window_seconds, nx=True).execute()
        if count > limit:
            if count == limit + 1 and on_first_refusal is not None:
                on_first_refusal()
            ttl = await self.client.ttl(full_key)
            retry_after = ttl if ttl and ttl > 0 else window_seconds
            raise TooManyRequests(message, code=code, headers={"Retry-After": str(retry_after)},
                                  details=[{"limit": limit, "window_seconds": window_seconds,
                                            "retry_after_seconds": retry_after}])
