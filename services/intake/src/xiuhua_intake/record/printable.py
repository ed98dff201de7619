"""The record as an A4 page to print or file (WeasyPrint, Noto Sans CJK, like the lift notice)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape

from xiuhua_intake.record.schemas import IssueRecord

SHANGHAI = timezone(timedelta(hours=8))
ROLES = {"resident": "居民", "member": "队员", "lead": "队长", "staff": "社区工作者", "property": "物业",
         "admin": "街道管理员", "gateway": "网关", "system": "系统"}


def local(at: datetime | None) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if at else "—"


def html(record: IssueRecord) -> str:
    i = record.issue
    rating = (f"{'已解决' if i.rating.solved else '未解决'}，{i.rating.satisfaction_label}"
              + (f"：{i.rating.comment}" if i.rating.comment else "")) if i.rating else "—"
    handed = (f"{i.property.company.get('name', '')}：{i.property.asked}" if i.property else "—")
    fields = [
        ("编号", i.number), ("标题", i.title), ("描述", i.description or "—"),
        ("社区 / 小区", f"{record.community_name} / {record.estate_name}"), ("位置", i.place_text),
        ("类别", i.category_label), ("紧急程度", i.priority_label), ("状态", i.status_label),
        ("渠道", record.channel_label),
        ("录入人", f"{record.submitted_by.name}（{ROLES.get(record.submitted_by.role, record.submitted_by.role)}）"),
        ("反映人", f"{i.reporter.name}　{i.reporter.phone or ''}"),
        ("附议", "、".join(f"{s.name} {s.phone or ''}".strip() for s in record.supporters) or "—"),
        ("负责队员", i.assignee.name if i.assignee else "—"), ("转物业", handed),
        ("反映时间", local(i.created_at)), ("办结时间", local(i.resolved_at)),
        ("重新打开", f"{i.reopen_count}次"), ("回访", rating),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in fields)
    steps = "".join(
        f"<tr><td class='at'>{local(s.at)}</td><td>{escape(s.actor.name)}<br><small>"
        f"{escape(ROLES.get(s.actor.role, s.actor.role))}</small></td><td>{escape(s.text)}</td>"
        f"<td>{escape(s.status_label or '')}</td></tr>" for s in record.timeline)
    photos = "".join(f"<li>{local(p.at)}　{escape(p.step)}　{escape(p.url)}</li>"
                     for p in record.photos) or "<li>无</li>"
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 14mm; @bottom-right {{ content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
         font-size: 8pt; color: #777; }} }}
body {{ font-family: "Noto Sans CJK SC", sans-serif; color: #222; font-size: 10pt; }}
h1 {{ font-size: 18pt; margin: 0; color: #b0413e; }}
.sub {{ color: #555; margin: 1mm 0 5mm; }}
h2 {{ font-size: 12pt; margin: 6mm 0 2mm; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border-bottom: 0.3mm solid #ddd; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }}
.fields th {{ width: 26mm; color: #555; font-weight: normal; }}
.at {{ white-space: nowrap; }}
small {{ color: #777; }}
ul {{ margin: 0; padding-left: 5mm; word-break: break-all; }}
</style></head><body>
<h1>问题档案 {escape(i.number)}</h1>
<p class="sub">{escape(record.subdistrict_name)} · {escape(record.community_name)} ·
 导出：{escape(record.exported_by.name)} {local(record.exported_at)}</p>
<table class="fields">{table}</table>
<h2>处理经过</h2>
<table><tr><th>时间</th><th>经办人</th><th>经过</th><th>状态</th></tr>{steps}</table>
<h2>照片（按编号存档）</h2><ul>{photos}</ul>
</body></html>"""
