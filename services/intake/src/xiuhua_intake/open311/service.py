"""Open311 GeoReport v2 on xiuhua's terms: one jurisdiction per community (its id), one service per
category, the estate and the place as the service's attributes (or an address string read like an
SMS), the person who reports as first_name/last_name/phone. Filing needs an api_key: a token with role
gateway that the subdistrict issues to each city system (`xiuhua token --role gateway`). Reading needs
none, as the specification says of every GET, so requests as read show what the public board shows:
category, catalogued place, status and dates — no names, phones, photos or residents' own words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Authenticator, Principal, TokenError
from xiuhua_events import UnitOfWork
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.places import Place, catalogued
from xiuhua_intake.directory.schemas import CommunityRead
from xiuhua_intake.directory.service import get_community
from xiuhua_intake.inbound import guess
from xiuhua_intake.issues.domain.categories import CATEGORIES
from xiuhua_intake.issues.domain.status import OPEN, Status
from xiuhua_intake.issues.schemas import IssueCreate, Reporter
from xiuhua_intake.issues.service.submit import submit_issue
from xiuhua_intake.open311.formats import Open311Error
from xiuhua_runtime import ApiError
from xiuhua_runtime.ratelimit import RateLimiter

DESCRIPTIONS = {"cleaning": "楼道、垃圾点、公共区域的卫生", "greening": "树木、草坪、绿化带",
                "security": "门禁、保安、陌生人、安全隐患", "parking": "车库、停车、非机动车棚",
                "facilities": "电梯、水电、路灯、设施损坏", "other": "其他问题"}
WINDOW, LIMIT = timedelta(days=90), 1000


def gateway(auth: Authenticator, api_key: str | None) -> Principal:
    if not api_key:
        raise Open311Error(400, "api_key is required")
    try:
        principal = auth.decode(api_key)
    except TokenError as exc:
        raise Open311Error(403, "api_key is not valid") from exc
    if principal.role != "gateway":
        raise Open311Error(403, "api_key is not a gateway's")
    return principal


async def jurisdiction(db: AsyncDatabase, jurisdiction_id: str | None, actor: Principal | None) -> CommunityRead:
    if not jurisdiction_id:
        raise Open311Error(400, "jurisdiction_id is required (the community id)")
    try:
        community = await get_community(db=db, community_id=jurisdiction_id)
    except ApiError as exc:
        raise Open311Error(404, f"jurisdiction_id {jurisdiction_id} not found") from exc
    if actor is not None and not actor.can_access(community=community.id, subdistrict=community.subdistrict):
        raise Open311Error(403, "this api_key does not serve that jurisdiction")
    return community


def services() -> list[dict[str, Any]]:
    return [{"service_code": code, "service_name": name, "description": DESCRIPTIONS[code], "metadata": True,
             "type": "realtime", "keywords": ", ".join(guess.DEFAULT_KEYWORDS.get(code, ())[:5]), "group": "小区"}
            for code, name in CATEGORIES.items()]


def definition(community: CommunityRead, service_code: str) -> dict[str, Any]:
    if service_code not in CATEGORIES:
        raise Open311Error(404, f"service_code {service_code} not found")
    spots = [{"key": f"{e.id}/{s.id}", "name": f"{e.name} {s.name}"}
             for e in community.estates for s in e.spots]
    buildings = [{"key": f"{e.id}/{b.id}", "name": f"{e.name} {b.name}"}
                 for e in community.estates for b in e.buildings]
    estates = [{"key": e.id, "name": e.name} for e in community.estates]
    attributes = [
        _attribute("estate", "小区", "singlevaluelist", True, 1, estates),
        _attribute("spot", "公共区域（与楼栋二选一，或用 address_string 描述位置）", "singlevaluelist", False, 2,
                   spots),
        _attribute("building", "楼栋", "singlevaluelist", False, 3, buildings),
        _attribute("unit", "单元（填写楼栋时）", "number", False, 4, None),
    ]
    return {"service_code": service_code, "attributes": attributes}


def _attribute(code: str, description: str, datatype: str, required: bool, order: int,
               values: list[dict[str, str]] | None) -> dict[str, Any]:
    out = {"variable": True, "code": code, "datatype": datatype, "required": required,
           "datatype_description": None, "order": order, "description": description}
    if values is not None:
        out["values"] = values
    return out


async def file(*, uow: UnitOfWork, limiter: RateLimiter, actor: Principal, form: dict[str, str],
               hourly_limit: int, idempotency_key: str | None = None) -> list[dict[str, Any]]:
    community = await jurisdiction(uow.db, form.get("jurisdiction_id"), actor)
    code = form.get("service_code") or ""
    if code not in CATEGORIES:
        raise Open311Error(400, "service_code is missing or unknown")
    estate_id = form.get("attribute[estate]") or (community.estates[0].id if len(community.estates) == 1 else "")
    estate = next((e for e in community.estates if e.id == estate_id), None)
    if estate is None:
        raise Open311Error(400, "attribute[estate] is required: one of the service definition's values")
    place = _place(form, estate)
    description = (form.get("description") or "").strip()
    if place is None and not form.get("address_string") and not (form.get("lat") and form.get("long")):
        raise Open311Error(400, "a location is required: attribute[spot] or attribute[building], or address_string")
    phone = (form.get("phone") or "").strip()
    name = f"{form.get('last_name') or ''}{form.get('first_name') or ''}".strip() or "市民"
    text = description or form.get("address_string") or CATEGORIES[code]
    try:
        report = IssueCreate(
            community=community.id, estate=estate.id,
            place=place or Place(detail=(form.get("address_string") or guess.UNKNOWN_PLACE)[:100]),
            category=code, title=guess.title_of(text), description=description[:2000],
            reporter=Reporter(name=name[:30], phone=phone), channel="app",
            photos=[form["media_url"]] if form.get("media_url", "").startswith("https://") else [])
    except ValueError as exc:
        raise Open311Error(400, f"invalid request: {_first(exc)}") from exc
    issue = await submit_issue(uow=uow, limiter=limiter, cmd=report, actor=actor, hourly_limit=hourly_limit,
                               idempotency_key=idempotency_key, place_optional=True)
    return [{"service_request_id": issue.id, "service_notice": f"已受理，编号{issue.number}", "account_id": None}]


def _place(form: dict[str, str], estate) -> Place | None:
    spot, building = form.get("attribute[spot]", ""), form.get("attribute[building]", "")
    if spot:
        spot_id = spot.split("/")[-1]
        if any(s.id == spot_id for s in estate.spots):
            return Place(spot=spot_id)
        raise Open311Error(400, "attribute[spot] is not a place of that estate")
    if building:
        building_id = building.split("/")[-1]
        found = next((b for b in estate.buildings if b.id == building_id), None)
        if found is None:
            raise Open311Error(400, "attribute[building] is not a building of that estate")
        unit = form.get("attribute[unit]", "")
        return Place(building=building_id, unit=int(unit) if unit.isdigit() and 0 < int(unit) <= found.units else None)
    return guess.guess_place(estate, form.get("address_string") or "")


async def requests(*, db: AsyncDatabase, query: dict[str, str]) -> list[dict[str, Any]]:
    """A jurisdiction's requests as anyone may read them (GET Service Requests needs no api_key)."""
    community = await jurisdiction(db, query.get("jurisdiction_id"), None)
    find: dict[str, Any] = {"community": community.id}
    if ids := [i for i in (query.get("service_request_id") or "").split(",") if i]:
        find["_id"] = {"$in": ids[:LIMIT]}
    else:
        end = _when(query.get("end_date")) or datetime.now(UTC)
        start = _when(query.get("start_date")) or end - WINDOW
        if end - start > WINDOW:
            start = end - WINDOW
        find["created_at"] = {"$gte": start, "$lte": end}
        if code := query.get("service_code"):
            find["category"] = {"$in": code.split(",")}
        if status := query.get("status"):
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, "status is open or closed")
            if wanted == {"open"}:
                find["status"] = {"$in": [s.value for s in OPEN]}
            elif wanted == {"closed"}:
                find["status"] = {"$nin": [s.value for s in OPEN]}
    cursor = db[ISSUES].find(find, _PUBLIC).sort("created_at", -1).limit(LIMIT)
    return [_request(d, community) async for d in cursor]


