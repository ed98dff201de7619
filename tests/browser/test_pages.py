"""Each role's main path, in the browser, as the people of the story take it."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.browser.conftest import Person, log_in, new_phone, open_page, shots, usable
from tests.support.servers import eventually
from tests.support.services import token
from tests.unit.test_photos import camera_jpeg
from xiuhua_cli import demo


async def step(page: Page, button: str, fields: dict[str, str] | None = None, choose: list[str] | None = None,
               submit: str = "提交") -> None:
    """Take one step on the issue page: its button, then the small form if it has one."""
    await page.get_by_role("button", name=button, exact=True).click()
    if fields is None and choose is None:
        return
    sheet = page.locator(".stepform")
    for label, value in (fields or {}).items():
        await sheet.get_by_label(label).fill(value)
    for option in choose or []:
        await sheet.get_by_role("radio", name=option, exact=True).click()
    await sheet.get_by_role("button", name=submit).click()
    await expect(sheet).to_be_hidden()


async def until_text(page: Page, text: str) -> None:
    """Reload until ``text`` shows: other services follow a step by events, a moment later."""
    async def shown() -> bool:
        await page.reload()
        try:
            await page.get_by_text(text).first.wait_for(timeout=1500)
            return True
        except Exception:
            return False

    await eventually(shown, timeout=15, interval=0.3)


def clean(*people: Person) -> None:
    problems = [f"{p.name}: {problem}" for p in people for problem in p.problems]
    assert not problems, "\n".join(problems)


async def test_the_method_from_report_to_rating(browser, stack, community):
    owner = Person("刘女士", new_phone())
    member, wuye = community.member, community.property

    # the resident reports from the phone, choosing the estate at the first login
    resident = await open_page(browser, owner)
    await log_in(resident, stack, owner, estate_name=community.estate_name)
    await shots(resident, "resident-home")
    await usable(resident, "/report", "问题类别", "resident report page")
    await resident.get_by_role("radio", name="车库停车").click()
    await resident.get_by_label("区域").click()
    await resident.get_by_role("button", name="确认").wait_for()
    await resident.locator(".van-picker-column__item", has_text="地下车库B区").click()
    await resident.get_by_role("button", name="确认").click()
    await resident.get_by_label("具体位置").fill("B区电梯口")
    await resident.get_by_label("标题").fill("地下车库B区灯不亮")
    await resident.get_by_label("描述").fill("晚上B区一排灯都不亮，很暗。")
    await resident.get_by_label("称呼").fill(owner.name)
    await resident.locator("input[type=file]").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": camera_jpeg()})
    await expect(resident.locator(".van-uploader__preview")).to_have_count(1)
    await expect(resident.get_by_text("上传中")).to_have_count(0)
    await shots(resident, "resident-report")
    await resident.get_by_role("button", name="提交").click()
    await resident.wait_for_url(re.compile(r"#/issues/\w+"))
    issue_url = resident.url.split("#")[1]
    await until_text(resident, "已派单")
    await expect(resident.get_by_text(member.name).first).to_be_visible()
    await expect(resident.locator(".thumb img")).to_have_count(1)  # the photo, cleaned, fetched with the token
    await shots(resident, "resident-issue-assigned")

    # the member in charge accepts and hands it to the property company
    desk = await open_page(browser, member)
    await log_in(desk, stack, member)
    await usable(desk, "/tasks", "地下车库B区灯不亮", "member tasks page")
    await shots(desk, "member-tasks")
    await desk.get_by_text("地下车库B区灯不亮").click()
    await expect(desk.get_by_role("link", name=owner.phone)).to_have_attribute("href", f"tel:{owner.phone}")
    await step(desk, "受理")
    await expect(desk.get_by_role("button", name="转物业")).to_be_visible()
    await step(desk, "转物业", {"请物业": "请检修B区照明线路"})
    await until_text(desk, "已转物业")
    await shots(desk, "member-issue")

    # the property company's contact acknowledges, promises a day and reports done
    company = await open_page(browser, wuye)
    await log_in(company, stack, wuye)
    await usable(company, "/property", "地下车库B区灯不亮", "property page")
    await shots(company, "property-list")
    await company.get_by_text("地下车库B区灯不亮").click()
    await expect(company.get_by_text(owner.phone)).to_have_count(0)  # never the resident's phone
    await step(company, "反馈进展", choose=["已收到"])
    await step(company, "反馈进展", choose=["承诺完成日期"])
    await step(company, "反馈进展", {"说明": "已更换灯管"}, choose=["已完成"])
    await expect(company.get_by_text("承诺").first).to_be_visible()

    # the member resolves it
    await until_text(desk, "物业反馈已完成")
    await desk.get_by_role("button", name="办结", exact=True).click()
    sheet = desk.locator(".stepform")
    await sheet.get_by_label("说明").fill("物业已更换B区灯管")
    await sheet.locator("input[type=file]").set_input_files(
        {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": camera_jpeg(gps=False)})
    await sheet.get_by_role("button", name="提交").click()
    await expect(sheet).to_be_hidden()
    await until_text(desk, "已办结")

    # the resident confirms and answers the return visit, in one sheet
    await resident.goto(f"/#{issue_url}")
    await until_text(resident, "确认并评价")
    await expect(resident.locator(".step-photos .thumb img")).to_have_count(1)  # the member's photo of the fix
    await step(resident, "确认并评价", {"留言": "很及时"}, choose=["已解决", "满意"], submit="提交评价")
    await expect(resident.locator(".issue-head").get_by_text("已关闭")).to_be_visible()
    await expect(resident.get_by_text("满意").first).to_be_visible()
    await shots(resident, "resident-issue-rated")
    clean(owner, member, wuye)


async def test_the_lead_merges_a_duplicate_and_rejects_another(browser, stack, community):
    lead, owners = community.lead, [Person(n, new_phone()) for n in ("张先生", "王阿姨")]
    titles = ["北门门禁坏了", "北门门禁刷不开", "楼道有装修垃圾"]
    ids = []
    for owner, title, place in ((owners[0], titles[0], {"spot": "gate-north"}),
                                (owners[1], titles[1], {"spot": "gate-north"}),
                                (owners[1], titles[2], {"building": "b3", "unit": 1})):
        r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
            "community": community.id, "estate": community.estate, "place": place, "category": "安保",
            "title": title, "reporter": {"name": owner.name, "phone": owner.phone}})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])

    page = await open_page(browser, lead, "desktop")
    await log_in(page, stack, lead)
    await usable(page, "/lead", titles[1], "lead desk")
    await shots(page, "lead-inbox")
    await page.get_by_text(titles[1]).click()
    twins = page.get_by_role("region", name="可能重复的问题")
    await expect(twins.get_by_text(titles[0])).to_be_visible()  # its twin, side by side
    await shots(page, "lead-twins")
    await step(page, "合并")
    sheet = page.locator(".stepform")
    await expect(sheet.get_by_text(f"本问题：{titles[1]}")).to_be_visible()  # side by side with its twin
    await sheet.get_by_role("radio", name=re.compile(titles[0])).click()
    await sheet.get_by_label("说明").fill("同一处门禁")
    await shots(page, "lead-merge")
    await sheet.get_by_role("button", name="提交").click()
    await expect(page.get_by_text("已合并").first).to_be_visible()

    await page.goto(f"/#/issues/{ids[2]}")
    await step(page, "不予受理", {"原因": "经核实为装修垃圾，由装修户自行清运"})
    await expect(page.get_by_text("不予受理").first).to_be_visible()
    await page.goto("/#/lead")
    await page.get_by_role("tab", name="派单看板").click()
    await expect(page.get_by_role("tabpanel", name="派单看板").get_by_text(titles[0])).to_be_visible()
    await shots(page, "lead-board")
    await page.get_by_role("tab", name="队员名单").click()
    await expect(page.get_by_role("tabpanel", name="队员名单").get_by_text(community.member.name)).to_be_visible()
    await shots(page, "lead-roster")
    clean(lead)


async def test_staff_see_the_rates_change(browser, stack, community):
    staff = community.staff
    page = await open_page(browser, staff, "desktop")
    await log_in(page, stack, staff)
    await usable(page, "/dashboard", "响应率", "staff dashboard")
    received = page.locator(".rate.received").locator("strong")
    before = int(await received.inner_text())

    owner = Person("赵先生", new_phone())
    r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
        "community": community.id, "estate": community.estate, "place": {"spot": "garage-b"},
        "category": "车库停车", "title": "车库B区积水", "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text

    async def counted() -> bool:
        await page.reload()
        await page.get_by_text("响应率").first.wait_for()
        return int(await received.inner_text()) == before + 1

    await eventually(counted, timeout=15, interval=0.5)
    await expect(page.locator(".chart svg")).to_be_visible()  # the chart drew
    await expect(page.get_by_text("车库B区积水").first).to_be_visible()
    await shots(page, "staff-dashboard")
    clean(staff)


def _resident(community, owner: Person) -> dict[str, str]:
    return token("resident", community.id, sub=f"web-{owner.phone}", estate=community.estate, name=owner.name)


async def test_the_admin_onboards_a_community_whose_lead_then_logs_in(browser, stack):
    admin, lead = Person("赵科长", new_phone()), Person("吴队长", new_phone())
    admins = [*demo.ADMINS, {"id": "lz-admin-zhao", "name": admin.name, "phone": admin.phone}]
    r = await stack.client.put("/intake/v1/subdistricts/lizhou", headers=token("admin", None),
                               json={"name": "梨洲街道", "admins": admins})
    assert r.status_code == 200, r.text
    suffix = new_phone()[-5:]
    page = await open_page(browser, admin, "desktop")
    await log_in(page, stack, admin)
    await usable(page, "/admin/onboard", "本街道的社区", "admin onboarding page")
    await page.get_by_label("社区名称").fill(f"临江社区{suffix}")
    await page.get_by_label("社区编号").fill(f"linjiang{suffix}")
    await page.get_by_label("小区名称").fill(f"临江花苑{suffix}")
    await page.get_by_label("小区编号").fill(f"lj{suffix}")
    await page.get_by_label("户数").fill("480")
    await page.get_by_label("楼栋数").fill("8")
    await page.get_by_label("公司名称").fill("临江物业")
    await page.get_by_label("联系人1").fill("钱经理")
    await page.get_by_label("手机号1").fill(new_phone())
    await page.get_by_label("姓名").nth(1).fill(lead.name)
    await page.get_by_label("手机号", exact=True).nth(1).fill(lead.phone)
    await shots(page, "admin-onboard")
    await page.get_by_role("button", name="添加社区").click()
    await expect(page.get_by_text(f"临江花苑{suffix}")).to_be_visible()

    desk = await open_page(browser, lead)
    await log_in(desk, stack, lead)
    await expect(desk.get_by_role("tab", name=re.compile("待分拣"))).to_be_visible()  # the lead's own desk
    clean(admin, lead)


async def test_a_member_reports_what_they_spotted_and_takes_it(browser, stack, community):
    member = community.member
    page = await open_page(browser, member)
    await log_in(page, stack, member)
    await page.goto("/#/report")
    await page.get_by_role("radio", name="绿化").click()  # not even one of their areas
    await page.get_by_label("区域").click()
    await page.locator(".van-picker-column__item", has_text="北门").click()
    await page.get_by_role("button", name="确认").click()
    await page.get_by_label("标题").fill("北门绿篱被车撞坏")
    await expect(page.get_by_label("手机号")).to_have_value(member.phone)  # their own, prefilled
    await page.get_by_role("switch", name="我来处理").click()
    await shots(page, "member-spotted")
    await page.get_by_role("button", name="提交").click()
    await page.wait_for_url(re.compile(r"#/issues/\w+"))
    await until_text(page, f"{member.name}发现并接手")
    await usable(page, "/tasks", "北门绿篱被车撞坏", "member tasks page")
    await page.get_by_role("switch", name="暂停接单").click()  # a week away: new issues go to others
    await expect(page.get_by_text("已暂停接单")).to_be_visible()
    roster = (await stack.client.get(f"/assignment/v1/teams/{community.id}/members",
                                     headers=token("admin", None))).json()["items"]
    assert next(m for m in roster if m["id"] == community.member_id)["away"] is True
    await shots(page, "member-away")
    clean(member)


async def test_a_resident_writing_a_known_problem_says_me_too_instead(browser, stack, community):
    first, owner = Person("张先生", new_phone()), Person("孙女士", new_phone())
    r = await stack.client.post("/intake/v1/issues", headers=_resident(community, first), json={
        "community": community.id, "estate": community.estate, "place": {"spot": "garage-b"}, "category": "车库停车",
        "title": "地下车库B区灯不亮", "description": "晚上一排灯都不亮",
        "reporter": {"name": first.name, "phone": first.phone}})
    assert r.status_code == 201, r.text
    page = await open_page(browser, owner)
    await log_in(page, stack, owner, estate_name=community.estate_name)
    await page.goto("/#/report")
    await page.get_by_role("radio", name="车库停车").click()
    await page.get_by_label("区域").click()
    await page.locator(".van-picker-column__item", has_text="地下车库B区").click()
    await page.get_by_role("button", name="确认").click()
    await page.get_by_label("标题").fill("B区电梯口很暗")
    offer = page.locator(".similar")
    await expect(offer.get_by_text("地下车库B区灯不亮")).to_be_visible()
    await shots(page, "resident-similar")
    await offer.get_by_role("button", name="我也遇到", exact=True).click()
    await page.wait_for_url(re.compile(r"#/issues/\w+"))
    await expect(page.get_by_text("1人", exact=True)).to_be_visible()  # 附议 1人
    clean(owner)


async def test_a_qr_sticker_opens_the_report_page_with_its_place(browser, stack, community):
    owner, staff = Person("周阿姨", new_phone()), community.staff
    page = await open_page(browser, owner)
    # what the sticker on the north gate holds; nobody logged in yet on this phone
    await page.goto(f"/#/report?community={community.id}&estate={community.estate}&spot=gate-north")
    await page.wait_for_url(re.compile(r"#/login"))
    await page.get_by_label("手机号").fill(owner.phone)
    await log_in(page, stack, owner)  # no estate to choose: the sticker named it
    await page.wait_for_url(re.compile(r"#/report"))
    await expect(page.get_by_label("区域")).to_have_value("北门")
    await shots(page, "resident-qr-report")

    desk = await open_page(browser, staff, "desktop")
    await log_in(desk, stack, staff)
    await desk.goto("/#/dashboard")
    async with desk.expect_popup() as opened:
        await desk.get_by_role("button", name="生成A4贴纸（PDF）").click()
    assert (await opened.value).url.startswith("blob:")
    # the place catalogue: a garage pillar added by staff
    await desk.get_by_role("link", name="维护位置目录").click()
    await desk.get_by_role("button", name="添加公共区域").click()
    await desk.locator(".place-row input").nth(2).fill("地下车库B区 12号柱")
    await shots(desk, "staff-places")
    await desk.get_by_role("button", name="保存位置").click()
    await expect(desk.get_by_text("位置已保存")).to_be_visible()
    spots = (await stack.client.get(f"/intake/v1/communities/{community.id}", headers=token("admin", None))).json()
    assert "地下车库B区 12号柱" in [s["name"] for s in spots["estates"][0]["spots"]]
    clean(owner, staff)


async def test_anyone_reads_an_estates_board_without_logging_in(browser, stack, community):
    owner = Person("郑女士", new_phone())
    r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
        "community": community.id, "estate": community.estate, "place": {"spot": "gate-north"}, "category": "安保",
        "title": "郑女士说北门门禁坏了", "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    passer_by = Person("路人", new_phone())
    page = await open_page(browser, passer_by)
    await usable(page, f"/board/{community.id}/{community.estate}", "在办", "public board")
    await expect(page.get_by_role("heading", name=f"{community.estate_name} 服务公示")).to_be_visible()
    await expect(page.get_by_text("安保 · 北门")).to_be_visible()
    assert "郑" not in await page.content() and owner.phone not in await page.content()
    await expect(page.get_by_role("link", name="打印本周电梯公示单（PDF）")).to_be_visible()
    await shots(page, "public-board")
    clean(passer_by)
