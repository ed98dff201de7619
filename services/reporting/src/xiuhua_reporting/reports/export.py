"""A report as a file to download: JSON, CSV (for Excel) or PDF (to print and file)."""

from __future__ import annotations

from dataclasses import dataclass

from xiuhua_reporting.printing import to_pdf
from xiuhua_reporting.reports import printable, table
from xiuhua_reporting.reports.schemas import Format, MonthlyReport
from xiuhua_reporting.reports.words import title

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


@dataclass(frozen=True)
class File:
    name: str  # with its extension; Chinese, so sent as filename*=UTF-8''
    media_type: str
    content: bytes


async def render(report: MonthlyReport, fmt: Format) -> File:
    name = f"{title(report).replace(' ', '')}.{fmt}"
    if fmt == "csv":
        content = table.csv_bytes(report)
    elif fmt == "pdf":
        content = await to_pdf(printable.html(report))
    else:
        content = report.model_dump_json(by_alias=True).encode()
    return File(name=name, media_type=MEDIA_TYPES[fmt], content=content)
