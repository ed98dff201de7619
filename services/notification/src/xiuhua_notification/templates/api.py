"""HTTP routes of a community's notification settings: the rule table and the wording of its
messages (thin — parse, call the use case, return)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Path

from xiuhua_auth import CurrentUser
from xiuhua_notification.robots import service as robots
from xiuhua_notification.robots.schemas import RobotPage, RobotRead, RobotWrite
from xiuhua_notification.rules import service as rules
from xiuhua_notification.rules.schemas import RuleTableRead, RuleTableWrite
from xiuhua_notification.templates import service as templates
from xiuhua_notification.templates.schemas import (
    Preview,
    PreviewRequest,
    TemplatePage,
    TemplateRead,
    TemplateSaved,
    WordingBody,
)
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/notification/v1/communities/{community}", tags=["settings"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 422: {"description": "invalid input"}}

Community = Annotated[str, Path(max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
TemplateId = Annotated[str, Path(max_length=40, pattern=r"^[A-Z0-9_]+$")]


@router.get("/rules", response_model=RuleTableRead, responses=_ERRORS)
async def get_rules(community: Community, user: CurrentUser, rt: RuntimeDep) -> RuleTableRead:
    """Who is told of each kind of news and through which channels (lead, staff, the subdistrict's admin)."""
    return await rules.get_rules(db=rt.db, community=community, actor=user)


@router.put("/rules", response_model=RuleTableRead, responses=_ERRORS)
async def put_rules(community: Community, body: RuleTableWrite, user: CurrentUser, rt: RuntimeDep) -> RuleTableRead:
    """Change the community's table (staff, the subdistrict's admin); kinds left out keep the defaults."""
    return await rules.put_rules(db=rt.db, community=community, cmd=body, actor=user)


@router.delete("/rules", response_model=RuleTableRead, responses=_ERRORS)
async def reset_rules(community: Community, user: CurrentUser, rt: RuntimeDep) -> RuleTableRead:
    """Back to the platform's default rules."""
    return await rules.reset_rules(db=rt.db, community=community, actor=user)


@router.get("/templates", response_model=TemplatePage, responses=_ERRORS)
async def list_templates(community: Community, user: CurrentUser, rt: RuntimeDep) -> TemplatePage:
    """Every message with its wording per channel (SMS, app push, owners' group) and its parameters."""
    return await templates.list_templates(db=rt.db, community=community, actor=user)


@router.put("/templates/{template_id}", response_model=TemplateSaved, responses=_ERRORS)
async def save_template(community: Community, template_id: TemplateId, body: WordingBody, user: CurrentUser,
                        rt: RuntimeDep) -> TemplateSaved:
    """Reword a message (staff, the subdistrict's admin); 422 when it uses unknown parameters or bad
    syntax; warnings when an SMS will not fit one segment."""
    return await templates.save_template(db=rt.db, community=community, template_id=template_id, cmd=body,
                                         actor=user)


@router.delete("/templates/{template_id}", response_model=TemplateRead, responses=_ERRORS)
async def reset_template(community: Community, template_id: TemplateId, user: CurrentUser,
                         rt: RuntimeDep) -> TemplateRead:
    """Back to the platform's wording of a message."""
    return await templates.reset_template(db=rt.db, community=community, template_id=template_id, actor=user)


@router.post("/templates/{template_id}/preview", response_model=Preview, responses=_ERRORS)
async def preview_template(community: Community, template_id: TemplateId, body: PreviewRequest, user: CurrentUser,
                           rt: RuntimeDep) -> Preview:
    """Render a draft (or the saved wording) with sample data: the SMS and its length, the push, the group post."""
    return await templates.preview(db=rt.db, community=community, template_id=template_id, cmd=body, actor=user)


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
