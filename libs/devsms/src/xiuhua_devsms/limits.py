"""What a provider refuses before sending: a malformed number, a parameter too long, too many
messages to one number. Mainland providers limit verification codes to about 1 a minute and 5 an
hour per number; the numbers here are settings so that demos are not throttled."""

from __future__ import annotations

import re
from dataclasses import dataclass

import redis.asyncio as redis

MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")

# Counting one send per number in a window, atomically; refuses past the limit without counting.
# KEYS: counter. ARGV: limit, window seconds.
_TAKE = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
if used == 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1
"""


@dataclass(frozen=True)
class Refusal:
    kind: str      # "number", "length", "minute", "hour"
    detail: str


def check_number(phone: str) -> Refusal | None:
    return None if MAINLAND_MOBILE.match(phone) else Refusal("number", f"{phone!r} is not a mainland mobile number")


def check_params(values: list[str], *, max_chars: int) -> Refusal | None:
    """Each template variable within ``max_chars`` characters (Aliyun: 35 for most variables); a
    link (a variable of the template's link type) is not held to it."""
    for value in values:
        if len(value) > max_chars and not value.startswith(("http://", "https://")):
            return Refusal("length", f"a template parameter has {len(value)} characters, over {max_chars}")
    return None


class NumberLimits:
    def __init__(self, client: redis.Redis, *, prefix: str, per_minute: int, per_hour: int) -> None:
        self.client, self.prefix = client, f"{prefix}:devsms:limit"
        self.per_minute, self.per_hour = per_minute, per_hour
        self._take = client.register_script(_TAKE)

    async def take(self, phone: str) -> Refusal | None:
        """Count one message to ``phone``, or say which window is full."""
        for kind, limit, seconds in (("minute", self.per_minute, 60), ("hour", self.per_hour, 3600)):
            if not await self._take(keys=[f"{self.prefix}:{kind}:{phone}"], args=[limit, seconds]):
                return Refusal(kind, f"{phone} had {limit} messages in the last {kind}")
        return None

    async def clear(self) -> None:
        keys = [k async for k in self.client.scan_iter(match=f"{self.prefix}:*")]
        if keys:
            await self.client.delete(*keys)
