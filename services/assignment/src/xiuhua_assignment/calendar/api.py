"""HTTP routes of the working calendar: thin — parse, call the use case, return."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from xiuhua_assignment.calendar import service
from xiuhua_assignment.days import local_today
from xiuhua_auth import CurrentUser
from xiuhua_runtime import Forbidden
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/assignment/v1", tags=["calendar"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           422: {"description": "invalid input or unreadable notice"}}
Year = Annotated[int, Path(ge=2000, le=2100)]


class Day(BaseModel):
    date: date
    name: str


class YearRead(BaseModel):
    year: int
    known: bool = Field(description="the year's holidays and adjusted working days are known")
    source: str | None = Field(description="`builtin` (the package's), `loaded` (from a notice) or none")
    loaded_at: object | None = None
    holidays: list[Day]
    workdays: list[Day] = Field(description="weekend days worked (调休)")
    warnings: list[str]


class Notice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notice: str = Field(min_length=10, max_length=20_000,
                        description="the State Council's notice, as published (its numbered lines are read)")


@router.get("/calendar", response_model=YearRead, responses=_ERRORS)
async def get_calendar(user: CurrentUser, rt: RuntimeDep,
                       year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> YearRead:
    """The working calendar of a year (default this year): holidays, adjusted working days, warnings."""
    if user.role in ("resident", "gateway"):
        raise Forbidden("无权查看工作日历", code="not_team")
    return YearRead.model_validate(await service.read_year(db=rt.db, year=year or local_today().year))


@router.put("/calendar/{year}", response_model=YearRead, responses=_ERRORS)
async def put_calendar(year: Year, body: Notice, user: CurrentUser, rt: RuntimeDep) -> YearRead:
    """Load a year's arrangement from the State Council's notice (subdistrict admin); it wins over the built-in."""
    return YearRead.model_validate(await service.load_year(db=rt.db, year=year, notice=body.notice, actor=user))
