"""Supervision (督办) in the browser: staff find the overdue task on their list and press it; the
member sees the pressing on their tasks and the issue, takes it and waits on the resident."""

from __future__ import annotations

from playwright.async_api import expect

from tests.browser.conftest import Person, log_in, new_phone, open_page, shots, usable
from tests.browser.test_pages import _resident, clean, step, until_text
from tests.support.servers import eventually
from tests.support.services import token

SECOND = 1 / 3600


async def test_staff_press_an_overdue_task_and_the_member_sees_it(browser, stack, community):
    admin = token("admin", None)
    limits = {"rules": [{"priority": "normal", "respond_hours": 2 * SECOND, "resolve_hours": 24}],
              "ladder": [{"to": "lead", "after_hours": 0}, {"to": "staff", "after_hours": 1 * SECOND}]}
    r = await stack.client.put(f"/assignment/v1/teams/{community.id}/limits", headers=admin, json=limits)
    assert r.status_code == 200, r.text
    owner = Person("周先生", new_phone())
    title = "地下车库B区积水"
    r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
        "community": community.id, "estate": community.estate, "place": {"spot": "garage-b"}, "category": "车库停车",
        "title": title, "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    issue_id = r.json()["id"]
    staff_token = token("staff", community.id, sub=f"{community.id}-lin", name=community.staff.name)

    async def escalated_to_staff():
        task = (await stack.client.get(f"/assignment/v1/tasks/{issue_id}", headers=staff_token)).json()
        return task.get("escalated_to") == "staff"
    await eventually(escalated_to_staff, timeout=20, interval=0.3)

    staff = community.staff
    page = await open_page(browser, staff)
    await log_in(page, stack, staff)
    await usable(page, "/supervision", title, "supervision list")
    row = page.locator(".supervise", has_text=title)
    await expect(row.get_by_text("响应超时·已报社区")).to_be_visible()  # which limit: the response's
    await expect(row).to_contain_text("（已过，未响应）")  # beside its own deadline, not the resolution's
    await expect(row).to_contain_text("办结期限")
    overdue = page.locator(".counts .van-grid-item", has_text="超时")
    await expect(overdue).to_contain_text("超时（响应1·办结0）")
    await shots(page, "supervision")
    await row.get_by_role("button", name="督办").click()
    dialog = page.locator(".van-dialog")
    await expect(dialog.get_by_text(f"「{title}」")).to_be_visible()
    await dialog.locator("textarea").fill("已超时，请今天内联系居民并反馈")
    await shots(page, "supervision-press")
    await dialog.get_by_role("button", name="确认").click()
    await expect(row.get_by_text("督办1次")).to_be_visible()

    member = community.member
    phone = await open_page(browser, member)
    await log_in(phone, stack, member)
    await usable(phone, "/tasks", title, "member tasks")
    card = phone.locator(".task-card", has_text=title)
    await expect(card.locator(".van-tag", has_text="响应超时")).to_be_visible()
    await expect(card.get_by_text("督办：已超时，请今天内联系居民并反馈")).to_be_visible()
    await shots(phone, "tasks-pressed")
    await card.click()
    await expect(phone.get_by_text("督办 · " + staff.name)).to_be_visible()
    await step(phone, "受理")
    await expect(phone.get_by_text("已报告社区")).to_be_hidden()  # answered at last: no longer overdue
    await expect(phone.get_by_role("button", name="等待居民", exact=True)).to_be_visible()
    await step(phone, "等待居民", {"说明": "居民出差，约下周二上门查看"})
    await expect(phone.get_by_text("等待居民，已暂停")).to_be_visible()
    await shots(phone, "issue-waiting")
    await expect(phone.get_by_role("button", name="继续办理", exact=True)).to_be_visible()
    clean(staff, member)


