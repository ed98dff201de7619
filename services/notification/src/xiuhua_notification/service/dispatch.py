"""Turn what happened into messages: who to tell, through which channel, in which words.

An assignment and the reporter's contact arrive as two events in no guaranteed order; each
is stored in the issue's thread, and the messages go out once both are known.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from xiuhua_events import CloudEvent, Transaction, UnitOfWork, new_event
from xiuhua_notification import events
from xiuhua_notification.adapters.mongo import MESSAGES, THREADS
from xiuhua_notification.domain.templates import TASK_ASSIGNED_TO_MEMBER, reporter_sms


async def note_issue_submitted(*, uow: UnitOfWork, event: CloudEvent, public_url: str) -> None:
    """Remember how to reach the reporter; announce any assignment that arrived first."""
    issue = events.IssueSubmitted.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        await tx.db[THREADS].update_one(
            {"_id": issue.issue_id},
            {"$set": {"community": issue.community, "subdistrict": issue.subdistrict, "title": issue.title,
                      "place_text": issue.place_text, "reporter": issue.reporter.model_dump()},
             "$setOnInsert": {"assignments": []}},
            upsert=True, session=tx.session,
        )
        await _announce(tx, issue.issue_id, public_url)


async def note_task_assigned(*, uow: UnitOfWork, event: CloudEvent, public_url: str) -> None:
    """Queue the news of an assignment; it goes out as soon as the reporter's contact is known."""
    task = events.TaskAssigned.model_validate(event.data)
    assignment = {"event_id": event.id, "correlationid": event.correlationid,
                  "assignee": task.assignee.model_dump(), "announced": False}
    async with uow.transaction(event_id=event.id) as tx:
        await tx.db[THREADS].update_one(
            {"_id": task.issue_id},
            {"$push": {"assignments": assignment},
             "$setOnInsert": {"community": task.community, "title": task.title, "place_text": task.place_text}},
            upsert=True, session=tx.session,
        )
        await _announce(tx, task.issue_id, public_url)


async def _announce(tx: Transaction, issue_id: str, public_url: str) -> None:
    thread = await tx.db[THREADS].find_one({"_id": issue_id}, session=tx.session)
    if thread is None or not thread.get("reporter"):
        return
    for index, assignment in enumerate(thread["assignments"]):
        if assignment["announced"]:
            continue
        for message, event_type, payload in _messages(thread, issue_id, assignment, public_url):
            await tx.db[MESSAGES].update_one({"_id": message["_id"]}, {"$setOnInsert": message},
                                             upsert=True, session=tx.session)
            tx.emit(new_event(type=event_type, source=events.SOURCE, tenant=thread["community"], subject=issue_id,
                              correlationid=assignment["correlationid"], data=payload))
        await tx.db[THREADS].update_one({"_id": issue_id}, {"$set": {f"assignments.{index}.announced": True}},
                                        session=tx.session)


def _messages(thread: dict[str, Any], issue_id: str, assignment: dict[str, Any], public_url: str):
    now = datetime.now(UTC)
    community, assignee = thread["community"], assignment["assignee"]
    base = {"issue_id": issue_id, "community": community, "subdistrict": thread.get("subdistrict"),
            "status": "requested", "created_at": now, "updated_at": now}
    template_id, params, text = reporter_sms(title=thread["title"], assignee=assignee["name"])
    sms = events.SmsRequested(out_id=f"{assignment['event_id']}-sms", phone=thread["reporter"]["phone"],
                              template_id=template_id, params=params, text=text, community=community,
                              issue_id=issue_id)
    yield (base | {"_id": sms.out_id, "channel": "sms", "to": sms.phone, "template_id": template_id, "text": text},
           events.SMS_REQUESTED, sms)
    body = TASK_ASSIGNED_TO_MEMBER.render(place=thread.get("place_text", ""), title=thread["title"])
    push = events.PushRequested(out_id=f"{assignment['event_id']}-push", user_id=assignee["id"], title="新派单",
                                body=body, deep_link=f"{public_url}/#/tasks/{issue_id}", community=community,
                                issue_id=issue_id)
    yield (base | {"_id": push.out_id, "channel": "push", "to": push.user_id,
                   "template_id": TASK_ASSIGNED_TO_MEMBER.id, "text": body},
           events.PUSH_REQUESTED, push)
