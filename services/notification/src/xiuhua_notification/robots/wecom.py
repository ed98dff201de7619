"""Posting to a WeCom group robot (``POST …/cgi-bin/webhook/send?key=KEY``, JSON ``{"msgtype":
"markdown", "markdown": {"content": …}}``; the answer's ``errcode`` 0 means posted)."""

from __future__ import annotations

import httpx


async def post_markdown(client: httpx.AsyncClient, url: str, content: str) -> tuple[int, str]:
    """Post ``content``; WeCom's ``(errcode, errmsg)`` (-1 when the robot could not be reached)."""
    try:
        response = await client.post(url, json={"msgtype": "markdown", "markdown": {"content": content}})
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return -1, f"unreachable: {type(exc).__name__}"
    return int(body.get("errcode", -1)), str(body.get("errmsg", ""))[:200]