# What a public read may see of an issue: never its title, description, place detail, reporter or photos.
_PUBLIC = {"status": 1, "category": 1, "number": 1, "estate": 1, "place.building": 1, "place.unit": 1,
           "place.spot": 1, "created_at": 1, "updated_at": 1}


def _request(doc: dict[str, Any], community: CommunityRead) -> dict[str, Any]:
    """An issue as Open311 shows it, as the public board does: what, where in the directory's names, when,
    how far — nobody's name, phone or own words (``description`` is the category and the place)."""
    status = Status(doc["status"])
    notes = {Status.MERGED: "与另一问题合并", Status.REJECTED: "不予受理"}.get(status)
    name = CATEGORIES.get(doc["category"], doc["category"])
    estate = next((e for e in community.estates if e.id == doc.get("estate")), None)
    spot = catalogued(estate, Place.model_construct(**(doc.get("place") or {}))) if estate else ""
    address = " ".join(p for p in (estate.name if estate else community.name, spot) if p)
    return {
        "service_request_id": doc["_id"], "status": "open" if status in OPEN else "closed",
        "status_notes": notes, "service_name": name, "service_code": doc["category"],
        "description": f"{name} · {spot or '小区'}",
        "agency_responsible": f"{community.name}自治服务队", "service_notice": f"编号{doc['number']}",
        "requested_datetime": _iso(doc["created_at"]), "updated_datetime": _iso(doc["updated_at"]),
        "expected_datetime": None, "address": address,
        "address_id": None, "zipcode": None, "lat": None, "long": None, "media_url": None,
    }


def _iso(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Open311Error(400, "dates are W3C format, e.g. 2026-11-01T00:00:00+08:00") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _first(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(exc)