async def test_the_lead_gives_a_member_days_and_places_and_routing_follows(browser, stack, community):
    lead = community.lead
    page = await open_page(browser, lead)
    await log_in(page, stack, lead)
    await page.goto("/#/lead")
    await page.get_by_role("tab", name="队员名单").click()
    await page.get_by_role("tabpanel", name="队员名单").get_by_text(community.member.name).click()
    sheet = page.locator(".stepform")
    await sheet.get_by_role("group", name="负责位置").get_by_role("button", name="地下车库B区").click()
    days = sheet.get_by_role("group", name="接单日")
    for day in ("周六", "周日"):
        await days.get_by_role("button", name=day).click()
    await sheet.get_by_label("可联系时间").fill("周末全天")
    await shots(page, "roster-days-places")
    await sheet.get_by_role("button", name="提交").click()
    await expect(sheet).to_be_hidden()
    row = page.get_by_role("tabpanel", name="队员名单").locator(".van-cell", has_text=community.member.name)
    await expect(row.get_by_text("周六周日接单 · 负责1处 · 周末全天")).to_be_visible()
    r = await stack.client.get(f"/assignment/v1/teams/{community.id}/members", headers=token("admin", None))
    mine = next(m for m in r.json()["items"] if m["id"] == community.member_id)
    assert mine["weekdays"] == [6, 7] and mine["places"] == ["garage-b"] and mine["hours"] == "周末全天"
    clean(lead)


async def test_the_last_lead_cannot_step_down_and_the_roster_says_why(browser, stack, community):
    lead = community.lead
    page = await open_page(browser, lead)
    await log_in(page, stack, lead)
    await page.goto("/#/lead")
    await page.get_by_role("tab", name="队员名单").click()
    roster = page.get_by_role("tabpanel", name="队员名单")
    await roster.get_by_text(f"{lead.name}（队长）").click()
    sheet = page.locator(".stepform")
    await sheet.get_by_role("radiogroup", name="状态").get_by_role("radio", name="停用").click()
    await sheet.get_by_role("button", name="提交").click()
    await expect(sheet.get_by_role("alert")).to_contain_text("服务队至少要有一名在岗的队长")
    await shots(page, "roster-last-lead")
    await page.locator(".van-popup__close-icon").click()
    await expect(roster.locator(".van-cell", has_text=lead.name)).to_contain_text("在岗")
    # the refusal the page shows is the one problem this browser met
    refused = [p for p in lead.problems if "409" in p and f"/members/{community.id}-chen" in p]
    assert len(refused) == 1, lead.problems
    lead.problems.remove(refused[0])
    clean(lead)


