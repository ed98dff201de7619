"""HTTP routes of the directory: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response

from xiuhua_auth import CurrentUser
from xiuhua_intake.directory import service as directory
from xiuhua_intake.directory.schemas import (
    CommunityRead,
    CommunityUpsert,
    EstateChoice,
    Places,
    StickerSheet,
    SubdistrictRead,
    SubdistrictUpsert,
)
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1", tags=["directory"])
_ERRORS = {401: {"description": "not logged in"},
           403: {"description": "another community's or subdistrict's data; writes: only an admin of the "
                                "subdistrict itself (a token without a community claim)"},
           404: {"description": "not found"},
           409: {"description": "`phone_taken`: a phone or id already names a member of the team roster; "
                                "`person_id_taken`: an id already given to another phone (a member, staff, a "
                                "property contact, an admin or a resident, now or before)"},
           413: {"description": "body too large"}, 415: {"description": "not JSON"},
           422: {"description": "invalid input, or `invalid_directory`: repeated ids or phones, a company serving "
                                "an estate of another community (each problem in details, with its field)"}}

Slug = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


@router.put("/communities/{community_id}", response_model=CommunityRead, responses=_ERRORS)
async def put_community(community_id: Slug, body: CommunityUpsert, user: CurrentUser,
                        rt: RuntimeDep) -> CommunityRead:
    """Create or replace a community with its estates, places, staff, property companies and settings
    (an admin of its subdistrict)."""
    return await directory.upsert_community(uow=rt.uow, community_id=community_id, cmd=body, actor=user)


@router.get("/communities/{community_id}", response_model=CommunityRead, responses=_ERRORS)
async def get_community(community_id: Slug, user: CurrentUser, rt: RuntimeDep) -> CommunityRead:
    """A community's estates, buildings and public spots, to pick a place from (phones masked for
    residents and the property company)."""
    return await directory.get_community(db=rt.db, community_id=community_id, actor=user)


@router.put("/communities/{community_id}/estates/{estate_id}/places", response_model=CommunityRead,
            responses=_ERRORS)
async def put_places(community_id: Slug, estate_id: Slug, body: Places, user: CurrentUser,
                     rt: RuntimeDep) -> CommunityRead:
    """Replace an estate's buildings and public spots (the community's staff and lead, the
    subdistrict's admins); checked like the whole directory entry, announced the same way."""
    return await directory.update_places(uow=rt.uow, community_id=community_id, estate_id=estate_id, cmd=body,
                                         actor=user)


@router.get("/communities/{community_id}/estates/{estate_id}/stickers.pdf", response_class=Response,
            responses=_ERRORS | {200: {"content": {"application/pdf": {}}, "description": "an A4 sheet of stickers"}})
async def get_stickers(community_id: Slug, estate_id: Slug, user: CurrentUser, rt: RuntimeDep,
                       building: Annotated[str | None, Query(max_length=32, description="one sticker per unit of "
                                                             "this building; none: one per public spot")] = None
                       ) -> Response:
    """QR stickers to put up on the spot (扫码报事), each opening the report page with its place filled
    in (the community's staff and lead, the subdistrict's admins)."""
    title, pdf = await directory.sticker_sheet(db=rt.db, community_id=community_id, estate_id=estate_id,
                                               building=building, actor=user, public_url=rt.settings.public_url)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(title)}.pdf"})


@router.get("/communities/{community_id}/estates/{estate_id}/stickers", response_model=StickerSheet,
            responses=_ERRORS)
async def get_sticker_links(community_id: Slug, estate_id: Slug, user: CurrentUser, rt: RuntimeDep,
                            building: Annotated[str | None, Query(max_length=32, description="as for the PDF")] = None
                            ) -> StickerSheet:
    """What the sticker sheet's codes open: the platform's public address (flagged when only the server
    itself reaches it) and each place's link (who may print the sheet)."""
    return await directory.sticker_links(db=rt.db, community_id=community_id, estate_id=estate_id,
                                         building=building, actor=user, public_url=rt.settings.public_url)


@router.put("/subdistricts/{subdistrict_id}", response_model=SubdistrictRead, responses=_ERRORS)
async def put_subdistrict(subdistrict_id: Slug, body: SubdistrictUpsert, user: CurrentUser,
                          rt: RuntimeDep) -> SubdistrictRead:
    """Name a subdistrict and list its admins (an admin of that subdistrict)."""
    return await directory.upsert_subdistrict(uow=rt.uow, subdistrict_id=subdistrict_id, cmd=body, actor=user)


@router.get("/estates", response_model=list[EstateChoice])
async def get_estates(rt: RuntimeDep) -> list[EstateChoice]:
    """Every estate a resident may choose at their first login (no login needed; names only)."""
    return await directory.estate_choices(db=rt.db)
