"""Composition root of notification."""

from __future__ import annotations

from fastapi import FastAPI

from xiuhua_notification import events
from xiuhua_notification.adapters.mongo import setup
from xiuhua_notification.entrypoints import api, consumers
from xiuhua_notification.settings import NotificationSettings
from xiuhua_runtime import Runtime, create_service_app, serve


def create_app(settings: NotificationSettings | None = None) -> FastAPI:
    runtime = Runtime(settings or NotificationSettings())
    consumers.register(runtime)
    return create_service_app(
        runtime=runtime, title="xiuhua notification",
        description="把派单、进展告诉居民和队员：为短信网关和 App 网关发布消息事件，接收送达回执。",
        routers=[api.router], publishes=events.PUBLISHES, consumes=events.CONSUMES, setup=setup,
    )


def main() -> None:
    serve(create_app, NotificationSettings())
