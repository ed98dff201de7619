"""The broker drops every connection (as in a restart): consumers come back by themselves,
readiness says so, and nothing published meanwhile is lost."""

from __future__ import annotations

import os
import uuid

import httpx

from tests.support.broker import publish
from tests.support.servers import eventually
from tests.support.services import running, settings_for
from xiuhua_events import new_event
from xiuhua_reporting.app import create_app
from xiuhua_reporting.settings import ReportingSettings

MANAGEMENT = os.environ.get("TEST_RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15673")


async def close_connections(name: str) -> int:
    async with httpx.AsyncClient(base_url=MANAGEMENT, auth=("guest", "guest"), timeout=10) as api:
        connections = (await api.get("/api/connections")).json()
        ours = [c["name"] for c in connections
                if (c.get("client_properties") or {}).get("connection_name") == name]
        for connection in ours:
            await api.delete(f"/api/connections/{connection}")
        return len(ours)


def submitted(issue_id: str):
    return new_event(type="xiuhua.issue.submitted.v1", source="/xiuhua/intake", tenant="huayuan",
                     subject=issue_id, data={"issue_id": issue_id, "community": "huayuan",
                                             "subdistrict": "lizhou", "estate": "chunlan", "category": "other"})


async def test_consumers_come_back_after_the_broker_drops_them():
    async with running(create_app, settings_for(ReportingSettings)) as svc:
        name = f"xiuhua-{svc.runtime.bus.service}"
        assert await eventually(lambda: close_connections(name), timeout=15)
        meanwhile = uuid.uuid4().hex
        await publish(submitted(meanwhile))  # lands in the durable queue while the consumer is away

        async def ready():
            return (await svc.client.get("/readyz")).status_code == 200

        await eventually(ready, timeout=30, interval=0.2)
        after = uuid.uuid4().hex
        await publish(submitted(after))
        view = svc.runtime.db.issue_view

        async def both_counted():
            return await view.count_documents({"_id": {"$in": [meanwhile, after]}}) == 2

        await eventually(both_counted, timeout=30)
