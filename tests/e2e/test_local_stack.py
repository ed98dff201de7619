"""`make run`'s launcher for real: four service processes and nginx on the test profile's ports,
seeded by the `xiuhua seed` command, refusing to start twice, and leaving nothing behind."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx

from tests.support.demo import report
from tests.support.servers import AMQP_URL, JWT_SECRET, MONGO_URL, REDIS_URL, eventually
from tests.support.services import token

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = "http://127.0.0.1:18080"
SERVICE_PORTS = (18001, 18002, 18003, 18004)
STACK = [sys.executable, str(ROOT / "infra" / "local" / "stack.py")]


async def launch(*args: str, output=asyncio.subprocess.PIPE) -> asyncio.subprocess.Process:
    env = os.environ | {"AMQP_URL": AMQP_URL, "MONGO_URL": MONGO_URL, "REDIS_URL": REDIS_URL,
                        "JWT_SECRET": JWT_SECRET}
    return await asyncio.create_subprocess_exec(*STACK, *args, "--profile", "test", "--no-servers", cwd=ROOT,
                                                env=env, stdout=output, stderr=asyncio.subprocess.STDOUT)


async def answers(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(url)).status_code == 200
    except httpx.HTTPError:
        return False


async def test_launcher_starts_seeds_refuses_a_second_start_and_stops_everything(tmp_path):
    supervisor = await launch("run", output=(tmp_path / "stack.out").open("w"))
    try:
        async with httpx.AsyncClient(base_url=GATEWAY, timeout=10) as client:
            lead = token("lead")

            async def seeded():
                try:
                    return (await client.get("/intake/v1/communities/huayuan", headers=lead)).status_code == 200
                except httpx.HTTPError:
                    return False

            await eventually(seeded, timeout=90, interval=0.5)
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
    finally:
        if supervisor.returncode is None:
            supervisor.send_signal(signal.SIGTERM)
        await asyncio.wait_for(supervisor.wait(), timeout=60)
    assert supervisor.returncode == 0
    for port in SERVICE_PORTS:
        assert not await answers(f"http://127.0.0.1:{port}/healthz")
    assert not await answers(f"{GATEWAY}/gateway/healthz")
