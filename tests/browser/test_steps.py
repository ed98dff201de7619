"""The step just taken, in the browser: the issue page shows what a step did at once, even while
intake's view is still behind (it follows assignment by events); the property company's words on
the timeline; the wording of the property list, the template editor and the group preview."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from playwright.async_api import Page, expect

from tests.browser.conftest import Person, log_in, new_phone, open_page, shots, usable
from tests.browser.test_pages import _resident, clean, step
from tests.support.clock import shanghai_today
from tests.support.servers import eventually
from tests.support.services import token
from xiuhua_events import CloudEvent
from xiuhua_intake.issues.service import tasks as intake_tasks


@asynccontextmanager
async def intake_behind(stack, issue_id: str) -> AsyncIterator[Callable[[], None]]:
    """Intake follows this issue's task steps only once released: the moment between assignment
    keeping a step and intake's view showing it, made as long as the test needs to look."""
    runtime = stack.runtimes["intake"]
    gate = asyncio.Event()

    async def held(event: CloudEvent) -> None:
        if event.subject == issue_id:
            await gate.wait()
        await intake_tasks.follow_task(uow=runtime.uow, event=event)

    async def follow(event: CloudEvent) -> None:
        await intake_tasks.follow_task(uow=runtime.uow, event=event)

    for event_type in intake_tasks.FOLLOWED:
        runtime.bus.subscribe(event_type, held)
    try:
        yield gate.set
    finally:
        gate.set()
        for event_type in intake_tasks.FOLLOWED:
            runtime.bus.subscribe(event_type, follow)


def status_tag(page: Page):
    return page.locator(".issue-head .van-tag").first


