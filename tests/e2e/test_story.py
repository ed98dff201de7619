"""The article's own cases as the acceptance test, through the gateway and the broker only.

A subdistrict admin onboards a community for 春澜璟园 through the APIs; every person logs in with
their phone and the code read from the development SMS inbox. Then:

- the garage signs (地下车库标识) are reported by two owners; the lead merges the second into the
  first; the member hands it to the property company, which acknowledges, promises a date and
  reports done; the member resolves it; the reporter confirms and rates it 满意;
- the dehumidifier (除湿机) is resolved, reopened once, then solved; rated 基本满意;
- a cleaning complaint is rejected with a reason.

At the end the timelines, the messages each person received, and the member's, the property
company's and the community's three rates equal what this test works out by hand.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import httpx

from tests.support.clock import shanghai_today
from tests.support.servers import eventually


class Person:
    def __init__(self, name: str, phone: str) -> None:
        self.name, self.phone = name, phone
        self.headers: dict[str, str] = {}
        self.me: dict = {}
        self.refresh = ""


def phones() -> callable:
    """Fresh mainland numbers for this run (the login limits count per phone)."""
    prefix = f"177{random.randrange(10**4):04d}"
    counter = iter(range(1, 10_000))
    return lambda: f"{prefix}{next(counter):04d}"


async def sms_to(client: httpx.AsyncClient, phone: str) -> list[dict]:
    body = (await client.get("/dev/sms/messages", params={"phone": phone, "limit": 100})).json()
    items = body["items"] if isinstance(body, dict) else body
    return sorted(items, key=lambda m: m.get("at") or m.get("received_at") or "")


async def log_in(client: httpx.AsyncClient, person: Person, **extra: str) -> Person:
    """手机号 + 验证码, the code read off the development SMS inbox."""
    r = await client.post("/intake/v1/auth/code", json={"phone": person.phone})
    assert r.status_code == 202, r.text

    async def code() -> str | None:
        for message in reversed(await sms_to(client, person.phone)):
            if message.get("code"):  # the provider's inbox shows the login template's code
                return message["code"]
        return None

    value = await eventually(code, timeout=10)

    async def accepted() -> dict | None:
        r = await client.post("/intake/v1/auth/login", json={"phone": person.phone, "code": value, **extra})
        if r.status_code == 409 and "estate" not in extra:
            return None  # the roster's news has not reached intake yet; the code stays valid
        assert r.status_code == 200, r.text
        return r.json()

    pair = await eventually(accepted, timeout=10, interval=0.3)
    remember(person, pair)
    return person


def remember(person: Person, pair: dict) -> None:
    person.headers, person.me = {"Authorization": f"Bearer {pair['access_token']}"}, pair["me"]
    person.refresh = pair["refresh_token"]


async def call(client: httpx.AsyncClient, who: Person, method: str, path: str, body: dict | None = None) -> dict:
    r = await client.request(method, path, json=body, headers=who.headers)
    assert r.status_code < 300, (who.name, method, path, r.status_code, r.text)
    return r.json() if r.content else {}


async def until_status(client: httpx.AsyncClient, who: Person, issue_id: str, status: str) -> dict:
    async def reached():
        body = await call(client, who, "GET", f"/intake/v1/issues/{issue_id}")
        return body if body["status"] == status else None

    return await eventually(reached, timeout=10)


async def until_task(client: httpx.AsyncClient, who: Person, issue_id: str, status: str) -> dict:
    async def reached():
        body = await call(client, who, "GET", f"/assignment/v1/tasks/{issue_id}")
        return body if body["status"] == status else None

    return await eventually(reached, timeout=10)


def nearest_rank(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1]


async def test_the_story_of_chunlan(stack):
    client, new_phone = stack.client, phones()
    started = datetime.now(UTC) - timedelta(seconds=1)
    community, estate = f"story{random.randrange(16**6):06x}", "chunlan"

    # -- the subdistrict admin onboards the community and its team -----------------------------
    admin = await log_in(client, Person("郑主任", "19900030001"))
    assert admin.me["role"] == "admin"
    staff, wang, liu_shifu = (Person(n, new_phone()) for n in ("林芳", "王经理", "刘师傅"))
    await call(client, admin, "PUT", f"/intake/v1/communities/{community}", {
        "name": "花园社区（故事）", "subdistrict": "lizhou", "subdistrict_name": "梨洲街道",
        "estates": [{"id": estate, "name": "春澜璟园", "households": 1031,
                     "buildings": [{"id": f"b{n}", "name": f"{n}幢", "units": 2} for n in range(1, 7)],
                     "spots": [{"id": "garage-a", "name": "地下车库A区", "kind": "garage"},
                               {"id": "garage-b", "name": "地下车库B区", "kind": "garage"}]}],
        "staff": [{"id": f"{community}-lin", "name": staff.name, "phone": staff.phone}],
        "property_companies": [{"id": f"{community}-wuye", "name": "春澜物业", "estates": [estate], "contacts": [
            {"id": f"{community}-wang", "name": wang.name, "phone": wang.phone},
            {"id": f"{community}-liu", "name": liu_shifu.name, "phone": liu_shifu.phone}]}],
        "settings": {"auto_close_days": 7, "reopen_days": 7}})
    await call(client, admin, "PUT", f"/assignment/v1/teams/{community}", {"name": "春澜自治服务队",
                                                                           "subdistrict": "lizhou"})
    lead, li_ming, feng_lei, zhou = (Person(n, new_phone()) for n in ("陈立群", "李明", "冯磊", "周建国"))
    for member_id, person, role, areas in (("chen", lead, "lead", []), ("li", li_ming, "member", ["parking"]),
                                           ("feng", feng_lei, "member", ["facilities"]),
                                           ("zhou", zhou, "member", ["cleaning"])):
        await call(client, admin, "PUT", f"/assignment/v1/teams/{community}/members/{community}-{member_id}",
                   {"name": person.name, "phone": person.phone, "role": role, "areas": areas})
    for person in (lead, li_ming, feng_lei, staff, wang):
        await log_in(client, person)
    assert (lead.me["role"], li_ming.me["role"], staff.me["role"], wang.me["role"]) == \
        ("lead", "member", "staff", "property")
    owner_liu, owner_zhang, owner_wang = (Person(n, new_phone()) for n in ("刘女士", "张先生", "王阿姨"))
    for owner in (owner_liu, owner_zhang, owner_wang):
        await log_in(client, owner, estate=estate, community=community)
        await call(client, owner, "PATCH", "/intake/v1/me", {"name": owner.name})
        r = await client.post("/intake/v1/auth/refresh", json={"refresh_token": owner.refresh})
        remember(owner, r.json())  # a fresh token carries the name
        assert owner.me["role"] == "resident" and owner.me["estate_name"] == "春澜璟园"

    def report(owner: Person, **fields) -> dict:
        return {"community": community, "estate": estate, "reporter": {"name": owner.name, "phone": owner.phone},
                **fields}

    # -- the garage signs, reported twice; the lead merges the second -------------------------
    signs = await call(client, owner_liu, "POST", "/intake/v1/issues", report(
        owner_liu, place={"spot": "garage-b", "detail": "B区出口"}, category="车库停车",
        title="地下车库B区指示牌标错了", description="出口方向的指示牌指反了，好几辆车开错方向。"))
    assert (await until_status(client, owner_liu, signs["id"], "assigned"))["assignee"]["name"] == "李明"
    twice = await call(client, owner_zhang, "POST", "/intake/v1/issues", report(
        owner_zhang, place={"spot": "garage-b"}, category="车库停车", title="车库B区标识方向错误"))
    await until_status(client, owner_zhang, twice["id"], "assigned")
    inbox = await call(client, lead, "GET", f"/intake/v1/issues?community={community}&untriaged=true")
    assert {signs["id"], twice["id"]} <= {i["id"] for i in inbox["items"]}
    await call(client, lead, "POST", f"/intake/v1/issues/{signs['id']}/triage", {"priority": "normal"})
    merged = await call(client, lead, "POST", f"/intake/v1/issues/{twice['id']}/merge",
                        {"into": signs["id"], "reason": "同一处标识"})
    assert merged["status"] == "merged" and merged["merged_into"]["number"] == signs["number"]

    # the member takes it, hands it to the property company; the company answers
    shown = await call(client, li_ming, "GET", f"/intake/v1/issues/{signs['id']}")
    assert shown["reporter"]["phone"] == owner_liu.phone  # the member in charge may call back
    await call(client, li_ming, "POST", f"/assignment/v1/tasks/{signs['id']}/accept", {})
    due, promised = shanghai_today(3), shanghai_today(2)
    await call(client, li_ming, "POST", f"/assignment/v1/tasks/{signs['id']}/handover",
               {"asked": "请更换B区指反了的出口指示牌", "due_date": due.isoformat()})
    await until_status(client, li_ming, signs["id"], "handed_to_property")
    handed = await call(client, wang, "GET", "/assignment/v1/tasks?property=me")
    assert [t["issue_id"] for t in handed["items"]] == [signs["id"]]
    as_company = await call(client, wang, "GET", f"/intake/v1/issues/{signs['id']}")
    assert as_company["reporter"]["phone"] != owner_liu.phone  # the company gets the place and the problem
    for kind, extra in (("acknowledged", {}), ("promised", {"promised_date": promised.isoformat()}),
                        ("done", {"note": "已更换新指示牌"})):
        await call(client, wang, "POST", f"/assignment/v1/tasks/{signs['id']}/property", {"kind": kind, **extra})
    await until_status(client, li_ming, signs["id"], "in_progress")
    await call(client, li_ming, "POST", f"/assignment/v1/tasks/{signs['id']}/resolve",
               {"note": "物业已更换B区出口指示牌"})
    await until_status(client, owner_liu, signs["id"], "resolved")
    await call(client, owner_liu, "POST", f"/intake/v1/issues/{signs['id']}/confirm")
    await call(client, owner_liu, "POST", f"/intake/v1/issues/{signs['id']}/rating",
               {"solved": True, "satisfaction": "satisfied", "comment": "服务队很给力"})

    # -- the dehumidifier: resolved, reopened once, then solved ------------------------------
    damp = await call(client, owner_wang, "POST", "/intake/v1/issues", report(
        owner_wang, place={"spot": "garage-a"}, category="设施维修", title="车库太潮湿，需要除湿机"))
    assert (await until_status(client, feng_lei, damp["id"], "assigned"))["assignee"]["name"] == "冯磊"
    await call(client, feng_lei, "POST", f"/assignment/v1/tasks/{damp['id']}/accept", {})
    await call(client, feng_lei, "POST", f"/assignment/v1/tasks/{damp['id']}/resolve", {"note": "已放置两台除湿机"})
    await until_status(client, owner_wang, damp["id"], "resolved")
    await call(client, owner_wang, "POST", f"/intake/v1/issues/{damp['id']}/reopen", {"reason": "还是很潮，墙面返潮"})
    assert "progress" in (await until_task(client, feng_lei, damp["id"], "assigned"))["actions"]
    await call(client, feng_lei, "POST", f"/assignment/v1/tasks/{damp['id']}/progress", {"note": "再加装一台除湿机"})
    await call(client, feng_lei, "POST", f"/assignment/v1/tasks/{damp['id']}/resolve", {"note": "共三台除湿机，已不潮"})
    await until_status(client, owner_wang, damp["id"], "resolved")
    await call(client, owner_wang, "POST", f"/intake/v1/issues/{damp['id']}/confirm")
    await call(client, owner_wang, "POST", f"/intake/v1/issues/{damp['id']}/rating",
               {"solved": True, "satisfaction": "basically_satisfied"})

    # -- a cleaning complaint, rejected with a reason ------------------------------------------
    litter = await call(client, owner_wang, "POST", "/intake/v1/issues", report(
        owner_wang, place={"building": "b3", "unit": 1}, category="保洁", title="3幢楼道堆满垃圾没人打扫"))
    await until_status(client, lead, litter["id"], "assigned")
    await call(client, lead, "POST", f"/intake/v1/issues/{litter['id']}/reject",
               {"reason": "经核实为装修垃圾，由装修户自行清运"})
    ended = datetime.now(UTC) + timedelta(seconds=1)

    # -- the timelines --------------------------------------------------------------------------
    async def timeline(issue_id: str) -> list[dict]:
        return (await call(client, lead, "GET", f"/intake/v1/issues/{issue_id}/timeline"))["items"]

    signs_steps, damp_steps = await timeline(signs["id"]), await timeline(damp["id"])
    assert [s["kind"] for s in signs_steps] == [
        "submitted", "assigned", "triaged", "merged_from", "accepted", "handed_to_property",
        "property_acknowledged", "property_promised", "property_done", "resolved", "confirmed", "closed", "rated"]
    assert [s["kind"] for s in damp_steps] == [
        "submitted", "assigned", "accepted", "resolved", "reopened", "progressed", "resolved", "confirmed",
        "closed", "rated"]
    assert [s["kind"] for s in await timeline(litter["id"])] == ["submitted", "assigned", "rejected"]
    assert [s["kind"] for s in await timeline(twice["id"])][-1] == "merged"
    by_kind = {s["kind"]: s for s in signs_steps}
    assert (by_kind["accepted"]["actor"]["name"], by_kind["accepted"]["actor"]["role"]) == ("李明", "member")
    assert by_kind["property_promised"]["actor"]["name"] == "王经理"
    assert by_kind["merged_from"]["actor"]["name"] == "陈立群"
    assert by_kind["rated"]["actor"]["role"] == "resident"

    # -- what each person was told ---------------------------------------------------------------
    async def texts(person: Person) -> list[str]:
        # the words of each SMS sent to them (the provider holds only template ids and parameters),
        # as their own message log keeps them; each of them went out through the SMS gateway
        mine = (await call(client, person, "GET", "/notification/v1/messages/mine?limit=200"))["items"]
        sent = {m["out_id"] for m in await sms_to(client, person.phone)}
        return [m["text"] for m in mine if m["channel"] == "sms" and m["out_id"] in sent]

    async def told(person: Person, *fragments: str) -> list[str]:
        async def all_there():
            got = await texts(person)
            return got if all(any(f in t for t in got) for f in fragments) else None

        return await eventually(all_there, timeout=10)

    liu_sms = await told(owner_liu, "已收到", "已派给服务队队员李明", "春澜物业", "承诺", "已办结")
    assert len(liu_sms) == 5, liu_sms
    zhang_sms = await told(owner_zhang, "已收到", "合并", "承诺", "已办结")
    assert not any("不予受理" in t for t in zhang_sms)
    wang_sms = await told(owner_wang, "已收到", "冯磊", "已办结", "不予受理", "装修垃圾")
    assert sum("已办结" in t for t in wang_sms) == 2 and sum("已收到" in t for t in wang_sms) == 2

    async def pushes(person: Person) -> list[dict]:
        return (await call(client, person, "GET", "/notification/v1/messages/mine"))["items"]

    async def pushed(person: Person, count: int) -> list[dict]:
        return await eventually(lambda: _at_least(pushes(person), count), timeout=10)

    assert {m["issue_id"] for m in await pushed(li_ming, 2)} >= {signs["id"], twice["id"]}
    assert signs["id"] in {m["issue_id"] for m in await pushed(wang, 1)}
    assert damp["id"] in {m["issue_id"] for m in await pushed(lead, 1)}  # told of the reopen

    # -- the three rates, by hand -------------------------------------------------------------
    def at(steps: list[dict], kind: str, last: bool = False) -> datetime:
        found = [datetime.fromisoformat(s["at"]) for s in steps if s["kind"] == kind]
        return found[-1] if last else found[0]

    first_response = [(at(s, "accepted") - at(s, "submitted")).total_seconds() / 60 for s in (signs_steps, damp_steps)]
    resolution = [(at(s, "resolved", last=True) - at(s, "submitted")).total_seconds() / 3600
                  for s in (signs_steps, damp_steps)]
    period = {"from": started.isoformat(), "to": ended.isoformat()}

    async def rates(who: Person, scope: str, scope_id: str) -> dict:
        return await call(client, who, "GET", "/reporting/v1/rates?" + str(httpx.QueryParams(
            {"scope": scope, "id": scope_id, **period})))

    async def settled(who: Person, scope: str, scope_id: str, received: int) -> dict:
        async def done():
            body = await rates(who, scope, scope_id)
            return body if body["received"] == received and body["backlog"] == 0 and body["reopened"] is not None \
                and body.get("satisfaction_rate") is not None else None

        return await eventually(done, timeout=10)

    whole = await settled(staff, "community", community, received=4)  # two signs, the damp, the litter
    assert (whole["response_rate"], whole["resolution_rate"], whole["satisfaction_rate"]) == (1.0, 1.0, 1.0)
    assert whole["reopened"] == 1
    assert math.isclose(whole["first_response_minutes"]["p50"], nearest_rank(first_response, 0.5), abs_tol=0.05)
    assert math.isclose(whole["first_response_minutes"]["p90"], nearest_rank(first_response, 0.9), abs_tol=0.05)
    assert math.isclose(whole["resolution_hours"]["p50"], nearest_rank(resolution, 0.5), abs_tol=0.01)
    assert math.isclose(whole["resolution_hours"]["p90"], nearest_rank(resolution, 0.9), abs_tol=0.01)

    member = await settled(lead, "member", f"{community}-li", received=2)  # the signs and their duplicate
    assert (member["response_rate"], member["satisfaction_rate"], member["reopened"]) == (1.0, 1.0, 0)
    damp_member = await settled(lead, "member", f"{community}-feng", received=1)
    assert (damp_member["resolution_rate"], damp_member["reopened"]) == (1.0, 1)
    company = await settled(staff, "property", f"{community}-wuye", received=1)
    assert company["response_rate"] == 1.0  # acknowledged well within its limit
    assert company["resolution_rate"] == 1.0 and company["satisfaction_rate"] == 1.0


async def _at_least(items, count: int):
    got = await items
    return got if len(got) >= count else None
