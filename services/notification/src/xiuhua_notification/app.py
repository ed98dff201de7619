"""Composition root of notification."""

from __future__ import annotations

from datetime import time, timedelta

import httpx
from fastapi import FastAPI

from xiuhua_notification import events
from xiuhua_notification.collections import setup
from xiuhua_notification.daily import consumers as daily_consumers
from xiuhua_notification.messages import api as messages_api
from xiuhua_notification.messages import consumers as messages_consumers
from xiuhua_notification.pace import consumers as pace_consumers
from xiuhua_notification.people import consumers as people_consumers
from xiuhua_notification.preferences import api as preferences_api
from xiuhua_notification.robots import api as robots_api
from xiuhua_notification.robots import consumers as robots_consumers
from xiuhua_notification.rules import api as rules_api
from xiuhua_notification.settings import NotificationSettings
from xiuhua_notification.supervision import consumers as supervision_consumers
from xiuhua_notification.templates import api as templates_api
from xiuhua_notification.threads import consumers as threads_consumers
from xiuhua_notification.threads.service import Notifier
from xiuhua_runtime import Runtime, create_service_app, serve


def create_app(settings: NotificationSettings | None = None) -> FastAPI:
    runtime = Runtime(settings or NotificationSettings())
    register(runtime)
    return create_service_app(
        runtime=runtime, title="xiuhua notification",
        description="把问题的每一步告诉该知道的人：居民（短信）、队员、队长和物业（App 推送）；"
                    "发送登录验证码；接收网关的送达回执。每个社区可设置谁在何时经哪个渠道收到消息、改写消息模板；"
                    "每个人可选择渠道、屏蔽某个问题；夜间免打扰、每小时条数上限（同一问题的多条合并）。",
        routers=[messages_api.router, rules_api.router, templates_api.router, robots_api.router,
                 preferences_api.router],
        publishes=events.PUBLISHES, consumes=events.CONSUMES, setup=setup,
    )


def register(rt: Runtime) -> None:
    """Subscribe notification's handlers on the bus and its timers."""
    settings = rt.settings
    ctx = Notifier(public_url=settings.public_url.rstrip("/"),
                   decline_wait=timedelta(seconds=settings.decline_wait_seconds), pace=settings.pace())
    threads_consumers.register(rt, ctx=ctx)
    people_consumers.register(rt, ctx=ctx)
    messages_consumers.register(rt)
    supervision_consumers.register(rt, public_url=ctx.public_url, pace=ctx.pace)
    pace_consumers.register(rt, pace=ctx.pace, link=ctx.link)
    daily_consumers.register(rt, at=time.fromisoformat(settings.daily_post_at), pace=ctx.pace,
                             public_url=ctx.public_url)
    robots_consumers.register(rt, client=httpx.AsyncClient(timeout=5.0))  # to the estates' group robots


def main() -> None:
    serve(create_app, NotificationSettings())
