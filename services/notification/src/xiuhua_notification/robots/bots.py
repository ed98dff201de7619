"""Posting to a DingTalk or Feishu (Lark) custom bot, signed with the bot's secret.

- DingTalk: ``POST https://oapi.dingtalk.com/robot/send?access_token=…&timestamp=<ms>&sign=<s>`` where
  ``s`` = urlencode(base64(HMAC-SHA256(key=secret, msg="<ms>\\n<secret>"))); body
  ``{"msgtype": "markdown", "markdown": {"title", "text"}}``; answer ``{"errcode", "errmsg"}``, 410100
  when sent too fast (20 a minute). https://open.dingtalk.com/document/robots/custom-robot-access
- Feishu: ``POST https://open.feishu.cn/open-apis/bot/v2/hook/<token>`` with ``timestamp`` (seconds) and
  ``sign`` = base64(HMAC-SHA256(key="<ts>\\n<secret>", msg="")) in the body beside
  ``{"msg_type": "text", "content": {"text"}}``; answer ``{"code", "msg"}``, 11232 when rate limited.
  https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

import httpx

from xiuhua_notification.robots import model, wecom

DINGTALK_RATE_LIMITED, FEISHU_RATE_LIMITED = 410100, 11232


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


async def post(client: httpx.AsyncClient, robot: dict, content: str) -> tuple[int, str]:
    """Post ``content`` through ``robot`` (any kind); ``(code, message)`` with the rate-limit codes of
    every kind answered as WeCom's 45009, so that one back-off serves all."""
    kind, url, secret = robot.get("kind", "wecom"), robot["url"], robot.get("secret")
    if kind == "wecom":
        return await wecom.post_markdown(client, url, content)
    try:
        if kind == "dingtalk":
            if secret:
                ms = int(time.time() * 1000)
                url = f"{url}&timestamp={ms}&sign={dingtalk_sign(secret, ms)}"
            response = await client.post(url, json={"msgtype": "markdown",
                                                    "markdown": {"title": "小区服务进展", "text": content}})
            body = response.json()
            code, message = int(body.get("errcode", -1)), str(body.get("errmsg", ""))
            return (model.RATE_LIMITED if code == DINGTALK_RATE_LIMITED else code), message[:200]
        payload: dict = {"msg_type": "text", "content": {"text": content}}
        if secret:
            seconds = int(time.time())
            payload |= {"timestamp": str(seconds), "sign": feishu_sign(secret, seconds)}
        body = (await client.post(url, json=payload)).json()
        code, message = int(body.get("code", body.get("StatusCode", -1))), str(body.get("msg", ""))
        return (model.RATE_LIMITED if code == FEISHU_RATE_LIMITED else code), message[:200]
    except (httpx.HTTPError, ValueError) as exc:
        return -1, f"unreachable: {type(exc).__name__}"
