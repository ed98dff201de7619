"""Published monthly reports in MongoDB (collection ``monthly_reports``): one document per scope and month."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_reporting.adapters.mongo import REPORTS
from xiuhua_reporting.reports.schemas import MonthlyReport


def report_id(scope: str, id: str, month: str) -> str:
    return f"{scope}/{id}/{month}"


async def find(db: AsyncDatabase, scope: str, id: str, month: str,
               session: AsyncClientSession | None = None) -> MonthlyReport | None:
    doc = await db[REPORTS].find_one({"_id": report_id(scope, id, month)}, session=session)
    return MonthlyReport.model_validate(doc["report"]) if doc else None


async def insert(db: AsyncDatabase, report: MonthlyReport, *, community: str | None,
                 session: AsyncClientSession | None = None) -> None:
    """Keep ``report`` (its id is unique: a second one for the same scope and month is refused)."""
    await db[REPORTS].insert_one({
        "_id": report_id(report.scope, report.id, report.month), "scope": report.scope, "id": report.id,
        "community": community, "subdistrict": report.subdistrict, "month": report.month,
        "published_at": report.published_at, "report": report.model_dump(mode="json", by_alias=True),
    }, session=session)


async def listed(db: AsyncDatabase, where: dict[str, Any], *, limit: int) -> list[dict[str, Any]]:
    """The newest published reports matching ``where``, newest month first."""
    cursor = db[REPORTS].find(where, {"report.by_category": 0, "report.by_estate": 0, "report.by_member": 0,
                                      "report.by_community": 0, "report.property_companies": 0})
    return [doc async for doc in cursor.sort([("month", -1), ("scope", -1), ("id", 1)]).limit(limit)]

