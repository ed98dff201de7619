"""Composition root of assignment."""

from __future__ import annotations

from fastapi import FastAPI

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import setup
from xiuhua_assignment.entrypoints import api, consumers
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_runtime import Runtime, create_service_app, serve


def create_app(settings: AssignmentSettings | None = None) -> FastAPI:
    runtime = Runtime(settings or AssignmentSettings())
    consumers.register(runtime)
    return create_service_app(
        runtime=runtime, title="xiuhua assignment",
        description="按分管领域把问题派给负责的队员；维护服务队名单。",
        routers=[api.router], publishes=events.PUBLISHES, consumes=events.CONSUMES, setup=setup,
    )


def main() -> None:
    serve(create_app, AssignmentSettings())
