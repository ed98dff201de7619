"""One error shape for every route: ``{"error": {"code", "message", "details"}}``.

Messages are Chinese because residents read them; codes are stable English identifiers.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pymongo.errors import ConnectionFailure, OperationFailure, PyMongoError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)

_DEFAULT_CODES = {
    400: ("bad_request", "请求有误"),
    401: ("unauthenticated", "请先登录"),
    403: ("forbidden", "您没有权限进行此操作"),
    404: ("not_found", "找不到该内容"),
    405: ("method_not_allowed", "不支持该操作"),
    409: ("conflict", "状态已变化，请刷新后重试"),
    413: ("payload_too_large", "提交的内容过大"),
    415: ("unsupported_media_type", "请以 JSON 格式提交"),
    422: ("invalid", "提交的内容有误"),
    429: ("too_many_requests", "操作太频繁，请稍后再试"),
    503: ("unavailable", "服务暂时不可用，请稍后再试"),
}


class ErrorInfo(BaseModel):
    code: str = Field(description="stable English identifier, e.g. `invalid`, `not_found`, `forbidden`")
    message: str = Field(description="what went wrong, in Chinese, fit to show to the person")
    details: list[Any] = Field(default_factory=list, description="more about it, e.g. each refused field "
                                                                 "as {field, problem, type}")


class ErrorBody(BaseModel):
    """The body of every error answer (Open311's routes answer in Open311's own format instead)."""

    error: ErrorInfo


class ApiError(Exception):
    status = 400

    def __init__(self, message: str, *, code: str | None = None, details: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message, self.details, self.headers = message, details or [], headers
        self.code = code or _DEFAULT_CODES[self.status][0]


class Unauthorized(ApiError):
    status = 401


class NotFound(ApiError):
    status = 404


class Forbidden(ApiError):
    status = 403


class Conflict(ApiError):
    status = 409


class Unprocessable(ApiError):
    status = 422


class TooManyRequests(ApiError):
    status = 429


def error_response(status: int, code: str, message: str, details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details, headers=exc.headers)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        code, message = _DEFAULT_CODES.get(exc.status_code, ("error", "请求失败"))
        if isinstance(exc.detail, dict):
            code, message = exc.detail.get("code", code), exc.detail.get("message", message)
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        return error_response(422, "invalid", "提交的内容有误，请检查后重新提交", details)

    @app.exception_handler(RedisConnectionError)
    @app.exception_handler(RedisTimeoutError)
    async def _redis(_: Request, exc: Exception) -> JSONResponse:
        log.warning("redis unavailable: %s", exc)
        return error_response(503, "unavailable", "服务暂时不可用，请稍后再试", headers={"Retry-After": "5"})

    @app.exception_handler(PyMongoError)
    async def _mongo(_: Request, exc: PyMongoError) -> JSONResponse:
        transient = isinstance(exc, OperationFailure) and exc.has_error_label("TransientTransactionError")
        if transient:
            return error_response(409, "conflict", "数据正在被他人修改，请重试")
        if isinstance(exc, ConnectionFailure):
            return error_response(503, "unavailable", "服务暂时不可用，请稍后再试", headers={"Retry-After": "5"})
        log.exception("database error")
        return error_response(500, "internal", "服务出错了，请稍后再试")


# What any route may answer, whatever it does: a body that cannot be read (400), a path that names
# nothing (404), a transaction that met another (409), input refused (422), a server not reachable
# (503); a route that needs a token: 401 and 403; a route that takes a body: 413 and 415.
_EVERY_ROUTE = (400, 404, 409, 422, 503)
_SIGNED_IN = (401, 403)
_WITH_BODY = (413, 415)
_MEANING = {400: "the request could not be read", 401: "not logged in, or the token is not valid",
            403: "not allowed for this caller", 404: "not found", 409: "in conflict with the current state",
            413: "the body is too large", 415: "the body is not JSON", 422: "invalid input",
            503: "a server it needs is not reachable (Retry-After)"}
_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}


def document_errors(app: FastAPI, *, prefixes: tuple[str, ...]) -> None:
    """Declare in the OpenAPI document, once for every route under ``prefixes``, the error answers
    the runtime gives and their body, ``ErrorBody``; a route names only its own (e.g. 429)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(body.pop("$defs", {}))
            schemas["ErrorBody"] = body
            for path, operations in document.get("paths", {}).items():
                if path.startswith(prefixes):
                    for method, operation in operations.items():
                        _declare(operation, with_body=method in ("post", "put", "patch"))
        return app.openapi_schema

    app.openapi = openapi


def _declare(operation: dict[str, Any], *, with_body: bool) -> None:
    responses = operation.setdefault("responses", {})
    statuses = _EVERY_ROUTE + (_SIGNED_IN if operation.get("security") else ()) + (_WITH_BODY if with_body else ())
    for status in statuses:
        responses.setdefault(str(status), {"description": _MEANING[status]})
    for status, response in responses.items():
        if status[0] in "45" and _is_default(response):
            if response.get("description") == "Validation Error":  # FastAPI's, whose body is not ours
                response["description"] = _MEANING[422]
            response["content"] = _ERROR_CONTENT


def _is_default(response: dict[str, Any]) -> bool:
    """No body declared, or FastAPI's own validation error body, which the handler above replaces."""
    content = response.get("content")
    return not content or content == {
        "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}
