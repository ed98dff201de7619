"""The whole platform for end-to-end tests: the four services and the SMS gateway on their own
ports, behind the nginx gateway, on the real test servers, with the local SMS provider switched on
as `make run` has it: the SMS gateway sends every SMS through it (Aliyun's SendSms by the SDK), and
a test logs in with the code read from its inbox, ``/dev/sms/messages``. Spans go to the SDK's
in-memory exporter, installed before any service starts, so one test can follow a trace across
HTTP, the outbox and the broker."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import AsyncIterator

import aio_pika
import httpx
import pytest
import redis.asyncio as redis
import uvicorn
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pymongo import AsyncMongoClient

from tests.support.gateway import start_gateway
from tests.support.servers import JWT_SECRET, PORT_SHIFT, RECEIPT_TOKEN, eventually, wait_for_servers
from tests.support.services import settings_for
from xiuhua_assignment.app import create_app as assignment_app
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_devsms.app import Node
from xiuhua_devsms.app import create_app as devsms_app
from xiuhua_devsms.settings import DEV_KEY_ID, DEV_KEY_SECRET, DevSmsSettings
from xiuhua_intake.app import create_app as intake_app
from xiuhua_intake.settings import IntakeSettings
from xiuhua_notification.app import create_app as notification_app
from xiuhua_notification.settings import NotificationSettings
from xiuhua_reporting.app import create_app as reporting_app
from xiuhua_reporting.settings import ReportingSettings
from xiuhua_runtime.serve import server_options
from xiuhua_smsgateway.app import create_app as smsgateway_app
from xiuhua_smsgateway.settings import SmsGatewaySettings

SPANS = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(SPANS))
trace.set_tracer_provider(_provider)

GATEWAY_PORT = 18180 + PORT_SHIFT
PORTS = {name: port + PORT_SHIFT for name, port in
         {"intake": 18101, "assignment": 18102, "notification": 18103, "reporting": 18104}.items()}
DEVSMS_PORT = 18105 + PORT_SHIFT
SMSGATEWAY_PORT = 18106 + PORT_SHIFT
BUILDERS = {
    "intake": (intake_app, IntakeSettings),
    "assignment": (assignment_app, AssignmentSettings),
    "notification": (notification_app, NotificationSettings),
    "reporting": (reporting_app, ReportingSettings),
}


class Stack:
    def __init__(self, client: httpx.AsyncClient, runtimes: dict, inbox: Node) -> None:
        self.client, self.runtimes, self.inbox = client, runtimes, inbox


@pytest.fixture(scope="session")
async def stack(tmp_path_factory) -> AsyncIterator[Stack]:
    await wait_for_servers()
    servers, tasks, runtimes = [], [], {}
    base = f"http://127.0.0.1:{GATEWAY_PORT}"

    def serve(app, settings, port: int) -> None:
        # as `xiuhua-<service>` serves it: X-Forwarded-For believed only from TRUSTED_PROXIES (the gateway)
        options = server_options(settings) | {"port": port, "log_level": "warning"}
        server = uvicorn.Server(uvicorn.Config(app, **options))
        servers.append(server)
        tasks.append(asyncio.create_task(server.serve()))

    for name, (build, settings_cls) in BUILDERS.items():
        # by the alias: the settings read XIUHUA_PUBLIC_URL, and ignore an unknown `public_url=`
        app = build(settings_for(settings_cls, XIUHUA_PUBLIC_URL=base))
        runtimes[name] = app.state.runtime
        serve(app, app.state.runtime.settings, PORTS[name])
    receipts = f"http://127.0.0.1:{SMSGATEWAY_PORT}/smsgateway/v1/receipts"
    devsms = devsms_app(settings_for(DevSmsSettings, inbox="1", per_minute=30, per_hour=500,
                                     aliyun_report_url=f"{receipts}/aliyun?token={RECEIPT_TOKEN}"))
    serve(devsms, devsms.state.node.settings, DEVSMS_PORT)
    sms = smsgateway_app(settings_for(
        SmsGatewaySettings, sms_endpoint=f"127.0.0.1:{DEVSMS_PORT}", sms_protocol="http",
        sms_access_key_id=DEV_KEY_ID, sms_access_key_secret=DEV_KEY_SECRET, sms_receipt_token=RECEIPT_TOKEN,
        notification_url=f"http://127.0.0.1:{PORTS['notification']}"))
    runtimes["smsgateway"] = sms.state.runtime
    serve(sms, sms.state.runtime.settings, SMSGATEWAY_PORT)
    gateway = start_gateway(tmp_path_factory.mktemp("gateway"), port=GATEWAY_PORT,
                            upstreams=PORTS | {"devsms": DEVSMS_PORT, "smsgateway": SMSGATEWAY_PORT})
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            for name in PORTS:
                await eventually(lambda n=name: _ready(client, n), timeout=60, interval=0.2)
            await eventually(lambda: _direct_ready(SMSGATEWAY_PORT), timeout=60, interval=0.2)
            await eventually(lambda: _inbox_ready(client), timeout=60, interval=0.2)
            await _seed(base)
            yield Stack(client, runtimes, devsms.state.node)
    finally:
        gateway.terminate()
        gateway.wait(timeout=10)
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
        for rt in runtimes.values():
            await _drop(rt)
        await _drop_inbox(devsms.state.node)


async def _ready(client: httpx.AsyncClient, service: str) -> bool:
    # readiness of each service, asked through the gateway's route to it
    response = await client.get(f"/{service}/openapi.json")
    if response.status_code != 200:
        return False
    async with httpx.AsyncClient() as direct:
        return (await direct.get(f"http://127.0.0.1:{PORTS[service]}/readyz")).status_code == 200


async def _direct_ready(port: int) -> bool:
    async with httpx.AsyncClient() as direct:
        return (await direct.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200


async def _inbox_ready(client: httpx.AsyncClient) -> bool:
    # the inbox's route exists on this gateway, and its consumer is attached
    if (await client.get("/dev/sms/messages", params={"limit": 1})).status_code != 200:
        return False
    async with httpx.AsyncClient() as direct:
        return (await direct.get(f"http://127.0.0.1:{DEVSMS_PORT}/readyz")).status_code == 200


async def _seed(base: str) -> None:
    """Load the demo data the way an operator does: the `xiuhua seed` command."""
    env = os.environ | {"JWT_SECRET": JWT_SECRET}
    proc = await asyncio.create_subprocess_exec("xiuhua", "seed", "--url", base, env=env,
                                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await proc.communicate()
    assert proc.returncode == 0, (out, err)


async def _drop(runtime) -> None:
    """Leave the shared test servers as they were."""
    client = AsyncMongoClient(runtime.settings.mongo_url)
    await client.drop_database(runtime.settings.database)
    await client.close()
    connection = await aio_pika.connect(runtime.settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        for queue in (f"xiuhua.{runtime.bus.service}", f"xiuhua.{runtime.bus.service}.dlq"):
            await channel.queue_delete(queue)


async def _drop_inbox(inbox: Node) -> None:
    settings = inbox.settings
    client = redis.from_url(settings.redis_url)
    await client.delete(inbox.inbox.messages_key, inbox.inbox.ids_key, inbox.inbox.total_key)
    keys = [k async for k in client.scan_iter(match=f"{settings.redis_prefix}:devsms:limit:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()
