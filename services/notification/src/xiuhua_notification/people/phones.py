"""Phones that proved to be their owner's, from intake's ``auth.phone_verified`` (a login with a
code sent to the phone). Residents' news goes by SMS only to a phone proven so — by such a login,
by the roster or the directory, or by the report itself (``phone_verified``: the reporter's own
login phone, or the phone that sent the text) — so that a report naming someone else's phone
texts nobody; that phone is kept for the team to call back until its owner logs in with it.

One document per phone in ``phones``::

    {_id: phone, people: [person ids who logged in with it], since: first login, at: latest login}
"""

from __future__ import annotations

from collections.abc import Iterable

from xiuhua_events import CloudEvent, Transaction, UnitOfWork
from xiuhua_notification import events
from xiuhua_notification.collections import PHONES
from xiuhua_notification.threads.model import moment


async def apply_phone_verified(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Remember that the phone is its owner's (and who logged in with it)."""
    e = events.PhoneVerified.model_validate(event.data)
    at = moment(e.at)
    async with uow.transaction(event_id=event.id) as tx:
        await tx.db[PHONES].update_one({"_id": e.phone}, {"$addToSet": {"people": e.person_id},
                                                          "$min": {"since": at}, "$max": {"at": at}},
                                       upsert=True, session=tx.session)


async def proven(tx: Transaction, phones: Iterable[str | None]) -> set[str]:
    """Those of ``phones`` that a login proved."""
    wanted = sorted({p for p in phones if p})
    if not wanted:
        return set()
    cursor = tx.db[PHONES].find({"_id": {"$in": wanted}}, {"_id": 1}, session=tx.session)
    return {d["_id"] async for d in cursor}


async def logged_in_with(tx: Transaction, subs: Iterable[str]) -> dict[str, str]:
    """The phone each of ``subs`` last logged in with."""
    cursor = tx.db[PHONES].find({"people": {"$in": list(subs)}}, {"people": 1}, session=tx.session).sort("at", 1)
    return {sub: d["_id"] async for d in cursor for sub in d["people"] if sub in subs}
