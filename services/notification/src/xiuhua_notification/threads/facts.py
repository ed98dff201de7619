"""Writing each fact of an issue's life into its thread (pure: no I/O, no messages yet).

Every fact tells what it knows of the issue (title, number, place) and leaves an item to tell
people about; what can be sent is worked out afterwards from the whole thread (``plan``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from xiuhua_notification import events
from xiuhua_notification.threads.model import Fact, Holder, Item, Person, Thread


def _item(kind: str, fact: Fact, /, **data: Any) -> Item:
    return Item(kind=kind, event_id=fact.event_id, correlationid=fact.correlationid, at=fact.at, data=data)


def submitted(thread: Thread, e: events.IssueSubmitted, fact: Fact) -> None:
    thread.title, thread.place = e.title, e.place_text
    thread.number = e.number or thread.number
    thread.subdistrict = e.subdistrict or thread.subdistrict
    thread.estate = e.estate or thread.estate
    if not thread.priority_set:
        thread.priority = e.priority
    thread.reporter = Person(**e.reporter.model_dump())
    thread.add(_item("received", fact))


def supported(thread: Thread, e: events.IssueSupported, fact: Fact) -> None:
    thread.join(Person(**e.supporter.model_dump()), since=fact.at)


def assigned(thread: Thread, e: events.TaskAssigned, fact: Fact) -> None:
    thread.learn(title=e.title, place=e.place_text, subdistrict=e.subdistrict, estate=e.estate)
    known = thread.assignments()
    # The first assignment of the issue is news for the residents; later ones only for the assignee.
    first = e.previous_assignee is None and not any(h.at < fact.at for h in known)
    latest = not any(h.at > fact.at for h in known)  # a newer one already known: this one is history
    previous = e.previous_assignee.id if e.previous_assignee else None
    if all(h.at != fact.at or h.id != e.assignee.id for h in known):
        thread.holders.append(Holder(id=e.assignee.id, name=e.assignee.name, at=fact.at, reason=e.reason,
                                     previous=previous))
    thread.add(_item("assigned", fact, assignee=e.assignee.model_dump(), first=first, latest=latest,
                     why=e.why, reason=e.reason))


def unrouted(thread: Thread, e: events.Unrouted, fact: Fact) -> None:
    """Nobody could take it: the reporter hears once that it waits (a later wait tells nothing new)."""
    thread.learn(title=e.title)
    if not any(i.kind == "unrouted" for i in thread.items):
        thread.add(_item("unrouted", fact))


def triaged(thread: Thread, e: events.IssueTriaged, fact: Fact) -> None:
    """The lead set the priority: the latest triage wins (an urgent issue skips quiet hours)."""
    if thread.priority_set is None or fact.at >= thread.priority_set:
        thread.priority, thread.priority_set = e.priority, fact.at
    thread.learn(estate=e.estate)


def progressed(thread: Thread, e: events.TaskProgressed, fact: Fact) -> None:
    thread.add(_item("progressed", fact, note=e.note, by=e.actor.id if e.actor else None))


def declined(thread: Thread, e: events.TaskDeclined, fact: Fact) -> None:
    thread.add(_item("declined", fact, member=e.assignee.model_dump(), reason=e.reason))


def handed_to_property(thread: Thread, e: events.TaskHandedToProperty, fact: Fact) -> None:
    thread.add(_item("handed", fact, company=e.company.name, contacts=e.contacts, asked=e.asked,
                     due_date=e.due_date.isoformat()))


def property_updated(thread: Thread, e: events.TaskPropertyUpdated, fact: Fact) -> None:
    thread.add(_item("property", fact, company=e.company.name, kind=e.kind, note=e.note or "",
                     promised_date=e.promised_date.isoformat() if e.promised_date else None))


def resolved(thread: Thread, e: events.TaskResolved, fact: Fact) -> None:
    if e.assignee is not None:
        thread.holders.append(Holder(id=e.assignee.id, name=e.assignee.name, at=fact.at, source="resolved"))
    thread.add(_item("resolved", fact, note=e.note))


def rejected(thread: Thread, e: events.IssueRejected, fact: Fact) -> None:
    thread.learn(title=e.title, number=e.number)
    thread.add(_item("rejected", fact, reason=e.reason))


def merged(thread: Thread, e: events.IssueMerged, fact: Fact) -> None:
    thread.add(_item("merged", fact, into=e.into, number=e.into_number, title=e.into_title,
                     carried=[c.model_dump() for c in e.carried]))


def merged_into(target: Thread, e: events.IssueMerged, fact: Fact) -> None:
    """The duplicate's people now follow the issue it went into (they hear its later news)."""
    target.learn(title=e.into_title, number=e.into_number)
    for person in e.carried:
        target.join(Person(**person.model_dump()), since=fact.at)


def reopened(thread: Thread, e: events.IssueReopened, fact: Fact) -> None:
    thread.learn(title=e.title, number=e.number)
    thread.add(_item("reopened", fact, reason=e.reason, count=e.reopen_count))


def rated(thread: Thread, e: events.IssueRated, fact: Fact) -> None:
    thread.step("rated", fact)
    if e.satisfaction == "dissatisfied":
        thread.add(_item("dissatisfied", fact, solved=e.solved, comment=e.comment))


def confirmed(thread: Thread, e: events.IssueConfirmed, fact: Fact) -> None:
    thread.step("confirmed", fact)


def closed(thread: Thread, e: events.IssueClosed, fact: Fact) -> None:
    thread.step("closed", fact)


Recorder = Callable[[Thread, Any, Fact], None]

# event type → (what notification reads of it, how it goes into the thread)
FACTS: dict[str, tuple[type[BaseModel], Recorder]] = {
    events.ISSUE_SUBMITTED: (events.IssueSubmitted, submitted),
    events.ISSUE_SUPPORTED: (events.IssueSupported, supported),
    events.ISSUE_MERGED: (events.IssueMerged, merged),
    events.ISSUE_REJECTED: (events.IssueRejected, rejected),
    events.ISSUE_REOPENED: (events.IssueReopened, reopened),
    events.ISSUE_RATED: (events.IssueRated, rated),
    events.ISSUE_CONFIRMED: (events.IssueConfirmed, confirmed),
    events.ISSUE_CLOSED: (events.IssueClosed, closed),
    events.TASK_ASSIGNED: (events.TaskAssigned, assigned),
    events.TASK_DECLINED: (events.TaskDeclined, declined),
    events.TASK_UNROUTED: (events.Unrouted, unrouted),
    events.ISSUE_TRIAGED: (events.IssueTriaged, triaged),
    events.TASK_PROGRESSED: (events.TaskProgressed, progressed),
    events.TASK_HANDED_TO_PROPERTY: (events.TaskHandedToProperty, handed_to_property),
    events.TASK_PROPERTY_UPDATED: (events.TaskPropertyUpdated, property_updated),
    events.TASK_RESOLVED: (events.TaskResolved, resolved),
}


def when(data: BaseModel) -> Any:
    """The time the fact happened, as its producer stamped it (None: use the event's time)."""
    return getattr(data, "at", None) or getattr(data, "assigned_at", None) or getattr(data, "submitted_at", None)
