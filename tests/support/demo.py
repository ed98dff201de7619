"""The demo community, loaded through the services' own HTTP APIs: the same requests `xiuhua seed`
makes (``demo.requests()``), split by the service that takes them."""

from __future__ import annotations

import httpx

from tests.support.services import token
from xiuhua_cli import demo

ADMIN = token("admin", None)


async def _put_all(client: httpx.AsyncClient, prefix: str) -> None:
    for path, body in demo.requests():
        if path.startswith(prefix):
            r = await client.put(path, json=body, headers=ADMIN)
            assert r.status_code == 200, (path, r.text)


async def load_subdistrict(intake: httpx.AsyncClient) -> None:
    """梨洲街道 with its admin 郑主任."""
    await _put_all(intake, "/intake/v1/subdistricts/")


async def load_community(intake: httpx.AsyncClient) -> None:
    """花园社区: 春澜璟园, its staff, the property company 春澜物业 and the settings."""
    await _put_all(intake, "/intake/v1/communities/")


async def load_team(assignment: httpx.AsyncClient) -> None:
    """春澜自治服务队: the lead and 20 members with their areas and phones."""
    await _put_all(assignment, "/assignment/v1/teams/")


def report(**overrides) -> dict:
    """A resident's report of a dark garage, as the H5 page sends it."""
    body = {
        "community": "huayuan", "estate": "chunlan",
        "place": {"spot": "garage-b", "detail": "B区电梯口附近"},
        "category": "车库停车", "title": "地下车库B区灯不亮",
        "description": "晚上下班回来，B区一排灯都不亮，很暗，存在安全隐患。",
        "reporter": {"name": "刘女士", "phone": "13800001234"},
    }
    return body | overrides
