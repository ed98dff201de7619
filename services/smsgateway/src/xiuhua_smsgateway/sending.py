"""Sending one requested SMS: at most once per out id after the provider took it, retrying what
the provider's answer says may pass, and reporting what never will.

Providers are not idempotent (a second SendSms is a second message), so the attempt is recorded
before each call and a message recorded ``sent`` is never sent again. A crash between the
provider's answer and that record leaves ``sending``: the redelivered request sends once more —
the one window where a person may get a message twice, rather than not at all.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from xiuhua_events import CloudEvent, UnitOfWork, clock
from xiuhua_runtime.metrics import DELIVERIES, PROVIDER_CALLS
from xiuhua_smsgateway.domain.verdicts import Answer, Verdict, backoff
from xiuhua_smsgateway.events import SmsRequested
from xiuhua_smsgateway.notifier import Notifier
from xiuhua_smsgateway.providers.base import Provider, TemplateMap
from xiuhua_smsgateway.store import SENDS

log = logging.getLogger(__name__)
@dataclass(frozen=True)
class Policy:
    max_attempts: int = 5
    rate_limit_attempts: int = 8
    backoff_base: float = 0.5
    backoff_cap: float = 60.0
    lease_seconds: float = 90.0  # one provider call and one wait fit in it; renewed at each try


@dataclass
class Gateway:
    """What the use case needs: the provider, the template map, notification, the retry policy."""

    provider: Provider
    templates: TemplateMap
    notifier: Notifier
    policy: Policy
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


async def deliver(*, uow: UnitOfWork, event: CloudEvent, gw: Gateway) -> str:
    """Send the SMS ``event`` asks for, once; the final status (sent, failed or already done)."""
    req = SmsRequested.model_validate(event.data)
    sends = uow.db[SENDS]
    record = await _claim(sends, req.out_id, gw)
    if record["status"] == "sent":
        return "already_sent"
    if record["status"] == "failed":
        await _report_failure(uow, record, gw)
        return "already_failed"
    sms = gw.templates.sms(out_id=req.out_id, phone=req.phone, template_id=req.template_id,
                           params={k: str(v) for k, v in req.params.items()})
    tries = throttled = 0
    while True:
        tries += 1
        if tries > 1:  # the claim counted the first try
            await sends.update_one({"_id": req.out_id}, {"$inc": {"tries": 1}, "$set": {
                "updated_at": clock.now(), "lease_until": _lease_end(gw)}})
        answer = await gw.provider.send(sms)
        verdict = answer.verdict
        PROVIDER_CALLS.labels(gw.provider.name, verdict.value).inc()
        if verdict is Verdict.SENT:
            await _finish(uow, event, req.out_id, status="sent", answer=answer, reported=True)
            DELIVERIES.labels("sms", "accepted").inc()
            return "sent"
        if verdict is Verdict.THROTTLED and throttled < gw.policy.rate_limit_attempts - 1:
            throttled += 1
            wait = backoff(throttled, base=gw.policy.backoff_base, cap=gw.policy.backoff_cap)
        elif verdict is Verdict.RETRY and tries < gw.policy.max_attempts:
            wait = backoff(tries, base=gw.policy.backoff_base, cap=gw.policy.backoff_cap)
        else:
            log.info("sms %s failed: %s %s", req.out_id, answer.code, answer.message)
            doc = await _finish(uow, None, req.out_id, status="failed", answer=answer, reported=False)
            DELIVERIES.labels("sms", "failed").inc()
            await _report_failure(uow, doc, gw)
            return "failed"
        log.info("sms %s: %s (%s); retrying in %.2fs", req.out_id, answer.code, verdict.value, wait)
        await gw.sleep(wait)


def _lease_end(gw: Gateway) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=gw.policy.lease_seconds)


async def _claim(sends: AsyncCollection, out_id: str, gw: Gateway) -> dict[str, Any]:
    """Take the right to send ``out_id`` (recorded ``sending`` under a lease) or, when it is done,
    its record. Twin deliveries of one request wait here while the other one sends; a lease left
    by a crashed sender expires and the message is taken over."""
    deadline = time.monotonic() + 2 * gw.policy.lease_seconds
    while True:
        now = datetime.now(UTC)
        try:
            return await sends.find_one_and_update(
                {"_id": out_id, "status": "sending", "lease_until": {"$lt": now}},
                {"$setOnInsert": {"created_at": clock.now(), "reported": False}, "$inc": {"tries": 1},
                 "$set": {"status": "sending", "provider": gw.provider.name, "updated_at": clock.now(),
                          "lease_until": _lease_end(gw)}},
                upsert=True, return_document=ReturnDocument.AFTER)
        except DuplicateKeyError:
            record = await sends.find_one({"_id": out_id})
            if record is not None and record["status"] in ("sent", "failed"):
                return record
        if time.monotonic() > deadline:
            raise TimeoutError(f"sms {out_id} is held by another sender")
        await gw.sleep(random.uniform(0.05, 0.2))


async def _finish(uow: UnitOfWork, event: CloudEvent | None, out_id: str, *, status: str, answer: Answer,
                  reported: bool) -> dict[str, Any]:
    """The final record, in one transaction with the inbox record of ``event`` when given."""
    fields = {"status": status, "lease_until": None, "provider_id": answer.provider_id or None, "code": answer.code,
              "message": answer.message[:200], "reported": reported, "updated_at": clock.now()}
    async with uow.transaction(event_id=event.id if event else None) as tx:
        await tx.db[SENDS].update_one({"_id": out_id}, {"$set": fields}, session=tx.session)
    return {"_id": out_id, **fields}


async def _report_failure(uow: UnitOfWork, record: dict[str, Any], gw: Gateway) -> None:
    """Tell notification the message failed (raises, for the broker to retry, while it cannot hear)."""
    if record.get("reported"):
        return
    await gw.notifier.report(out_id=record["_id"], delivered=False, code=record.get("code"),
                             message=record.get("message"))
    await uow.db[SENDS].update_one({"_id": record["_id"]}, {"$set": {"reported": True}})
