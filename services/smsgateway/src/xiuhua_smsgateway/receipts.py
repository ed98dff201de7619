"""Taking a provider's delivery receipts: each one found in the gateway's record (by out id or
the provider's id), noted there once, and reported to notification."""

from __future__ import annotations

import logging

from xiuhua_events import UnitOfWork, clock
from xiuhua_runtime.metrics import DELIVERIES
from xiuhua_smsgateway.domain.receipts import Receipt
from xiuhua_smsgateway.notifier import Notifier
from xiuhua_smsgateway.store import SENDS

log = logging.getLogger(__name__)


async def take_receipts(*, uow: UnitOfWork, receipts: list[Receipt], notifier: Notifier) -> int:
    """Note and report each receipt (a repeated one again, harmlessly); how many were known.
    Raises ``NotificationUnavailable`` so that the provider posts them again later."""
    known = 0
    for r in receipts:
        query = {"_id": r.out_id} if r.out_id else {"provider_id": r.provider_id}
        record = await uow.db[SENDS].find_one(query, {"_id": 1, "receipt": 1})
        if record is None:
            log.info("receipt for unknown message %s", r.provider_id)
            continue
        known += 1
        outcome = "delivered" if r.delivered else "failed"
        failure = {} if r.delivered else {"code": r.code, "message": r.message}
        await notifier.report(out_id=record["_id"], delivered=r.delivered, **failure)
        if record.get("receipt") != outcome:
            await uow.db[SENDS].update_one({"_id": record["_id"]}, {"$set": {
                "receipt": outcome, "receipt_code": r.code, "updated_at": clock.now()}})
            DELIVERIES.labels("sms", outcome).inc()
    return known
