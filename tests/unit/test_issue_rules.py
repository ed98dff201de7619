"""Who may take which step on an issue in intake, and the timeline's words."""

from datetime import UTC, datetime, timedelta

from xiuhua_auth import Principal
from xiuhua_intake.issues.domain.rules import allowed_steps, refusal
from xiuhua_intake.issues.domain.timeline import outside_view, sentence

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
REPORTER = Principal(sub="r-liu", role="resident", community="huayuan", estate="chunlan")
NEIGHBOUR = Principal(sub="r-wu", role="resident", community="huayuan", estate="chunlan")
FAR_AWAY = Principal(sub="r-x", role="resident", community="huayuan", estate="other")
LEAD = Principal(sub="l", role="lead", community="huayuan")
PROPERTY = Principal(sub="p", role="property", community="huayuan", company="chunlan-wuye")


def issue(status: str, **more) -> dict:
    return {"community": "huayuan", "subdistrict": "lizhou", "estate": "chunlan", "status": status,
            "reporter": {"sub": "r-liu"}, "supporters": [], **more}


def test_each_person_sees_the_steps_that_are_theirs():
    assert allowed_steps(issue("assigned"), LEAD, now=NOW) == ["triage", "reject", "merge", "comment"]
    assert allowed_steps(issue("assigned"), NEIGHBOUR, now=NOW) == ["support", "comment"]
    assert allowed_steps(issue("assigned"), REPORTER, now=NOW) == ["comment"]
    assert allowed_steps(issue("assigned"), FAR_AWAY, now=NOW) == ["comment"]
    resolved = issue("resolved", resolved_at=NOW - timedelta(days=1))
    assert allowed_steps(resolved, REPORTER, now=NOW) == ["comment", "confirm", "reopen", "rating"]
    assert allowed_steps(issue("closed", resolved_at=NOW), REPORTER, now=NOW) == ["comment", "rating"]
    assert allowed_steps(issue("rejected"), REPORTER, now=NOW) == ["comment"]
    assert allowed_steps(issue("assigned"), PROPERTY, now=NOW) == []  # not handed to them: not theirs to see


def test_the_reopen_window_and_one_rating():
    resolved = issue("resolved", resolved_at=NOW - timedelta(days=3))
    assert refusal("reopen", resolved, REPORTER, now=NOW, reopen_days=7) is None
    late = refusal("reopen", resolved, REPORTER, now=NOW, reopen_days=2)
    assert (late.status, late.message) == (409, "办结已超过2天，不能重新打开，请重新反映")
    rated = issue("closed", resolved_at=NOW, rating={"solved": True})
    assert refusal("rating", rated, REPORTER, now=NOW).code == "already_rated"
    assert refusal("confirm", issue("assigned"), REPORTER, now=NOW).message == "该问题已派单，不能确认解决"


def test_timeline_sentences_name_the_team_but_never_a_resident():
    member = {"id": "hy-li-ming", "name": "李明", "role": "member"}
    resident = {"id": "r-liu", "name": "刘女士", "role": "resident"}
    assert sentence("submitted", resident, {}) == "居民反映了问题"
    assert sentence("accepted", member, {}) == "队员李明已受理"
    assert sentence("commented", resident, {"text": "谢谢"}) == "居民留言：谢谢"
    rated = {"solved": True, "satisfaction": "basically_satisfied"}
    assert sentence("rated", resident, rated) == "回访：已解决，基本满意"
    assert sentence("closed", {"role": "system", "name": "系统"}, {"reason": "auto", "days": 7}) == \
        "办结7天无人确认，自动关闭"
    company = {"company": {"id": "c", "name": "春澜物业"}}
    promised = company | {"promised_date": "2026-11-22"}
    assert sentence("property_promised", member, promised) == "春澜物业承诺2026-11-22前完成"


def test_what_the_property_company_writes_is_part_of_its_step():
    wang = {"id": "cl-wuye-wang", "name": "王经理", "role": "property"}
    company = {"company": {"id": "c", "name": "春澜物业"}}
    assert sentence("property_acknowledged", wang, company | {"note": "明天上午派人查看"}) == \
        "春澜物业已确认收到：明天上午派人查看"
    assert sentence("property_promised", wang, company | {"promised_date": "2026-12-07",
                                                          "note": "需要买防水材料，7号前修好"}) == \
        "春澜物业承诺2026-12-07前完成：需要买防水材料，7号前修好"
    assert sentence("property_acknowledged", wang, company) == "春澜物业已确认收到"


def test_the_teams_own_notes_stay_with_the_team():
    lead = {"id": "hy-chen-liqun", "name": "陈立群", "role": "lead"}
    member = {"id": "hy-li-ming", "name": "李明", "role": "member"}
    details = {"assignee": {"id": "hy-feng-lei", "name": "冯磊"}, "why": "陈立群改派：李明分管车库，请跟进",
               "reassigned": True}
    step = {"kind": "assigned", "actor": lead, "note": None, "details": details,
            "text": sentence("assigned", lead, details)}
    assert step["text"] == "改派给队员冯磊（陈立群改派：李明分管车库，请跟进）"
    seen = outside_view(step)
    assert seen["text"] == "改派给队员冯磊" and "why" not in seen["details"] and seen["details"]["reassigned"]
    declined = {"kind": "declined", "actor": member, "note": "本周出差", "details": {"reason": "本周出差"},
                "text": sentence("declined", member, {"reason": "本周出差"})}
    assert declined["text"] == "队员李明退回：本周出差"
    assert (outside_view(declined)["text"], outside_view(declined)["note"]) == ("队员李明退回，服务队另行安排", None)
    progressed = {"kind": "progressed", "actor": member, "note": "已联系物业", "details": {},
                  "text": "队员李明：已联系物业"}
    assert outside_view(progressed) == progressed  # what was done is for everyone
