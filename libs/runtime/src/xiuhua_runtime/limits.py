"""Bounded request bodies and JSON-only writes, enforced before a route reads anything."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from xiuhua_runtime.errors import _DEFAULT_CODES


class BodyLimitMiddleware:
    """413 for bodies over ``max_bytes`` (declared or streamed); 415 for non-JSON writes under
    ``json_prefixes`` (Open311 routes take form posts and are left to their own checks). ``uploads``:
    paths that take one multipart file instead, each with its own larger limit."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, json_prefixes: tuple[str, ...],
                 uploads: dict[str, int] | None = None) -> None:
        self.app, self.max_bytes, self.json_prefixes = app, max_bytes, json_prefixes
        self.uploads = uploads or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        upload = self.uploads.get(scope["path"])
        limit = upload or self.max_bytes
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _reject(send, 413)
            return
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        has_body = length not in (None, "0") or "transfer-encoding" in headers
        wanted = "multipart/form-data" if upload else "application/json"
        if has_body and scope["path"].startswith(self.json_prefixes) and media != wanted:
            await _reject(send, 415)
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, bounded_receive, send)
        except _TooLarge:
            await _reject(send, 413)


class _TooLarge(Exception):
    pass


async def _reject(send: Send, status: int) -> None:
    code, message = _DEFAULT_CODES[status]
    body = json.dumps({"error": {"code": code, "message": message, "details": []}}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
