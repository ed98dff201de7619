"""The dashboards' rankings, hot spots, contribution and periods, in the browser: the lead turns a
recurring garage problem into the team's own task; staff see who reports most, masked; the
subdistrict's admin ranks the communities and looks into one."""

from __future__ import annotations

from playwright.async_api import expect

from tests.browser.conftest import Person, log_in, new_phone, open_page, shots, usable
from tests.browser.test_pages import clean
from tests.support.servers import eventually
from tests.support.services import token
from xiuhua_cli import demo


async def garage_three_times(stack, community) -> None:
    for n, name in enumerate(("赵先生", "钱女士", "赵先生")):
        phone = "13700009999" if name == "赵先生" else new_phone()
        resident = token("resident", community.id, sub=f"web-{phone}", estate=community.estate, name=name)
        r = await stack.client.post("/intake/v1/issues", headers=resident, json={
            "community": community.id, "estate": community.estate, "place": {"spot": "garage-b"},
            "category": "车库停车", "title": f"车库B区又漏水了{n}", "reporter": {"name": name, "phone": phone}})
        assert r.status_code == 201, r.text
    lead = token("lead", community.id)

    async def hot() -> bool:
        r = await stack.client.get("/reporting/v1/hotspots", params={"community": community.id}, headers=lead)
        return bool(r.json()["items"])

    await eventually(hot, timeout=15)


async def test_the_lead_turns_a_hot_spot_into_a_task(browser, stack, community):
    await garage_three_times(stack, community)
    lead = community.lead
    page = await open_page(browser, lead)
    await log_in(page, stack, lead)
    await usable(page, "/dashboard", "未诉先办", "lead dashboard with hot spots")
    spot = page.locator(".hotspot", has_text="地下车库B区")
    await expect(spot.get_by_text("反复出现")).to_be_visible()
    await spot.get_by_role("button", name="查看问题").click()
    await expect(spot.get_by_text("车库B区又漏水了0")).to_be_visible()
    await expect(page.locator(".rankings").get_by_text(community.estate_name)).to_be_visible()
    await shots(page, "dashboard-hotspots")
    await spot.get_by_role("button", name="转为任务").click()
    await expect(spot.get_by_text("已转为任务")).to_be_visible()

    async def routed():
        items = (await stack.client.get("/intake/v1/issues", params={"community": community.id, "size": 50},
                                        headers=token("lead", community.id))).json()["items"]
        team = [i for i in items if i["channel"] == "team"]
        return team[0] if team and team[0]["status"] == "assigned" else None

    task = await eventually(routed, timeout=15)
    assert task["assignee"]["name"] == community.member.name  # routed to the member in charge of parking
    await page.reload()
    await expect(page.locator(".hotspot", has_text="地下车库B区").get_by_text("已转为任务")).to_be_visible()
    clean(lead)


async def test_staff_see_contribution_masked_and_any_period(browser, stack, community):
    await garage_three_times(stack, community)
    staff = community.staff
    page = await open_page(browser, staff, "desktop")
    await log_in(page, stack, staff)
    await usable(page, "/dashboard", "热心居民", "staff dashboard with contribution")
    residents = page.locator(".residents")
    await expect(residents.get_by_text("赵**")).to_be_visible()
    await expect(residents.get_by_text("137****9999")).to_be_visible()
    await expect(page.get_by_text("赵先生")).to_have_count(0)  # names only masked
    await expect(page.locator(".hotspot").get_by_role("button", name="转为任务")).to_have_count(0)  # the lead's
    await page.get_by_role("tab", name="自定义").click()
    await page.get_by_label("开始日期").fill("2025-01-01")
    await page.get_by_role("button", name="查看", exact=True).click()
    await expect(page.get_by_text("2025-01-01 起")).to_be_visible()
    await page.get_by_role("radio", name="类别").click()
    await expect(page.locator("table.figures").first.get_by_text("车库停车")).to_be_visible()
    await shots(page, "dashboard-contribution")
    clean(staff)


async def test_the_subdistrict_ranks_its_communities(browser, stack, community):
    await garage_three_times(stack, community)
    admin = Person("孙科长", new_phone())
    admins = [*demo.ADMINS, {"id": "lz-admin-sun", "name": admin.name, "phone": admin.phone}]
    r = await stack.client.put("/intake/v1/subdistricts/lizhou", headers=token("admin", None),
                               json={"name": "梨洲街道", "admins": admins})
    assert r.status_code == 200, r.text
    page = await open_page(browser, admin, "desktop")
    await log_in(page, stack, admin)
    await usable(page, "/dashboard", "排名", "subdistrict dashboard with rankings")
    ranking = page.locator(".rankings")
    await expect(ranking.get_by_text("得分 = 响应率×0.1 + 解决率×0.45 + 满意率×0.45")).to_be_visible()
    await expect(ranking.locator("tbody tr").first).to_be_visible()
    await page.get_by_label("查看社区").select_option(community.id)
    await expect(page.locator(".hotspot", has_text="地下车库B区")).to_be_visible()
    await ranking.get_by_role("radio", name="小区").click()
    await expect(ranking.get_by_text(community.estate_name)).to_be_visible()
    await shots(page, "dashboard-subdistrict")
    clean(admin)