async def test_staff_see_on_the_board_what_nobody_can_take(browser, stack):
    """A new community's team with no lead yet: a report nobody is in charge of waits as 待派单 on
    督办台, and its staff see it there."""
    suffix = new_phone()[-6:]
    cid, estate = f"nolead{suffix}", f"nl{suffix}"
    staff, member, owner = Person("林芳", new_phone()), Person("李明", new_phone()), Person("周先生", new_phone())
    admin = token("admin", None)
    r = await stack.client.put(f"/intake/v1/communities/{cid}", headers=admin, json={
        "name": f"新苑社区{suffix[:3]}", "subdistrict": "lizhou",
        "estates": [{"id": estate, "name": f"新苑{suffix[:3]}", "households": 300,
                     "spots": [{"id": "green-central", "name": "中心绿地", "kind": "green"}]}],
        "staff": [{"id": f"{cid}-lin", "name": staff.name, "phone": staff.phone}]})
    assert r.status_code == 200, r.text
    assert (await stack.client.put(f"/assignment/v1/teams/{cid}", headers=admin,
                                   json={"name": "新苑服务队", "subdistrict": "lizhou"})).status_code == 200
    r = await stack.client.put(f"/assignment/v1/teams/{cid}/members/{cid}-li", headers=admin,
                               json={"name": member.name, "phone": member.phone, "areas": ["parking"]})
    assert r.status_code == 200, r.text
    title = "中心绿地的树枯死了"
    resident = token("resident", cid, sub=f"web-{owner.phone}", estate=estate, name=owner.name)
    r = await stack.client.post("/intake/v1/issues", headers=resident, json={
        "community": cid, "estate": estate, "place": {"spot": "green-central"}, "category": "绿化", "title": title,
        "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    issue_id = r.json()["id"]
    staff_token = token("staff", cid, sub=f"{cid}-lin", name=staff.name)

    async def waiting() -> bool:
        task = await stack.client.get(f"/assignment/v1/tasks/{issue_id}", headers=staff_token)
        return task.status_code == 200 and task.json()["status"] == "unrouted"
    await eventually(waiting, timeout=20, interval=0.3)

    page = await open_page(browser, staff)
    await log_in(page, stack, staff)
    await usable(page, "/supervision", title, "supervision list, a report nobody can take")
    row = page.locator(".supervise", has_text=title)
    await expect(row.get_by_text("无人可接·待安排")).to_be_visible()
    await expect(row).to_contain_text("待派单")
    await expect(page.locator(".counts .van-grid-item", has_text="无人可接").locator("strong")).to_have_text("1")
    await shots(page, "supervision-unrouted")
    clean(staff)


async def test_a_report_nobody_can_take_waits_visibly_and_goes_out_once_the_roster_has_someone(browser, stack):
    """A new team with no lead and nobody for 绿化: the resident reads 等待服务队分派 on the issue (and is
    texted so); once 李明 is given 绿化 the report goes to him at once, and the page says 已派单."""
    suffix = new_phone()[-6:]
    cid, estate, estate_name = f"wait{suffix}", f"wt{suffix}", f"新苑{suffix[:3]}"
    admin, owner = token("admin", None), Person("吴女士", new_phone())
    r = await stack.client.put(f"/intake/v1/communities/{cid}", headers=admin, json={
        "name": f"新苑社区{suffix[:3]}", "subdistrict": "lizhou",
        "estates": [{"id": estate, "name": estate_name, "households": 300,
                     "spots": [{"id": "gate-north", "name": "北门", "kind": "gate"}]}],
        "staff": [{"id": f"{cid}-lin", "name": "林芳", "phone": new_phone()}]})
    assert r.status_code == 200, r.text
    assert (await stack.client.put(f"/assignment/v1/teams/{cid}", headers=admin,
                                   json={"name": "新苑服务队", "subdistrict": "lizhou"})).status_code == 200
    li = {"name": "李明", "phone": new_phone(), "areas": ["parking"]}
    r = await stack.client.put(f"/assignment/v1/teams/{cid}/members/{cid}-li", headers=admin, json=li)
    assert r.status_code == 200, r.text

    page = await open_page(browser, owner)
    await log_in(page, stack, owner, estate_name)
    me = await page.evaluate("JSON.parse(localStorage.getItem('xiuhua.session')).me")
    resident = token("resident", cid, sub=me["id"], estate=estate, name=owner.name)
    r = await stack.client.post("/intake/v1/issues", headers=resident, json={
        "community": cid, "estate": estate, "place": {"spot": "gate-north"}, "category": "绿化",
        "title": "北门绿化带的灌木枯死了", "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    issue_id = r.json()["id"]

    async def task_is(status: str) -> bool:
        task = await stack.client.get(f"/assignment/v1/tasks/{issue_id}", headers=admin)
        return task.status_code == 200 and task.json()["status"] == status

    await eventually(lambda: task_is("unrouted"), timeout=20, interval=0.3)
    await page.goto(f"/#/issues/{issue_id}")
    await until_text(page, "等待服务队分派")
    await expect(page.locator(".van-tag", has_text="等待服务队分派").first).to_be_visible()
    await shots(page, "issue-waiting-for-the-team")

    async def texted() -> bool:  # the SMS asked of the gateway, in the resident's own delivery log
        mine = (await stack.client.get("/notification/v1/deliveries?person=me", headers=resident)).json()["items"]
        return any(m["channel"] == "sms" and "正在等待服务队分派" in m["text"] for m in mine)

    await eventually(texted, timeout=15, interval=0.3)

    r = await stack.client.put(f"/assignment/v1/teams/{cid}/members/{cid}-li", headers=admin,
                               json=li | {"areas": ["parking", "greening"]})
    assert r.status_code == 200, r.text
    await eventually(lambda: task_is("assigned"), timeout=20, interval=0.3)
    task = (await stack.client.get(f"/assignment/v1/tasks/{issue_id}", headers=admin)).json()
    assert task["assignee"]["id"] == f"{cid}-li" and task["why"].startswith("此前无人可接")
    await until_text(page, "已派单")
    await expect(page.locator(".van-tag", has_text="等待服务队分派")).to_have_count(0)
    clean(owner)
