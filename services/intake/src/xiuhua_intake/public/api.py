"""Public routes (no login): an estate's board and its weekly lift notice (公示)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response

from xiuhua_intake.public import service, working
from xiuhua_intake.public.working import WorkingPage
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1/public", tags=["public"])
Slug = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
_ERRORS = {404: {"description": "no such community or estate"}}


@router.get("/estates/{community_id}/{estate_id}", responses=_ERRORS)
async def board(community_id: Slug, estate_id: Slug, rt: RuntimeDep) -> dict:
    """What the team is working on and did this week, by category, place and status: nobody's name,
    phone or words (公示, no login); `resolved_on` is the day each was resolved in Asia/Shanghai."""
    return await service.board(db=rt.db, community_id=community_id, estate_id=estate_id)


@router.get("/estates/{community_id}/{estate_id}/working", response_model=WorkingPage, responses=_ERRORS)
async def working_page(community_id: Slug, estate_id: Slug, rt: RuntimeDep,
                       page: Annotated[int, Query(ge=1, le=10_000, description="1 is the newest")] = 1,
                       size: Annotated[int, Query(ge=1, le=50)] = 20) -> WorkingPage:
    """What the team is working on (正在处理), a page at a time, newest first, with how many there are
    in all — by category, place and status only, as on the board (公示, no login)."""
    return await working.working_page(db=rt.db, community_id=community_id, estate_id=estate_id, page=page,
                                      size=size)


@router.get("/estates/{community_id}/{estate_id}/notice.pdf", response_class=Response,
            responses=_ERRORS | {200: {"content": {"application/pdf": {}}, "description": "an A4 page"}})
async def lift_notice(community_id: Slug, estate_id: Slug, rt: RuntimeDep) -> Response:
    """This week's lift notice (电梯公示单) to print, with a QR code to report."""
    title, pdf = await service.lift_notice(db=rt.db, community_id=community_id, estate_id=estate_id,
                                           public_url=rt.settings.public_url)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(title)}.pdf"})
