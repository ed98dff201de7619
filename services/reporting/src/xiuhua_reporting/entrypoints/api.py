"""HTTP routes of reporting: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from xiuhua_auth import CurrentUser
from xiuhua_runtime import Runtime

from xiuhua_reporting.schemas import CommunityMetrics
from xiuhua_reporting.service import metrics

router = APIRouter(prefix="/reporting/v1", tags=["metrics"])


def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime


@router.get("/metrics", response_model=CommunityMetrics,
            responses={401: {"description": "not logged in"}, 403: {"description": "another community"}})
async def get_metrics(user: CurrentUser, rt: Annotated[Runtime, Depends(_runtime)],
                      community: Annotated[str, Query(min_length=1, max_length=32)]) -> CommunityMetrics:
    """A community's issue counts by status and category, and how fast issues were assigned."""
    return await metrics.community_metrics(db=rt.db, community=community, actor=user)
