"""The message log: every message requested, written once, and the event asking a gateway to send it.

Stored in ``messages``, one document per message::

    {_id: out_id, channel: "sms" | "push", to: phone or user id, to_sub: person id or None,
     template_id, params, text, title, deep_link, event_id (the fact told of),
     community, subdistrict, issue_id, status: "requested" | "delivered" | "failed",
     created_at, updated_at, error_code?, error_message?}

A login code is stored with its code masked (``******``) and no parameters; the event that
carries it to the SMS gateway is emitted ``sensitive`` (its outbox record is deleted once sent).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from xiuhua_events import Transaction, clock, new_event
from xiuhua_notification import events
from xiuhua_notification.adapters.mongo import MESSAGES
from xiuhua_notification.domain.outgoing import Outgoing


async def send(tx: Transaction, outgoing: Sequence[Outgoing], *, subdistrict: str | None = None) -> int:
    """Write each message not written before ($setOnInsert by ``out_id``) and ask a gateway to
    send it; how many were new."""
    if not outgoing:
        return 0
    known = {d["_id"] async for d in tx.db[MESSAGES].find(
        {"_id": {"$in": list({o.out_id for o in outgoing})}}, {"_id": 1}, session=tx.session)}
    sent = 0
    for o in outgoing:
        if o.out_id in known:
            continue
        known.add(o.out_id)
        written = await tx.db[MESSAGES].update_one(
            {"_id": o.out_id}, {"$setOnInsert": _record(o, subdistrict)}, upsert=True, session=tx.session)
        if written.upserted_id is None:
            continue
        tx.emit(new_event(type=events.SMS_REQUESTED if o.channel == "sms" else events.PUSH_REQUESTED,
                          source=events.SOURCE, tenant=o.community, subject=o.issue_id,
                          correlationid=o.correlationid, data=_request(o)), sensitive=o.sensitive)
        sent += 1
    return sent


def _record(o: Outgoing, subdistrict: str | None) -> dict[str, Any]:
    now, shown = clock.now(), o.kept or o.message
    return {"_id": o.out_id, "channel": o.channel, "to": o.to, "to_sub": o.to_sub,
            "template_id": shown.template_id, "params": shown.params, "text": shown.text,
            "title": shown.title or None, "deep_link": o.deep_link or None, "event_id": o.event_id,
            "community": o.community, "subdistrict": subdistrict, "issue_id": o.issue_id,
            "status": "requested", "created_at": now, "updated_at": now}


def _request(o: Outgoing) -> BaseModel:
    m = o.message
    if o.channel == "sms":
        return events.SmsRequested(out_id=o.out_id, phone=o.to, template_id=m.template_id, params=m.params,
                                   text=m.text, community=o.community, issue_id=o.issue_id)
    return events.PushRequested(out_id=o.out_id, user_id=o.to, title=m.title, body=m.text, deep_link=o.deep_link,
                                community=o.community, issue_id=o.issue_id)


async def fill_subdistrict(tx: Transaction, issue_id: str, subdistrict: str) -> None:
    """Messages sent before the issue's subdistrict was known get it (gateways' receipts need it)."""
    await tx.db[MESSAGES].update_many({"issue_id": issue_id, "subdistrict": None},
                                      {"$set": {"subdistrict": subdistrict}}, session=tx.session)
