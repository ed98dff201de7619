"""Monthly reports on the real servers: the month-end timer publishes each community's and subdistrict's
report once — across two replicas, after a restart, catching up every month it missed — with its event in
the outbox and on the broker; the reports are downloaded as CSV and PDF (the PDF rendered back to an image
and read), and only by the community's own staff and lead and its subdistrict's admin.

The issues are the hand-computed life of ``test_reporting_rates`` (March 2025, Asia/Shanghai): 5 received,
响应率 2/3, 解决率 1/2, 满意率 1/2; February has I6 (unanswered), April I7.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import UTC, datetime

import pypdfium2
import pytest
from pymongo import AsyncMongoClient
from pypdf import PdfReader

from tests.integration.test_reporting_rates import Life
from tests.support.broker import Probe, publish
from tests.support.servers import MONGO_URL, eventually
from tests.support.services import Running, running, settings_for, token
from xiuhua_events import clock
from xiuhua_events.timers import schedule
from xiuhua_reporting.app import create_app
from xiuhua_reporting.events import REPORT_PUBLISHED
from xiuhua_reporting.reports import publish as reports_publish
from xiuhua_reporting.reports.month import Month
from xiuhua_reporting.settings import ReportingSettings

MARCH = Month(2025, 3)


@dataclass
class Published:
    a: Running
    b: Running
    life: Life
    probe: Probe
    months: int  # March 2025 up to the month before this one


async def fold(svc: Running, life: Life) -> None:
    directory = life.directory()
    directory.data["subdistrict_name"] = "梨洲街道"
    events = [e for steps in life.issues().values() for e in steps] + [directory]
    for event in random.Random(5).sample(events, len(events)):
        await publish(event)
    ids = [e.id for e in events]

    async def all_folded():
        return await svc.runtime.db.inbox.count_documents({"_id": {"$in": ids}}) == len(ids)

    await eventually(all_folded, timeout=30)


async def reports_of(svc: Running, life: Life) -> list[dict]:
    return [d async for d in svc.runtime.db.monthly_reports.find(
        {"id": {"$in": [life.community, life.subdistrict]}})]


@pytest.fixture
async def published():
    """The life folded by one replica, which then stops; while it is down, the end of March 2025 falls due
    (as if it had been down since); two replicas start and publish every month-end they missed."""
    settings = settings_for(ReportingSettings, timer_poll_seconds=0.1)
    life = Life()
    async with running(create_app, settings, keep_data=True) as first:
        await fold(first, life)
    mongo = AsyncMongoClient(MONGO_URL, tz_aware=True)
    moved = await mongo[settings.database].timers.update_one(
        {"_id": reports_publish.MONTH_END},
        {"$set": {"due_at": MARCH.next.start + settings.monthly_report_delay}})
    await mongo.close()
    assert moved.modified_count == 1  # the first replica set the month-end timer at its start
    this_month = Month.of(datetime.now(UTC))
    months = (this_month.year - 2025) * 12 + this_month.month - 3
    async with Probe([REPORT_PUBLISHED]) as probe:
        async with running(create_app, settings, keep_data=True) as a, running(create_app, settings) as b:
            async def all_published():
                return len(await reports_of(a, life)) == 2 * months

            await eventually(all_published, timeout=60)
            yield Published(a, b, life, probe, months)


async def test_each_month_end_publishes_each_scope_once_with_its_event(published):
    a, life = published.a, published.life
    months = {d["month"] for d in await reports_of(a, life) if d["scope"] == "community"}
    assert len(months) == published.months and min(months) == "2025-03"
    assert max(months) == str(Month.of(datetime.now(UTC)).previous)
    # the month-end timer waits for the end of this month
    timer = await a.runtime.db.timers.find_one({"_id": reports_publish.MONTH_END})
    assert timer["due_at"] == Month.of(datetime.now(UTC)).next.start + a.runtime.settings.monthly_report_delay
    # one event per report in the outbox, and the March one on the broker with its figures
    outbox = [d["event"] async for d in a.runtime.db.outbox.find({"type": REPORT_PUBLISHED,
                                                                  "event.data.id": life.community})]
    assert len(outbox) == published.months
    assert len({e["data"]["month"] for e in outbox}) == published.months
    [message] = await published.probe.wait_for(REPORT_PUBLISHED, timeout=20, id=life.community, month="2025-03")
    assert message.headers["ce-tenant"] == life.community
    delivered = await published.probe.wait_for(REPORT_PUBLISHED, timeout=20, id=life.subdistrict, month="2025-03")
    assert {m.headers["ce-tenant"] for m in delivered} == {"platform"}
    march = [e for e in outbox if e["data"]["month"] == "2025-03"][0]["data"]
    assert march["summary"] == {"received": 5, "backlog": 2, "response_rate": 0.6667, "resolution_rate": 0.5,
                                "satisfaction_rate": 0.5, "reopened": 1}
    assert march["links"]["pdf_url"] == (f"/reporting/v1/reports/monthly?scope=community&id={life.community}"
                                         "&month=2025-03&format=pdf")

    # A second firing of March's timer (a replay, an operator) publishes nothing new.
    key = f"{reports_publish.ONE}/community/{life.community}/2025-03"
    async with a.runtime.uow.transaction() as tx:
        await schedule(tx, key=key, kind=reports_publish.ONE, due_at=clock.now(),
                       data={"scope": "community", "id": life.community, "month": "2025-03"})

    async def fired_again():
        return (await a.runtime.db.timers.find_one({"_id": key}))["fired_at"] is not None

    await eventually(fired_again, timeout=20)
    assert await a.runtime.db.outbox.count_documents({"type": REPORT_PUBLISHED, "event.data.id": life.community,
                                                      "event.data.month": "2025-03"}) == 1
    assert await a.runtime.db.monthly_reports.count_documents({"_id": f"community/{life.community}/2025-03"}) == 1


async def test_the_published_march_compares_with_february_and_april_with_march_as_published(published):
    a, life = published.a, published.life
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    r = await a.client.get("/reporting/v1/reports/monthly", headers=staff,
                           params={"scope": "community", "id": life.community, "month": "2025-03"})
    assert r.status_code == 200, r.text
    march = r.json()
    assert march["published_at"] is not None and march["name"] == "花园社区"
    assert (march["figures"]["received"], march["figures"]["response_rate"]) == (5, 0.6667)
    # February: I6 (02-28 23:59 in Shanghai), never answered → 响应率 0/1
    assert (march["previous"]["received"], march["previous"]["response_rate"]) == (1, 0.0)
    assert march["change"]["response_rate"] == 0.6667
    assert [(g["name"], g["received"]) for g in march["by_estate"]] == [("春澜璟园", 3), ("东苑", 2)]
    assert [(g["name"], g["received"]) for g in march["by_member"]] == [("徐浩", 3), ("李明", 2)]
    [company] = march["property_companies"]
    assert (company["name"], company["received"], company["promises"]) == ("春澜物业", 2,
                                                                           {"made": 1, "kept": 1, "broken": 0})
    april = (await a.client.get("/reporting/v1/reports/monthly", headers=staff, params={
        "scope": "community", "id": life.community, "month": "2025-04"})).json()
    assert april["figures"]["received"] == 1 and april["previous"] == march["figures"]
    live = (await a.client.get("/reporting/v1/reports/monthly", headers=staff, params={
        "scope": "community", "id": life.community, "month": "2025-03", "live": "true"})).json()
    assert live["published_at"] is None and live["figures"]["received"] == 5
    listed = (await a.client.get("/reporting/v1/reports", headers=staff)).json()["items"]
    assert len(listed) == published.months and {i["scope"] for i in listed} == {"community"}
    assert listed[-1]["month"] == "2025-03" and listed[-1]["response_rate"] == 0.6667


async def test_the_csv_opens_in_excel_and_the_pdf_reads_back(published):
    a, life = published.a, published.life
    lead = token("lead", life.community, subdistrict=life.subdistrict)
    params = {"scope": "community", "id": life.community, "month": "2025-03"}
    csv = await a.client.get("/reporting/v1/reports/monthly", headers=lead, params=params | {"format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in csv.headers["content-disposition"]
    assert csv.content.startswith(b"\xef\xbb\xbf")
    text = csv.content.decode("utf-8-sig")
    assert text.startswith("月报,花园社区 2025年3月 月报\r\n")
    assert "\r\n响应率,66.7%,0.0%,'+66.7个百分点\r\n" in text and "\r\n春澜璟园,3,2,50.0%," in text

    pdf = await a.client.get("/reporting/v1/reports/monthly", headers=lead, params=params | {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for seen in ("花园社区 2025年3月 月报", "66.7%", "春澜璟园", "李明", "春澜物业", "三率：本月与上月"):
        assert seen in text, seen
    fonts = [f.get_object() for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()]
    assert fonts and all(_embedded(f) for f in fonts)  # the Chinese fonts travel with the file
    page = pypdfium2.PdfDocument(pdf.content)[0].render(scale=1).to_pil().convert("L")
    dark = sum(1 for value in page.getdata() if value < 200)
    assert dark > page.width * page.height * 0.02  # a page with text and charts, not a blank one
    # the title's red is there: the charts and headings were drawn
    colours = pypdfium2.PdfDocument(pdf.content)[0].render(scale=1).to_pil().convert("RGB").getcolors(1 << 20)
    assert any(r > 150 and g < 90 and b < 90 for _, (r, g, b) in colours)


async def test_a_member_named_like_a_formula_reaches_the_served_csv_as_text():
    """OWASP's CSV Injection: a roster name ``=1+2`` must not become a live formula in the lead's Excel."""
    life = Life()
    life.members[life.m2]["name"] = "=1+2"
    async with running(create_app, settings_for(ReportingSettings)) as svc:
        await fold(svc, life)
        lead = token("lead", life.community, subdistrict=life.subdistrict)
        r = await svc.client.get("/reporting/v1/reports/monthly", headers=lead, params={
            "scope": "community", "id": life.community, "month": "2025-03", "format": "csv"})
    assert r.status_code == 200, r.text
    lines = r.content.decode("utf-8-sig").split("\r\n")
    assert "'=1+2,3,1,100.0%,0.0%,0.0%,1,60,36" in lines  # 徐浩's figures, under the defused name
    assert not [line for line in lines if line.startswith(("=", "+", "-", "@"))]


def _embedded(font) -> bool:
    descendants = font.get("/DescendantFonts")
    target = descendants[0].get_object() if descendants else font
    descriptor = target.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2",
                                                                                 "/FontFile3"))


async def test_only_the_community_its_lead_staff_and_subdistrict_admin_read_its_reports(published):
    a, life = published.a, published.life
    march = {"month": "2025-03"}
    community = {"scope": "community", "id": life.community} | march
    subdistrict = {"scope": "subdistrict", "id": life.subdistrict} | march
    admin = token("admin", None, subdistrict=life.subdistrict)
    allowed = [(token("staff", life.community, subdistrict=life.subdistrict), community),
               (token("lead", life.community, subdistrict=life.subdistrict), community),
               (admin, community), (admin, subdistrict)]
    for headers, params in allowed:
        for fmt in ("json", "csv"):
            r = await a.client.get("/reporting/v1/reports/monthly", headers=headers, params=params | {"format": fmt})
            assert r.status_code == 200, (params, r.text)
    refused = [(token("staff", "another-community", subdistrict=life.subdistrict), community),
               (token("lead", "another-community", subdistrict=life.subdistrict), community),
               (token("admin", None, subdistrict="another-subdistrict"), community),
               (token("admin", None, subdistrict="another-subdistrict"), subdistrict),
               (token("staff", life.community, subdistrict=life.subdistrict), subdistrict),
               (token("member", life.community, subdistrict=life.subdistrict, sub=life.m1), community),
               (token("resident", life.community, subdistrict=life.subdistrict, estate="chunlan"), community),
               (token("property", life.community, subdistrict=life.subdistrict, company=life.company), community)]
    for headers, params in refused:
        for fmt in ("json", "csv", "pdf"):
            r = await a.client.get("/reporting/v1/reports/monthly", headers=headers, params=params | {"format": fmt})
            assert r.status_code == 403, (params, fmt, r.text)
            assert r.json()["error"]["code"] == "not_your_scope"
    other = (await a.client.get("/reporting/v1/reports", headers=token("staff", "another-community"))).json()
    assert all(item["id"] != life.community for item in other["items"])
    mine = (await a.client.get("/reporting/v1/reports", headers=admin)).json()["items"]
    assert {i["scope"] for i in mine} == {"community", "subdistrict"}
    assert {i["name"] for i in mine if i["scope"] == "subdistrict"} == {"梨洲街道"}
    scopes = (await a.client.get("/reporting/v1/reports/scopes", headers=admin)).json()["items"]
    assert scopes[0] == {"scope": "subdistrict", "id": life.subdistrict, "name": "梨洲街道"}
    assert {"scope": "community", "id": life.community, "name": "花园社区"} in scopes
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    for params, code in (({"month": "2025-3"}, 422), ({"month": "2999-01"}, 422), ({"month": "0001-01"}, 422),
                         ({"scope": "estate"}, 422),
                         ({"format": "xlsx"}, 422), ({"id": "no-such-community"}, 403)):
        r = await a.client.get("/reporting/v1/reports/monthly", headers=staff, params=community | params)
        assert r.status_code == code, (params, r.text)
    assert (await a.client.get("/reporting/v1/reports/monthly", params=community)).status_code == 401
    nowhere = token("admin", None, subdistrict=life.subdistrict)
    r = await a.client.get("/reporting/v1/reports/monthly", headers=nowhere,
                           params=community | {"id": "no-such-community"})
    assert r.status_code == 404, r.text
