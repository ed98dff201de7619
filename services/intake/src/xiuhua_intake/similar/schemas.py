"""What the duplicate suggestions give."""

from __future__ import annotations

from pydantic import BaseModel, Field

from xiuhua_intake.issues.schemas import IssueRead


class SimilarIssue(BaseModel):
    issue: IssueRead
    score: float = Field(ge=0, le=1, description="0 different problems … 1 surely the same one")


class SimilarPage(BaseModel):
    items: list[SimilarIssue] = Field(description="the likeliest first, at most 5")
    threshold: float
