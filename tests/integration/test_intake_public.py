"""An estate's public board and lift notice: open to all, with nothing personal in them."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.integration.test_intake_lifecycle import LEAD, status_of, task_event
from tests.support.broker import publish
from tests.support.clock import SHANGHAI, shanghai_now
from tests.support.demo import report
from tests.support.services import token
from xiuhua_events import clock

LIU = token("resident", estate="chunlan", sub="r-liu", name="刘女士")


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


async def test_the_board_shows_work_by_category_place_and_status_only(intake):
    await intake.client.post("/intake/v1/issues", headers=LIU, json=report(
        title="3幢201刘女士家门口灯不亮", description="我家电话13800001234"))
    r = await intake.client.get("/intake/v1/public/estates/huayuan/chunlan")  # no login
    assert r.status_code == 200, r.text
    board = r.json()
    assert board["estate_name"] == "春澜璟园" and board["counts"]["working"] == 1
    assert board["counts"]["received_this_week"] == 1
    [row] = board["working"]
    assert (row["category"], row["place"], row["status"]) == ("车库停车", "地下车库B区", "已提交")
    for personal in ("刘", "13800001234", "201", "灯不亮"):
        assert personal not in r.text  # no names, phones, or residents' own words
    pdf = await intake.client.get("/intake/v1/public/estates/huayuan/chunlan/notice.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "春澜璟园 本周服务公示" in text and "扫码报事" in text and "刘" not in text
    assert (await intake.client.get("/intake/v1/public/estates/huayuan/nowhere")).status_code == 404


# A resident's own words in every free field of a report: the place detail, the title, the description.
PERSONAL = ("13912345678", "王建国", "门口放了鞋柜")
SPOKEN = {"title": "王建国13912345678家门口放了鞋柜", "description": "我是王建国，电话13912345678，门口放了鞋柜",
          "place": {"building": "b3", "unit": 2, "detail": "王建国家 13912345678 门口放了鞋柜"}}


async def test_the_board_and_the_lift_notice_show_only_the_catalogued_place_never_the_residents_words(intake):
    r = await intake.client.post("/intake/v1/issues", headers=LIU, json=report(category="保洁", **SPOKEN))
    assert r.status_code == 201, r.text
    board = await intake.client.get("/intake/v1/public/estates/huayuan/chunlan")
    [row] = board.json()["working"]
    assert (row["category"], row["place"], row["status"]) == ("保洁", "3幢 2单元", "已提交")
    for personal in PERSONAL + ("刘", "13800001234"):
        assert personal not in board.text
    pdf = await intake.client.get("/intake/v1/public/estates/huayuan/chunlan/notice.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "3幢 2单元" in text
    for personal in PERSONAL:
        assert personal not in text


async def test_the_boards_work_in_hand_comes_a_page_at_a_time_newest_first(intake):
    numbers = []
    for n in range(25):  # 25 residents, one report each
        who = token("resident", estate="chunlan", sub=f"r-page{n:02d}", name="居民")
        r = await intake.client.post("/intake/v1/issues", headers=who, json=report(
            title=f"第{n}个问题", reporter={"name": "居民", "phone": f"1390000{n:04d}"}))
        assert r.status_code == 201, r.text
        numbers.append(r.json()["number"])
    path = "/intake/v1/public/estates/huayuan/chunlan/working"
    first = (await intake.client.get(path)).json()  # no login
    assert (first["total"], first["page"], first["size"]) == (25, 1, 20)
    assert [i["number"] for i in first["items"]] == numbers[::-1][:20]  # the newest first
    second = (await intake.client.get(path, params={"page": 2})).json()
    assert [i["number"] for i in second["items"]] == numbers[::-1][20:]
    assert set(second["items"][0]) == {"number", "category", "place", "status", "since"}  # nothing personal
    assert "居民" not in str(second) and "13900000000" not in str(second)
    assert (await intake.client.get(path, params={"size": 51})).status_code == 422
    assert (await intake.client.get("/intake/v1/public/estates/huayuan/nowhere/working")).status_code == 404


def latest(hour: int, minute: int, *, since: datetime) -> datetime | None:
    """The latest ``hour``:``minute`` Shanghai time that has passed, if it is not before ``since``."""
    now = shanghai_now()
    at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    at = at if at <= now else at - timedelta(days=1)
    return at if at >= since else None


def pdf_lines(content: bytes) -> list[str]:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).splitlines()


async def test_the_lift_notice_board_and_record_give_the_day_an_issue_was_resolved_in_shanghai(intake):
    """Resolved at 05:02 on a day in Shanghai is that day, though the UTC timestamp is the day before;
    resolved at 23:30 (the hour the suite also runs at) is that day, not the next."""
    now = shanghai_now()
    week = datetime.combine((now - timedelta(days=now.weekday())).date(), datetime.min.time(), SHANGHAI)
    early = latest(5, 2, since=week) or min(week + timedelta(minutes=2), now)  # still before 08:00 Shanghai
    moments = [m for m in (early, latest(23, 30, since=week)) if m is not None]
    resolved = {}
    for at in moments:
        with clock.as_of(at - timedelta(minutes=10)):
            r = await intake.client.post("/intake/v1/issues", headers=LIU, json=report())
        assert r.status_code == 201, r.text
        issue = r.json()
        await publish(task_event("resolved", issue["id"], at.astimezone(SHANGHAI), note="已更换灯管"))
        await status_of(intake, issue["id"], "resolved")
        resolved[issue["number"]] = (issue["id"], at)

    board = (await intake.client.get("/intake/v1/public/estates/huayuan/chunlan")).json()
    shown = {row["number"]: row["resolved_on"] for row in board["done_this_week"]}
    assert shown == {number: at.date().isoformat() for number, (_, at) in resolved.items()}
    notice = await intake.client.get("/intake/v1/public/estates/huayuan/chunlan/notice.pdf")
    lines = pdf_lines(notice.content)
    for number, (issue_id, at) in resolved.items():
        [row] = [line for line in lines if number in line]
        assert row.endswith(at.date().isoformat()), row  # 办结日期, the Shanghai day
        record = await intake.client.get(f"/intake/v1/issues/{issue_id}/record.pdf", headers=LEAD)
        assert record.status_code == 200
        [line] = [line for line in pdf_lines(record.content) if line.startswith("办结时间")]
        assert line.replace(" ", "").endswith(at.strftime("%Y-%m-%d%H:%M")), line
