"""The demo community, loaded through the services' own HTTP APIs."""

from __future__ import annotations

import httpx

from tests.support.services import token
from xiuhua_cli import demo

ADMIN = token("admin", None)


async def load_community(intake: httpx.AsyncClient) -> None:
    r = await intake.put(f"/intake/v1/communities/{demo.COMMUNITY_ID}", json=demo.COMMUNITY, headers=ADMIN)
    assert r.status_code == 200, r.text


async def load_team(assignment: httpx.AsyncClient) -> None:
    r = await assignment.put(f"/assignment/v1/teams/{demo.COMMUNITY_ID}", json=demo.TEAM, headers=ADMIN)
    assert r.status_code == 200, r.text
    for index, (member_id, name, role, areas) in enumerate(demo.MEMBERS, start=1):
        body = {"name": name, "phone": demo.member_phone(index), "role": role, "areas": areas}
        r = await assignment.put(f"/assignment/v1/teams/{demo.COMMUNITY_ID}/members/{member_id}", json=body,
                                 headers=ADMIN)
        assert r.status_code == 200, r.text


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
