"""One-time login codes in Redis: six digits, five minutes, five tries.

Only a keyed hash of the code is stored (HMAC-SHA256 with the service's secret), so a copy of Redis
does not log anyone in. Checking and using a code are each one Lua script, so two logins racing
with the same code cannot both succeed and a try is never lost or counted twice.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import redis.asyncio as redis

from xiuhua_runtime import Unauthorized

# KEYS[1] the phone's code; ARGV[1] the digest of the code given, ARGV[2] the tries allowed.
# → -1 no code (expired, used or never sent), 0 right (no try used), n > 0 wrong: the tries used so far.
_CHECK = """
local digest = redis.call('HGET', KEYS[1], 'digest')
if not digest then return -1 end
if digest == ARGV[1] then return 0 end
local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
if tries >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return tries
"""
# → 1 when the code was the phone's current one and is now used up, 0 otherwise.
_CONSUME = """
if redis.call('HGET', KEYS[1], 'digest') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _expired() -> Unauthorized:
    return Unauthorized("验证码已失效，请重新获取", code="code_expired")


class CodeStore:
    def __init__(self, client: redis.Redis, *, prefix: str, secret: str, ttl_seconds: int, attempts: int) -> None:
        self.client, self.prefix, self.secret = client, prefix, secret.encode()
        self.ttl, self.attempts = ttl_seconds, attempts
        self._check = client.register_script(_CHECK)
        self._consume = client.register_script(_CONSUME)

    def _key(self, phone: str) -> str:
        return f"{self.prefix}:login:code:{phone}"

    def _digest(self, phone: str, code: str) -> str:
        return hmac.new(self.secret, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()

    async def issue(self, phone: str) -> str:
        """A new code for ``phone``, replacing any earlier one (and its count of tries)."""
        code = f"{secrets.randbelow(10**6):06d}"
        key = self._key(phone)
        async with self.client.pipeline(transaction=True) as pipe:
            await pipe.delete(key).hset(key, mapping={"digest": self._digest(phone, code), "tries": 0}) \
                .expire(key, self.ttl).execute()
        return code

    async def check(self, phone: str, code: str) -> None:
        """Raise 401 unless ``code`` is the phone's current code; the fifth wrong try removes it."""
        tries = int(await self._check(keys=[self._key(phone)], args=[self._digest(phone, code), self.attempts]))
        if tries < 0:
            raise _expired()
        if tries > 0:
            left = self.attempts - tries
            raise Unauthorized("验证码错误" + (f"，还可以再试{left}次" if left > 0 else "，请重新获取"),
                               code="invalid_code", details=[{"attempts_left": max(left, 0)}])

    async def consume(self, phone: str, code: str) -> None:
        """Use the code up (401 if another login used it a moment ago)."""
        if not int(await self._consume(keys=[self._key(phone)], args=[self._digest(phone, code)])):
            raise _expired()
