"""The views the archive rebuilds, each a pure fold of archived events into the documents of its
collections (the same fold the consumers apply one event at a time).

A view is rebuilt from an issue's events together (``issue``) and from the events about no issue
(``other``); ``documents`` gives what it keeps, per collection, once every event was seen. To add a
view: give it a fold and its live consumer, add it to ``VIEWS`` and back-fill it with
``xiuhua reporting rebuild --view <name>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from pydantic import ValidationError

from xiuhua_events import CloudEvent
from xiuhua_reporting import events
from xiuhua_reporting.adapters.mongo import COMMUNITIES, ISSUES, PEOPLE
from xiuhua_reporting.projection import facts
from xiuhua_reporting.projection.fold import Fact, Row, fold

Doc = dict[str, Any]


class View(Protocol):
    name: str
    collections: tuple[str, ...]
    unread: int  # archived events its readers no longer accept (left out, counted)

    def issue(self, issue_id: str, events: list[CloudEvent]) -> dict[str, list[Doc]]:
        """The documents of one issue, from all of its events (in any order)."""

    def other(self, event: CloudEvent) -> None:
        """An event about no issue (a directory)."""

    def documents(self) -> dict[str, Iterable[Doc]]:
        """What the view kept besides the issues' documents, once every event was seen."""


def fold_all(found: Iterable[Fact]) -> Row:
    """An issue's row from its facts, one after the other as the consumer folds them."""
    row: Row = {}
    for fact in found:
        row |= fold(row, fact)
    return row


class IssueView:
    """``issue_view``: one row per issue; and ``people``, the members named by assignments."""

    name = "issues"
    collections = (ISSUES, PEOPLE)

    def __init__(self) -> None:
        self.people: dict[str, Doc] = {}
        self.unread = 0

    def _read(self, event: CloudEvent) -> Fact | None:
        try:
            return facts.read(event)
        except ValidationError:  # the consumer took it once; a later reader may not
            self.unread += 1
            return None

    def issue(self, issue_id: str, events_: list[CloudEvent]) -> dict[str, list[Doc]]:
        found = [f for f in map(self._read, events_) if f is not None]
        if not found:
            return {}
        row = fold_all(found)
        for fact in found:
            if isinstance(fact.data, events.TaskAssigned):
                self._remember(fact, row.get("subdistrict"))
        return {ISSUES: [{"_id": issue_id} | row]}

    def _remember(self, fact: Fact, subdistrict: str | None) -> None:
        data: events.TaskAssigned = fact.data  # type: ignore[assignment]
        key = f"{data.community}/{data.assignee.id}"
        current = self.people.get(key)
        if current is None or current["at"] <= fact.at:
            self.people[key] = {"_id": key, "id": data.assignee.id, "name": data.assignee.name or None,
                                "community": data.community, "subdistrict": subdistrict, "at": fact.at}

    def other(self, event: CloudEvent) -> None:
        return None

    def documents(self) -> dict[str, Iterable[Doc]]:
        return {PEOPLE: self.people.values()}


class DirectoryView:
    """``communities``: the newest directory of each community."""

    name = "directory"
    collections = (COMMUNITIES,)

    def __init__(self) -> None:
        self.newest: dict[str, Doc] = {}
        self.unread = 0

    def issue(self, issue_id: str, events_: list[CloudEvent]) -> dict[str, list[Doc]]:
        return {}

    def other(self, event: CloudEvent) -> None:
        if event.type != events.COMMUNITY_UPDATED:
            return
        try:
            data = events.CommunityUpdated.model_validate(event.data)
        except ValidationError:
            self.unread += 1
            return
        current = self.newest.get(data.community)
        if current is None or current["version"] < data.version:
            self.newest[data.community] = {"_id": data.community} | data.model_dump()

    def documents(self) -> dict[str, Iterable[Doc]]:
        return {COMMUNITIES: self.newest.values()}


VIEWS: dict[str, type[IssueView] | type[DirectoryView]] = {"issues": IssueView, "directory": DirectoryView}
