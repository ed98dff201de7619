"""Every event reporting consumes is kept in its archive, in the transaction that folds it (so once per
event id, and never one without the other). Residents in it are masked (domain.privacy): the archive is
the record of what happened, not a phone book."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from xiuhua_events import CloudEvent, Transaction
from xiuhua_reporting.adapters.mongo import ARCHIVE
from xiuhua_reporting.domain.privacy import masked_data


def record(event: CloudEvent, *, archived_at: datetime) -> dict[str, Any]:
    data = masked_data(event.data)
    return {"_id": event.id, "type": event.type, "time": event.time, "source": event.source,
            "tenant": event.tenant, "correlationid": event.correlationid, "subject": event.subject,
            "community": data.get("community"), "issue_id": data.get("issue_id"), "data": data,
            "archived_at": archived_at}


def event_of(doc: dict[str, Any]) -> CloudEvent:
    """The archived event as it was consumed (residents masked)."""
    return CloudEvent(id=doc["_id"], type=doc["type"], time=doc["time"], source=doc["source"],
                      tenant=doc["tenant"], correlationid=doc["correlationid"], subject=doc.get("subject"),
                      data=doc["data"], replayed=False)


async def keep(tx: Transaction, event: CloudEvent) -> None:
    """Archive ``event`` (the inbox claim of the same transaction makes it once per id)."""
    await tx.db[ARCHIVE].update_one({"_id": event.id},
                                    {"$setOnInsert": record(event, archived_at=datetime.now(UTC))},
                                    upsert=True, session=tx.session)
