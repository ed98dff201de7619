"""An estate's owners'-group robot (pure): WeCom's group robot webhook, its limits and how waiting
posts are batched into one. https://developer.work.weixin.qq.com/document/path/91770

- a markdown post is at most 4,096 bytes (UTF-8), a text post 2,048;
- a robot takes at most 20 posts a minute: beyond that the posts wait and go out together;
- ``errcode`` 45009: over the frequency limit (back off); 93000: the webhook is no longer valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

MARKDOWN_BYTES = 4096
TEXT_BYTES = 2048
PER_MINUTE = 20
MINUTE = timedelta(minutes=1)
BACKOFF = timedelta(minutes=1)
RATE_LIMITED, INVALID_HOOK = 45009, 93000
SEPARATOR = "\n\n---\n\n"


def cut_bytes(text: str, limit: int) -> str:
    """``text`` within ``limit`` UTF-8 bytes, never splitting a character; "…" marks a cut."""
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - len("…".encode())].decode(errors="ignore") + "…"


def batch(posts: Sequence[str], limit: int = MARKDOWN_BYTES) -> tuple[str, int]:
    """As many waiting posts (oldest first) as fit one post; the text and how many it carries."""
    text, taken = "", 0
    for post in posts:
        joined = post if not text else text + SEPARATOR + post
        if len(joined.encode()) > limit:
            break
        text, taken = joined, taken + 1
    if taken == 0:  # one post alone is too long: cut it
        return cut_bytes(posts[0], limit), 1
    return text, taken


def next_slot(sent: Sequence[datetime], now: datetime) -> datetime | None:
    """When the robot takes another post (None: now)."""
    recent = sorted(s for s in sent if s > now - MINUTE)
    return None if len(recent) < PER_MINUTE else recent[-PER_MINUTE] + MINUTE


PATHS = {"wecom": "/cgi-bin/webhook/send", "dingtalk": "/robot/send", "feishu": "/open-apis/bot/v2/hook/"}


def hook_key(url: str) -> str:
    """The webhook's credential (WeCom ``key``, DingTalk ``access_token``, Feishu's path token)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.path.startswith(PATHS["feishu"]):
        return parts.path.removeprefix(PATHS["feishu"])
    return (query.get("key") or query.get("access_token") or [""])[0]


def valid_path(kind: str, url: str) -> bool:
    path = urlsplit(url).path
    return path.startswith(PATHS[kind]) if kind == "feishu" else path == PATHS[kind]


def masked(url: str) -> str:
    key = hook_key(url)
    return url.replace(key, key[:4] + "****") if key else url
