"""The roster's pure rules: a person id names one phone for good, and a team keeps a lead on duty."""

from __future__ import annotations

from xiuhua_assignment.roster.domain import id_refusal, leaves_no_lead

LIN = {"phone": "19900010001", "kind": "staff", "community": "huayuan", "name": "林芳"}
LI = {"phone": "19900000008", "kind": "member", "community": "huayuan", "name": "李明"}


def refusal(person_id: str, phone: str, held, *, on_roster: bool = False, community: str = "huayuan"):
    return id_refusal(person_id, phone, held, community=community, on_roster=on_roster)


def test_a_new_id_or_the_same_person_again_may_join():
    assert refusal("hy-new", "13900001111", None) is None
    assert refusal("hy-li-ming", "19900000008", LI, on_roster=True) is None   # an update of 李明
    assert refusal("hy-li-ming", "19900000008", LI) is None                   # 李明 back after leaving
    assert refusal("hy-staff-lin", "19900010001", LIN, community="xinhe") is None  # 林芳 also on another team


def test_an_id_given_to_another_phone_is_refused_saying_whose_it_is():
    taker = "13900007777"
    assert "社区工作者林芳" in refusal("hy-staff-lin", taker, LIN)
    assert "社区工作者" in refusal("hy-staff-lin", taker, LIN, community="xinhe")
    assert "林芳" not in refusal("hy-staff-lin", taker, LIN, community="xinhe")  # another community's names stay there
    assert "街道管理员" in refusal("lz-admin", taker, {**LIN, "kind": "admin", "community": None})
    assert "其他社区的队员" in refusal("hy-li-ming", taker, LI, community="xinhe")
    assert "已移出的队员李明" in refusal("hy-li-ming", taker, LI)
    assert "换了手机号请移除该队员" in refusal("hy-li-ming", taker, LI, on_roster=True)
    assert "留给居民" in refusal("r-0123456789ab", taker, None)


def test_the_last_active_lead_may_not_leave_be_stopped_or_demoted():
    lead = {"role": "lead", "active": True}
    for after in (None, {"role": "lead", "active": False}, {"role": "member", "active": True}):
        assert leaves_no_lead(lead, after, other_leads=0)
        assert not leaves_no_lead(lead, after, other_leads=1)
    assert not leaves_no_lead(lead, {"role": "lead", "active": True}, other_leads=0)
    assert not leaves_no_lead({"role": "member", "active": True}, None, other_leads=0)
    assert not leaves_no_lead({"role": "lead", "active": False}, None, other_leads=0)  # not on duty anyway
