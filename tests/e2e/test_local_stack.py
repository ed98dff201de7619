"""`make run`'s launcher for real: four service processes, the development SMS inbox and nginx on the
test profile's ports, seeded by the `xiuhua seed` command, printing where to go and whom to log in
as, refusing to start twice, and leaving nothing behind."""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import aio_pika
import httpx
import pytest
import redis.asyncio as redis
from pymongo import AsyncMongoClient

from tests.support.demo import report
from tests.support.servers import AMQP_URL, JWT_SECRET, MONGO_URL, REDIS_URL, eventually
from tests.support.services import AUTH, token
from xiuhua_cli import demo

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = "http://127.0.0.1:18080"
SERVICE_PORTS = (18001, 18002, 18003, 18004, 18005, 18006)  # the services, the SMS provider and gateway
STACK = [sys.executable, str(ROOT / "infra" / "local" / "stack.py")]


LAUNCHED = ("intake", "assignment", "notification", "reporting", "devsms", "smsgateway")


@pytest.fixture
async def clean_slate():
    """The launcher's services use the default queue and database names. On test servers that stay up
    between runs, queues left from an earlier run would collect every other test's events and hand
    the launched services thousands to work through first: start and end without them."""
    async def clean():
        connection = await aio_pika.connect(AMQP_URL)
        async with connection:
            channel = await connection.channel()
            for name in LAUNCHED:
                for queue in (f"xiuhua.{name}", f"xiuhua.{name}.dlq"):
                    await channel.queue_delete(queue)
        client = AsyncMongoClient(MONGO_URL)
        for name in LAUNCHED:
            await client.drop_database(f"xiuhua_{name}")
        await client.close()
        store = redis.from_url(REDIS_URL)
        await store.delete("xiuhua:devsms:messages", "xiuhua:devsms:ids", "xiuhua:devsms:total")  # its codes
        await store.aclose()
        (ROOT / ".data" / "test" / "seeded").unlink(missing_ok=True)

    await clean()
    yield
    await clean()


async def launch(*args: str, output=asyncio.subprocess.PIPE) -> asyncio.subprocess.Process:
    env = os.environ | {"AMQP_URL": AMQP_URL, "MONGO_URL": MONGO_URL, "REDIS_URL": REDIS_URL,
                        "JWT_SECRET": JWT_SECRET, "XIUHUA_DEV_SMS_INBOX": "1"}  # as `make run` sets it
    return await asyncio.create_subprocess_exec(*STACK, *args, "--profile", "test", "--no-servers", cwd=ROOT,
                                                env=env, stdout=output, stderr=asyncio.subprocess.STDOUT)


async def answers(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(url)).status_code == 200
    except httpx.HTTPError:
        return False


async def test_launcher_starts_seeds_refuses_a_second_start_and_stops_everything(tmp_path, clean_slate):
    printed = tmp_path / "stack.out"
    supervisor = await launch("run", output=printed.open("w"))
    try:
        async with httpx.AsyncClient(base_url=GATEWAY, timeout=10) as client:
            lead = token("lead")

            async def seeded():
                try:
                    return (await client.get("/intake/v1/communities/huayuan", headers=lead)).status_code == 200
                except httpx.HTTPError:
                    return False

            # the banner comes once everything is ready and seeded
            await eventually(lambda: "is up" in printed.read_text(), timeout=90, interval=0.5)
            assert "seeding failed" not in printed.read_text(), printed.read_text()
            await eventually(seeded, timeout=10, interval=0.5)
            second = await launch("run")
            out, _ = await asyncio.wait_for(second.communicate(), timeout=60)
            assert second.returncode == 0 and b"already running" in out

            resident = token("resident", estate="chunlan", sub="resident-stack")
            issue = (await client.post("/intake/v1/issues", json=report(), headers=resident)).json()

            async def assigned():
                body = (await client.get(f"/intake/v1/issues/{issue['id']}", headers=resident)).json()
                return body["status"] == "assigned"

            await eventually(assigned, timeout=10)

            # a service process dies: the launcher brings it back and nothing is lost
            pid = int((ROOT / ".data" / "test" / "run" / "assignment.pid").read_text())
            os.killpg(pid, signal.SIGKILL)
            later = (await client.post("/intake/v1/issues", json=report(title="北门道闸坏了", category="security",
                                                                        place={"spot": "gate-north"}),
                                       headers=resident)).json()

            async def later_assigned():
                body = (await client.get(f"/intake/v1/issues/{later['id']}", headers=resident)).json()
                return body["status"] == "assigned"

            await eventually(later_assigned, timeout=30, interval=0.5)
            page = await client.get("/")
            assert page.status_code == 200 and "绣花" in page.text

            # the banner: the pages, the SMS inbox and one demo phone per role
            out = printed.read_text()
            assert re.search(rf"^  pages +{re.escape(GATEWAY)}/$", out, re.MULTILINE), out
            assert re.search(rf"^  SMS inbox +{re.escape(GATEWAY)}/dev/sms/( |$)", out, re.MULTILINE), out
            for person in demo.people():
                line = next(line for line in out.splitlines() if line.split()[:2] == [person.role, person.phone])
                assert person.who.split("（")[0] in line
            assert all(name in out for name in ("李明", "陈立群", "林芳", "王经理", "郑主任", "春澜璟园"))

            # the inbox the launcher started: a newcomer logs in with the code read from it
            inbox = await client.get("/dev/sms/")
            assert inbox.status_code == 200 and "开发短信收件箱" in inbox.text
            phone = f"175{random.randrange(10**8):08d}"
            login = await asyncio.create_subprocess_exec("xiuhua", "login", phone, "--url", GATEWAY,
                                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            out, err = await asyncio.wait_for(login.communicate(), timeout=60)
            assert login.returncode == 0, err.decode()
            assert AUTH.decode(out.decode().strip()).role == "resident"
    finally:
        if supervisor.returncode is None:
            supervisor.send_signal(signal.SIGTERM)
        await asyncio.wait_for(supervisor.wait(), timeout=60)
    assert supervisor.returncode == 0
    for port in SERVICE_PORTS:
        assert not await answers(f"http://127.0.0.1:{port}/healthz")
    assert not await answers(f"{GATEWAY}/gateway/healthz")
