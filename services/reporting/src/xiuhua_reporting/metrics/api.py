"""HTTP route of the community metrics: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from xiuhua_auth import CurrentUser
from xiuhua_reporting.metrics import service
from xiuhua_reporting.metrics.schemas import CommunityMetrics
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/reporting/v1", tags=["metrics"])


@router.get("/metrics", response_model=CommunityMetrics,
            responses={401: {"description": "not logged in"}, 403: {"description": "another community"}})
async def get_metrics(user: CurrentUser, rt: RuntimeDep,
                      community: Annotated[str, Query(min_length=1, max_length=32)]) -> CommunityMetrics:
    """A community's issue counts by status and category, and how fast issues were assigned."""
    return await service.community_metrics(db=rt.db, community=community, actor=user)
