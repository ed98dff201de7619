"""The three rates, honest and explained, in the browser: the return visit decides nothing for the
resident; every rate shows the counts it rests on, how it is counted and when its base is too small;
在办 is one word and one number on the dashboard, the month's report and the public board."""

from __future__ import annotations

from playwright.async_api import expect

from tests.browser.conftest import Person, log_in, new_phone, open_page, shots, usable
from tests.browser.test_pages import _resident, clean
from tests.support.servers import eventually
from tests.support.services import token


async def reported(stack, community, owner: Person, title: str, spot: str = "garage-b") -> str:
    r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
        "community": community.id, "estate": community.estate, "place": {"spot": spot}, "category": "车库停车",
        "title": title, "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def resolved(stack, community, issue_id: str) -> None:
    """The member in charge takes the issue and resolves it; intake shows it 已办结 a moment later."""
    member = token("member", community.id, sub=community.member_id, name=community.member.name)
    lead = token("lead", community.id)

    async def routed() -> bool:
        r = await stack.client.get(f"/assignment/v1/tasks/{issue_id}", headers=lead)
        return r.status_code == 200 and r.json()["status"] == "assigned"

    await eventually(routed, timeout=15)
    for step, body in (("accept", {}), ("resolve", {"note": "已更换B区灯管"})):
        r = await stack.client.post(f"/assignment/v1/tasks/{issue_id}/{step}", headers=member, json=body)
        assert r.status_code == 200, r.text

    async def shown() -> bool:
        r = await stack.client.get(f"/intake/v1/issues/{issue_id}", headers=lead)
        return r.json()["status"] == "resolved"

    await eventually(shown, timeout=15)


async def test_the_return_visit_chooses_nothing_for_the_resident(browser, stack, community):
    owner = Person("刘女士", new_phone())
    issue_id = await reported(stack, community, owner, "地下车库B区灯不亮")
    await resolved(stack, community, issue_id)
    page = await open_page(browser, owner)
    await log_in(page, stack, owner, estate_name=community.estate_name)
    await usable(page, f"/issues/{issue_id}", "确认并评价", "resident issue, return visit")
    await expect(page.get_by_role("button", name="确认已解决", exact=True)).to_have_count(0)  # one sheet for both
    await page.get_by_role("button", name="确认并评价", exact=True).click()
    sheet = page.locator(".stepform")
    await expect(sheet.get_by_role("radio")).to_have_count(5)  # 已解决 未解决 · 满意 基本满意 不满意
    for radio in await sheet.get_by_role("radio").all():
        await expect(radio).to_have_attribute("aria-checked", "false")  # nothing chosen for the resident
    await shots(page, "resident-return-visit")
    await sheet.get_by_role("button", name="提交评价").click()
    await expect(sheet.get_by_role("alert")).to_have_text("请先选择：问题解决了吗、满意度")
    await sheet.get_by_role("radio", name="已解决", exact=True).click()
    await sheet.get_by_role("button", name="提交评价").click()
    await expect(sheet.get_by_role("alert")).to_have_text("请先选择：满意度")
    lead = token("lead", community.id)
    assert (await stack.client.get(f"/intake/v1/issues/{issue_id}", headers=lead)).json()["rating"] is None
    await sheet.get_by_role("radio", name="基本满意", exact=True).click()
    await sheet.get_by_label("留言").fill("灯亮了，谢谢")
    await sheet.get_by_role("button", name="提交评价").click()
    await expect(sheet).to_be_hidden()
    await expect(page.locator(".issue-head").get_by_text("已关闭")).to_be_visible()  # 已解决 also confirmed it
    body = (await stack.client.get(f"/intake/v1/issues/{issue_id}", headers=lead)).json()
    assert body["status"] == "closed"
    assert (body["rating"]["solved"], body["rating"]["satisfaction"]) == (True, "basically_satisfied")
    await shots(page, "resident-return-visit-done")
    clean(owner)


async def test_not_solved_at_the_return_visit_goes_back_to_the_team(browser, stack, community):
    owner = Person("孙先生", new_phone())
    issue_id = await reported(stack, community, owner, "车库B区还是漏水")
    await resolved(stack, community, issue_id)
    page = await open_page(browser, owner)
    await log_in(page, stack, owner, estate_name=community.estate_name)
    await usable(page, f"/issues/{issue_id}", "确认并评价", "resident issue, not solved")
    await page.get_by_role("button", name="确认并评价", exact=True).click()
    sheet = page.locator(".stepform")
    await sheet.get_by_role("radio", name="未解决", exact=True).click()
    await sheet.get_by_role("radio", name="不满意", exact=True).click()
    await sheet.get_by_role("button", name="提交评价").click()
    await expect(sheet.get_by_role("alert")).to_contain_text("请在留言里写明哪里还没解决")
    await sheet.get_by_label("留言").fill("下雨天还是漏")
    await sheet.get_by_role("button", name="提交评价").click()
    await expect(sheet).to_be_hidden()
    body = (await stack.client.get(f"/intake/v1/issues/{issue_id}", headers=token("lead", community.id))).json()
    assert body["status"] == "reopened" and body["rating"]["solved"] is False
    clean(owner)


