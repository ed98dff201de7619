"""QR stickers on the spot (扫码报事): each place of an estate has a QR code that opens the report page
with the place filled in; staff print a sheet of them for a building or for the public spots.

The code is drawn by segno, the sheet laid out in HTML and printed to an A4 PDF by WeasyPrint with
the Noto Sans CJK fonts (Debian's fonts-noto-cjk), so Chinese prints on any machine that has them.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode, urlsplit

import segno

from xiuhua_intake.directory.places import Estate
from xiuhua_intake.printing import to_pdf

MAX_STICKERS = 200


@dataclass(frozen=True)
class Sticker:
    label: str  # what the place is called, printed under the code
    link: str  # the report page with the place filled in


def report_link(public_url: str, *, community: str, estate: str, spot: str | None = None,
                building: str | None = None, unit: int | None = None) -> str:
    """The report page of ``estate`` with its place filled in (a hash route: no server round trip)."""
    query = {"community": community, "estate": estate, "spot": spot, "building": building, "unit": unit}
    return f"{public_url.rstrip('/')}/#/report?{urlencode({k: v for k, v in query.items() if v is not None})}"


def only_here(public_url: str) -> bool:
    """Whether the codes open an address only this machine reaches (127.0.0.1, localhost, ::1, or
    0.0.0.0, which is no address at all): a sticker printed with it opens nothing on a phone."""
    host = (urlsplit(public_url).hostname or "").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: whether a phone resolves it is the operator's to know
    return address.is_loopback or address.is_unspecified


def stickers_for(estate: Estate, public_url: str, *, community: str, building: str | None) -> list[Sticker]:
    """One sticker per unit of ``building``, or per public spot of the estate when no building is named."""
    if building is None:
        return [Sticker(f"{estate.name} {s.name}", report_link(public_url, community=community, estate=estate.id,
                                                                spot=s.id)) for s in estate.spots]
    found = next(b for b in estate.buildings if b.id == building)
    return [Sticker(f"{estate.name} {found.name}{unit}单元",
                    report_link(public_url, community=community, estate=estate.id, building=found.id, unit=unit))
            for unit in range(1, found.units + 1)]


def qr_svg(link: str) -> str:
    return segno.make(link, error="m").svg_inline(scale=5, dark="#222", omitsize=True)


def sheet_html(title: str, stickers: list[Sticker]) -> str:
    cells = "".join(
        f'<div class="sticker"><div class="code">{qr_svg(s.link)}</div><p class="place">{escape(s.label)}</p>'
        f'<p class="call">遇到问题？扫码报事</p></div>' for s in stickers)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: "Noto Sans CJK SC", sans-serif; color: #222; }}
h1 {{ font-size: 13pt; margin: 0 0 6mm; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 6mm; }}
.sticker {{ width: 56mm; height: 72mm; border: 0.4mm dashed #999; border-radius: 3mm; padding: 3mm;
            box-sizing: border-box; text-align: center; page-break-inside: avoid; }}
.code svg {{ width: 44mm; height: 44mm; }}
.place {{ font-size: 11pt; font-weight: bold; margin: 2mm 0 1mm; }}
.call {{ font-size: 9pt; color: #b0413e; margin: 0; }}
</style></head><body><h1>{escape(title)}</h1><div class="grid">{cells}</div></body></html>"""


async def sheet_pdf(title: str, stickers: list[Sticker]) -> bytes:
    return await to_pdf(sheet_html(title, stickers))
