"""HTTP routes for duplicate suggestions: while a resident types, and beside a report in triage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from xiuhua_auth import CurrentUser
from xiuhua_intake.similar import service
from xiuhua_intake.similar.schemas import SimilarPage
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1/issues", tags=["issues"])
_ERRORS = {403: {"description": "another community's or estate's issues"}, 404: {"description": "no such issue"},
           422: {"description": "invalid input"}}
_ID = r"^[a-z0-9][a-z0-9_-]*$"


@router.get("/similar", response_model=SimilarPage, responses=_ERRORS)
async def similar(
    user: CurrentUser, rt: RuntimeDep,
    community: Annotated[str, Query(min_length=1, max_length=32, pattern=_ID)],
    estate: Annotated[str, Query(min_length=1, max_length=32, pattern=_ID)],
    title: Annotated[str, Query(min_length=2, max_length=60)],
    description: Annotated[str, Query(max_length=2000)] = "",
    category: Annotated[str | None, Query(max_length=20)] = None,
    spot: Annotated[str | None, Query(max_length=32)] = None,
    building: Annotated[str | None, Query(max_length=32)] = None,
) -> SimilarPage:
    """Open issues of the estate that the report being written may repeat, the likeliest first: offer
    "me too" (附议) instead of a new report."""
    report = service.report_of(title=title, description=description, category=category, spot=spot,
                               building=building)
    return await service.similar_to(db=rt.db, actor=user, community=community, estate=estate, report=report)


@router.get("/{issue_id}/similar", response_model=SimilarPage, responses=_ERRORS)
async def similar_to_issue(
    user: CurrentUser, rt: RuntimeDep,
    issue_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-zA-Z0-9_-]+$")],
) -> SimilarPage:
    """For triage: the open issues this report may repeat, to merge it into one of them."""
    return await service.similar_to_issue(db=rt.db, actor=user, issue_id=issue_id)
