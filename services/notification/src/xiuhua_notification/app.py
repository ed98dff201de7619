"""Composition root of notification."""

from __future__ import annotations

from fastapi import FastAPI

from xiuhua_notification import events
from xiuhua_notification.collections import setup
from xiuhua_notification.messages import api
from xiuhua_notification.preferences import api as people_api
from xiuhua_notification.settings import NotificationSettings
from xiuhua_notification.templates import api as settings_api
from xiuhua_notification.threads import consumers
from xiuhua_runtime import Runtime, create_service_app, serve


def create_app(settings: NotificationSettings | None = None) -> FastAPI:
    runtime = Runtime(settings or NotificationSettings())
    consumers.register(runtime)
    return create_service_app(
        runtime=runtime, title="xiuhua notification",
        description="把问题的每一步告诉该知道的人：居民（短信）、队员、队长和物业（App 推送）；"
                    "发送登录验证码；接收网关的送达回执。每个社区可设置谁在何时经哪个渠道收到消息、改写消息模板；"
                    "每个人可选择渠道、屏蔽某个问题；夜间免打扰、每小时条数上限（同一问题的多条合并）。",
        routers=[api.router, settings_api.router, people_api.router],
        publishes=events.PUBLISHES, consumes=events.CONSUMES, setup=setup,
    )


def main() -> None:
    serve(create_app, NotificationSettings())
