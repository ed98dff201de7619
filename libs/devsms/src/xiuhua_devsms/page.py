"""The inbox page: plain HTML from the server, no external assets, readable on a phone. A few lines
of script fetch the page again every few seconds and swap the list in place (without script, the
page reloads itself)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any
from urllib.parse import quote

REFRESH_SECONDS = 3
_CHINA = timezone(timedelta(hours=8), "CST")  # no daylight saving in China

_STYLE = """
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",
"Microsoft YaHei",sans-serif;background:#f4f1ea;color:#222}header{background:#7a2e2e;color:#fff;padding:12px 16px}
h1{margin:0;font-size:20px}header p{margin:4px 0 0;font-size:13px;opacity:.85}
form{display:flex;gap:8px;padding:12px 16px;flex-wrap:wrap}input{flex:1;min-width:10em;font-size:16px;
padding:8px;border:1px solid #bbb;border-radius:6px}button,.all{font-size:16px;padding:8px 14px;border-radius:6px;
border:0;background:#7a2e2e;color:#fff;text-decoration:none}.all{background:#888}
main{padding:0 16px 24px;max-width:720px;margin:0 auto}.status{font-size:13px;color:#666;margin:0 0 8px}
article{background:#fff;border-radius:10px;padding:12px 14px;margin:0 0 10px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.meta{display:flex;justify-content:space-between;gap:8px;font-size:13px;color:#666;flex-wrap:wrap}
.phone{font-weight:600;color:#222;font-size:16px}.code{font:700 40px/1.2 ui-monospace,Menlo,Consolas,monospace;
letter-spacing:.15em;color:#b3261e;margin:6px 0;user-select:all}.text{margin:4px 0 0;word-break:break-all}
.empty{color:#666;text-align:center;padding:32px 0}
"""

_SCRIPT = """
(function(){function key(m){var c=m.cloneNode(true),s=c.querySelector('.status');if(s)s.remove();return c.innerHTML}
setInterval(function(){fetch(location.href,{cache:'no-store'}).then(function(r){if(!r.ok)throw r;return r.text()})
.then(function(h){var n=new DOMParser().parseFromString(h,'text/html').querySelector('main'),
o=document.querySelector('main');if(!n||!o)return;
if(key(n)!==key(o))o.replaceWith(n);else o.querySelector('.status').replaceWith(n.querySelector('.status'))})
.catch(function(){})},{ms})})();
""".replace("{ms}", str(REFRESH_SECONDS * 1000))  # a code being selected stays selected until news arrives


def render(messages: list[dict[str, Any]], *, phone: str, now: datetime) -> str:
    """The whole page for ``messages`` (newest first), filtered by ``phone`` when given."""
    shown = escape(phone)
    filtered = f"（手机号含 {shown}）" if phone else ""
    items = "\n".join(_article(m) for m in messages) or (
        f'<p class="empty">暂无短信{filtered}。在页面上获取验证码后，短信会出现在这里。</p>')
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<noscript><meta http-equiv="refresh" content="{REFRESH_SECONDS}"></noscript>
<title>开发短信收件箱 · 绣花</title>
<style>{_STYLE}</style>
</head>
<body>
<header><h1>开发短信收件箱</h1>
<p>本地短信服务商（仅用于开发演示，XIUHUA_DEV_SMS_INBOX=1）：短信网关经阿里云或腾讯云 SendSms
接口发出的每条短信都显示在这里，包括登录验证码。</p></header>
<form method="get" action="./" role="search">
<input type="tel" name="phone" value="{shown}" placeholder="按手机号筛选，如 13800001234" inputmode="numeric"
 maxlength="11" aria-label="手机号">
<button type="submit">筛选</button><a class="all" href="./">全部</a>
</form>
<main>
<p class="status">最近 {len(messages)} 条{filtered}，最新的在最前；每 {REFRESH_SECONDS} 秒自动刷新 ·
更新于 {_clock(now)}</p>
{items}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _article(m: dict[str, Any]) -> str:
    code = f'<div class="code" title="验证码">{escape(m["code"])}</div>' if m.get("code") else ""
    where = " · ".join(escape(str(v)) for v in (m.get("provider"), m.get("provider_id")) if v)
    href = f"./?phone={quote(m.get('phone', ''))}"
    return (f'<article><div class="meta"><a class="phone" href="{escape(href)}">{escape(m.get("phone", ""))}</a>'
            f'<span>{_clock(m.get("received_at"))}</span></div>{code}'
            f'<p class="text">{escape(m.get("text", ""))}</p>'
            f'<div class="meta"><span>{escape(m.get("template_id", ""))}</span><span>{where}</span></div></article>')


def _clock(value: datetime | str | None) -> str:
    if value is None:
        return ""
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.astimezone(_CHINA).strftime("%m-%d %H:%M:%S")
