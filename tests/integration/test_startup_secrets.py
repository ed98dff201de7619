"""Secrets that fail closed: a service process started with a known placeholder or a short key
refuses to start with one clear line naming the variable, and tokens must carry our issuer and
audience."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from tests.support.servers import JWT_SECRET, eventually
from tests.support.services import running, settings_for, token
from tests.support.sms import free_port
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

BIN = Path(sys.executable).parent


# Nothing listens there: the process must decide before it connects anywhere (and /healthz answers
# without its servers), so no test database or queue is touched.
NOWHERE = {"AMQP_URL": "amqp://guest:guest@127.0.0.1:9/", "MONGO_URL": "mongodb://127.0.0.1:9/?replicaSet=rs0",
           "REDIS_URL": "redis://127.0.0.1:9/0", "LOG_LEVEL": "warning"}


async def start(script: str, stderr, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(str(BIN / script), env=os.environ | NOWHERE | env,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=stderr)


async def refused(script: str, **env: str) -> str:
    proc = await start(script, asyncio.subprocess.PIPE, **env)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"{script} started instead of refusing") from None
    assert proc.returncode != 0
    return err.decode()


@pytest.mark.parametrize("secret", ["change-me-local-only", "REPLACE-ME-overlay-must-set-jwt-secret",
                                    "demo-only-not-a-secret", "short-but-random-9Xq"])
async def test_a_service_refuses_to_start_with_a_known_or_short_jwt_secret(secret):
    err = await refused("xiuhua-intake", JWT_SECRET=secret)
    assert "xiuhua-intake: JWT_SECRET is refused" in err and "Traceback" not in err, err


@pytest.mark.parametrize("receipts", ["", "change-me-local-only", "e2e-receipts"])
async def test_the_sms_gateway_refuses_to_start_without_a_strong_receipt_token(receipts):
    err = await refused("xiuhua-smsgateway", JWT_SECRET=JWT_SECRET, SMS_RECEIPT_TOKEN=receipts)
    assert "xiuhua-smsgateway: SMS_RECEIPT_TOKEN is refused" in err and "Traceback" not in err, err


async def test_a_service_starts_with_a_strong_secret(tmp_path):
    port, log = free_port(), tmp_path / "stderr"
    with log.open("w") as stderr:
        proc = await start("xiuhua-intake", stderr, JWT_SECRET=JWT_SECRET, PORT=str(port))
    try:
        async def alive() -> bool:
            assert proc.returncode is None, log.read_text()
            try:
                async with httpx.AsyncClient(timeout=2) as client:
                    return (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(alive, timeout=90, interval=0.2)  # a busy machine takes its time to import
    finally:
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), timeout=30)
        except TimeoutError:
            proc.kill()
            await proc.wait()


def _signed(**claims) -> dict[str, str]:
    now = datetime.now(UTC)
    body = {"sub": "intruder", "role": "admin", "subdistrict": "lizhou", "iat": now, "exp": now + timedelta(hours=1)}
    return {"Authorization": f"Bearer {jwt.encode(body | claims, JWT_SECRET, algorithm='HS256')}"}


async def test_tokens_without_our_issuer_and_audience_are_401():
    async with running(create_app, settings_for(IntakeSettings)) as svc:
        assert (await svc.client.get("/intake/v1/me", headers=token("admin", None))).status_code == 200
        assert (await svc.client.get("/intake/v1/me", headers=_signed(iss="xiuhua", aud="xiuhua"))).status_code == 200
        for claims in ({}, {"iss": "xiuhua"}, {"aud": "xiuhua"}, {"iss": "elsewhere", "aud": "xiuhua"},
                       {"iss": "xiuhua", "aud": "another-service"}):
            r = await svc.client.get("/intake/v1/me", headers=_signed(**claims))
            assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_token", (claims, r.text)


async def test_an_outside_identity_providers_issuer_and_audience_are_settings():
    idp = {"jwt_issuer": "https://idp.lizhou.example/realms/xiuhua", "jwt_audience": "xiuhua-api"}
    async with running(create_app, settings_for(IntakeSettings, **idp)) as svc:
        ours = _signed(iss="https://idp.lizhou.example/realms/xiuhua", aud="xiuhua-api")
        assert (await svc.client.get("/intake/v1/me", headers=ours)).status_code == 200
        assert (await svc.client.get("/intake/v1/me", headers=_signed(iss="xiuhua", aud="xiuhua"))).status_code == 401
