"""What the issue use cases share: who the actor is, a timeline entry, a community's settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import COMMUNITIES
from xiuhua_intake.identity import people
from xiuhua_intake.issues.domain.timeline import sentence

DEFAULT_SETTINGS = {"auto_close_days": 7, "reopen_days": 7}


async def actor_of(db: AsyncDatabase, principal: Principal) -> events.Actor:
    """The actor of a step with their name: from the token, else from who the phone belongs to."""
    name = principal.name
    if not name:
        record = await people.by_person_id(db, principal.sub)
        name = record["name"] if record else principal.sub
    return events.Actor(id=principal.sub, name=name, role=principal.role)


def entry(kind: str, actor: events.Actor | dict[str, Any], at: datetime, status: str | None, *,
          note: str | None = None, **details: Any) -> dict[str, Any]:
    """One step on the timeline: when, who, what (in a sentence), why, and the status after it."""
    who = actor.model_dump() if isinstance(actor, events.Actor) else dict(actor)
    return {"at": at, "kind": kind, "status": status, "actor": who, "note": note,
            "text": sentence(kind, who, details | ({"note": note} if note else {})),
            "details": {k: v for k, v in details.items() if v is not None}}


async def settings_of(db: AsyncDatabase, community: str,
                      session: AsyncClientSession | None = None) -> dict[str, int]:
    """The community's auto-close and reopen windows (days)."""
    doc = await db[COMMUNITIES].find_one({"_id": community}, {"settings": 1}, session=session)
    return DEFAULT_SETTINGS | ((doc or {}).get("settings") or {})


async def caller_phone(db: AsyncDatabase, principal: Principal) -> str | None:
    """A resident's own (verified at login) phone: it names them as the reporter of reports taken
    for them by SMS, the chat group or a team member."""
    if principal.role != "resident":
        return None
    record = await people.by_person_id(db, principal.sub, community=principal.community)
    return record.get("phone") if record else None


def mask_name(name: str) -> str:
    """刘女士 → 刘**: who it was, not enough to find them."""
    return name[:1] + "**" if name else name
