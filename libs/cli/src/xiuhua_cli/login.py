"""`xiuhua login`: log in as a person does (手机号 + 验证码) through the gateway, the code read off the
development SMS inbox of `make run` (``GET /dev/sms/messages``). For newcomers and the README."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import httpx

PHONE = re.compile(r"^1[3-9]\d{9}$")
_CODE_IN_TEXT = re.compile(r"验证码\D{0,4}(\d{6})")
POLL_SECONDS = 0.3


class LoginFailed(Exception):
    """Why the login did not happen, in words an operator can act on."""


def login(*, url: str, phone: str, estate: str | None, default_estate: str, community: str | None = None,
          wait_seconds: float = 10.0, say: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Request a code, read it from the inbox, log in; the answer is the token pair (with ``me``).
    A new phone (409 ``estate_required``) logs in again as a resident of ``estate`` or ``default_estate``."""
    if not PHONE.match(phone):
        raise LoginFailed(f"{phone!r} is not a mainland mobile number (11 digits starting with 1[3-9])")
    base = url.rstrip("/")
    with httpx.Client(base_url=base, timeout=10) as http:
        seen = {m.get("out_id") for m in _inbox(http, base, phone)}  # codes sent before this login
        _expect(http.post("/intake/v1/auth/code", json={"phone": phone}), 202, "requesting a code")
        code = _wait_for_code(http, base, phone, seen, wait_seconds)
        body = {"phone": phone, "code": code} | ({"estate": estate} if estate else {}) \
            | ({"community": community} if community else {})
        answer = http.post("/intake/v1/auth/login", json=body)
        if answer.status_code == 409 and _error(answer).get("code") == "estate_required" and not estate:
            say(f"{phone} is new here: logging in as a resident of estate {default_estate!r} (--estate chooses)")
            answer = http.post("/intake/v1/auth/login", json=body | {"estate": default_estate})
        return _expect(answer, 200, "logging in").json()


def _inbox(http: httpx.Client, base: str, phone: str) -> list[dict[str, Any]]:
    try:
        r = http.get("/dev/sms/messages", params={"phone": phone, "limit": 500})
    except httpx.TransportError as exc:
        raise LoginFailed(f"nothing answers at {base} ({exc}); is `make run` running?") from exc
    if r.status_code in (502, 503, 504):
        raise LoginFailed(f"the development SMS inbox at {base}/dev/sms/ does not answer (HTTP {r.status_code}); "
                          f"see .data/log/devsms.log")
    if r.status_code != 200 or not r.headers.get("content-type", "").startswith("application/json"):
        raise LoginFailed(
            f"the development SMS inbox is off at {base}/dev/sms/ (HTTP {r.status_code}), so the code cannot be "
            f"read here. `make run` switches it on (XIUHUA_DEV_SMS_INBOX=1); it never runs in compose or "
            f"Kubernetes. There, read the code on the phone, or mint a token with `xiuhua token`.")
    body = r.json()
    return body["items"] if isinstance(body, dict) else body


def _wait_for_code(http: httpx.Client, base: str, phone: str, seen: set, wait_seconds: float) -> str:
    deadline = time.monotonic() + wait_seconds
    while True:
        for message in _inbox(http, base, phone):  # newest first
            if message.get("out_id") in seen:
                continue
            found = message.get("code") or _code_in(message.get("text", ""))
            if found:
                return found
        if time.monotonic() > deadline:
            raise LoginFailed(f"no login code for {phone} reached the SMS inbox within {wait_seconds:.0f}s; "
                              f"is the notification service running? ({base}/dev/sms/ shows what arrived)")
        time.sleep(POLL_SECONDS)


def _code_in(text: str) -> str | None:
    found = _CODE_IN_TEXT.search(text)
    return found.group(1) if found else None


def _error(r: httpx.Response) -> dict[str, Any]:
    try:
        error = r.json().get("error")
    except ValueError:
        return {}
    return error if isinstance(error, dict) else {}


def _expect(r: httpx.Response, status: int, doing: str) -> httpx.Response:
    if r.status_code == status:
        return r
    error = _error(r)
    if not error:
        raise LoginFailed(f"{doing} failed: HTTP {r.status_code} {r.text[:200]}")
    words = f"{doing} failed: {error.get('message')} ({error.get('code')}, HTTP {r.status_code})"
    if r.headers.get("Retry-After"):
        words += f"; try again in {r.headers['Retry-After']}s"
    if error.get("code") == "community_required":
        choices = ", ".join(str(d.get("community")) for d in error.get("details", []) if isinstance(d, dict))
        words += f"; choose one with --community ({choices})"
    elif error.get("code") == "unknown_estate":
        words += "; `curl …/intake/v1/estates` lists the estates"
    raise LoginFailed(words)
