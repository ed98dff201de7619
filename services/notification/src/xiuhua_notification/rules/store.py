"""A community's rule table in ``rules``, one document per community that changed the defaults::

    {_id: community, kinds: {kind: {recipients: {recipient: [channel]}, group: bool}}, updated_at, updated_by}
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_notification.collections import RULES
from xiuhua_notification.rules.table import Table, from_doc, to_doc


async def load(db: AsyncDatabase, community: str, *,
               session: AsyncClientSession | None = None) -> tuple[Table, dict[str, Any] | None]:
    """The community's table (over the defaults), and its stored document if it has one."""
    doc = await db[RULES].find_one({"_id": community}, session=session)
    return from_doc(doc), doc


async def save(db: AsyncDatabase, community: str, table: Table, *, by: str, at: Any) -> None:
    await db[RULES].replace_one({"_id": community}, {"kinds": to_doc(table), "updated_at": at, "updated_by": by},
                                upsert=True)


async def reset(db: AsyncDatabase, community: str) -> None:
    await db[RULES].delete_one({"_id": community})