async def test_staff_see_what_each_rate_rests_on_and_one_in_hand_everywhere(browser, stack, community):
    owners = [Person(n, new_phone()) for n in ("赵先生", "钱女士", "孙先生")]
    ids = [await reported(stack, community, o, f"车库B区第{n}排灯不亮") for n, o in enumerate(owners, 1)]
    await resolved(stack, community, ids[0])
    rated = await stack.client.post(f"/intake/v1/issues/{ids[0]}/rating", headers=_resident(community, owners[0]),
                                    json={"solved": True, "satisfaction": "satisfied"})
    assert rated.status_code == 200, rated.text
    staff_token = token("staff", community.id)

    async def counted():  # reporting follows by events, a moment later
        r = await stack.client.get("/reporting/v1/rates", params={"scope": "community", "id": community.id},
                                   headers=staff_token)
        body = r.json()
        return body if body["rated"] == 1 and body["received"] == 3 and body["in_hand"]["open"] == 2 else None

    figures = await eventually(counted, timeout=20)
    assert figures["small_base"] == ["response_rate", "resolution_rate", "satisfaction_rate"]

    staff = community.staff
    page = await open_page(browser, staff, "desktop")
    await log_in(page, stack, staff)
    await usable(page, "/dashboard", "解决率", "staff dashboard, rates with their counts")
    cards = page.locator(".rate-cards")
    resolution = cards.locator(".rate", has_text="解决率")
    await expect(resolution.locator("strong")).to_have_text("100%")
    await expect(resolution).to_contain_text("已解决 1 / 已回访 1")
    await expect(resolution).to_contain_text("样本少，仅供参考")
    response = cards.locator(".rate", has_text="响应率")
    due = f"按时响应 {figures['responded_on_time']} / 应响应 {figures['response_due']}"
    await expect(response).to_contain_text(due)
    await expect(cards.locator(".rate.received").locator("strong")).to_have_text("3")
    in_hand = cards.locator(".rate.in-hand")
    await expect(in_hand.locator("strong")).to_have_text("2")
    await expect(in_hand).to_contain_text("截至")
    await expect(page.get_by_text("积压")).to_have_count(0)
    await expect(page.get_by_text("首次响应中位 1分钟内")).to_be_visible()  # a duration, not "0.02 分钟"
    await resolution.get_by_role("button", name="解决率怎么算").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_contain_text("已回访")
    await expect(dialog).to_contain_text("分母少于10件时样本少")
    await shots(page, "staff-dashboard-rates-explained")
    await dialog.get_by_role("button", name="知道了").click()
    await expect(dialog).to_be_hidden()
    await expect(page.locator(".van-overlay")).to_be_hidden()
    await shots(page, "staff-dashboard")

    # the month's report (this month, as it stands) and the public board: the same word and number
    await page.goto("/#/reports")
    months = page.get_by_label("月份")
    await months.select_option(index=0)
    report_in_hand = page.locator(".rate-cards .rate.in-hand")
    await expect(report_in_hand.locator("strong")).to_have_text("2")
    await expect(report_in_hand).to_contain_text("在办")
    await expect(page.locator(".rate-cards .rate", has_text="解决率")).to_contain_text("已解决 1 / 已回访 1")
    await shots(page, "staff-reports-in-hand")

    passer_by = Person("路人", new_phone())
    board = await open_page(browser, passer_by)
    await usable(board, f"/board/{community.id}/{community.estate}", "在办", "public board with counts")
    board_in_hand = board.locator(".rate-cards .rate.in-hand")
    await expect(board_in_hand.locator("strong")).to_have_text("2")
    await expect(board.locator(".rate", has_text="本月解决率")).to_contain_text("已解决 1 / 已回访 1")
    await expect(board.locator(".rate", has_text="本月解决率")).to_contain_text("样本少，仅供参考")
    await expect(board.get_by_text("正在处理")).to_have_count(0)
    await shots(board, "public-board-counts")
    clean(staff, passer_by)
