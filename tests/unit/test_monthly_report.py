"""The monthly report on a hand-computed fixture: a community's October 2026 (Asia/Shanghai) and its
September, composed from issue rows, then written as CSV — every figure below worked out by hand.

October: A (chunlan, parking, 李明) answered in 30 min, handed to 春澜物业, resolved in 48 h, 满意;
B (chunlan, cleaning, 李明) answered 26 h later, after its deadline, still in progress; C (dongyuan,
greening, 徐浩) answered in 1 h, resolved in 36 h after a reopening, 不满意 and unsolved; D (dongyuan,
other, no one) merged; E (chunlan, parking, 徐浩) on the last evening, its deadline not yet come.
September: P1 answered on time, resolved in 48 h, 基本满意; P2 never answered, still open and overdue.
Assignment announced each limit that passed (``*_breached``): B's response and resolution (its late
answer has met the first since), P2's both. The report is made at 00:30 on 1 November.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.reports import compose, printable, table
from xiuhua_reporting.reports.month import Month, MonthError

NOW = datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI)


def at(text: str) -> datetime:
    """``"10-03 09:00"`` → that moment of 2026 in Shanghai."""
    return datetime.fromisoformat(f"2026-{text}").replace(tzinfo=SHANGHAI)


def row(estate, category, assignee, submitted, respond_by, status, *, resolve_by=None, responded=None,
        resolved=None, reopened=0, solved=None, satisfaction=None, **extra) -> dict:
    names = {"m1": "李明", "m2": "徐浩"}
    return {"community": "hy", "estate": estate, "category": category, "assignee": assignee,
            "assignee_name": names.get(assignee), "submitted_at": at(submitted), "respond_by": at(respond_by),
            "resolve_by": at(resolve_by) if resolve_by else None, "status": status,
            "first_response_at": at(responded) if responded else None,
            "resolved_at": at(resolved) if resolved else None,
            "reopened": reopened, "solved": solved, "satisfaction": satisfaction} | extra


A = row("chunlan", "parking", "m1", "10-03 09:00", "10-04 09:00", "closed", responded="10-03 09:30",
        resolved="10-05 09:00", solved=True, satisfaction="satisfied", company="wy", company_name="春澜物业",
        handed_at=at("10-03 10:00"), ack_by=at("10-04 10:00"), acknowledged_at=at("10-03 12:00"),
        property_done_at=at("10-05 08:00"), promises=[{"date": "2026-10-06", "at": at("10-03 12:30")}])
B = row("chunlan", "cleaning", "m1", "10-10 09:00", "10-11 09:00", "in_progress", resolve_by="10-17 09:00",
        responded="10-11 11:00", respond_breached=at("10-11 09:00"), resolve_breached=at("10-17 09:00"))
C = row("dongyuan", "greening", "m2", "10-20 09:00", "10-21 09:00", "resolved", responded="10-20 10:00",
        resolved="10-21 21:00", reopened=1, solved=False, satisfaction="dissatisfied")
D = row("dongyuan", "other", None, "10-25 09:00", "10-26 09:00", "merged")
E = row("chunlan", "parking", "m2", "10-31 20:00", "11-01 20:00", "assigned", resolve_by="11-07 20:00")
P1 = row("chunlan", "parking", "m1", "09-10 09:00", "09-11 09:00", "closed", responded="09-10 10:00",
         resolved="09-12 09:00", solved=True, satisfaction="basically_satisfied")
P2 = row("chunlan", "cleaning", "m1", "09-15 09:00", "09-16 09:00", "assigned", resolve_by="09-22 09:00",
         respond_breached=at("09-16 09:00"), resolve_breached=at("09-22 09:00"))

NAMES = {"estate": {"chunlan": "春澜璟园", "dongyuan": "东苑"},
         "member": {"m1": "李明", "m2": "徐浩", None: "未派单"}, "property": {"wy": "春澜物业"}}


def october(names=NAMES):
    head = compose.Head(scope="community", id="hy", name="花园社区", subdistrict="lizhou", month=Month(2026, 10))
    previous = compose.figures_of(compose.cases_of([P1, P2]), now=NOW)
    return compose.compose(head, rows=[A, B, C, D, E], previous=previous, open_rows=[B, E, P2], handed_rows=[A],
                           names=names, now=NOW)


def test_the_csv_of_a_community_month_holds_the_figures_worked_out_by_hand():
    lines = table.rows(october())
    assert lines[:6] == [["月报", "花园社区 2026年10月 月报"], ["范围", "社区", "hy", "花园社区"],
                         ["期间", "2026-10-01 至 2026-10-31"], ["统计时间", "2026-11-01 00:30"],
                         ["状态", "未发布（按当前数据生成）"], []]
    assert lines[6:20] == [
        ["指标", "本月", "上月", "变化"],
        ["收到问题", "5", "2", "+3"],
        ["其中在办", "2", "1", "+1"],
        ["响应率", "66.7%", "50.0%", "+16.7个百分点"],
        ["按时响应 / 应响应", "2/3", "1/2"],
        ["解决率", "50.0%", "100.0%", "-50.0个百分点"],
        ["满意率", "50.0%", "100.0%", "-50.0个百分点"],
        ["已解决 / 满意 / 已回访", "1/1/2", "1/1/1"],
        ["首次响应中位数（分钟）", "60", "60"],
        ["首次响应P90（分钟）", "1560", "60"],
        ["办结时长中位数（小时）", "36", "48"],
        ["办结时长P90（小时）", "48", "48"],
        ["重新打开", "1", "0", "+1"],
        ["样本少于10件，仅供参考：响应率、解决率、满意率"],  # 3 due, 2 rated
    ]
    # in hand: B, E (October) and P2 (September); overdue: B (resolve; its late answer met the response
    # limit) and P2 (both); E's limits are still ahead
    assert lines[20:28] == [[], ["在办（截至统计时间）", "件数"], ["在办合计", "3"], ["其中本月收到", "2"],
                            ["其中此前收到", "1"], ["超时（响应或办结）", "2"], ["其中响应超时", "1"],
                            ["其中办结超时", "2"]]
    rest = lines[28:]
    assert rest[:9] == [
        [], ["按类别"], ["类别", *table.GROUP_HEAD],
        ["保洁", "1", "1", "0.0%", "—", "—", "0", "1560", "—"],
        ["绿化", "1", "0", "100.0%", "0.0%", "0.0%", "1", "60", "36"],
        ["安保", "0", "0", "—", "—", "—", "0", "—", "—"],
        ["车库停车", "2", "1", "100.0%", "100.0%", "100.0%", "0", "30", "48"],
        ["设施维修", "0", "0", "—", "—", "—", "0", "—", "—"],
        ["其他", "1", "0", "—", "—", "—", "0", "—", "—"],
    ]
    assert rest[9:14] == [
        [], ["按小区"], ["小区", *table.GROUP_HEAD],
        ["春澜璟园", "3", "2", "50.0%", "100.0%", "100.0%", "0", "30", "48"],
        ["东苑", "2", "0", "100.0%", "0.0%", "0.0%", "1", "60", "36"],
    ]
    assert rest[14:20] == [
        [], ["按队员"], ["队员", *table.GROUP_HEAD],
        ["李明", "2", "1", "50.0%", "100.0%", "100.0%", "0", "30", "48"],
        ["徐浩", "2", "1", "100.0%", "0.0%", "0.0%", "1", "60", "36"],
        ["未派单", "1", "0", "—", "—", "—", "0", "—", "—"],
    ]
    # 春澜物业: acknowledged 2 h after the handover (due in a day), promised 10-06, done 10-05 08:00 (46 h)
    assert rest[20:] == [[], ["物业公司履约（按本月转办）"], table.PROPERTY_HEAD,
                         ["春澜物业", "1", "0", "100.0%", "1", "1", "1", "1", "0", "120", "46"]]


def test_the_printed_report_says_times_as_people_do_and_which_rates_rest_on_few_issues():
    page = printable.html(october())
    # first response median 60 min, p90 1560 min; resolution median 36 h (September: 48 h)
    for words in ("<td>首次响应中位数</td><td>1小时</td>", "<td>1天2小时</td>",
                  "<td>办结时长中位数</td><td>1天12小时</td><td>2天</td>",
                  "样本少于10件，仅供参考：响应率、解决率、满意率", "超时 2（响应1·办结2）"):
        assert words in page, words
    assert "（分钟）" not in page.split("按类别")[0]  # the headline table needs no unit to be read


def test_the_csv_file_opens_in_excel_with_its_chinese_intact():
    data = table.csv_bytes(october())
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    text = data.decode("utf-8-sig")
    assert text.startswith("月报,花园社区 2026年10月 月报\r\n") and "\r\n响应率,66.7%,50.0%,'+16.7个百分点\r\n" in text


def test_names_that_would_start_a_formula_reach_the_spreadsheet_as_text():
    """OWASP's CSV Injection rule: a cell beginning with =, +, -, @, a tab or a carriage return gets a '."""
    names = {"estate": {"chunlan": "@SUM(1+1)*cmd|' /C calc'!A0", "dongyuan": "\t=1+2"},
             "member": {"m1": "=1+2", "m2": "+1+2", None: "未派单"},
             "property": {"wy": "-2+3+cmd|' /C calc'!A0"}}
    text = table.csv_bytes(october(names)).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    firsts = {line[0] for line in lines if line}
    assert {"'=1+2", "'+1+2", "'-2+3+cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0", "'\t=1+2"} <= firsts
    assert ["'=1+2", "2", "1", "50.0%", "100.0%", "100.0%", "0", "30", "48"] in lines  # the figures unchanged
    assert not [cell for line in lines for cell in line if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # the code's own signed changes are text like the rest, and read the same once Excel drops the quote
    assert ["收到问题", "5", "2", "'+3"] in lines and ["解决率", "50.0%", "100.0%", "'-50.0个百分点"] in lines


def test_a_carriage_return_opening_a_cell_is_defused_and_numbers_stay_numbers():
    assert table.defused("\r=1+2") == "'\r=1+2" and table.defused("=A1") == "'=A1"
    assert table.defused("李明") == "李明" and table.defused("") == "" and table.defused("'=1") == "'=1"
    assert table.defused(-3) == -3 and table.defused(-0.5) == -0.5  # a real number from the code, not text


def test_a_subdistrict_report_is_by_community_not_by_estate_or_member():
    head = compose.Head(scope="subdistrict", id="lizhou", name=None, subdistrict="lizhou", month=Month(2026, 10))
    other = row("chunlan", "parking", "x1", "10-08 09:00", "10-09 09:00", "closed", responded="10-08 09:10") | {
        "community": "df"}
    report = compose.compose(head, rows=[A, B, other], previous=compose.figures_of([], now=NOW), open_rows=[B],
                             handed_rows=[], names={"community": {"hy": "花园社区", "df": "东风社区"}}, now=NOW)
    assert [(g.name, g.received) for g in report.by_community] == [("花园社区", 2), ("东风社区", 1)]
    assert report.by_estate == report.by_member == [] and report.property_companies == []
    lines = table.rows(report)
    assert lines[0] == ["月报", "lizhou街道 2026年10月 月报"] and ["按社区"] in lines and ["按小区"] not in lines
    assert lines[-1] == table.PROPERTY_HEAD  # no company had work handed to it


def test_months_are_named_and_counted_in_shanghai():
    assert Month.parse("2026-10").period.start.isoformat() == "2026-10-01T00:00:00+08:00"
    assert str(Month(2026, 1).previous) == "2025-12" and str(Month(2026, 12).next) == "2027-01"
    assert Month.of(datetime.fromisoformat("2026-10-31T16:00:00+00:00")) == Month(2026, 11)
    for bad in ("2026-13", "2026-1", "26-10", "2026/10", "0000-01", "0001-01"):
        try:
            Month.parse(bad)
        except MonthError:
            continue
        raise AssertionError(bad)
