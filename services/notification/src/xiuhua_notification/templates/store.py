"""A community's wording of its messages: one document per reworded message in ``templates``::

    {_id: "<community>:<template id>", community, template_id,
     wording: {sms, provider_template, push_title, push_body, deep_link, group}, updated_at, updated_by}
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_notification.collections import TEMPLATES
from xiuhua_notification.templates.render import Renderer


async def overrides(db: AsyncDatabase, community: str, *, session: AsyncClientSession | None = None) -> dict[str, dict]:
    """Template id → the community's wording of it."""
    cursor = db[TEMPLATES].find({"community": community}, session=session)
    return {d["template_id"]: d["wording"] async for d in cursor}


async def renderer_for(db: AsyncDatabase, community: str, *, session: AsyncClientSession | None = None) -> Renderer:
    return Renderer(await overrides(db, community, session=session))


async def save(db: AsyncDatabase, *, community: str, template_id: str, wording: dict[str, Any],
               by: str, at: Any) -> None:
    await db[TEMPLATES].replace_one({"_id": f"{community}:{template_id}"}, {
        "community": community, "template_id": template_id, "wording": wording, "updated_at": at,
        "updated_by": by}, upsert=True)


async def reset(db: AsyncDatabase, *, community: str, template_id: str) -> None:
    await db[TEMPLATES].delete_one({"_id": f"{community}:{template_id}"})
