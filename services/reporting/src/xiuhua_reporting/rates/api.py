"""HTTP route of the rates: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from xiuhua_auth import CurrentUser, Principal
from xiuhua_reporting.domain import rates as definitions
from xiuhua_reporting.rates.schemas import GroupBy, RatesRead, Scope
from xiuhua_reporting.rates.service import RatesQuery, rates_of
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/reporting/v1", tags=["rates"])

_PERIOD = "a date (Asia/Shanghai midnight) or an ISO datetime (without an offset: Asia/Shanghai)"


@router.get("/rates", response_model=RatesRead, summary="The three rates (三率) of a scope over a period",
            description=definitions.__doc__,
            responses={401: {"description": "not logged in"},
                       403: {"description": "not the caller's scope"},
                       404: {"description": "no event ever mentioned this scope"},
                       422: {"description": "unknown scope or group, or a period that is not one"}})
async def get_rates(
    user: CurrentUser, rt: RuntimeDep,
    scope: Annotated[Scope, Query(description="subdistrict, community, estate, member, property (company) or "
                                                  "category (in the caller's community or subdistrict)")],
    id: Annotated[str, Query(min_length=1, max_length=64, description="the id of the scope")],
    from_: Annotated[str | None, Query(alias="from", max_length=40,
                                       description=f"start, inclusive: {_PERIOD}; default this month")] = None,
    to: Annotated[str | None, Query(max_length=40,
                                    description=f"end, exclusive: {_PERIOD}; default the end of this month")] = None,
    group_by: Annotated[GroupBy | None, Query(description="the same figures per estate, member, property "
                                                          "company, category or community")] = None,
) -> RatesRead:
    """The three rates of a scope over a period (definitions above)."""
    query = RatesQuery(scope=scope, id=id, start=from_, end=to, group_by=group_by)
    return await rates_of(db=rt.db, query=query, actor=user, min_base=rt.settings.rates_min_base)


# Figures only, and the counts behind each rate: a passer-by may check a 100 % made of two ratings.
_PUBLIC = ("received", "backlog", "response_rate", "responded_on_time", "response_due", "resolution_rate", "solved",
           "rated", "satisfaction_rate", "satisfied", "reopened", "from", "to", "min_base", "small_base")


@router.get("/public/estates/{community}/{estate}", summary="An estate's three rates this month, for its board",
            responses={404: {"description": "no event ever mentioned this estate"}})
async def public_estate_rates(
    rt: RuntimeDep,
    community: Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")],
    estate: Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")],
) -> dict:
    """The team's three rates for the estate this month (公示, no login), with the counts behind each and
    which rest on too few issues to mean much (min_base, small_base): figures only, no names."""
    board = Principal(sub="public-board", role="staff", community=community)  # reads as the community's own
    figures = await rates_of(db=rt.db, query=RatesQuery(scope="estate", id=estate), actor=board,
                             min_base=rt.settings.rates_min_base)
    return {key: value for key, value in figures.model_dump(by_alias=True).items() if key in _PUBLIC}
