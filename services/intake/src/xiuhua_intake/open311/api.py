"""Open311 GeoReport v2 at /open311/v2/ (https://wiki.open311.org/GeoReport_v2/): what a city 12345
system or any Open311 client speaks to read and file requests, in .json or .xml."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Path, Request, Response
from fastapi.exceptions import RequestValidationError

from xiuhua_intake.open311 import service
from xiuhua_intake.open311.formats import ANSWER, ERRORS, Open311Error, error, render
from xiuhua_runtime import ApiError
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/open311/v2", tags=["open311"], responses=ERRORS)
Fmt = Annotated[str, Path(pattern="^(json|xml)$", description="json or xml")]
SPEC = "http://wiki.open311.org/GeoReport_v2"
_DOC = ANSWER


async def _answer(fmt: str, root: str, make: Callable[[], Awaitable[Any]], status: int = 200) -> Response:
    try:
        return render(await make(), fmt, root=root, status=status)
    except Open311Error as exc:
        return error(exc, fmt)
    except ApiError as exc:  # the platform's own refusals (limits, bad input), in Open311's shape
        return error(Open311Error(exc.status if exc.status != 422 else 400, exc.message), fmt)


@router.get("/discovery.{fmt}", responses={200: _DOC})
async def discovery(fmt: Fmt, rt: RuntimeDep) -> Response:
    """Where this endpoint is and what it speaks."""
    url = f"{rt.settings.public_url.rstrip('/')}/open311/v2/"

    async def make() -> dict:
        return {"changeset": "2026-11-25T00:00:00+08:00", "contact": "所在街道的平台管理员", "key_service":
                "api_key 由街道为每个对接系统签发（角色 gateway 的令牌）",
                "endpoints": [{"specification": SPEC, "url": url, "changeset": "2026-11-25T00:00:00+08:00",
                               "type": "production", "formats": ["text/xml", "application/json"]}]}
    return await _answer(fmt, "discovery", make)


@router.get("/services.{fmt}", responses={200: _DOC})
async def services(fmt: Fmt, request: Request, rt: RuntimeDep) -> Response:
    """The categories of a jurisdiction (a community), as Open311 services."""
    async def make() -> list:
        await service.jurisdiction(rt.db, request.query_params.get("jurisdiction_id"), None)
        return service.services()
    return await _answer(fmt, "services", make)


@router.get("/services/{service_code}.{fmt}", responses={200: _DOC})
async def definition(service_code: Annotated[str, Path(max_length=32)], fmt: Fmt, request: Request,
                     rt: RuntimeDep) -> Response:
    """A service's attributes: the estate, and the place as a public spot or a building and unit."""
    async def make() -> dict:
        community = await service.jurisdiction(rt.db, request.query_params.get("jurisdiction_id"), None)
        return service.definition(community, service_code)
    return await _answer(fmt, "service_definition", make)


@router.post("/requests.{fmt}", responses={200: _DOC})
async def post_request(fmt: Fmt, request: Request, rt: RuntimeDep,
                       idempotency_key: Annotated[str | None, Header(max_length=64)] = None) -> Response:
    """File a request (form-encoded, with api_key); the answer names it at once, no token needed."""
    async def make() -> list:
        form = {k: str(v) for k, v in (await request.form()).items()}
        actor = service.gateway(rt.authenticator, form.get("api_key"))
        return await service.file(uow=rt.uow, limiter=rt.limiter, actor=actor, form=form,
                                  hourly_limit=rt.settings.submissions_per_phone_hour,
                                  idempotency_key=idempotency_key)
    return await _answer(fmt, "service_requests", make)


@router.get("/requests.{fmt}", responses={200: _DOC})
async def get_requests(fmt: Fmt, request: Request, rt: RuntimeDep) -> Response:
    """Requests of a jurisdiction: by id, or by service, status and dates (90 days, 1,000 at most). No
    api_key (GeoReport v2: GET Service Requests needs none): category, catalogued place, status and dates,
    nothing personal, as on the public board."""
    async def make() -> list:
        return await service.requests(db=rt.db, query=dict(request.query_params))
    return await _answer(fmt, "service_requests", make)


@router.get("/requests/{service_request_id}.{fmt}", responses={200: _DOC})
async def get_request(service_request_id: Annotated[str, Path(max_length=64)], fmt: Fmt, request: Request,
                      rt: RuntimeDep) -> Response:
    """One request, as the public board shows it (no api_key)."""
    async def make() -> list:
        query = dict(request.query_params) | {"service_request_id": service_request_id}
        found = await service.requests(db=rt.db, query=query)
        if not found:
            raise Open311Error(404, f"service_request_id {service_request_id} not found")
        return found
    return await _answer(fmt, "service_requests", make)


@router.get("/tokens/{token}.{fmt}", responses={200: _DOC})
async def get_token(token: Annotated[str, Path(max_length=64)], fmt: Fmt) -> Response:
    """Requests are named at once when filed, so no token ever stands for one."""
    async def make() -> list:
        raise Open311Error(404, f"token {token} not found: service_request_id is returned when a request is filed")
    return await _answer(fmt, "service_requests", make)


def answer_invalid_input_in_open311(app: FastAPI) -> None:
    """Input FastAPI refuses before a route runs (a format other than json or xml, a too-long id) is
    answered on these routes in Open311's error list too, in the path's format (JSON if unknown)."""
    platform = app.exception_handlers[RequestValidationError]

    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith(router.prefix):
            return await platform(request, exc)
        problems = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in exc.errors())
        return error(Open311Error(422, problems), "xml" if request.url.path.endswith(".xml") else "json")

    app.add_exception_handler(RequestValidationError, invalid)
