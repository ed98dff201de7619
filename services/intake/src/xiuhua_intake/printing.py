"""HTML to PDF for what intake prints (QR sticker sheets, the lift notice): WeasyPrint with the Noto
Sans CJK fonts, off the event loop (a page takes a moment)."""

from __future__ import annotations

from anyio import to_thread


async def to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # a heavy import, needed only when something is printed

    return await to_thread.run_sync(lambda: HTML(string=html).write_pdf())
