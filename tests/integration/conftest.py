from __future__ import annotations

import pytest

from tests.support.demo import load_community
from tests.support.servers import wait_for_servers
from tests.support.services import running, settings_for
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings


@pytest.fixture(scope="session", autouse=True)
async def servers() -> None:
    await wait_for_servers()


@pytest.fixture
async def intake_with_community():
    """intake on the real servers with 花园社区 loaded (春澜璟园, its staff and property company)."""
    async with running(create_app, settings_for(IntakeSettings)) as svc:
        await load_community(svc.client)
        yield svc
