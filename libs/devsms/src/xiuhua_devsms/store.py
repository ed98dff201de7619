"""The inbox in Redis: one list of messages, newest first, at most ``keep`` of them, and a hash of
the out ids it holds, so that a redelivered event shows once (both under the settings' prefix)."""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as redis

# Atomic: a message is added only if its out id is new; what falls off the end is forgotten.
# KEYS: list, ids hash. ARGV: out id, message JSON, keep.
_ADD = """
if redis.call('HSETNX', KEYS[2], ARGV[1], 1) == 0 then return 0 end
redis.call('LPUSH', KEYS[1], ARGV[2])
local keep = tonumber(ARGV[3])
local gone = redis.call('LRANGE', KEYS[1], keep, -1)
if #gone > 0 then
  redis.call('LTRIM', KEYS[1], 0, keep - 1)
  for _, raw in ipairs(gone) do redis.call('HDEL', KEYS[2], cjson.decode(raw)['out_id']) end
end
return 1
"""


class Inbox:
    def __init__(self, client: redis.Redis, *, prefix: str, keep: int) -> None:
        self.client, self.keep = client, keep
        self.messages_key, self.ids_key = f"{prefix}:devsms:messages", f"{prefix}:devsms:ids"
        self._add = client.register_script(_ADD)

    async def add(self, message: dict[str, Any]) -> bool:
        """Keep ``message`` (it has an ``out_id``); False when that out id is already here."""
        raw = json.dumps(message, ensure_ascii=False)
        added = await self._add(keys=[self.messages_key, self.ids_key], args=[message["out_id"], raw, self.keep])
        return bool(added)

    async def latest(self, *, phone: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """The newest messages first; ``phone`` keeps those whose number contains it (a full
        number, or its last digits)."""
        rows = [json.loads(raw) for raw in await self.client.lrange(self.messages_key, 0, self.keep - 1)]
        if phone:
            rows = [row for row in rows if phone in row.get("phone", "")]
        return rows[:limit]

    async def clear(self) -> None:
        await self.client.delete(self.messages_key, self.ids_key)
