"""An incoming CloudEvent read into a ``Fact``: the reader of its type and the time it happened."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from xiuhua_events import CloudEvent
from xiuhua_reporting import events
from xiuhua_reporting.projection.fold import Fact

_READERS: dict[str, type[BaseModel]] = {spec.type: spec.model for spec in events.CONSUMES}


def read(event: CloudEvent) -> Fact | None:
    """The fact ``event`` carries, or ``None`` for a type reporting does not read.

    Raises pydantic's ``ValidationError`` when the data can never fit (the bus dead-letters it)."""
    reader = _READERS.get(event.type)
    if reader is None or event.type == events.COMMUNITY_UPDATED:
        return None
    data = reader.model_validate(event.data)
    own = getattr(data, "at", None) or getattr(data, "submitted_at", None) or getattr(data, "assigned_at", None)
    return Fact(type=event.type, id=event.id, issue_id=data.issue_id, at=stored(own or event.time), data=data)


def stored(at: datetime) -> datetime:
    """``at`` as MongoDB will give it back (UTC, milliseconds), so comparisons agree with the row."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    at = at.astimezone(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)
