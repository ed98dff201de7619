"""An issue's thread: what notification knows of one issue, gathered from facts that arrive in
any order, and who is to hear its news.

Stored as one document per issue in ``threads``::

    {_id: issue id, community, subdistrict,
     title, number, place, estate,# None until a fact has told them
     priority,                    # "normal" | "urgent" (issue.submitted, issue.triaged)
     reporter: Person | None,     # from issue.submitted (Person: sub, name, phone, phone_verified)
     supporters: [Person + since],# "me too" (附议) and people carried over from merged duplicates
     holders: [Holder],           # who had the task from when (task.assigned, task.resolved)
     items: [Item],               # every fact to tell of, oldest first, kept so that late news
                                  # (a reporter, a supporter, a lead) still reaches the right people
     steps: [Step],               # facts that tell nobody but end what held-back news says
                                  # (confirmed, rated, closed: ``pace.outdated``)
     waiting_for_lead: bool}      # some item waits for the community's lead to be known
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Person(BaseModel):
    """A resident told by SMS; ``sub`` is their person id when the producer knew it. Their phone is
    texted only when proven theirs: ``phone_verified`` by the producer, or by a login since."""

    sub: str | None = None
    name: str = ""
    phone: str
    phone_verified: bool = False


class Supporter(Person):
    since: datetime  # hears the news of whatever happened from then on


class Holder(BaseModel):
    """Someone who had the task from ``at``."""

    id: str
    name: str
    at: datetime
    source: str = "assigned"  # or "resolved" (the resolver, when the assignment is not known yet)
    reason: str = "area"
    previous: str | None = None


class Item(BaseModel):
    """One fact of the issue's life to tell people about."""

    kind: str
    event_id: str
    correlationid: str
    at: datetime
    data: dict[str, Any] = Field(default_factory=dict)
    done: list[str] = Field(default_factory=list)  # parts sent once and for all ("leads", "assignee")
    settled: bool = False  # a decline: stopped waiting for the re-route that may follow it


class Step(BaseModel):
    """A fact with no message of its own that news held back must not contradict (``pace.outdated``)."""

    kind: str  # "confirmed" | "rated" | "closed"
    event_id: str
    at: datetime


class Fact(BaseModel):
    """Where an item comes from: the event and when it happened."""

    event_id: str
    correlationid: str
    at: datetime


class Thread(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(alias="_id")
    community: str
    subdistrict: str | None = None
    title: str | None = None
    number: str | None = None
    place: str | None = None
    estate: str | None = None     # whose owners' group hears the news
    priority: str = "normal"      # "urgent": not held back by quiet hours
    priority_set: datetime | None = None  # when a triage set it (it outranks the submission's)
    reporter: Person | None = None
    supporters: list[Supporter] = Field(default_factory=list)
    holders: list[Holder] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    waiting_for_lead: bool = False

    def learn(self, *, title: str | None = None, number: str | None = None, place: str | None = None,
              subdistrict: str | None = None, estate: str | None = None) -> None:
        """Fill in what is not known yet (issue.submitted, the authority, overwrites instead)."""
        self.title = self.title or title
        self.number = self.number or number
        self.place = place if self.place is None else self.place
        self.subdistrict = self.subdistrict or subdistrict
        self.estate = self.estate or estate

    def add(self, item: Item) -> None:
        if all(i.event_id != item.event_id for i in self.items):
            self.items.append(item)
            self.items.sort(key=lambda i: i.at)

    def step(self, kind: str, fact: Fact) -> None:
        if all(s.event_id != fact.event_id for s in self.steps):
            self.steps.append(Step(kind=kind, event_id=fact.event_id, at=fact.at))

    def compact(self, keep: int = 3) -> None:
        """Forget all but the latest ``keep`` progress notes once they have been planned: a newer
        note supersedes older ones for whoever is not told yet (what was sent is in the log), and
        a storm of notes does not grow the thread without bound."""
        notes = [i for i in self.items if i.kind == "progressed"]
        if len(notes) > keep:
            old = {i.event_id for i in notes[:-keep]}
            self.items = [i for i in self.items if i.event_id not in old]

    def join(self, person: Person, *, since: datetime) -> None:
        """A supporter joins (or, seen earlier elsewhere, keeps the earliest time they joined)."""
        for known in self.supporters:
            if _same(known, person):
                known.since = min(known.since, since)
                known.phone_verified = known.phone_verified or (person.phone_verified and known.phone == person.phone)
                return
        self.supporters.append(Supporter(**person.model_dump(), since=since))

    def residents(self, at: datetime) -> list[Person]:
        """Who hears news of ``at``: the reporter, and everyone who supported before then."""
        people: list[Person] = [self.reporter] if self.reporter else []
        for s in sorted(self.supporters, key=lambda s: s.since):
            if s.since <= at and not any(_same(p, s) for p in people):
                people.append(Person(sub=s.sub, name=s.name, phone=s.phone, phone_verified=s.phone_verified))
        return people

    def assignments(self) -> list[Holder]:
        return [h for h in self.holders if h.source == "assigned"]

    def holder_at(self, at: datetime) -> Holder | None:
        """Who had the task at ``at`` (None while no earlier assignment is known)."""
        earlier = [h for h in self.holders if h.at <= at]
        return max(earlier, key=lambda h: (h.at, h.source == "assigned")) if earlier else None

    def rerouted_after(self, member_id: str, at: datetime) -> Holder | None:
        """Where a task declined by ``member_id`` at ``at`` went (the re-route made with the decline)."""
        after = [h for h in self.assignments() if h.reason == "declined" and h.previous == member_id and h.at >= at]
        return min(after, key=lambda h: h.at) if after else None


def moment(value: datetime) -> datetime:
    """A time as MongoDB keeps it (UTC, milliseconds), so that stored and fresh times compare truly."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _same(a: Person, b: Person) -> bool:
    return a.phone == b.phone or (a.sub is not None and a.sub == b.sub)
