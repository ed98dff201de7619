"""The gateway's record of every message it was asked to send (database ``xiuhua_smsgateway``,
collection ``sends``), written before each provider call so that an out id is never sent again
once the provider took it::

    {_id: out_id, provider, status: "sending" | "sent" | "failed", tries, provider_id?,
     code?, message?, reported: bool, receipt?: "delivered" | "failed", created_at, updated_at}

No phone number and no parameter (a login code) is kept.
"""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

SENDS = "sends"


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, SENDS)
    await db[SENDS].create_index([("provider_id", ASCENDING)], sparse=True)
