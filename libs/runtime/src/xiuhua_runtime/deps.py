"""FastAPI dependencies every service's routes share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from xiuhua_runtime.runtime import Runtime


async def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(_runtime)]

