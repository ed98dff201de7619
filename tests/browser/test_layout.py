"""What a phone shows: list rows that use the width and dates that stay whole at 360 px, status tags in
the timeline that can be read, a first login whose estate choice is a step and not an error, and an
onboarding form that marks every field it cannot take."""

from __future__ import annotations

import re
import time

from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import Person, _epoch, log_in, new_phone, open_page, shots
from tests.browser.test_pages import _resident, clean, until_text
from tests.e2e.conftest import GATEWAY_PORT
from tests.support.clock import shanghai_today
from tests.support.servers import eventually
from tests.support.services import token
from xiuhua_cli import demo

# the share of a row's width its title and label take, and how many lines a piece of its text is on
_TITLE_SHARE = ("row => row.querySelector('.van-cell__title').getBoundingClientRect().width"
                " / row.getBoundingClientRect().width")
_LINES = """(row, text) => {
  const walk = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  }
  return 0;
}"""


async def row_layout(row: Locator, text: str) -> tuple[float, int]:
    """How much of the row's width its text takes, and on how many lines ``text`` is."""
    return await row.evaluate(_TITLE_SHARE), await row.evaluate(_LINES, text)


async def handed_to_property(stack, community) -> tuple[str, str]:
    """An issue reported, taken by the member in charge and handed to the property company: its id
    and the date the company is asked to finish by."""
    owner = Person("孙先生", new_phone())
    r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
        "community": community.id, "estate": community.estate, "place": {"spot": "garage-b"},
        "category": "车库停车", "title": "车库B区出口指示牌指反了",
        "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    issue = r.json()["id"]
    member = token("member", community.id, sub=community.member_id, name=community.member.name)

    async def assigned() -> bool:
        r = await stack.client.get("/assignment/v1/tasks?assignee=me", headers=member)
        return any(t["issue_id"] == issue for t in r.json()["items"])

    await eventually(assigned, timeout=15, interval=0.3)
    r = await stack.client.post(f"/assignment/v1/tasks/{issue}/accept", headers=member, json={})
    assert r.status_code == 200, r.text
    due = shanghai_today(3).isoformat()
    r = await stack.client.post(f"/assignment/v1/tasks/{issue}/handover", headers=member,
                                json={"asked": "请把B区出口指示牌改正过来，方向与车道一致", "due_date": due})
    assert r.status_code == 200, r.text
    return issue, due


async def test_list_rows_use_the_width_and_keep_dates_on_one_line_on_a_phone(browser, stack, community):
    _, due = await handed_to_property(stack, community)
    wuye, member = community.property, community.member
    page = await open_page(browser, wuye)  # 360 px
    await log_in(page, stack, wuye)
    await page.goto("/#/property")
    row = page.locator(".van-cell", has_text="车库B区出口指示牌指反了")
    await row.wait_for()
    share, lines = await row_layout(row, due)
    assert share > 0.6, f"the row's text takes {share:.0%} of its width"
    assert lines == 1, f"{due} is broken over {lines} lines"
    await shots(page, "layout-property-list")

    desk = await open_page(browser, member)
    await log_in(desk, stack, member)
    await desk.goto("/#/tasks")
    row = desk.locator(".van-cell", has_text="车库B区出口指示牌指反了")
    await row.wait_for()
    limit = re.search(r"办结期限\S+?内|已超时\d+小时", await row.inner_text()).group(0)
    share, lines = await row_layout(row, limit)
    assert share > 0.6 and lines == 1, (share, limit, lines)
    await shots(desk, "layout-member-tasks")
    clean(wuye, member)


