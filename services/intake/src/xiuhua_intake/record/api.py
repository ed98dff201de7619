"""HTTP routes of the issue record: thin — parse, call the use case, return."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Response

from xiuhua_auth import CurrentUser
from xiuhua_intake.issues.api import IssueId
from xiuhua_intake.record import service
from xiuhua_intake.record.schemas import IssueRecord
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1", tags=["record"])
_ERRORS = {401: {"description": "not logged in"},
           403: {"description": "not the lead, community staff or subdistrict admin of the issue's community"},
           404: {"description": "no such issue"}}


@router.get("/issues/{issue_id}/record", response_model=IssueRecord, responses=_ERRORS)
async def issue_record(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> IssueRecord:
    """The issue's full record (档案): who reported it, when, what, by which channel, its photos by
    reference and every step; phones masked unless the caller calls the reporter back."""
    return await service.issue_record(db=rt.db, issue_id=issue_id, actor=user)


@router.get("/issues/{issue_id}/record.pdf", response_class=Response,
            responses=_ERRORS | {200: {"content": {"application/pdf": {}}, "description": "the record on A4 pages"}})
async def issue_record_pdf(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> Response:
    """The same record as a document to print or file."""
    title, pdf = await service.issue_record_pdf(db=rt.db, issue_id=issue_id, actor=user)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(title)}.pdf"})
