"""Run one service with uvicorn: ``xiuhua-<service>`` console scripts call this."""

from __future__ import annotations

import logging
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from xiuhua_runtime.settings import ServiceSettings


def serve(build: Callable[[ServiceSettings], FastAPI], settings: ServiceSettings) -> None:
    logging.basicConfig(level=settings.log_level.upper(),
                        format=f"%(asctime)s %(levelname)s {settings.service} %(name)s: %(message)s")
    # The AMQP and MongoDB clients log whole frames and commands at DEBUG, message bodies and
    # outbox inserts (login codes) included.
    for noisy in ("aiormq", "aio_pika", "pamqp", "pymongo"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))
    uvicorn.run(build(settings), host=settings.host, port=settings.port, log_level=settings.log_level,
                proxy_headers=True, forwarded_allow_ips="*", timeout_graceful_shutdown=10)