def _contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two computed colours ("rgb(r, g, b)")."""
    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


async def test_the_timelines_status_tags_are_coloured_by_status_and_readable(browser, stack, community):
    issue, _ = await handed_to_property(stack, community)
    member = community.member
    page = await open_page(browser, member)
    await log_in(page, stack, member)
    await page.goto(f"/#/issues/{issue}")
    await until_text(page, "转交望江物业")  # intake learns of the handover a moment later
    tags = page.locator(".timeline .van-tag")
    colours = await tags.evaluate_all("tags => tags.map((t) => [t.textContent.trim(), getComputedStyle(t).color,"
                                      " getComputedStyle(t).backgroundColor])")
    for label, fg, bg in colours:
        assert _contrast(fg, bg) >= 4.5, f"{label}: {fg} on {bg} is {_contrast(fg, bg):.2f}:1"
    by_status = {label: bg for label, _, bg in colours}
    assert by_status["已提交"] != by_status["已转物业"]  # the status's own colour, as in the lists
    header = await page.locator(".issue-head .van-tag").first.evaluate("t => getComputedStyle(t).backgroundColor")
    assert header == by_status["已转物业"]
    await shots(page, "layout-timeline-tags")
    clean(member)


async def _login_code(stack, phone: str, asked: float) -> str | None:
    body = (await stack.client.get("/dev/sms/messages", params={"phone": phone, "limit": 20})).json()
    return next((m["code"] for m in body["items"] if m.get("code") and _epoch(m["received_at"]) >= asked - 5), None)


async def test_a_first_time_resident_chooses_the_estate_as_a_step_and_is_in_with_one_press(browser, stack,
                                                                                            community):
    owner = Person("冯女士", new_phone())
    page = await open_page(browser, owner)
    await page.goto("/#/login")
    await page.get_by_label("手机号").fill(owner.phone)
    asked = time.time()
    await page.get_by_role("button", name="获取验证码").click()
    await page.get_by_label("验证码").fill(await eventually(lambda: _login_code(stack, owner.phone, asked),
                                                          timeout=10, interval=0.2))
    await page.get_by_role("button", name="登录").click()  # the only press
    prompt = page.get_by_role("status").filter(has_text="选择您所在的小区")
    await expect(prompt).to_be_visible()
    await expect(page.get_by_role("alert")).to_have_count(0)  # not an error
    colour = await prompt.evaluate("p => getComputedStyle(p).color")
    red, green, blue = (int(c) for c in re.findall(r"\d+", colour)[:3])
    assert not (red > 150 and green < 100 and blue < 100), f"the prompt is red: {colour}"
    await shots(page, "layout-first-login")
    await page.get_by_text(community.estate_name).first.click()
    await page.wait_for_url(re.compile(r"#/r$"))  # in, without pressing 登录 again
    me = await page.evaluate("JSON.parse(localStorage.getItem('xiuhua.session')).me")
    assert (me["role"], me["estate"]) == ("resident", community.estate)
    clean(owner)


async def _an_admin(stack) -> Person:
    admin = Person("钱科员", new_phone())
    admins = [*demo.ADMINS, {"id": f"lz-admin-{admin.phone[-6:]}", "name": admin.name, "phone": admin.phone}]
    r = await stack.client.put("/intake/v1/subdistricts/lizhou", headers=token("admin", None),
                               json={"name": "梨洲街道", "admins": admins})
    assert r.status_code == 200, r.text
    return admin


def field(page: Page, label: str) -> Locator:
    return page.locator(".van-field").filter(has=page.get_by_label(label, exact=True))


async def test_an_empty_onboarding_submit_marks_every_missing_field_and_scrolls_to_the_first(browser, stack):
    admin = await _an_admin(stack)
    page = await open_page(browser, admin)  # on a phone
    await log_in(page, stack, admin)
    await page.goto("/#/admin/onboard")
    await page.get_by_role("button", name="添加社区", exact=True).click()  # nothing filled in
    for label in ("社区名称", "社区编号", "小区名称", "小区编号"):
        await expect(field(page, label).locator(".van-field__error-message")).to_contain_text("请填写")
    box = await page.get_by_label("社区名称", exact=True).bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 740, f"the first missing field is off screen: {box}"
    await shots(page, "layout-onboard-empty")

    # what only the API can tell, on its field too: one phone for two people of the community
    phone, suffix = new_phone(), new_phone()[-5:]
    for label, value in (("社区名称", f"东湖社区{suffix}"), ("社区编号", f"donghu{suffix}"),
                         ("小区名称", f"东湖苑{suffix}"), ("小区编号", f"dh{suffix}"),
                         ("姓名", "许芳"), ("手机号", phone), ("公司名称", "东湖物业"), ("联系人1", "何经理"),
                         ("手机号1", phone)):
        await page.get_by_label(label, exact=True).first.fill(value)
    await page.get_by_role("button", name="添加社区", exact=True).click()
    await expect(field(page, "手机号1").locator(".van-field__error-message")).to_contain_text("已登记给许芳")
    await expect(field(page, "社区名称").locator(".van-field__error-message")).to_have_count(0)
    await shots(page, "layout-onboard-refused")
    refused = f"422 (Unprocessable Entity) (http://127.0.0.1:{GATEWAY_PORT}/intake/v1/communities/donghu{suffix})"
    admin.problems = [p for p in admin.problems if not p.endswith(refused)]  # the answer the page showed
    clean(admin)
