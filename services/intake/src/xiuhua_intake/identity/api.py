"""HTTP routes of identity: phone + code login, tokens, who the caller is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from xiuhua_auth import CurrentUser
from xiuhua_intake.identity import service
from xiuhua_intake.identity.schemas import CodeRequest, CodeSent, Login, Me, MeUpdate, Refresh, TokenPair
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1", tags=["login"])


async def _context(request: Request) -> service.LoginContext:
    return request.app.state.login


Context = Annotated[service.LoginContext, Depends(_context)]


def _address(request: Request) -> str:
    """The client's address as uvicorn established it: X-Forwarded-For counts only from TRUSTED_PROXIES."""
    return request.client.host if request.client else "-"


@router.post("/auth/code", status_code=202, response_model=CodeSent,
             responses={422: {"description": "not a mainland mobile number"},
                        429: {"description": "too many codes for this phone or address, or the platform's "
                                              "hourly ceiling (`login_codes_busy`) is reached (Retry-After)"}})
async def send_code(body: CodeRequest, request: Request, ctx: Context) -> CodeSent:
    """Send a 6-digit login code by SMS (valid 5 minutes; at most 1 a minute, 5 an hour, 10 a day per phone,
    60 an hour per address; `login_codes_busy` when the platform's hourly ceiling is reached)."""
    await service.request_code(ctx=ctx, phone=body.phone, ip=_address(request))
    return CodeSent()


@router.post("/auth/login", response_model=TokenPair,
             responses={401: {"description": "`invalid_code` (attempts left in details; the fifth wrong try "
                                             "removes the code) or `code_expired` (expired, used or never sent)"},
                        409: {"description": "`estate_required`: a new phone must choose its estate (choices in "
                                             "details); the code stays valid"},
                        422: {"description": "invalid input, or `unknown_estate`"},
                        429: {"description": "`too_many_tries`: too many tries from this address this hour, "
                                             "whichever phones they were for (Retry-After)"}})
async def login(body: Login, request: Request, ctx: Context) -> TokenPair:
    """Phone + code → an access token (hours) and a refresh token, with who the caller is."""
    return await service.login(ctx=ctx, cmd=body, ip=_address(request))


@router.post("/auth/refresh", response_model=TokenPair, responses={401: {"description": "used, revoked or expired"}})
async def refresh(body: Refresh, ctx: Context) -> TokenPair:
    """Rotate: a new pair for a refresh token, which stops working; the role is re-read from the roster."""
    return await service.refresh(ctx=ctx, token=body.refresh_token)


@router.post("/auth/logout", status_code=204)
async def logout(body: Refresh, ctx: Context) -> Response:
    """Revoke the refresh token (and every token rotated from the same login)."""
    await service.logout(ctx=ctx, token=body.refresh_token)
    return Response(status_code=204)


@router.get("/me", response_model=Me, responses={401: {"description": "not logged in"}})
async def me(user: CurrentUser, rt: RuntimeDep) -> Me:
    """Who the caller is: id, name, role, community, estate, and their own phone."""
    return await service.who(db=rt.db, actor=user)


@router.patch("/me", response_model=Me, responses={401: {"description": "not logged in"},
                                                   403: {"description": "not a resident"},
                                                   404: {"description": "no resident record (a minted token)"}})
async def rename(body: MeUpdate, user: CurrentUser, rt: RuntimeDep) -> Me:
    """A resident sets how the team addresses them (刘女士)."""
    return await service.rename(db=rt.db, actor=user, name=body.name)
