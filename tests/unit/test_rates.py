"""The rate formulas on a fixture computed by hand (times are Asia/Shanghai, March 2025)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pytest

from xiuhua_reporting.domain.period import SHANGHAI, PeriodError, month_of, parse_period
from xiuhua_reporting.domain.rates import (
    Case,
    Percentiles,
    Promises,
    figures,
    percentile,
    property_case,
    small_base,
    volunteer_case,
)
from xiuhua_reporting.reports.words import duration


def t(text: str) -> datetime:
    """``"03-05 08:00"`` → 2025-03-05 08:00 in Shanghai."""
    return datetime.fromisoformat(f"2025-{text}").replace(tzinfo=SHANGHAI)


NOW = t("03-20 12:00")


def row(submitted, status, respond_by=None, responded=None, resolved=None, reopened=0, solved=None,
        satisfaction=None):
    return {"submitted_at": t(submitted), "status": status, "respond_by": respond_by and t(respond_by),
            "first_response_at": responded and t(responded), "resolved_at": resolved and t(resolved),
            "reopened": reopened, "solved": solved, "satisfaction": satisfaction}


# The team's issues received in March; NOW is 03-20 12:00.
#    submitted    status       respond_by   first response  latest resolution  reopened  return visit
# A  03-01 09:00  closed       03-02 09:00  03-01 09:30 ✓    03-03 09:00 (48h)   0        solved, 满意
# B  03-02 10:00  closed       03-02 12:00  03-02 11:00 ✓    03-03 10:00 (24h)   0        solved, 基本满意
# C  03-05 08:00  resolved     03-06 08:00  03-06 10:00 ✗    03-10 08:00 (120h)  1        unsolved, 不满意
# D  03-10 09:00  assigned     03-11 09:00  —  deadline passed: a miss                 0
# E  03-19 20:00  assigned     03-20 20:00  —  deadline not yet passed: not counted     0
# F  03-12 09:00  merged       03-13 09:00  —  merged: no response owed                0
# G  03-15 09:00  rejected     —            —  rejected (and no deadline)               0
# H  03-16 09:00  in_progress  03-17 09:00  03-16 09:10 ✓    —                   0
# I  03-18 09:00  reopened     03-19 09:00  03-18 13:00 ✓    03-18 21:00 (12h)   1
# K  03-08 09:00  closed       03-09 09:00  03-08 09:05 ✓    03-08 15:00 (6h)    0        solved, 不满意
TEAM = [
    row("03-01 09:00", "closed", "03-02 09:00", "03-01 09:30", "03-03 09:00", 0, True, "satisfied"),
    row("03-02 10:00", "closed", "03-02 12:00", "03-02 11:00", "03-03 10:00", 0, True, "basically_satisfied"),
    row("03-05 08:00", "resolved", "03-06 08:00", "03-06 10:00", "03-10 08:00", 1, False, "dissatisfied"),
    row("03-10 09:00", "assigned", "03-11 09:00"),
    row("03-19 20:00", "assigned", "03-20 20:00"),
    row("03-12 09:00", "merged", "03-13 09:00"),
    row("03-15 09:00", "rejected"),
    row("03-16 09:00", "in_progress", "03-17 09:00", "03-16 09:10"),
    row("03-18 09:00", "reopened", "03-19 09:00", "03-18 13:00", "03-18 21:00", 1),
    row("03-08 09:00", "closed", "03-09 09:00", "03-08 09:05", "03-08 15:00", 0, True, "dissatisfied"),
]


def test_the_teams_figures_equal_the_hand_computation():
    f = figures([volunteer_case(r) for r in TEAM], now=NOW)
    assert f.received == 10
    assert f.backlog == 4  # D, E (assigned), H (in_progress), I (reopened)
    # due: A B C D H I K = 7 (E's deadline is ahead, F merged, G rejected); on time: A B H I K = 5
    assert (f.responded_on_time, f.response_due, f.response_rate) == (5, 7, 0.7143)  # 5/7 = 0.714285…
    # rated A B C K = 4; solved A B K = 3 → 3/4; 满意 or 基本满意: A B = 2 → 2/4
    assert (f.solved, f.rated, f.resolution_rate) == (3, 4, 0.75)
    assert (f.satisfied, f.satisfaction_rate) == (2, 0.5)
    # minutes to first response: K 5, H 10, A 30, B 60, I 240, C 1560 (26 h); n = 6
    # p50: rank ⌈0.5·6⌉ = 3 → 30; p90: rank ⌈0.9·6⌉ = ⌈5.4⌉ = 6 → 1560
    assert f.first_response_minutes == Percentiles(30.0, 1560.0)
    # hours to the latest resolution: K 6, I 12, B 24, A 48, C 120; n = 5
    # p50: rank ⌈2.5⌉ = 3 → 24; p90: rank ⌈4.5⌉ = 5 → 120
    assert f.resolution_hours == Percentiles(24.0, 120.0)
    assert f.reopened == 2  # C, I
    assert f.promises is None


def prow(handed, ack_by, answered=None, done=None, promised=(), status="handed_to_property", reopened=0,
         solved=None, satisfaction=None):
    return {"submitted_at": t("03-01 08:00"), "handed_at": t(handed), "ack_by": t(ack_by),
            "acknowledged_at": answered and t(answered), "property_done_at": done and t(done),
            "promises": [{"date": f"2025-{d}", "at": t(handed)} for d in promised], "status": status,
            "reopened": reopened, "solved": solved, "satisfaction": satisfaction,
            # the team's own figures must not leak into the company's
            "first_response_at": t("03-01 08:01"), "respond_by": t("03-01 09:00"), "resolved_at": t("03-30 08:00")}


# The property company's issues, handed over in March; NOW is 03-20 12:00.
#     handed       ack_by       first answer      done              promised days           status
# P1  03-03 10:00  03-04 10:00  03-03 12:00 ✓ 120m 03-05 10:00 (48h) 03-06 kept              closed, solved 满意
# P2  03-10 09:00  03-11 09:00  03-11 15:00 ✗ 1800m —                03-15 broken            with the company
# P3  03-18 09:00  03-21 09:00  — (ack_by ahead: not counted)  —     —                       with the company
# P4  03-12 09:00  03-13 09:00  03-12 10:00 ✓ 60m  03-16 09:00 (96h) 03-14 broken, 03-20 kept resolved, reopened once,
#                                                                                             unsolved 不满意
# P5  03-19 09:00  03-20 09:00  03-19 09:30 ✓ 30m  —                03-25 pending           in_progress (not done)
COMPANY = [
    prow("03-03 10:00", "03-04 10:00", "03-03 12:00", "03-05 10:00", ["03-06"], "closed", 0, True, "satisfied"),
    prow("03-10 09:00", "03-11 09:00", "03-11 15:00", None, ["03-15"]),
    prow("03-18 09:00", "03-21 09:00"),
    prow("03-12 09:00", "03-13 09:00", "03-12 10:00", "03-16 09:00", ["03-14", "03-20"], "resolved", 1, False,
         "dissatisfied"),
    prow("03-19 09:00", "03-20 09:00", "03-19 09:30", None, ["03-25"], "in_progress"),
]


def test_the_property_companys_figures_run_from_the_handover():
    f = figures([property_case(r) for r in COMPANY], now=NOW, promises=True)
    assert f.received == 5
    assert f.backlog == 3  # P2, P3, P5: not reported done and still worked on
    # due: P1 P2 P4 P5 = 4 (P3's ack_by is ahead); on time: P1 P4 P5 = 3
    assert (f.responded_on_time, f.response_due, f.response_rate) == (3, 4, 0.75)
    assert (f.solved, f.rated, f.resolution_rate, f.satisfied, f.satisfaction_rate) == (1, 2, 0.5, 1, 0.5)
    # handed → first answer: 30, 60, 120, 1800; p50 rank 2 → 60; p90 rank ⌈3.6⌉ = 4 → 1800
    assert f.first_response_minutes == Percentiles(60.0, 1800.0)
    # handed → done: 48, 96; p50 rank 1 → 48; p90 rank ⌈1.8⌉ = 2 → 96
    assert f.resolution_hours == Percentiles(48.0, 96.0)
    assert f.reopened == 1
    # made 5 (P1 1, P2 1, P4 2, P5 1); kept: P1 03-06, P4 03-20 (done 03-16); broken: P2 03-15, P4 03-14
    assert f.promises == Promises(made=5, kept=2, broken=2)


def test_each_rate_is_marked_when_it_rests_on_too_few_issues():
    """TEAM: 7 due (响应率), 4 rated (解决率, 满意率) — small beside 10, not beside 4."""
    counts = asdict(figures([volunteer_case(r) for r in TEAM], now=NOW))
    assert small_base(counts, 10) == ["response_rate", "resolution_rate", "satisfaction_rate"]
    assert small_base(counts, 5) == ["resolution_rate", "satisfaction_rate"]
    assert small_base(counts, 4) == []
    two_ratings = [Case(start=t("03-01 09:00"), working=False, solved=True, satisfaction="satisfied")] * 2
    f = asdict(figures(two_ratings, now=NOW))
    assert (f["resolution_rate"], f["solved"], f["rated"]) == (1.0, 2, 2)  # 100 % from two: said so
    assert "resolution_rate" in small_base(f, 10)


@pytest.mark.parametrize(("minutes", "words"), [
    (None, "—"), (0.02, "1分钟内"), (0, "1分钟内"), (1, "1分钟"), (25.4, "25分钟"), (59.6, "1小时"),
    (60, "1小时"), (200, "3小时20分"), (1439.4, "23小时59分"), (1440, "1天"), (3120, "2天4小时"),
    (36 * 60, "1天12小时"), (7 * 1440 + 29, "7天"),
])
def test_durations_read_as_people_say_them(minutes, words):
    assert duration(minutes) == words


def test_rates_are_null_when_their_denominator_is_zero():
    f = figures([], now=NOW)
    assert (f.received, f.backlog, f.reopened) == (0, 0, 0)
    assert (f.response_rate, f.resolution_rate, f.satisfaction_rate) == (None, None, None)
    assert f.first_response_minutes == Percentiles(None, None) == f.resolution_hours
    waiting = Case(start=t("03-20 10:00"), working=True, deadline=t("03-21 10:00"))
    f = figures([waiting], now=NOW)
    assert (f.received, f.backlog, f.response_due, f.response_rate, f.rated) == (1, 1, 0, None, 0)
    assert figures([waiting], now=t("03-21 10:01")).response_rate == 0.0  # the deadline passed: a miss


def test_a_response_exactly_at_the_deadline_is_on_time():
    case = Case(start=t("03-01 09:00"), working=False, deadline=t("03-01 11:00"), responded_at=t("03-01 11:00"))
    assert figures([case], now=NOW).response_rate == 1.0


def test_a_merged_issue_answered_in_time_still_does_not_count():
    merged = Case(start=t("03-01 09:00"), working=False, excluded=True, deadline=t("03-02 09:00"),
                  responded_at=t("03-01 09:30"))
    late = Case(start=t("03-01 09:00"), working=True, deadline=t("03-02 09:00"), responded_at=t("03-03 09:00"))
    f = figures([merged, late], now=NOW)
    assert (f.responded_on_time, f.response_due) == (0, 1)
    assert f.first_response_minutes.p50 == 30.0  # its time to answer is still a time to answer


@pytest.mark.parametrize(("values", "p50", "p90"), [
    ([], None, None),
    ([7.0], 7.0, 7.0),
    ([float(v) for v in range(10, 0, -1)], 5.0, 9.0),  # n=10: ranks 5 and 9
    ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0], 6.0, 10.0),  # n=11: ⌈5.5⌉=6, ⌈9.9⌉=10
])
def test_nearest_rank_percentiles(values, p50, p90):
    assert (percentile(values, 50), percentile(values, 90)) == (p50, p90)


def test_rows_not_yet_submitted_or_not_handed_are_not_cases():
    assert volunteer_case({"status": "assigned", "first_response_at": t("03-01 09:00")}) is None
    assert property_case({"submitted_at": t("03-01 09:00"), "status": "assigned"}) is None


def test_the_period_is_a_shanghai_month_by_default_and_to_is_exclusive():
    march = month_of(datetime(2025, 3, 31, 16, 30, tzinfo=UTC))  # 04-01 00:30 in Shanghai: April
    assert (march.start, march.end) == (t("04-01 00:00"), t("05-01 00:00"))
    december = parse_period(None, None, now=datetime(2025, 12, 15, tzinfo=UTC))
    assert december.end == datetime(2026, 1, 1, tzinfo=SHANGHAI)
    period = parse_period("2025-03-01", "2025-04-01", now=NOW)
    assert t("03-31 23:59") in period and t("04-01 00:00") not in period and t("03-01 00:00") in period
    assert parse_period("2025-03-01T08:00:00Z", "2025-03-02T10:00", now=NOW).start == t("03-01 16:00")
    assert parse_period("2025-03-01T08:00:00 08:00", None, now=NOW).start == t("03-01 08:00")  # unescaped +


@pytest.mark.parametrize(("start", "end"), [("2025-04-01", "2025-03-01"), ("2025-03-01", "2025-03-01"),
                                            ("March", None), ("2025-13-01", None)])
def test_a_period_that_is_not_one_is_refused(start, end):
    with pytest.raises(PeriodError):
        parse_period(start, end, now=NOW)
