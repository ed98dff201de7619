"""What the local provider "sent", in Redis: one list of messages, newest first, at most ``keep``,
and a count of sends per out id (a provider is not idempotent: sending twice shows twice)."""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as redis

# Atomic: add a message, count it under its out id, forget what falls off the end.
# KEYS: list, counts hash, total. ARGV: out id, message JSON, keep.
_ADD = """
redis.call('LPUSH', KEYS[1], ARGV[2])
redis.call('INCR', KEYS[3])
if ARGV[1] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[1], 1) end
local keep = tonumber(ARGV[3])
redis.call('LTRIM', KEYS[1], 0, keep - 1)
return 1
"""


class Inbox:
    def __init__(self, client: redis.Redis, *, prefix: str, keep: int) -> None:
        self.client, self.keep = client, keep
        self.messages_key, self.ids_key = f"{prefix}:devsms:messages", f"{prefix}:devsms:ids"
        self.total_key = f"{prefix}:devsms:total"
        self._add = client.register_script(_ADD)

    async def add(self, message: dict[str, Any]) -> None:
        """Keep ``message`` (its ``out_id`` may be empty)."""
        raw = json.dumps(message, ensure_ascii=False)
        await self._add(keys=[self.messages_key, self.ids_key, self.total_key],
                        args=[message.get("out_id") or "", raw, self.keep])

    async def latest(self, *, phone: str | None = None, out_id: str | None = None,
                     limit: int = 50) -> list[dict[str, Any]]:
        """The newest messages first; ``phone`` keeps those whose number contains it (a full
        number, or its last digits); ``out_id`` those the sender marked with it."""
        rows = [json.loads(raw) for raw in await self.client.lrange(self.messages_key, 0, self.keep - 1)]
        if phone:
            rows = [row for row in rows if phone in row.get("phone", "")]
        if out_id:
            rows = [row for row in rows if row.get("out_id") == out_id]
        return rows[:limit]

    async def sends(self, out_id: str) -> int:
        """How many times a message with this out id was sent."""
        return int(await self.client.hget(self.ids_key, out_id) or 0)

    async def total(self) -> int:
        return int(await self.client.get(self.total_key) or 0)

    async def clear(self) -> None:
        await self.client.delete(self.messages_key, self.ids_key, self.total_key)
