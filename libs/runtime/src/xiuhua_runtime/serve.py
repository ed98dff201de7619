"""Run one service with uvicorn: ``xiuhua-<service>`` console scripts call this."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import uvicorn
from fastapi import FastAPI

from xiuhua_auth import WeakSecret
from xiuhua_runtime.settings import ServiceSettings


def serve(build: Callable[[ServiceSettings], FastAPI], settings: ServiceSettings) -> None:
    logging.basicConfig(level=settings.log_level.upper(),
                        format=f"%(asctime)s %(levelname)s {settings.service} %(name)s: %(message)s")
    # The AMQP and MongoDB clients log whole frames and commands at DEBUG, message bodies and
    # outbox inserts (login codes) included.
    for noisy in ("aiormq", "aio_pika", "pamqp", "pymongo"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))
    try:
        app = build(settings)
    except WeakSecret as exc:  # one clear line and a non-zero exit, not a traceback
        raise SystemExit(f"xiuhua-{settings.service}: {exc}") from None
    uvicorn.run(app, **server_options(settings))


def server_options(settings: ServiceSettings) -> dict[str, Any]:
    """uvicorn's options for a service. X-Forwarded-For is believed only from TRUSTED_PROXIES (the
    gateway), so a client cannot choose the address its rate limits count under."""
    return {"host": settings.host, "port": settings.port, "log_level": settings.log_level, "proxy_headers": True,
            "forwarded_allow_ips": settings.trusted_proxies, "timeout_graceful_shutdown": 10}
