"""Monthly reports and an issue's record, downloaded from the pages as community staff do: from the
dashboard's link to the reports page, this month's CSV (Excel reads its BOM) and PDF, then the issue's
record from its page."""

from __future__ import annotations

import asyncio
import io
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from playwright.async_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Person, log_in, new_phone, open_page, shots
from tests.browser.test_pages import clean
from tests.support.servers import eventually
from tests.support.services import token
from xiuhua_cli import demo
from xiuhua_reporting.reports.month import Month
from xiuhua_reporting.reports.publish import MONTH_END

SHANGHAI = timezone(timedelta(hours=8))


async def downloaded(page: Page, button: str) -> tuple[str, bytes]:
    """Click ``button`` and catch the file it saves: its name and bytes (a PDF is laid out on request,
    which takes a few seconds on a busy machine)."""
    async with page.expect_download(timeout=60_000) as caught:
        await page.get_by_role("button", name=button).first.click()
    download = await caught.value
    return download.suggested_filename, await asyncio.to_thread(Path(await download.path()).read_bytes)


async def test_staff_download_the_months_report_and_an_issues_record(browser, stack, community):
    owner = Person("赵先生", new_phone())
    resident = token("resident", community.id, sub=f"web-{owner.phone}", estate=community.estate, name=owner.name)
    r = await stack.client.post("/intake/v1/issues", headers=resident, json={
        "community": community.id, "estate": community.estate, "place": {"spot": "garage-b"},
        "category": "车库停车", "title": "车库B区积水", "reporter": {"name": owner.name, "phone": owner.phone}})
    assert r.status_code == 201, r.text
    issue = r.json()
    name = f"望江社区{community.id[3:6]}"
    now = datetime.now(SHANGHAI)
    month, label = f"{now.year}-{now.month:02d}", f"{now.year}年{now.month:02d}月"

    staff = community.staff
    page = await open_page(browser, staff)
    await log_in(page, stack, staff)
    await page.get_by_role("link", name=re.compile("月报下载")).click()  # the dashboard's link
    await page.wait_for_url(re.compile(r"#/reports$"))
    received = page.locator(".rate", has_text="收到").locator("strong")

    async def counted() -> bool:  # the report follows the issue by events, a moment later
        await page.reload()
        await page.get_by_label("月份").select_option(month)
        await page.get_by_text("响应率").first.wait_for()
        return await received.inner_text() == "1"

    await eventually(counted, timeout=20, interval=0.5)
    await page.get_by_text("尚未发布，按当前数据生成").wait_for()
    await shots(page, "staff-reports")

    file_name, csv = await downloaded(page, "下载 CSV（Excel）")
    assert file_name == f"{name}{label}月报.csv"
    assert csv.startswith(b"\xef\xbb\xbf")
    text = csv.decode("utf-8-sig")
    assert text.startswith(f"月报,{name} {now.year}年{now.month}月 月报\r\n") and "\r\n收到问题,1," in text

    file_name, pdf = await downloaded(page, "下载 PDF（含图表）")
    assert file_name.endswith("月报.pdf") and pdf.startswith(b"%PDF")
    assert f"{name} {now.year}年{now.month}月 月报" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    # the month before ends as far as the timers know: its report is published and listed
    reporting = stack.runtimes["reporting"]
    moved = await reporting.db.timers.update_one({"_id": MONTH_END}, {"$set": {
        "due_at": Month.of(now).start + reporting.settings.monthly_report_delay}})
    assert moved.matched_count == 1
    last = str(Month.of(now).previous)
    listed = page.locator(".published-report", has_text=f"{name} {last}")

    async def published() -> bool:
        await page.reload()
        await page.get_by_text("已发布的月报").wait_for()
        return await listed.count() == 1

    await eventually(published, timeout=20, interval=0.5)
    await shots(page, "staff-reports-published")
    file_name, pdf = await downloaded(page, f"{name}{last} PDF")
    assert file_name == f"{name}{last.replace('-', '年')}月月报.pdf" and pdf.startswith(b"%PDF")

    await page.goto(f"/#/issues/{issue['id']}")
    file_name, record = await downloaded(page, "导出档案（PDF）")
    assert file_name == f"问题档案{issue['number']}.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(record)).pages)
    assert f"问题档案 {issue['number']}" in text and "车库B区积水" in text and owner.phone in text
    clean(staff)


async def test_a_member_cannot_open_the_reports_page(browser, stack, community):
    member = community.member
    page = await open_page(browser, member)
    await log_in(page, stack, member)
    await page.goto("/#/reports")
    await page.wait_for_url(re.compile(r"#/tasks"))  # sent home: the page is for staff, the lead and admins
    clean(member)


async def test_the_subdistrict_admin_downloads_the_subdistricts_report_and_a_communitys(browser, stack, community):
    admin = Person("钱科长", new_phone())
    admins = [*demo.ADMINS, {"id": "lz-admin-qian", "name": admin.name, "phone": admin.phone}]
    r = await stack.client.put("/intake/v1/subdistricts/lizhou", headers=token("admin", None),
                               json={"name": "梨洲街道", "admins": admins})
    assert r.status_code == 200, r.text
    name = f"望江社区{community.id[3:6]}"
    now = datetime.now(SHANGHAI)
    label = f"{now.year}年{now.month:02d}月"
    page = await open_page(browser, admin, "desktop")
    await log_in(page, stack, admin)

    async def listed() -> bool:  # the new community reaches reporting by the directory's event
        await page.goto("/#/reports")
        await page.get_by_label("范围").wait_for()
        return await page.get_by_label("范围").locator("option", has_text=name).count() == 1

    await eventually(listed, timeout=20, interval=0.5)
    await expect(page.get_by_label("范围")).to_have_value("subdistrict/lizhou")  # the whole subdistrict first
    await page.get_by_label("月份").select_option(f"{now.year}-{now.month:02d}")
    await page.get_by_text("响应率").first.wait_for()
    file_name, csv = await downloaded(page, "下载 CSV（Excel）")
    assert file_name == f"梨洲街道{label}月报.csv"
    text = csv.decode("utf-8-sig")
    assert text.startswith(f"月报,梨洲街道 {now.year}年{now.month}月 月报\r\n") and "\r\n按社区\r\n" in text

    await page.get_by_label("范围").select_option(f"community/{community.id}")
    await page.get_by_text("响应率").first.wait_for()
    file_name, pdf = await downloaded(page, "下载 PDF（含图表）")
    assert file_name == f"{name}{label}月报.pdf" and pdf.startswith(b"%PDF")
    await shots(page, "admin-reports")
    clean(admin)
