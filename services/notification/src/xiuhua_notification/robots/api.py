"""HTTP routes of the estates' owners'-group robots of a community: list, set, remove (thin —
parse, call the use case, return)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Path

from xiuhua_auth import CurrentUser
from xiuhua_notification.robots import service as robots
from xiuhua_notification.robots.schemas import RobotPage, RobotRead, RobotWrite
from xiuhua_notification.rules.api import Community
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/notification/v1/communities/{community}", tags=["settings"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 422: {"description": "invalid input"}}

Estate = Annotated[str, Path(max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/robots", response_model=RobotPage, responses=_ERRORS)
async def list_robots(community: Community, user: CurrentUser, rt: RuntimeDep) -> RobotPage:
    """Each estate's owners'-group robot (WeCom webhook, key masked) and whether it still works."""
    return await robots.list_robots(db=rt.db, community=community, actor=user)


@router.put("/estates/{estate}/robot", response_model=RobotRead, responses=_ERRORS)
async def set_robot(community: Community, estate: Estate, body: RobotWrite, user: CurrentUser,
                    rt: RuntimeDep) -> RobotRead:
    """Set (or renew) an estate's WeCom group robot; its owners' group then receives the posts the rules send there."""
    return await robots.set_robot(db=rt.db, community=community, estate=estate, cmd=body, actor=user,
                                  hosts=rt.settings.robot_host_set(),
                                  daily_at=time.fromisoformat(rt.settings.daily_post_at))


@router.delete("/estates/{estate}/robot", status_code=204, responses=_ERRORS)
async def delete_robot(community: Community, estate: Estate, user: CurrentUser, rt: RuntimeDep) -> None:
    """Remove an estate's robot: its group posts stop."""
    await robots.delete_robot(db=rt.db, community=community, estate=estate, actor=user)
