"""The week's lift notice (电梯公示单): an A4 page for the lift and the notice board, printed like the
QR stickers (WeasyPrint, Noto Sans CJK), with a code to report from the spot."""

from __future__ import annotations

from html import escape
from typing import Any

from xiuhua_intake.directory.stickers import qr_svg, report_link


def html(board: dict[str, Any], public_url: str) -> str:
    c = board["counts"]
    link = report_link(public_url, community=board["community"], estate=board["estate"])

    def rows(items: list[dict[str, Any]], last: str) -> str:
        """``last``: the row's last column, ``status`` or ``resolved_on`` (the Shanghai day, never a cut
        UTC timestamp)."""
        if not items:
            return '<tr><td colspan="4" class="none">暂无</td></tr>'
        return "".join(f"<tr><td>{escape(i['number'])}</td><td>{escape(i['category'])}</td>"
                       f"<td>{escape(i['place'])}</td><td>{escape(i[last] or '')}</td></tr>" for i in items[:15])

    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 14mm; }}
body {{ font-family: "Noto Sans CJK SC", sans-serif; color: #222; font-size: 11pt; }}
h1 {{ font-size: 20pt; margin: 0; color: #b0413e; }}
.sub {{ color: #555; margin: 2mm 0 6mm; }}
.counts {{ display: flex; gap: 6mm; margin-bottom: 6mm; }}
.count {{ border: 0.4mm solid #b0413e; border-radius: 3mm; padding: 3mm 6mm; text-align: center; }}
.count b {{ display: block; font-size: 20pt; color: #b0413e; }}
h2 {{ font-size: 13pt; margin: 6mm 0 2mm; }}
table {{ width: 100%; border-collapse: collapse; }}
td, th {{ border-bottom: 0.3mm solid #ddd; padding: 1.5mm 2mm; text-align: left; }}
.none {{ color: #888; }}
.report {{ display: flex; align-items: center; gap: 6mm; margin-top: 8mm; }}
.report svg {{ width: 32mm; height: 32mm; }}
</style></head><body>
<h1>{escape(board['estate_name'])} 本周服务公示</h1>
<p class="sub">{escape(board['community_name'])}自治服务队 · {escape(board['week_from'])} 起的一周</p>
<div class="counts"><div class="count"><b>{c['received_this_week']}</b>本周收到</div>
<div class="count"><b>{c['resolved_this_week']}</b>本周办结</div>
<div class="count"><b>{c['working']}</b>在办</div></div>
<h2>本周已办结</h2><table><tr><th>编号</th><th>类别</th><th>位置</th><th>办结日期</th></tr>
{rows(board['done_this_week'], 'resolved_on')}</table>
<h2>在办</h2><table><tr><th>编号</th><th>类别</th><th>位置</th><th>进展</th></tr>
{rows(board['working'], 'status')}</table>
<div class="report">{qr_svg(link)}<p>遇到问题？扫码报事，服务队及时跟进。<br>进展会短信告知您。</p></div>
</body></html>"""
