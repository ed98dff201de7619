"""HTTP routes of the monthly reports: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from xiuhua_auth import CurrentUser
from xiuhua_reporting.reports import service
from xiuhua_reporting.reports.month import PATTERN
from xiuhua_reporting.reports.schemas import Format, MonthlyReport, PublishedPage, ReportScope, ScopeList
from xiuhua_reporting.reports.service import MonthlyQuery
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/reporting/v1/reports", tags=["reports"])
_ERRORS = {401: {"description": "not logged in"},
           403: {"description": "not the caller's community or subdistrict, or not staff, lead or admin"}}
_FILES = {200: {"content": {"text/csv": {}, "application/pdf": {}},
                "description": "the report (JSON by default; CSV in UTF-8 with a BOM; PDF on A4 pages)"}}


@router.get("/monthly", response_model=MonthlyReport, summary="A community's or a subdistrict's monthly report",
            responses=_ERRORS | _FILES | {404: {"description": "no event ever mentioned this scope"},
                                          422: {"description": "not a month (YYYY-MM), or one not begun"}})
async def monthly(
    user: CurrentUser, rt: RuntimeDep,
    scope: Annotated[ReportScope, Query(description="community or subdistrict")],
    id: Annotated[str, Query(min_length=1, max_length=64, description="the community's or subdistrict's id")],
    month: Annotated[str, Query(pattern=PATTERN, description="YYYY-MM, Asia/Shanghai", examples=["2026-10"])],
    format: Annotated[Format, Query(description="json, csv (for Excel) or pdf (with charts)")] = "json",
    live: Annotated[bool, Query(description="figures as they stand now, even for a published month")] = False,
) -> Response:
    """The month's three rates (响应率、解决率、满意率), counts by category, estate, member (or community),
    the property companies' record, the backlog, reopenings and the change from the month before: as
    published when the month ended, else as it stands now. For staff, the lead and the subdistrict's admin."""
    query = MonthlyQuery(scope=scope, id=id, month=month, live=live, min_base=rt.settings.rates_min_base)
    file = await service.export_monthly(db=rt.db, query=query, actor=user, fmt=format)
    disposition = "inline" if format == "json" else "attachment"
    return Response(file.content, media_type=file.media_type,
                    headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(file.name)}"})


@router.get("", response_model=PublishedPage, responses=_ERRORS)
async def published(
    user: CurrentUser, rt: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many, newest month first")] = 60,
) -> PublishedPage:
    """The monthly reports published so far that the caller may read: their community's, or (the subdistrict's
    admin) the subdistrict's and its communities'."""
    return await service.published(db=rt.db, actor=user, limit=limit)


@router.get("/scopes", response_model=ScopeList, responses=_ERRORS)
async def scopes(user: CurrentUser, rt: RuntimeDep) -> ScopeList:
    """What the caller may ask a monthly report of."""
    return await service.scopes(db=rt.db, actor=user)
