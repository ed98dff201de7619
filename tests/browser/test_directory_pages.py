"""The public board read on a phone a page at a time; the subdistrict admin opening a community on the
platform and changing it; the sticker page saying which address its codes open."""

from __future__ import annotations

import re

from playwright.async_api import expect

from tests.browser.conftest import SHOTS, WIDTHS, Person, log_in, new_phone, open_page, shots
from tests.browser.test_layout import _an_admin, field
from tests.browser.test_pages import _resident, clean
from tests.e2e.conftest import GATEWAY_PORT
from tests.support.services import token


async def test_the_board_lists_work_in_hand_a_page_at_a_time_newest_first(browser, stack, community):
    numbers = []
    for n in range(23):
        owner = Person("居民", new_phone())
        r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
            "community": community.id, "estate": community.estate, "place": {"building": "b2", "unit": 1},
            "category": "保洁", "title": f"楼道第{n}处垃圾", "reporter": {"name": owner.name, "phone": owner.phone}})
        assert r.status_code == 201, r.text
        numbers.append(r.json()["number"])
    passer_by = Person("路人", new_phone())
    page = await open_page(browser, passer_by)  # a phone at the lift, nobody logged in
    await page.goto(f"/#/board/{community.id}/{community.estate}")
    working = page.locator(".working .van-cell")
    await expect(working).to_have_count(20)
    await expect(working.first).to_contain_text(f"编号{numbers[-1]}")  # the newest first
    await expect(page.locator(".rate.in-hand").locator("strong")).to_have_text("23")  # all of them
    await shots(page, "board-paged")
    await page.get_by_role("button", name=re.compile("加载更多")).click()
    await expect(working).to_have_count(23)
    await expect(working.last).to_contain_text(f"编号{numbers[0]}")
    await expect(page.get_by_role("button", name=re.compile("加载更多"))).to_have_count(0)  # nothing more
    clean(passer_by)


async def test_the_admin_opens_a_community_on_the_platform_changes_it_and_the_change_is_kept(browser, stack,
                                                                                              community):
    admin = await _an_admin(stack)
    before = (await stack.client.get(f"/intake/v1/communities/{community.id}", headers=token("admin", None))).json()
    page = await open_page(browser, admin, "desktop")
    await log_in(page, stack, admin)
    await page.goto("/#/admin/onboard")
    await page.locator(".van-cell", has_text=f"望江社区{community.id[3:6]}").click()
    await expect(page.get_by_role("heading", name=re.compile("修改："))).to_be_visible()
    await expect(page.get_by_label("社区编号", exact=True)).to_have_value(community.id)
    await expect(page.get_by_label("楼栋2", exact=True)).to_have_value("2幢")
    await expect(page.get_by_label("姓名", exact=True).first).to_have_value(community.staff.name)

    # a phone of someone on the platform cannot move to their id: the page says so on the field
    await page.get_by_label("手机号", exact=True).first.fill(new_phone())
    await page.get_by_role("button", name="保存修改").click()
    message = field(page, "手机号").first.locator(".van-field__error-message")
    await expect(message).to_contain_text("编号")
    await shots(page, "admin-community-refused")
    await page.get_by_label("手机号", exact=True).first.fill(community.staff.phone)

    await page.get_by_label("楼栋2", exact=True).fill("2幢（东楼）")
    await page.get_by_label("姓名", exact=True).first.fill("林芳芳")
    lead = page.get_by_label("姓名", exact=True).last  # the team lead's group comes last
    await expect(lead).to_have_value(community.lead.name)
    await lead.fill("陈立新")
    await page.get_by_role("button", name="保存修改").click()
    await expect(page.get_by_text("已保存")).to_be_visible()
    await shots(page, "admin-community-edit")

    after = (await stack.client.get(f"/intake/v1/communities/{community.id}", headers=token("admin", None))).json()
    [estate], [was] = after["estates"], before["estates"]
    assert [b["name"] for b in estate["buildings"]][:3] == ["1幢", "2幢（东楼）", "3幢"]
    assert after["staff"] == [{"id": f"{community.id}-lin", "name": "林芳芳", "phone": community.staff.phone}]
    # what the form does not show is kept: ids, spots' kinds, the company's estates, settings, names
    assert estate["spots"] == was["spots"]
    assert [b["id"] for b in estate["buildings"]] == [b["id"] for b in was["buildings"]]
    for key in ("property_companies", "settings", "subdistrict_name", "subdistrict"):
        assert after[key] == before[key], key
    roster = (await stack.client.get(f"/assignment/v1/teams/{community.id}/members",
                                     headers=token("admin", None))).json()["items"]
    leader = next(m for m in roster if m["role"] == "lead")
    assert (leader["id"], leader["name"], leader["phone"]) == (f"{community.id}-chen", "陈立新", community.lead.phone)
    assert next(m for m in roster if m["id"] == community.member_id)["areas"] == ["parking", "facilities"]

    await page.reload()  # as it is now on the platform
    await page.locator(".van-cell", has_text=f"望江社区{community.id[3:6]}").click()
    await expect(page.get_by_label("楼栋2", exact=True)).to_have_value("2幢（东楼）")
    refused = f"409 (Conflict) (http://127.0.0.1:{GATEWAY_PORT}/intake/v1/communities/{community.id})"
    admin.problems = [p for p in admin.problems if not p.endswith(refused)]  # the answer the page showed
    clean(admin)


async def test_the_sticker_page_says_which_address_the_codes_open_and_warns_of_a_loopback_one(browser, stack,
                                                                                               community):
    staff = community.staff
    page = await open_page(browser, staff, "desktop")
    await log_in(page, stack, staff)
    await page.goto("/#/dashboard")
    stickers = page.locator(".stickers")
    await expect(stickers.locator("code.address")).to_have_text(f"http://127.0.0.1:{GATEWAY_PORT}")
    await expect(stickers.get_by_role("alert")).to_contain_text("手机扫码打不开")
    for width, height in WIDTHS.values():  # the section itself: the dashboard above it is long
        await page.set_viewport_size({"width": width, "height": height})
        await stickers.screenshot(path=SHOTS / f"staff-stickers-loopback-{width}.png")
    clean(staff)
