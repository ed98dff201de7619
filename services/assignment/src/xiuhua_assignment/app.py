"""Composition root of assignment."""

from __future__ import annotations

from fastapi import FastAPI
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment import events
from xiuhua_assignment.adapters import mongo
from xiuhua_assignment.calendar import api as calendar_api
from xiuhua_assignment.directory import consumers as directory_consumers
from xiuhua_assignment.limits import api as limits_api
from xiuhua_assignment.roster import api as roster_api
from xiuhua_assignment.roster import ids
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_assignment.supervision import api as supervision_api
from xiuhua_assignment.supervision import silent
from xiuhua_assignment.tasks import api as tasks_api
from xiuhua_assignment.tasks import consumers as task_consumers
from xiuhua_assignment.tasks.service import waiting
from xiuhua_runtime import Runtime, create_service_app, serve


def create_app(settings: AssignmentSettings | None = None) -> FastAPI:
    runtime = Runtime(settings or AssignmentSettings())
    task_consumers.register(runtime)
    directory_consumers.register(runtime)
    return create_service_app(
        runtime=runtime, title="xiuhua assignment",
        description="按分管领域把问题派给负责的队员，跟踪受理、转物业和办结，盖上时限；维护服务队名单。",
        routers=[tasks_api.router, roster_api.router, limits_api.router, supervision_api.router,
                 calendar_api.router],
        publishes=events.PUBLISHES, consumes=events.CONSUMES, setup=setup,
    )


async def setup(db: AsyncDatabase) -> None:
    await mongo.setup(db)
    await ids.backfill(db)  # the ids given before they were noted
    await silent.start(db)  # the morning look for members who fell silent
    await waiting.start(db)  # the midnight look for tasks nobody could take (leave ended, a working day began)


def main() -> None:
    serve(create_app, AssignmentSettings())
