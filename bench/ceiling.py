"""The bare ceiling for intake's POST /issues: the least any service can do for the same promise.

It validates a model of the report's shape, stores one document (w=majority, j=true), publishes
one persistent message with publisher confirms to a topic exchange and answers 201. No token,
no rate limit, no community lookup, no transaction, no outbox: what intake does beyond this is
what the ratio prices.

    python bench/ceiling.py        (AMQP_URL, MONGO_URL, PORT and LOG_LEVEL from the environment)
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Literal

import aio_pika
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field
from pymongo import AsyncMongoClient, WriteConcern

EXCHANGE = "bench.ceiling"
QUEUE = "bench.ceiling"
DATABASE = "bench_ceiling"
_ID = r"^[a-z0-9][a-z0-9_-]*$"


# The same fields and constraints as intake's IssueCreate, so validation costs the same.
class Place(BaseModel):
    building: str | None = Field(default=None, max_length=32)
    unit: int | None = Field(default=None, ge=1, le=50)
    spot: str | None = Field(default=None, max_length=32)
    detail: str | None = Field(default=None, max_length=100)


class Reporter(BaseModel):
    name: str = Field(min_length=1, max_length=30)
    phone: str = Field(pattern=r"^1[3-9]\d{9}$")


class Report(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    community: str = Field(min_length=1, max_length=32, pattern=_ID)
    estate: str = Field(min_length=1, max_length=32, pattern=_ID)
    place: Place
    category: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=2, max_length=60)
    description: str = Field(default="", max_length=2000)
    reporter: Reporter
    channel: Literal["web", "app", "sms", "chat_group", "team"] = "web"
    photos: list[str] = Field(default_factory=list, max_length=9)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    mongo: AsyncMongoClient = AsyncMongoClient(os.environ["MONGO_URL"], tz_aware=True,
                                               serverSelectionTimeoutMS=5000)
    # j=true on top of majority: the document is in the journal before we answer, as in intake.
    reports = mongo[DATABASE].get_collection("reports", write_concern=WriteConcern(w="majority", j=True))
    connection = await aio_pika.connect_robust(os.environ["AMQP_URL"])
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    # A bound quorum queue, like the services' own: an unroutable message is confirmed
    # without being written anywhere, which would flatter the ceiling.
    queue = await channel.declare_queue(QUEUE, durable=True, arguments={"x-queue-type": "quorum"})
    await queue.bind(exchange, routing_key="#")
    app.state.reports, app.state.exchange = reports, exchange
    try:
        yield
    finally:
        await connection.close()
        await mongo.close()


app = FastAPI(lifespan=lifespan)


@app.post("/intake/v1/issues", status_code=201)
async def submit(body: Report) -> dict:
    issue_id = uuid.uuid4().hex
    now = datetime.now(UTC)
    await app.state.reports.insert_one(body.model_dump() | {"_id": issue_id, "created_at": now})
    payload = body.model_dump(mode="json") | {"issue_id": issue_id, "submitted_at": now.isoformat()}
    message = aio_pika.Message(json.dumps(payload, ensure_ascii=False).encode(), message_id=issue_id,
                               content_type="application/json",
                               delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
    await app.state.exchange.publish(message, routing_key="bench.issue.submitted")
    return {"id": issue_id, "status": "submitted", **body.model_dump(mode="json")}


@app.get("/readyz")
async def readyz() -> dict:
    # uvicorn accepts connections only after the lifespan above has connected everything.
    return {"status": "ready"}


if __name__ == "__main__":
    # The service's uvicorn settings (xiuhua_runtime.serve); the access log stays off in both runs.
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]),
                log_level=os.environ.get("LOG_LEVEL", "warning"), access_log=False,
                proxy_headers=True, forwarded_allow_ips="*", timeout_graceful_shutdown=10)
