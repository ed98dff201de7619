"""Rankings, hot spots and contribution on the real servers, from the life of test_reporting_rates
(published out of order and twice), counted by hand — and only for those who may read them."""

from __future__ import annotations

from tests.integration.test_reporting_rates import MARCH, expect, figures, life, reporting  # noqa: F401
from tests.support.services import token


async def ask(svc, path: str, headers: dict, **params):
    return await svc.client.get(f"/reporting/v1/{path}", params=MARCH | params, headers=headers)


async def test_estates_and_communities_ranked_by_the_weighted_rates(reporting, life):  # noqa: F811
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    r = await ask(reporting, "rankings", staff, scope="community", id=life.community)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["level"] == "estate" and body["weights"] == {"response": 0.1, "resolution": 0.45,
                                                               "satisfaction": 0.45}
    # chunlan: received 3, 响应率 1/2, 解决率 1/1, 满意率 1/1 → (0.05 + 0.45 + 0.45) / 1 = 0.95, rank 1
    # dongyuan: received 2 (< 3): listed unranked, score (0.1·1 + 0 + 0) = 0.1
    got = [(e["key"], e["name"], e["rank"], e["score"], e["received"]) for e in body["entries"]]
    assert got == [("chunlan", "春澜璟园", 1, 0.95, 3), ("dongyuan", "东苑", None, 0.1, 2)]

    admin = token("admin", None, subdistrict=life.subdistrict)
    r = await ask(reporting, "rankings", admin, scope="subdistrict", id=life.subdistrict)
    # the community: 响应率 2/3, 解决率 1/2, 满意率 1/2 → (0.0667 + 0.225 + 0.225) = 0.5167
    [community] = r.json()["entries"]
    assert (community["key"], community["name"], community["rank"], community["score"]) == (
        life.community, "花园社区", 1, 0.5167)
    by_estate = (await ask(reporting, "rankings", admin, scope="subdistrict", id=life.subdistrict,
                           level="estate")).json()
    assert [(e["community"], e["key"]) for e in by_estate["entries"]] == [(life.community, "chunlan"),
                                                                          (life.community, "dongyuan")]
    wrong = await ask(reporting, "rankings", staff, scope="community", id=life.community, level="community")
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "invalid_level"


async def test_a_categorys_rates_in_the_callers_community_or_subdistrict(reporting, life):  # noqa: F811
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    parking = (await ask(reporting, "rates", staff, scope="category", id="parking")).json()
    # March's parking issues: I1 only (I6, I7 fall outside) — on time (30 min), solved, 满意, resolved in 50 h
    assert parking["name"] == "车库停车"
    assert figures(parking) == expect(1, 0, 1, 1, 1, 1, 1, (30, 30), (50, 50), 0)
    admin = token("admin", None, subdistrict=life.subdistrict)
    greening = (await ask(reporting, "rates", admin, scope="category", id="greening")).json()
    assert (greening["received"], greening["reopened"]) == (1, 1)  # I3, across the subdistrict
    other = token("staff", "other", subdistrict=life.subdistrict)
    assert (await ask(reporting, "rates", other, scope="category", id="parking")).json()["received"] == 0
    member = token("member", life.community, subdistrict=life.subdistrict, sub=life.m1)
    assert (await ask(reporting, "rates", member, scope="category", id="parking")).status_code == 403


async def test_members_contribution_from_the_life(reporting, life):  # noqa: F811
    lead = token("lead", life.community, subdistrict=life.subdistrict)
    r = await ask(reporting, "contribution", lead, community=life.community)
    assert r.status_code == 200, r.text
    members = {m["id"]: m for m in r.json()["members"]}
    # m1 holds I1, I2: responses 25 min (I1: assigned 01:05 → accepted 01:30) and 25 h 59 min (I2: 01:01 →
    # handed 03:00 next day = 1559 min) → median (nearest rank) 25; resolved I1 (no resolver named: the
    # assignee), not confirmed; rated I1 满意
    assert {k: members[life.m1][k] for k in ("name", "assigned", "handled", "response_minutes", "thanks", "rated",
                                            "satisfied")} == {"name": "李明", "assigned": 2, "handled": 1,
                                                              "response_minutes": 25.0, "thanks": 0, "rated": 1,
                                                              "satisfied": 1}
    # m2 holds I3, I4, I5: I3 answered 59 min after its assignment; resolved I3; rated unsolved
    assert {k: members[life.m2][k] for k in ("assigned", "handled", "response_minutes", "rated", "satisfied")} == {
        "assigned": 3, "handled": 1, "response_minutes": 59.0, "rated": 1, "satisfied": 0}


async def test_only_the_communitys_lead_staff_and_admins_read_them(reporting, life):  # noqa: F811
    sd = life.subdistrict
    for path, params in (("hotspots", {"community": life.community}), ("contribution", {"community": life.community}),
                         ("rankings", {"scope": "community", "id": life.community})):
        for role in ("lead", "staff"):
            assert (await ask(reporting, path, token(role, life.community, subdistrict=sd), **params)
                    ).status_code == 200, (path, role)
        assert (await ask(reporting, path, token("admin", None, subdistrict=sd), **params)).status_code == 200
        for headers in (token("member", life.community, subdistrict=sd, sub=life.m1),
                        token("resident", life.community, subdistrict=sd, estate="chunlan"),
                        token("lead", "other", subdistrict=sd), token("admin", None, subdistrict="elsewhere")):
            r = await ask(reporting, path, headers, **params)
            assert r.status_code == 403 and r.json()["error"]["message"], (path, r.text)
    staff = token("staff", life.community, subdistrict=sd)
    bad = await reporting.client.get("/reporting/v1/hotspots", headers=staff,
                                     params={"community": life.community, "at": "下周"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_period"
    assert (await reporting.client.get("/reporting/v1/hotspots", headers=staff,
                                       params={"community": life.community, "weeks": 99})).status_code == 422
    assert (await ask(reporting, "contribution", staff, community="nowhere")).status_code in (403, 404)
