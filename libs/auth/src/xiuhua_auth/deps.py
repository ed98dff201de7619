"""FastAPI dependencies: the caller as a ``Principal``, and role checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from xiuhua_auth.principal import Principal
from xiuhua_auth.tokens import Authenticator, TokenError

_bearer = HTTPBearer(auto_error=False, description="JWT with claims sub, role, community, subdistrict")


def _error(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail={"code": code, "message": message})


async def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise _error(401, "unauthenticated", "请先登录")
    authenticator: Authenticator = request.app.state.authenticator
    try:
        return authenticator.decode(credentials.credentials)
    except TokenError as exc:
        raise _error(401, "invalid_token", "登录已失效，请重新登录") from exc


CurrentUser = Annotated[Principal, Depends(current_user)]


def require_roles(*roles: str):
    """A dependency that lets only ``roles`` through (403 otherwise)."""

    async def check(user: CurrentUser) -> Principal:
        if user.role not in roles:
            raise _error(403, "forbidden", "您没有权限进行此操作")
        return user

    return Depends(check)
