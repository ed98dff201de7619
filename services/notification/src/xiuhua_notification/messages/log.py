"""The message log: every message planned, written once, and the event asking a gateway to send it.

Stored in ``messages``, one document per message::

    {_id: out_id, channel: "sms" | "push" | "group", to: phone, user id or "estate:<id>",
     to_sub: person id or None, person: whom the hourly limit counts (to_sub, else to),
     template_id, provider_template, params, text, title, deep_link, event_id (the fact told of),
     correlationid, community, subdistrict, issue_id, urgent,
     status: "requested" | "pending" | "merged" | "muted" | "dropped" | "delivered" | "failed",
     reason?: why it waits or was not sent ("quiet", "rate", "muted", "channels_off", "unverified",
              "outdated": dropped at release, a later fact named in ``outdated_by`` contradicting it),
     not_before?: when a pending message may go, merged_into?: the digest that carried it,
     digest_of?: how many messages a digest stands for,
     created_at, sent_at?, updated_at, error_code?, error_message?}

A login code is stored with its code masked (``******``) and no parameters; the event that
carries it to the SMS gateway is emitted ``sensitive`` (its outbox record is deleted once sent).
Messages that may not go now (quiet hours, the hourly limit, another waiting about the same issue)
stay ``pending`` until ``pace.release`` sends them (or drops what the issue's later facts contradict).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from xiuhua_events import Transaction, clock, new_event
from xiuhua_notification import events
from xiuhua_notification.collections import MESSAGES
from xiuhua_notification.messages.outgoing import Outgoing
from xiuhua_notification.pace import budget
from xiuhua_notification.pace.policy import Pace
from xiuhua_notification.robots.wake import wake

TYPES = {"sms": events.SMS_REQUESTED, "push": events.PUSH_REQUESTED, "group": events.GROUP_REQUESTED}


async def send(tx: Transaction, outgoing: Sequence[Outgoing], *, subdistrict: str | None = None,
               pace: Pace | None = None) -> int:
    """Write each message not written before ($setOnInsert by ``out_id``) and ask a gateway to
    send it now, or keep it pending (``pace``: quiet hours, hourly limit); how many were new."""
    if not outgoing:
        return 0
    known = {d["_id"] async for d in tx.db[MESSAGES].find(
        {"_id": {"$in": list({o.out_id for o in outgoing})}}, {"_id": 1}, session=tx.session)}
    budgets = budget.Budgets(tx, pace) if pace else None
    now, new = clock.now(), 0
    for o in outgoing:
        if o.out_id in known:
            continue
        known.add(o.out_id)
        record = _record(o, subdistrict, now)
        if o.muted:
            record |= {"status": "muted", "reason": o.muted}
        elif budgets is not None:
            wait, reason = await budgets.admit(record, now=now)
            if wait is not None:
                record |= {"status": "pending", "reason": reason, "not_before": wait}
        written = await tx.db[MESSAGES].update_one(
            {"_id": o.out_id}, {"$setOnInsert": record}, upsert=True, session=tx.session)
        if written.upserted_id is None:
            continue
        new += 1
        if record["status"] == "requested":
            emit(tx, record, data=_request(o), sensitive=o.sensitive)
            if o.channel == "group":
                await wake(tx, community=o.community, estate=o.estate, at=now)
    if budgets is not None:
        await budgets.save()
    return new


def emit(tx: Transaction, record: dict[str, Any], *, data: BaseModel | None = None, sensitive: bool = False) -> None:
    """Ask the channel's gateway to send the logged message ``record``."""
    tx.emit(new_event(type=TYPES[record["channel"]], source=events.SOURCE, tenant=record["community"],
                      subject=record.get("issue_id"), correlationid=record.get("correlationid"),
                      data=data or request_of(record)), sensitive=sensitive)


def _record(o: Outgoing, subdistrict: str | None, now: datetime) -> dict[str, Any]:
    shown = o.kept or o.message
    link = o.message.deep_link or o.deep_link
    return {"_id": o.out_id, "channel": o.channel, "to": o.to, "to_sub": o.to_sub, "person": o.to_sub or o.to,
            "template_id": shown.template_id, "provider_template": shown.provider_template or None,
            "params": shown.params, "text": shown.text, "title": shown.title or None,
            "deep_link": link or None, "event_id": o.event_id, "correlationid": o.correlationid,
            "community": o.community, "subdistrict": subdistrict, "issue_id": o.issue_id, "estate": o.estate,
            "urgent": o.urgent, "status": "requested", "created_at": now, "sent_at": now, "updated_at": now}


def _request(o: Outgoing) -> BaseModel:
    m = o.message
    record = {"channel": o.channel, "_id": o.out_id, "to": o.to, "template_id": m.template_id, "params": m.params,
              "text": m.text, "title": m.title, "deep_link": m.deep_link or o.deep_link, "community": o.community,
              "issue_id": o.issue_id, "provider_template": m.provider_template or None, "estate": o.estate}
    return request_of(record)


def request_of(d: dict[str, Any]) -> BaseModel:
    """The gateway's request for a logged message."""
    if d["channel"] == "sms":
        return events.SmsRequested(out_id=d["_id"], phone=d["to"], template_id=d["template_id"], params=d["params"],
                                   text=d["text"], community=d["community"], issue_id=d.get("issue_id"),
                                   provider_template=d.get("provider_template"), digest_of=d.get("digest_of"))
    if d["channel"] == "push":
        return events.PushRequested(out_id=d["_id"], user_id=d["to"], title=d.get("title") or "", body=d["text"],
                                    deep_link=d.get("deep_link") or "", community=d["community"],
                                    issue_id=d.get("issue_id"))
    return events.GroupRequested(out_id=d["_id"], community=d["community"], estate=d.get("estate") or "",
                                 text=d["text"], issue_id=d.get("issue_id"))


async def fill_subdistrict(tx: Transaction, issue_id: str, subdistrict: str) -> None:
    """Messages sent before the issue's subdistrict was known get it (gateways' receipts need it)."""
    await tx.db[MESSAGES].update_many({"issue_id": issue_id, "subdistrict": None},
                                      {"$set": {"subdistrict": subdistrict}}, session=tx.session)
