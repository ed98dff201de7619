"""Which identity a phone logs in as, out of every role it holds."""

from __future__ import annotations

from xiuhua_intake.identity.people import choose


def record(role: str, community: str | None = "huayuan", **extra) -> dict:
    return {"_id": f"{role}:{community}:{extra.get('person_id', role)}", "person_id": role, "role": role,
            "community": community, "subdistrict": "lizhou", "estate": None, "company": None} | extra


def test_the_role_with_most_to_do_wins():
    held = [record("resident", estate="chunlan"), record("property", company="chunlan-wuye"), record("member"),
            record("lead", "xinhe"), record("staff", "xinhe"), record("admin", None)]
    order = []
    while held:
        best = choose(held, community=None)
        order.append(best["role"])
        held = [h for h in held if h["role"] != best["role"]]
    assert order == ["admin", "staff", "lead", "member", "property", "resident"]
    assert choose([], community=None) is None


def test_the_community_in_the_body_picks_among_several():
    held = [record("staff", "xinhe"), record("member", "huayuan"), record("resident", "huayuan", estate="chunlan")]
    assert choose(held, community=None)["community"] == "xinhe"
    assert (choose(held, community="huayuan")["role"], choose(held, community="huayuan")["estate"]) == \
        ("member", "chunlan")
    assert choose(held, community="elsewhere") is None  # a new resident there
    # a subdistrict admin's role covers every community
    assert choose([record("admin", None), *held], community="huayuan")["role"] == "admin"


def test_members_leads_and_staff_who_live_here_carry_their_estate():
    for role in ("member", "lead", "staff"):
        best = choose([record(role), record("resident", estate="chunlan")], community=None)
        assert (best["role"], best["estate"], best["person_id"]) == (role, "chunlan", role)
    # not a property contact (they log in for their company), nor a resident of another community
    assert choose([record("property"), record("resident", estate="chunlan")], community=None)["estate"] is None
    assert choose([record("member"), record("resident", "xinhe", estate="xinhe-a")], community=None)["estate"] is None
