"""One-time login codes in Redis: six digits, five minutes, five tries.

Only a keyed hash of the code is stored (HMAC-SHA256 with the service's secret), so a copy of Redis
does not log anyone in."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import redis.asyncio as redis

from xiuhua_runtime import TooManyRequests, Unauthorized


class CodeStore:
    def __init__(self, client: redis.Redis, *, prefix: str, secret: str, ttl_seconds: int, attempts: int) -> None:
        self.client, self.prefix, self.secret = client, prefix, secret.encode()
        self.ttl, self.attempts = ttl_seconds, attempts

    def _key(self, phone: str) -> str:
        return f"{self.prefix}:login:code:{phone}"

    def _digest(self, phone: str, code: str) -> str:
        return hmac.new(self.secret, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()

    async def issue(self, phone: str) -> str:
        """A new code for ``phone``, replacing any earlier one."""
        code = f"{secrets.randbelow(10**6):06d}"
        key = self._key(phone)
        async with self.client.pipeline(transaction=True) as pipe:
            await pipe.delete(key).hset(key, mapping={"digest": self._digest(phone, code), "tries": 0}) \
                .expire(key, self.ttl).execute()
        return code

    async def check(self, phone: str, code: str) -> None:
        """Raise unless ``code`` is the phone's current code; five wrong tries and it is gone."""
        key = self._key(phone)
        digest = await self.client.hget(key, "digest")
        if digest is None:
            raise Unauthorized("验证码已失效，请重新获取", code="code_expired")
        tries = await self.client.hincrby(key, "tries", 1)
        if tries > self.attempts:
            await self.client.delete(key)
            raise TooManyRequests("验证码错误次数过多，请重新获取", code="too_many_attempts",
                                  headers={"Retry-After": "60"})
        if not hmac.compare_digest(digest, self._digest(phone, code)):
            left = self.attempts - tries
            if left <= 0:
                await self.client.delete(key)
            raise Unauthorized("验证码错误" + (f"，还可以再试{left}次" if left > 0 else "，请重新获取"),
                               code="invalid_code", details=[{"attempts_left": max(left, 0)}])
        await self.client.hincrby(key, "tries", -1)  # a right code does not use up a try

    async def consume(self, phone: str) -> None:
        await self.client.delete(self._key(phone))
