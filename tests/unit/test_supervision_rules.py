"""The clocks a task should have, and the property company's record, computed by hand."""

from datetime import UTC, datetime, timedelta

from xiuhua_assignment.days import SHANGHAI
from xiuhua_assignment.promises.record import judge
from xiuhua_assignment.supervision.clocks import BREACH, PROMISE, REMIND, wanted

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def task(**over) -> dict:
    return {"_id": "i1", "status": "assigned", "submitted_at": T0, "respond_by": T0 + timedelta(hours=24),
            "resolve_by": T0 + timedelta(days=7), "first_response_at": None,
            "assignee": {"id": "m", "name": "李明", "role": "member"}, "property": None} | over


def test_a_new_task_is_reminded_at_three_quarters_and_breached_at_each_limit():
    timers = wanted(task(), 0.75)
    assert timers["sla:i1:respond:remind"][:2] == (REMIND, T0 + timedelta(hours=18))
    assert timers["sla:i1:respond:breach"][:2] == (BREACH, T0 + timedelta(hours=24))
    assert timers["sla:i1:resolve:breach"][1] == T0 + timedelta(days=7)
    assert len(timers) == 4


def test_a_response_stops_the_respond_clock_and_waiting_or_resolving_stops_all():
    assert set(wanted(task(first_response_at=T0, status="in_progress"), 0.75)) == {
        "sla:i1:resolve:remind", "sla:i1:resolve:breach"}
    assert wanted(task(status="in_progress", waiting_since=T0), 0.75) == {}
    assert wanted(task(status="resolved"), 0.75) == {}
    unrouted = wanted(task(status="unrouted", assignee=None), 0.75)
    assert set(unrouted) == {"sla:i1:respond:breach", "sla:i1:resolve:breach"}  # nobody to remind


def test_a_promise_is_due_at_the_end_of_its_day_in_shanghai():
    handed = {"promises": [{"date": "2026-11-05"}, {"date": "2026-11-09"}], "done_at": None}
    timers = wanted(task(status="with_property", first_response_at=T0, property=handed), 0.75)
    assert timers["promise:i1"][:2] == (PROMISE, datetime(2026, 11, 10, 0, 0, tzinfo=SHANGHAI))


def test_the_record_counts_kept_and_broken_promises_and_the_median_days():
    co = {"id": "wy", "name": "春澜物业"}
    day = timedelta(days=1)

    def handed(done_after_days=None, promises=(), acknowledged=True):
        return {"company": co, "handed_at": T0, "ack_by": T0 + day, "acknowledged_at": T0 + day / 2 if acknowledged
                else None, "done_at": T0 + done_after_days * day if done_after_days is not None else None,
                "promises": [{"date": d} for d in promises]}

    now = T0 + 20 * day
    rounds = [
        ({"_id": "a", "title": "A"}, handed(2, ["2026-11-04"])),                # done 11-03 09:00 by 11-04: kept
        ({"_id": "b", "title": "B"}, handed(6, ["2026-11-04"])),                # done 11-08, after 11-04: broken
        ({"_id": "c", "title": "C"}, handed(None, ["2026-11-03", "2026-11-30"], acknowledged=False)),
        # c: 11-03 passed undone (broken), 11-30 still running (open); acknowledged late
    ]
    (record,) = judge(rounds, now)
    assert (record.handed, record.done, record.promises, record.kept, record.broken) == (3, 2, 4, 1, 2)
    assert record.acknowledged_late == 1
    assert record.median_days_to_done == 4.0  # median of 2 and 6 days
    assert [(p.issue_id, p.broken) for p in record.open_promises] == [("c", False)]


def test_supervision_pushes_read_well_and_reach_the_right_people():
    from xiuhua_notification import events as n
    from xiuhua_notification.supervision.words import messages

    due = datetime(2026, 11, 25, 6, 30, tzinfo=UTC)  # 14:30 in Shanghai
    member = {"id": "hy-li-ming", "name": "李明"}
    base = {"issue_id": "i1", "community": "huayuan", "title": "地下车库B区灯不亮"}
    [m] = messages("e1", "c1", n.Reminded(**base, kind="respond", due_at=due, assignee=member), "http://x")
    assert (m.to, m.message.text) == ("hy-li-ming", "「地下车库B区灯不亮」的响应时限是11月25日14:30，请及时受理。")
    up = messages("e2", "c1", n.Escalated(**base, kind="resolve", level="staff", to=["s1", "s2"], assignee=member,
                                          due_at=due), "http://x")
    assert [o.to for o in up] == ["s1", "s2"]
    assert up[0].message.text.startswith("李明负责的「地下车库B区灯不亮」已超过办结时限")
    pressed = messages("e3", "c1", n.Pressed(**base, note="请今天联系居民", assignee=member,
                                             leads=["lead", "hy-li-ming"], actor={"id": "st", "name": "林芳"}),
                       "http://x")
    assert [o.to for o in pressed] == ["hy-li-ming", "lead"]  # once each
    broken = messages("e4", "c1", n.PromiseBroken(**base, company={"id": "wy", "name": "春澜物业"},
                                                  contacts=["wang"], promised_date="2026-11-24", assignee=member),
                      "http://x")
    assert broken[1].message.text == "春澜物业承诺11月24日前处理的「地下车库B区灯不亮」已逾期未完成，请尽快处理并回复。"
    assert all(len(o.message.text) <= 120 for o in [m, *up, *pressed, *broken])


def test_the_highest_rung_reached_stays_whatever_order_the_rungs_fire_in():
    from xiuhua_assignment.supervision.ladder import RUNGS

    assert max("staff", "subdistrict", key=RUNGS.index) == "subdistrict"
    assert max("lead", "staff", key=RUNGS.index) == "staff"


def test_a_limit_after_midnight_in_shanghai_is_told_as_that_day_not_the_utc_one():
    from xiuhua_notification import events as n
    from xiuhua_notification.supervision.words import messages

    due = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)  # 00:30 on 25 November in Shanghai, the 24th in UTC
    base = {"issue_id": "i1", "community": "huayuan", "title": "地下车库B区灯不亮"}
    [m] = messages("e1", "c1", n.Reminded(**base, kind="resolve", due_at=due, assignee={"id": "a", "name": "李明"}),
                   "http://x")
    assert "办结时限是11月25日00:30" in m.message.text
