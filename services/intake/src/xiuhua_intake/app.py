"""Composition root of intake."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_intake import events
from xiuhua_intake.adapters import mongo
from xiuhua_intake.directory import api as directory_api
from xiuhua_intake.identity import api as identity_api
from xiuhua_intake.identity import consumers as identity_consumers
from xiuhua_intake.identity import ids
from xiuhua_intake.identity.codes import CodeStore
from xiuhua_intake.identity.service import LoginContext
from xiuhua_intake.inbound import api as inbound_api
from xiuhua_intake.issues import api as issues_api
from xiuhua_intake.issues import consumers as issue_consumers
from xiuhua_intake.open311 import api as open311_api
from xiuhua_intake.photos import api as photos_api
from xiuhua_intake.public import api as public_api
from xiuhua_intake.record import api as record_api
from xiuhua_intake.settings import IntakeSettings
from xiuhua_intake.similar import api as similar_api
from xiuhua_runtime import Runtime, create_service_app, serve


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    runtime = Runtime(settings)
    issue_consumers.register(runtime)
    identity_consumers.register(runtime)
    app = create_service_app(
        runtime=runtime, title="xiuhua intake",
        description="居民、队员与网关提交问题；问题的公开状态由 intake 维护。",
        routers=[identity_api.router, similar_api.router, issues_api.router, inbound_api.router,
                 photos_api.router, directory_api.router, open311_api.router, public_api.router,
                 record_api.router],
        publishes=events.PUBLISHES, consumes=events.CONSUMES, setup=setup,
        json_prefixes=("/intake/v1/",), uploads={photos_api.UPLOAD_PATH: photos_api.UPLOAD_LIMIT},
    )
    open311_api.answer_invalid_input_in_open311(app)
    codes = CodeStore(runtime.redis, prefix=settings.redis_prefix, secret=settings.jwt_secret or "",
                      ttl_seconds=settings.login_code_ttl_seconds, attempts=settings.login_code_attempts)
    app.state.photo_decodes = asyncio.Semaphore(settings.photo_decodes_at_once)
    app.state.login = LoginContext(uow=runtime.uow, codes=codes, limiter=runtime.limiter,
                                   authenticator=runtime.authenticator, settings=settings)
    return app


async def setup(db: AsyncDatabase) -> None:
    await mongo.setup(db)
    await ids.backfill(db)  # the ids given before they were noted


def main() -> None:
    settings = IntakeSettings()
    serve(create_app, settings)
