"""Login limits an attacker meets: the address a limit counts under is the one the connection came
from (X-Forwarded-For only from a trusted proxy), one address may try only so many codes, and the
whole platform sends only so many login SMS an hour."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from prometheus_client import REGISTRY

from tests.support.servers import eventually
from tests.support.services import _drop, running, settings_for
from tests.support.sms import free_port
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings
from xiuhua_runtime.serve import server_options


@asynccontextmanager
async def served(settings: IntakeSettings) -> AsyncIterator[httpx.AsyncClient]:
    """intake over real HTTP, served as `xiuhua-intake` serves it."""
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, **server_options(settings) | {"port": free_port(),
                                                                            "log_level": "warning"}))
    task = asyncio.create_task(server.serve())
    try:
        await eventually(lambda: server.started, timeout=30)
        await eventually(app.state.runtime.started.is_set, timeout=30)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.config.port}", timeout=10) as client:
            yield client
    finally:
        await _drop(app.state.runtime)
        server.should_exit = True
        await asyncio.gather(task, return_exceptions=True)


async def codes_from_chosen_addresses(client: httpx.AsyncClient, n: int) -> list[int]:
    return [(await client.post("/intake/v1/auth/code", json={"phone": f"1390000{i:04d}"},
                               headers={"X-Forwarded-For": f"203.0.113.{i + 1}"})).status_code for i in range(n)]


async def test_a_client_that_is_no_trusted_proxy_cannot_choose_its_address():
    # This test's client (127.0.0.1) is not the configured proxy: its X-Forwarded-For counts for nothing.
    async with served(settings_for(IntakeSettings, login_codes_per_ip_hour=3, trusted_proxies="192.0.2.1")) as client:
        assert await codes_from_chosen_addresses(client, 4) == [202, 202, 202, 429]
    # The same client as the configured gateway: the address it reports is the one counted.
    async with served(settings_for(IntakeSettings, login_codes_per_ip_hour=3, trusted_proxies="127.0.0.1")) as client:
        assert await codes_from_chosen_addresses(client, 4) == [202] * 4


async def test_one_address_may_try_only_so_many_codes_whichever_phones_they_are_for():
    async with running(create_app, settings_for(IntakeSettings, login_tries_per_ip_hour=3)) as svc:
        for n in range(3):  # guesses at codes other people asked for
            r = await svc.client.post("/intake/v1/auth/login", json={"phone": f"1370000{n:04d}", "code": "123456"})
            assert r.status_code == 401, r.text
        r = await svc.client.post("/intake/v1/auth/login", json={"phone": "13700009999", "code": "123456"})
        assert r.status_code == 429 and 3000 < int(r.headers["retry-after"]) <= 3600
        error = r.json()["error"]
        assert (error["code"], error["message"]) == ("too_many_tries", "登录尝试太频繁，请稍后再试")


def refused_by_the_ceiling() -> float:
    return REGISTRY.get_sample_value("xiuhua_login_codes_refused_total", {"limit": "platform"}) or 0.0


async def test_the_platform_sends_only_so_many_login_codes_an_hour_and_says_so(caplog):
    caplog.set_level(logging.WARNING)
    before = refused_by_the_ceiling()
    async with running(create_app, settings_for(IntakeSettings, login_codes_platform_hour=3)) as svc:
        statuses = [(await svc.client.post("/intake/v1/auth/code", json={"phone": f"1360000{n:04d}"})).status_code
                    for n in range(3)]
        assert statuses == [202] * 3
        for n in range(3, 5):
            r = await svc.client.post("/intake/v1/auth/code", json={"phone": f"1360000{n:04d}"})
            assert r.status_code == 429 and 3000 < int(r.headers["retry-after"]) <= 3600
            assert r.json()["error"]["code"] == "login_codes_busy"
            assert r.json()["error"]["message"] == "当前获取验证码的人数过多，请稍后再试"
        assert refused_by_the_ceiling() - before == 2
        metrics = (await svc.client.get("/metrics")).text
        assert 'xiuhua_login_codes_refused_total{limit="platform"}' in metrics
    warnings = [r for r in caplog.records if "ceiling of 3 login codes an hour" in r.getMessage()]
    assert [r.levelno for r in warnings] == [logging.WARNING]  # once, however many are refused
