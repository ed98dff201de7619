"""HTTP routes for photos: upload one, see it (or its thumbnail), and for staff where it was taken."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response, UploadFile

from xiuhua_auth import CurrentUser
from xiuhua_intake.photos import images, service
from xiuhua_runtime import Unprocessable
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1/photos", tags=["photos"])
UPLOAD_PATH = "/intake/v1/photos"
UPLOAD_LIMIT = images.MAX_BYTES + 64 * 1024  # the photo and its multipart wrapping
PhotoId = Annotated[str, Path(pattern=r"^[0-9a-f]{24}$")]
_ERRORS = {403: {"description": "not allowed to see it"}, 404: {"description": "no such photo"},
           413: {"description": "over 8 MB"}, 415: {"description": "not multipart/form-data"},
           422: {"description": "`bad_photo`: not a JPEG, PNG, WebP or HEIC photo; `photo_too_large`: more "
                                "pixels than intake may decode (26 MP; WebP 13 MP)"},
           429: {"description": "too many photos in an hour"}}


async def _decodes(request: Request) -> asyncio.Semaphore:
    return request.app.state.photo_decodes


Decodes = Annotated[asyncio.Semaphore, Depends(_decodes)]


@router.post("", status_code=201, responses=_ERRORS)
async def upload(file: UploadFile, user: CurrentUser, rt: RuntimeDep, decodes: Decodes) -> dict:
    """One photo (JPEG, PNG, WebP, HEIC; at most 8 MB and 26 megapixels, WebP 13), cleaned of its metadata;
    name its `id` in a report's `photos` (at most 3) within the day."""
    data = await file.read(images.MAX_BYTES + 1)
    if len(data) > images.MAX_BYTES:
        raise Unprocessable("照片不能超过8MB", code="bad_photo")
    return await service.upload(db=rt.db, limiter=rt.limiter, decodes=decodes, data=data, actor=user)


@router.get("/{photo_id}", response_class=Response, responses=_ERRORS | {
    200: {"content": {"image/jpeg": {}}, "description": "the photo, or its thumbnail"}})
async def download(photo_id: PhotoId, user: CurrentUser, rt: RuntimeDep,
                   size: Annotated[Literal["full", "thumb"], Query()] = "full") -> Response:
    """The photo, to those who may see its issue (the sender alone until a report names it)."""
    data = await service.download(db=rt.db, photo_id=photo_id, actor=user, thumb=size == "thumb")
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=86400"})


@router.get("/{photo_id}/location", responses=_ERRORS)
async def location(photo_id: PhotoId, user: CurrentUser, rt: RuntimeDep) -> dict:
    """Where the original was taken, if the camera said: for the community's staff and lead only."""
    return await service.location(db=rt.db, photo_id=photo_id, actor=user)
