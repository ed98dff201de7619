"""How often login codes and tries may come: per phone (the mainland providers' own limits), per
client address (neighbours behind one estate's Wi-Fi or a carrier's NAT share one), and for the
whole platform, since every code is a paid SMS and SMS pumping sends thousands to numbers of the
attacker's choosing. The address is what uvicorn established from a trusted proxy (TRUSTED_PROXIES),
never a header the client chose."""

from __future__ import annotations

import logging

from prometheus_client import Counter

from xiuhua_intake.settings import IntakeSettings
from xiuhua_runtime import TooManyRequests
from xiuhua_runtime.ratelimit import RateLimiter

log = logging.getLogger(__name__)

# Alerting: infra/prometheus/alerts.yml (LoginCodeCeilingReached) reads limit="platform".
LOGIN_CODES_REFUSED = Counter("xiuhua_login_codes_refused_total", "Login codes refused, by the limit that refused "
                              "them (phone, address, platform)", ["limit"])

TOO_OFTEN = "获取验证码太频繁，请稍后再试"
BUSY = "当前获取验证码的人数过多，请稍后再试"
TOO_MANY_TRIES = "登录尝试太频繁，请稍后再试"


async def before_code(*, limiter: RateLimiter, settings: IntakeSettings, phone: str, ip: str) -> None:
    """429 with Retry-After when this code would pass a limit; otherwise it counts against each."""
    s = settings
    await _counted("address", limiter.hit(f"login:ip:{ip}", limit=s.login_codes_per_ip_hour, window_seconds=3600,
                                          message=TOO_OFTEN))
    for window, limit in ((60, s.login_codes_per_phone_minute), (3600, s.login_codes_per_phone_hour),
                          (86400, s.login_codes_per_phone_day)):
        await _counted("phone", limiter.hit(f"login:phone:{window}:{phone}", limit=limit, window_seconds=window,
                                            message=TOO_OFTEN))
    # Last, so that what the limits above refused does not use up everyone's codes.
    await _counted("platform", limiter.hit("login:platform:3600", limit=s.login_codes_platform_hour,
                                           window_seconds=3600, message=BUSY, code="login_codes_busy",
                                           on_first_refusal=lambda: _ceiling_reached(s.login_codes_platform_hour)))


async def before_try(*, limiter: RateLimiter, settings: IntakeSettings, ip: str) -> None:
    """One address may try so many codes an hour, whichever phones they are for."""
    await limiter.hit(f"login:tries:ip:{ip}", limit=settings.login_tries_per_ip_hour, window_seconds=3600,
                      message=TOO_MANY_TRIES, code="too_many_tries")


async def _counted(limit: str, hit) -> None:
    try:
        await hit
    except TooManyRequests:
        LOGIN_CODES_REFUSED.labels(limit).inc()
        raise


def _ceiling_reached(ceiling: int) -> None:
    log.warning("the platform's ceiling of %d login codes an hour is reached: every further code is refused "
                "until the hour is over (LOGIN_CODES_PLATFORM_HOUR; SMS pumping?)", ceiling)
