"""Through the real nginx gateway: a client cannot choose the address its limits count under by
sending X-Forwarded-For. The gateway sends the services the address it saw, and the services
believe X-Forwarded-For only from the gateway."""

from __future__ import annotations

import random


async def test_login_codes_from_one_client_are_limited_whatever_address_it_claims(stack):
    intake = stack.runtimes["intake"]
    limit = intake.settings.login_codes_per_ip_hour
    # this client's count (127.0.0.1, the e2e tier's own) starts and ends at nothing
    counted = f"{intake.limiter.prefix}:ratelimit:login:ip:127.0.0.1"
    await intake.redis.delete(counted)
    base = random.randrange(10**3)
    try:
        answers = [await stack.client.post("/intake/v1/auth/code", json={"phone": f"135{base:03d}{n:05d}"},
                                           headers={"X-Forwarded-For": f"198.51.100.{n + 1}"})
                   for n in range(limit + 1)]
        assert [a.status_code for a in answers] == [202] * limit + [429]
        refused = answers[-1]
        assert refused.json()["error"]["message"] == "获取验证码太频繁，请稍后再试"
        assert 3000 < int(refused.headers["retry-after"]) <= 3600
        assert int(await intake.redis.get(counted)) == limit + 1  # all of them counted as this one client
    finally:
        await intake.redis.delete(counted)
