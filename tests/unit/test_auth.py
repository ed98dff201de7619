from datetime import timedelta

import pytest

from xiuhua_auth import Authenticator, Principal, TokenError, mask_phone

SECRET = "unit-test-secret-that-is-long-enough-32b"


def test_token_round_trip_keeps_role_and_tenant():
    auth = Authenticator(secret=SECRET)
    principal = Principal(sub="u1", role="lead", community="huayuan", subdistrict="lizhou")
    assert auth.decode(auth.issue(principal)) == principal


def test_expired_or_foreign_tokens_are_refused():
    auth = Authenticator(secret=SECRET)
    expired = auth.issue(Principal(sub="u", role="lead", community="c"), ttl=timedelta(seconds=-120))
    with pytest.raises(TokenError):
        auth.decode(expired)
    foreign = Authenticator(secret="another-secret-that-is-long-enough-32").issue(Principal(sub="u", role="admin"))
    with pytest.raises(TokenError):
        auth.decode(foreign)


def test_tenant_wall():
    lead = Principal(sub="l", role="lead", community="huayuan", subdistrict="lizhou")
    admin = Principal(sub="a", role="admin", subdistrict="lizhou")
    other_admin = Principal(sub="a", role="admin", subdistrict="elsewhere")
    assert lead.can_access(community="huayuan", subdistrict="lizhou")
    assert not lead.can_access(community="other", subdistrict="lizhou")
    assert admin.can_access(community="other", subdistrict="lizhou")
    assert not other_admin.can_access(community="huayuan", subdistrict="lizhou")


def test_phones_are_masked_for_roles_that_do_not_need_them():
    assert mask_phone("13812345678") == "138****5678"
    prop = Principal(sub="p", role="property", community="huayuan")
    lead = Principal(sub="l", role="lead", community="huayuan")
    assert not prop.sees_phones_of(community="huayuan")
    assert lead.sees_phones_of(community="huayuan")
    assert not lead.sees_phones_of(community="other")


def test_a_member_sees_only_the_phones_of_reporters_of_issues_assigned_to_them():
    member = Principal(sub="hy-li-ming", role="member", community="huayuan")
    assert member.sees_phones_of(community="huayuan", reporter_sub="r-1", assignee="hy-li-ming")
    assert not member.sees_phones_of(community="huayuan", reporter_sub="r-1", assignee="hy-xu-hao")
    assert not member.sees_phones_of(community="huayuan", reporter_sub="r-1")
    assert not member.sees_phones_of(community="other", reporter_sub="r-1", assignee="hy-li-ming")
    staff = Principal(sub="s", role="staff", community="huayuan")
    assert staff.sees_phones_of(community="huayuan", assignee="hy-xu-hao")
    resident = Principal(sub="r-2", role="resident", community="huayuan", estate="chunlan")
    assert not resident.sees_phones_of(community="huayuan", reporter_sub="r-1")
    assert resident.sees_phones_of(community="huayuan", reporter_sub="r-2")
    assert member.sees_team_phones(community="huayuan") and not resident.sees_team_phones(community="huayuan")
