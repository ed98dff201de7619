"""FastAPI dependencies every service's routes share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_runtime.runtime import Runtime


def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(_runtime)]


async def ensure_collections(db: AsyncDatabase, *names: str) -> None:
    """Create collections up front: MongoDB transactions cannot create them on first write."""
    existing = set(await db.list_collection_names())
    for name in names:
        if name not in existing:
            await db.create_collection(name)
