"""HTTP routes of a person's own preferences: channels, the evening digest, muted issues (thin)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Path

from xiuhua_auth import CurrentUser
from xiuhua_notification.preferences import service as preferences
from xiuhua_notification.preferences.schemas import PreferencesRead, PreferencesWrite
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/notification/v1", tags=["people"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 422: {"description": "invalid input"}}

IssueId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/preferences/me", response_model=PreferencesRead, responses=_ERRORS)
async def get_preferences(user: CurrentUser, rt: RuntimeDep) -> PreferencesRead:
    """The caller's channels and muted issues."""
    return await preferences.get_mine(db=rt.db, actor=user)


@router.put("/preferences/me", response_model=PreferencesRead, responses=_ERRORS)
async def put_preferences(body: PreferencesWrite, user: CurrentUser, rt: RuntimeDep) -> PreferencesRead:
    """Choose the channels the caller accepts (SMS, app push), and the estate's evening digest by SMS."""
    return await preferences.set_channels(db=rt.db, cmd=body, actor=user,
                                          daily_at=time.fromisoformat(rt.settings.daily_post_at))


@router.put("/preferences/me/muted/{issue_id}", response_model=PreferencesRead, responses=_ERRORS)
async def mute_issue(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> PreferencesRead:
    """Hear nothing more of this issue."""
    return await preferences.mute(db=rt.db, issue_id=issue_id, muted=True, actor=user)


@router.delete("/preferences/me/muted/{issue_id}", response_model=PreferencesRead, responses=_ERRORS)
async def unmute_issue(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> PreferencesRead:
    """Hear this issue's news again."""
    return await preferences.mute(db=rt.db, issue_id=issue_id, muted=False, actor=user)

