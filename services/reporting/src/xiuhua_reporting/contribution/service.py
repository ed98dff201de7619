"""The contribution use case: the community's issues of the period, counted per member and resident."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import COMMUNITIES
from xiuhua_reporting.contribution.schemas import ContributionRead, MemberRead, ResidentRead
from xiuhua_reporting.domain import contribution
from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.rates import places
from xiuhua_reporting.rates.service import RatesQuery, scoped_rows

_FIELDS = ["estate", "assignee", "assignee_name", "assigned_at", "first_response_at", "resolved_at", "resolved_by",
           "confirmed_at", "solved", "satisfaction", "reporter", "supported_by", "channel"]


async def contribution_of(*, db: AsyncDatabase, community: str, start: str | None, end: str | None, top: int,
                          actor: Principal, now: datetime | None = None) -> ContributionRead:
    """Each member's work and each estate's most active residents over the period."""
    now = now or datetime.now(UTC)
    query = RatesQuery(scope="community", id=community, start=start, end=end)
    _, period, rows = await scoped_rows(db=db, query=query, actor=actor, now=now, fields=_FIELDS)
    work = contribution.members(rows)
    named = await places.names(db, "member", [m.member for m in work])
    fallback = {r["assignee"]: r.get("assignee_name") for r in rows if r.get("assignee")}
    doc = await db[COMMUNITIES].find_one({"_id": community}, {"estates": 1}) or {}
    estates = {e["id"]: e["name"] for e in doc.get("estates", [])}
    members = [MemberRead(id=m.member, name=named.get(m.member) or fallback.get(m.member),
                          **{k: v for k, v in asdict(m).items() if k != "member"}) for m in work]
    residents = [ResidentRead(estate=r.estate, estate_name=estates.get(r.estate),
                              key=hashlib.sha256(f"{community}/{r.sub}".encode()).hexdigest()[:12], name=r.name,
                              phone=r.phone, reported=r.reported, supported=r.supported)
                 for r in contribution.residents(rows, top=top)]
    return ContributionRead(community=community, from_=period.start.astimezone(SHANGHAI),
                            to=period.end.astimezone(SHANGHAI), members=members, residents=residents)
