"""HTTP routes of a community's wording of its messages: list, reword, restore, preview (thin —
parse, call the use case, return)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from xiuhua_auth import CurrentUser
from xiuhua_notification.rules.api import Community
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

TemplateId = Annotated[str, Path(max_length=40, pattern=r"^[A-Z0-9_]+$")]


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