async def reported(stack, community, title: str) -> str:
    owner = Person("周先生", new_phone())
    r = await stack.client.post("/intake/v1/issues", headers=_resident(community, owner), json={
        "community": community.id, "estate": community.estate, "place": {"spot": "garage-b"},
        "category": "车库停车", "title": title, "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    issue_id = r.json()["id"]
    lead = token("lead", community.id, sub=f"{community.id}-chen", name=community.lead.name)

    async def assigned() -> bool:
        return (await stack.client.get(f"/intake/v1/issues/{issue_id}", headers=lead)).json()["status"] == "assigned"

    await eventually(assigned, timeout=15, interval=0.2)
    return issue_id


async def test_the_issue_page_shows_accept_and_handover_at_once_and_the_timeline_when_it_comes(
        browser, stack, community):
    title = "3幢楼顶漏水"
    issue_id = await reported(stack, community, title)
    member = community.member
    desk = await open_page(browser, member)
    await log_in(desk, stack, member)
    await desk.goto(f"/#/issues/{issue_id}")
    await expect(status_tag(desk)).to_have_text("已派单")

    async with intake_behind(stack, issue_id) as release:
        await step(desk, "受理")
        await expect(status_tag(desk)).to_have_text("处理中")  # the step's own answer, intake still behind
        await expect(desk.get_by_role("status")).to_contain_text("正在更新")
        await expect(desk.get_by_role("button", name="受理", exact=True)).to_have_count(0)  # nothing to tap again
        await expect(desk.get_by_role("button", name="转物业", exact=True)).to_be_visible()
        await shots(desk, "issue-step-updating")
        release()
        await expect(desk.locator(".timeline").get_by_text(f"队员{member.name}已受理")).to_be_visible()
        await expect(desk.get_by_role("status")).to_have_count(0)
    await expect(status_tag(desk)).to_have_text("处理中")

    async with intake_behind(stack, issue_id) as release:
        await step(desk, "转物业", {"请物业": "请修补3幢楼顶防水层"})
        await expect(status_tag(desk)).to_have_text("已转物业")
        await expect(desk.get_by_text("望江物业")).to_be_visible()
        await expect(desk.get_by_role("status")).to_contain_text("正在更新")
        release()
        await expect(desk.locator(".timeline").get_by_text("转交望江物业：请修补3幢楼顶防水层")).to_be_visible()
        await expect(desk.get_by_role("status")).to_have_count(0)
    await shots(desk, "issue-step-handed")

    clean(member)


async def test_the_property_company_reads_one_please_promises_with_a_date_and_its_words_stay(
        browser, stack, community):
    title = "3幢楼顶漏水"
    issue_id = await reported(stack, community, title)
    member = token("member", community.id, sub=community.member_id, name=community.member.name)
    for path, body in (("accept", {}), ("handover", {"asked": "请修补3幢楼顶防水层",
                                                      "due_date": shanghai_today(7).isoformat()})):
        r = await stack.client.post(f"/assignment/v1/tasks/{issue_id}/{path}", headers=member, json=body)
        assert r.status_code == 200, r.text
    lead = token("lead", community.id, sub=f"{community.id}-chen", name=community.lead.name)

    async def handed() -> bool:
        issue = (await stack.client.get(f"/intake/v1/issues/{issue_id}", headers=lead)).json()
        return issue["status"] == "handed_to_property"

    await eventually(handed, timeout=15, interval=0.2)
    wuye = community.property
    company = await open_page(browser, wuye)
    await log_in(company, stack, wuye)
    await usable(company, "/property", title, "property page")
    row = company.locator(".van-cell", has_text=title)
    await expect(row).to_contain_text("请修补3幢楼顶防水层")
    await expect(row).not_to_contain_text("请请")
    await shots(company, "property-list-asked")
    await row.click()
    await company.get_by_role("button", name="反馈进展", exact=True).click()
    sheet = company.locator(".stepform")
    await sheet.get_by_role("radio", name="已收到", exact=True).click()
    await expect(sheet.get_by_label("承诺日期")).to_have_count(0)  # asked only when promising
    await sheet.get_by_role("radio", name="承诺完成日期", exact=True).click()
    await expect(sheet.get_by_label("承诺日期")).to_be_visible()
    promised = shanghai_today(5).isoformat()
    await sheet.get_by_label("承诺日期").fill(promised)
    await sheet.get_by_label("说明").fill("需要买防水材料，7号前修好")
    await shots(company, "property-promise-form")
    await sheet.get_by_role("button", name="提交").click()
    await expect(sheet).to_be_hidden()
    said = f"望江物业承诺{promised}前完成：需要买防水材料，7号前修好"
    await expect(company.locator(".timeline").get_by_text(said)).to_be_visible()
    await shots(company, "property-issue-promised")
    # the member in charge reads it on the issue too
    desk = await open_page(browser, community.member)
    await log_in(desk, stack, community.member)
    await desk.goto(f"/#/issues/{issue_id}")
    await expect(desk.locator(".timeline").get_by_text(said)).to_be_visible()
    clean(wuye, community.member)


async def test_template_parameters_read_as_words_and_the_group_preview_as_the_group_shows_it(
        browser, stack, community):
    staff = community.staff
    page = await open_page(browser, staff, "desktop")
    await log_in(page, stack, staff)
    await usable(page, "/notify", "进展说明", "notification settings")
    await page.get_by_role("tab", name="消息模板").click()
    await page.get_by_label("选择消息").select_option("ISSUE_RESOLVED")
    params = page.get_by_label("可用参数")
    await expect(params.locator(".param", has_text="问题标题")).to_contain_text("地下车库A区太潮湿")
    await expect(params.locator(".param", has_text="说明")).to_contain_text("已放置两台除湿机")
    await expect(params).not_to_contain_text("{{")
    sms = page.get_by_role("textbox", name="短信内容")
    await sms.fill("【望江社区】「{{ title }}」已办结：")
    await params.locator(".param", has_text="说明").click()
    await expect(sms).to_have_value("【望江社区】「{{ title }}」已办结：{{ note }}")
    preview = page.get_by_label("预览")
    await expect(preview.locator(".sms-bubble")).to_contain_text("「地下车库A区太潮湿」已办结：已放置两台除湿机")
    post = preview.locator(".group-post")
    await expect(post.locator("strong")).to_have_text("已办结")
    await expect(post.locator("blockquote")).to_have_text("已放置两台除湿机")
    await expect(post.get_by_role("link", name="查看详情")).to_have_attribute("href", "https://xiuhua.example.cn/#/issues/0123456789abcdef")
    await expect(post).not_to_contain_text("**")
    await shots(page, "notify-template-params")
    group = page.get_by_role("textbox", name="业主群消息（Markdown，留空则不发群）")
    await group.fill('**已办结**<img src=x onerror="window.hit=1"> [看](javascript:alert(1))')
    await expect(post).to_contain_text('<img src=x onerror="window.hit=1">')  # shown as text, never run
    await expect(post.locator("img")).to_have_count(0)
    await expect(post.get_by_role("link")).to_have_count(0)
    assert await page.evaluate("window.hit") is None
    clean(staff)


async def test_what_was_asked_reads_with_one_please(browser, stack):
    page = await open_page(browser, Person("访客", new_phone()))
    await page.goto("/")
    asked = await page.evaluate("""import('/app/format.js').then((m) =>
        ['请检修B区照明线路', '检修B区照明线路', ' 请更换灯管 ', ''].map(m.asking))""")
    assert asked == ["请检修B区照明线路", "请检修B区照明线路", "请更换灯管", ""]
