"""Composition root of reporting."""

from __future__ import annotations

from fastapi import FastAPI
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_reporting import events
from xiuhua_reporting.adapters.mongo import setup
from xiuhua_reporting.contribution import api as contribution_api
from xiuhua_reporting.hotspots import api as hotspots_api
from xiuhua_reporting.metrics import api as metrics_api
from xiuhua_reporting.projection import consumers
from xiuhua_reporting.rankings import api as rankings_api
from xiuhua_reporting.rates import api as rates_api
from xiuhua_reporting.reports import api as reports_api
from xiuhua_reporting.reports import publish as reports_publish
from xiuhua_reporting.settings import ReportingSettings
from xiuhua_runtime import Runtime, create_service_app, serve


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    settings = settings or ReportingSettings()
    runtime = Runtime(settings)
    consumers.register(runtime)
    reports_publish.register(runtime, delay=settings.monthly_report_delay, min_base=settings.rates_min_base)

    async def _setup(db: AsyncDatabase) -> None:
        await setup(db)
        await reports_publish.start(db, delay=settings.monthly_report_delay)  # the first month-end, once

    return create_service_app(
        runtime=runtime, title="xiuhua reporting",
        description="只从事件构建统计视图（事件存档，可重建）：社区和街道看到做了什么、做得多快（三率：响应率、解决率、满意率）、"
                    "排名、反复出现的问题（未诉先办）、队员贡献（挖掘能人）和月报。",
        routers=[rates_api.router, rankings_api.router, hotspots_api.router, contribution_api.router,
                 metrics_api.router, reports_api.router], publishes=events.PUBLISHES, consumes=events.CONSUMES,
        setup=_setup,
    )


def main() -> None:
    serve(create_app, ReportingSettings())
