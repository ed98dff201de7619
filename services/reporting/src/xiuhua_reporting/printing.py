"""HTML to PDF for what reporting prints (the monthly reports): WeasyPrint with the Noto Sans CJK fonts
(subsets embedded in the PDF), off the event loop (a report takes a moment)."""

from __future__ import annotations

from anyio import to_thread


async def to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # a heavy import, needed only when something is printed

    return await to_thread.run_sync(lambda: HTML(string=html).write_pdf())
