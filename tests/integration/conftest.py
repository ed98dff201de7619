from __future__ import annotations

import pytest

from tests.support.servers import wait_for_servers


@pytest.fixture(scope="session", autouse=True)
async def servers() -> None:
    await wait_for_servers()
