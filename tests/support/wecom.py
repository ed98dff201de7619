"""A local WeCom group robot that speaks the documented webhook protocol
(https://developer.work.weixin.qq.com/document/path/91770): ``POST /cgi-bin/webhook/send?key=KEY``
with ``{"msgtype": "text" | "markdown", ...}``; answers ``{"errcode", "errmsg"}``: 93000 for an
unknown key, 40058 for content over 2,048 (text) or 4,096 (markdown) bytes, 45009 beyond 20 posts a
minute per robot."""

from __future__ import annotations

import asyncio
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
    posts: dict[str, list[str]] = field(default_factory=dict)     # key → contents accepted
    answers: list[int] = field(default_factory=list)               # every errcode given, in order
    times: dict[str, list[float]] = field(default_factory=dict)
    port: int = 0

    def url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/webhook/send?key={key}"

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
async def wecom_robot(*keys: str) -> AsyncIterator[Robot]:
    robot, app = Robot(set(keys)), FastAPI()

    @app.post("/cgi-bin/webhook/send")
    async def send(request: Request, key: str = "") -> dict:
        return robot.answer(key, await request.json())

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
