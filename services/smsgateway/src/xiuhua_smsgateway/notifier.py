"""Telling notification how a message went: ``POST /notification/v1/receipts`` as a gateway
(notification keeps the message log's status and publishes ``notification.delivered`` / ``failed``)."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import httpx

from xiuhua_auth import Authenticator, Principal

log = logging.getLogger(__name__)
TOKEN_LIFE = timedelta(hours=1)


class NotificationUnavailable(Exception):
    """Notification did not take the receipt; the caller retries later."""


class Notifier:
    def __init__(self, *, url: str, token: str, authenticator: Authenticator | None, subdistrict: str) -> None:
        self.url = url.rstrip("/")
        self._fixed, self._auth, self._subdistrict = token, authenticator, subdistrict
        self._token, self._minted = "", 0.0
        self._client = httpx.AsyncClient(timeout=10)

    def _bearer(self) -> str:
        if self._fixed:
            return self._fixed
        if self._auth is None:
            raise NotificationUnavailable("set NOTIFICATION_TOKEN or JWT_SECRET to report receipts")
        # No token yet, or half its life gone. (The monotonic clock counts from boot: on a machine
        # up for less than half an hour, "minted at 0" would look fresh and leave the token empty.)
        if not self._token or time.monotonic() - self._minted > TOKEN_LIFE.total_seconds() / 2:
            principal = Principal(sub="smsgateway", role="gateway", subdistrict=self._subdistrict)
            self._token, self._minted = self._auth.issue(principal, ttl=TOKEN_LIFE), time.monotonic()
        return self._token

    async def report(self, *, out_id: str, delivered: bool, code: str | None = None,
                     message: str | None = None) -> None:
        """Report one outcome; a message notification does not know (or will not let this gateway
        report on) is logged and left, anything else unanswered raises ``NotificationUnavailable``."""
        if not self.url:
            return
        body = {"out_id": out_id, "status": "delivered" if delivered else "failed",
                "error_code": (code or None) and code[:40], "error_message": (message or None) and message[:200]}
        try:
            r = await self._client.post(f"{self.url}/notification/v1/receipts", json=body,
                                        headers={"Authorization": f"Bearer {self._bearer()}"})
        except httpx.HTTPError as exc:
            raise NotificationUnavailable(str(exc)) from exc
        if r.status_code in (403, 404):
            log.warning("notification refused the receipt of %s: %s %s", out_id, r.status_code, r.text[:200])
        elif r.status_code >= 300:
            raise NotificationUnavailable(f"HTTP {r.status_code}: {r.text[:200]}")

    async def close(self) -> None:
        await self._client.aclose()
