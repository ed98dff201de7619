"""Local group robots speaking the chat apps' documented webhook protocols.

- WeCom (https://developer.work.weixin.qq.com/document/path/91770): ``POST /cgi-bin/webhook/send?key=KEY``
  with ``{"msgtype": "text" | "markdown", ...}``; answers ``{"errcode", "errmsg"}``: 93000 for an
  unknown key, 40058 for content over 2,048 (text) or 4,096 (markdown) bytes, 45009 beyond 20 posts a
  minute per robot.
- DingTalk custom robot: ``POST /robot/send?access_token=T&timestamp=MS&sign=S``, the sign checked
  against the robot's secret (310000 when it does not match or is over an hour old).
- Feishu custom bot: ``POST /open-apis/bot/v2/hook/T`` with ``timestamp`` and ``sign`` in the body,
  checked likewise (19021); answers ``{"code", "msg"}``."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI, Request

from tests.support.servers import eventually

LIMITS = {"text": 2048, "markdown": 4096}


@dataclass
class Robot:
    keys: set[str]
    secrets: dict[str, str] = field(default_factory=dict)          # DingTalk / Feishu token → secret
    posts: dict[str, list[str]] = field(default_factory=dict)     # key → contents accepted
    answers: list[int] = field(default_factory=list)               # every errcode given, in order
    times: dict[str, list[float]] = field(default_factory=dict)
    port: int = 0

    def url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/webhook/send?key={key}"

    def dingtalk_url(self, token: str) -> str:
        return f"http://127.0.0.1:{self.port}/robot/send?access_token={token}"

    def feishu_url(self, token: str) -> str:
        return f"http://127.0.0.1:{self.port}/open-apis/bot/v2/hook/{token}"

    def signed(self, token: str, timestamp: str, sign: str, scheme: str) -> bool:
        secret = self.secrets.get(token)
        if secret is None or not timestamp.isdigit():
            return False
        seconds = int(timestamp) / (1000 if scheme == "dingtalk" else 1)
        if abs(time.time() - seconds) > 3600:
            return False
        if scheme == "dingtalk":
            digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
        else:
            digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
        return hmac.compare_digest(base64.b64encode(digest).decode(), sign)

    def accept(self, token: str, content: str) -> None:
        self.posts.setdefault(token, []).append(content)

    def answer(self, key: str, body: dict) -> dict:
        msgtype = body.get("msgtype")
        content = (body.get(msgtype) or {}).get("content", "") if msgtype in LIMITS else None
        if key not in self.keys:
            code, msg = 93000, "invalid webhook url"
        elif content is None:
            code, msg = 40008, "invalid message type"
        elif len(content.encode()) > LIMITS[msgtype]:
            code, msg = 40058, f"{msgtype}.content exceed max length {LIMITS[msgtype]}"
        else:
            now = time.monotonic()
            recent = [t for t in self.times.get(key, []) if t > now - 60]
            if len(recent) >= 20:
                code, msg = 45009, "api freq out of limit"
            else:
                self.times[key] = [*recent, now]
                self.posts.setdefault(key, []).append(content)
                code, msg = 0, "ok"
        self.answers.append(code)
        return {"errcode": code, "errmsg": msg}


@asynccontextmanager
async def wecom_robot(*keys: str) -> AsyncIterator[Robot]:  # and DingTalk, Feishu
    robot, app = Robot(set(keys)), FastAPI()

    @app.post("/cgi-bin/webhook/send")
    async def send(request: Request, key: str = "") -> dict:
        return robot.answer(key, await request.json())

    @app.post("/robot/send")
    async def dingtalk(request: Request, access_token: str = "", timestamp: str = "", sign: str = "") -> dict:
        body = await request.json()
        if not robot.signed(access_token, timestamp, sign, "dingtalk"):
            robot.answers.append(310000)
            return {"errcode": 310000, "errmsg": "sign not match"}
        robot.accept(access_token, body["markdown"]["text"])
        robot.answers.append(0)
        return {"errcode": 0, "errmsg": "ok"}

    @app.post("/open-apis/bot/v2/hook/{token}")
    async def feishu(token: str, request: Request) -> dict:
        body = await request.json()
        if not robot.signed(token, body.get("timestamp", ""), body.get("sign", ""), "feishu"):
            robot.answers.append(19021)
            return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        robot.accept(token, body["content"]["text"])
        robot.answers.append(0)
        return {"code": 0, "msg": "success", "data": {}}

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        robot.port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=robot.port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, timeout=10, interval=0.02)
    try:
        yield robot
    finally:
        server.should_exit = True
        await task
