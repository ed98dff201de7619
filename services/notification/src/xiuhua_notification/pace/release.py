"""Sending what waited for a person (their release timer): the messages due by now, one per issue
and channel — several waiting messages about the same issue go out as one digest — within the
hourly limit; the rest wait for the next free moment. An issue the person muted meanwhile is not sent,
and news the issue's later facts contradict is dropped or told of the latest holder (``outdated``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from xiuhua_events import Timer, Transaction, clock
from xiuhua_notification.collections import MESSAGES, PREFERENCES, THREADS
from xiuhua_notification.messages import log
from xiuhua_notification.messages.outgoing import out_id
from xiuhua_notification.pace.budget import Budgets
from xiuhua_notification.pace.outdated import Held, review, told_at
from xiuhua_notification.pace.policy import Pace
from xiuhua_notification.robots.wake import wake
from xiuhua_notification.templates.store import renderer_for
from xiuhua_notification.threads.model import Thread

DIGEST = "ISSUE_DIGEST"


async def release(*, tx: Transaction, timer: Timer, pace: Pace, link: Callable[[str], str]) -> int:
    """Send the person's due messages (as of the timer's due time at the earliest); how many went."""
    person = timer.data["person"]
    moment = max(clock.now(), timer.due_at)
    budgets = Budgets(tx, pace)
    doc = await budgets.load(person)
    doc["release_at"] = None
    pending = [d async for d in tx.db[MESSAGES].find({"person": person, "status": "pending"},
                                                     session=tx.session).sort("created_at", 1)]
    groups: dict[tuple[Any, str], list[dict]] = {}
    for d in pending:
        groups.setdefault((d.get("issue_id"), d["channel"]), []).append(d)
    muted = set((await tx.db[PREFERENCES].find_one({"_id": person}, {"muted": 1}, session=tx.session) or {})
                .get("muted", []))
    sent, later = 0, []
    for (issue_id, _), docs in groups.items():
        if issue_id in muted:  # muted while it waited: kept in the log, not sent
            await tx.db[MESSAGES].update_many({"_id": {"$in": [d["_id"] for d in docs]}}, {"$set": {
                "status": "muted", "reason": "muted", "updated_at": moment}}, session=tx.session)
            continue
        if min(d["not_before"] for d in docs) > moment:
            later.append(min(d["not_before"] for d in docs))
            continue
        docs = await _still_true(tx, docs, moment, link)
        if not docs:
            continue
        wait, reason = pace.hold_until(sent=doc["sent"], now=moment, urgent=any(d.get("urgent") for d in docs))
        if wait is not None:
            await tx.db[MESSAGES].update_many({"_id": {"$in": [d["_id"] for d in docs]}},
                                              {"$set": {"not_before": wait, "reason": reason}}, session=tx.session)
            later.append(wait)
            continue
        budgets.took(person, moment)
        sent += 1
        if len(docs) == 1:
            await _send_one(tx, docs[0], moment)
        else:
            await _send_digest(tx, docs, moment, link)
    if later:
        await budgets.release_at(person, min(later))
    await budgets.save()
    return sent


async def _still_true(tx: Transaction, docs: list[dict], moment: datetime, link: Callable[[str], str]) -> list[dict]:
    """The messages of ``docs`` (one person, issue and channel) the issue's thread does not
    contradict now; the others are logged ``dropped``, and an assignment superseded is retold."""
    doc = await tx.db[THREADS].find_one({"_id": docs[0]["issue_id"]}, session=tx.session) if docs[0].get(
        "issue_id") else None
    if doc is None:
        return docs
    thread = Thread.model_validate(doc)
    held = [Held(d.get("template_id") or "", d["channel"], told_at(thread, d["event_id"], d["created_at"]))
            for d in docs]
    kept = []
    for d, verdict in zip(docs, review(held, thread), strict=True):
        if verdict.outdated_by:
            await tx.db[MESSAGES].update_one({"_id": d["_id"]}, {"$set": {
                "status": "dropped", "reason": "outdated", "outdated_by": verdict.outdated_by,
                "updated_at": moment}}, session=tx.session)
            continue
        if verdict.assignee:
            renderer = await renderer_for(tx.db, d["community"], session=tx.session)
            rendered = renderer.render(d["template_id"], d["channel"], {
                "title": thread.title or "", "number": thread.number or "—", "place": thread.place or "",
                "link": link(thread.id), "assignee": verdict.assignee, "why": verdict.why or ""})
            d |= {"params": rendered.params, "text": rendered.text, "title": rendered.title or None}
            await tx.db[MESSAGES].update_one({"_id": d["_id"]}, {"$set": {
                "params": d["params"], "text": d["text"], "title": d["title"]}}, session=tx.session)
        kept.append(d)
    return kept


async def _send_one(tx: Transaction, d: dict, moment: datetime) -> None:
    await tx.db[MESSAGES].update_one({"_id": d["_id"]}, {"$set": {"status": "requested", "sent_at": moment,
                                                                   "updated_at": moment}}, session=tx.session)
    log.emit(tx, d)
    if d["channel"] == "group":
        await wake(tx, community=d["community"], estate=d.get("estate"), at=moment)


async def _send_digest(tx: Transaction, docs: list[dict], moment: datetime, link: Callable[[str], str]) -> None:
    """One message standing for ``docs`` (same person, issue and channel): how many, and the latest."""
    last = docs[-1]
    thread = await tx.db[THREADS].find_one({"_id": last["issue_id"]}, session=tx.session) or {}
    renderer = await renderer_for(tx.db, last["community"], session=tx.session)
    params = {"title": thread.get("title") or "", "number": thread.get("number") or "—",
              "place": thread.get("place") or "", "link": link(last["issue_id"]), "count": str(len(docs)),
              "latest": last["text"].removeprefix("【绣花】")}
    rendered = renderer.render(DIGEST, last["channel"], params)
    members = [d["_id"] for d in docs]
    key = uuid.uuid5(uuid.NAMESPACE_OID, "|".join(members)).hex
    digest = {**{k: last.get(k) for k in ("channel", "to", "to_sub", "person", "community", "subdistrict",
                                          "issue_id", "estate", "correlationid", "deep_link", "urgent")},
              "_id": out_id(event_id=f"digest:{key}", channel=last["channel"], to=last["to"]),
              "template_id": DIGEST, "provider_template": rendered.provider_template or None,
              "params": rendered.params, "text": rendered.text, "title": rendered.title or None,
              "event_id": last["event_id"], "digest_of": len(docs), "status": "requested",
              "created_at": moment, "sent_at": moment, "updated_at": moment}
    await tx.db[MESSAGES].insert_one(digest, session=tx.session)
    await tx.db[MESSAGES].update_many({"_id": {"$in": members}}, {"$set": {
        "status": "merged", "merged_into": digest["_id"], "updated_at": moment}}, session=tx.session)
    log.emit(tx, digest)
    if digest["channel"] == "group":
        await wake(tx, community=digest["community"], estate=digest.get("estate"), at=moment)
