from datetime import UTC, datetime, timedelta

import jwt
import pytest

from xiuhua_auth import Authenticator, Principal, TokenError, WeakSecret, mask_phone, require_strong

SECRET = "q7Vd2LrX9mB4nK8sW1cZ6fH3jT0yP5gA"
OTHER = "Jc4Rw8Nq2Ym6Tv0Bx5Lk9Hd3Fs7Gp1Ze"


def test_token_round_trip_keeps_role_and_tenant():
    auth = Authenticator(secret=SECRET)
    principal = Principal(sub="u1", role="lead", community="huayuan", subdistrict="lizhou")
    assert auth.decode(auth.issue(principal)) == principal


def test_expired_or_foreign_tokens_are_refused():
    auth = Authenticator(secret=SECRET)
    expired = auth.issue(Principal(sub="u", role="lead", community="c"), ttl=timedelta(seconds=-120))
    with pytest.raises(TokenError):
        auth.decode(expired)
    foreign = Authenticator(secret=OTHER).issue(Principal(sub="u", role="admin"))
    with pytest.raises(TokenError):
        auth.decode(foreign)


# What this repository, its READMEs and deployment examples have shipped, and the usual suspects.
KNOWN = ["change-me-local-only", "REPLACE-ME-overlay-must-set-jwt-secret", "demo-only-not-a-secret",
         "test-secret-for-the-test-stack-only-0123456789", "CHANGEME-CHANGEME-CHANGEME-CHANGEME",
         "changeme0123456789abcdefghijklmnopqrstuvwxyz", "my-super-secret-key-for-production-use-2026",
         "please-replace_me-with-a-random-value-of-32-bytes", "password1234567890abcdefghijklmnopqrst",
         "example.jwt.key.7Yw3Qz9Xb2Mv5Nk8Lr4Tp6Hs1", "test_7Yw3Qz9Xb2Mv5Nk8Lr4Tp6Hs1Jd0FgCx",
         "dev-7Yw3Qz9Xb2Mv5Nk8Lr4Tp6Hs1Jd0FgCx", "default-7Yw3Qz9Xb2Mv5Nk8Lr4Tp6Hs1Jd0FgCx"]


@pytest.mark.parametrize("value", KNOWN)
def test_known_placeholders_are_refused_whatever_their_length_or_case(value):
    with pytest.raises(WeakSecret, match="JWT_SECRET is refused"):
        require_strong("JWT_SECRET", value)
    with pytest.raises(WeakSecret, match="JWT_SECRET"):
        Authenticator(secret=value.swapcase())


@pytest.mark.parametrize("value", ["", None, "t0k", "e2e-receipts", "Zk3#q9!Lm2@v8Rw5",
                                   "7Yw3Qz9Xb2Mv5Nk8Lr4Tp6Hs1Jd0Fg"])  # 30 bytes: just short
def test_short_or_missing_secrets_are_refused(value):
    with pytest.raises(WeakSecret, match="SMS_RECEIPT_TOKEN is refused"):
        require_strong("SMS_RECEIPT_TOKEN", value)


@pytest.mark.parametrize("value", ["a" * 64, "ab" * 32, "0123456" * 6])
def test_patterns_are_refused(value):
    with pytest.raises(WeakSecret, match="distinct characters"):
        require_strong("JWT_SECRET", value)


@pytest.mark.parametrize("value", [SECRET, "S-1eD4sGRDc5vuARIPdbJJ-gOWiYMwOmqNe6DFNH7Us",  # token_urlsafe(32)
                                   "3f9a1c0b7e2d4f6a8b5c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c",  # rand -hex 32
                                   "kQ2v/8+Zr1XbN4mW7pL0sTf9yHc3dJ6gAe5uRi2oVn0="])  # openssl rand -base64 32
def test_a_random_key_of_32_bytes_is_taken(value):
    assert require_strong("JWT_SECRET", value) == value
    assert Authenticator(secret=value).secret == value


def _signed(claims: dict, secret: str = SECRET) -> str:
    now = datetime.now(UTC)
    return jwt.encode({"sub": "u", "role": "admin", "iat": now, "exp": now + timedelta(hours=1)} | claims,
                      secret, algorithm="HS256")


def test_tokens_carry_and_must_carry_the_issuer_and_audience():
    auth = Authenticator(secret=SECRET)
    claims = jwt.decode(auth.issue(Principal(sub="u", role="lead", community="c")), SECRET, algorithms=["HS256"],
                        audience="xiuhua")
    assert (claims["iss"], claims["aud"]) == ("xiuhua", "xiuhua")
    assert auth.decode(_signed({"iss": "xiuhua", "aud": "xiuhua"})).role == "admin"
    for claims in ({}, {"iss": "xiuhua"}, {"aud": "xiuhua"}, {"iss": "someone-else", "aud": "xiuhua"},
                   {"iss": "xiuhua", "aud": "another-app"}):
        with pytest.raises(TokenError):
            auth.decode(_signed(claims))


def test_an_outside_identity_providers_issuer_and_audience_are_settings():
    idp = Authenticator(secret=SECRET, issuer="https://idp.example.gov.cn/realms/lizhou", audience="xiuhua-api")
    assert idp.decode(_signed({"iss": "https://idp.example.gov.cn/realms/lizhou", "aud": "xiuhua-api"})).sub == "u"
    with pytest.raises(TokenError):
        idp.decode(_signed({"iss": "xiuhua", "aud": "xiuhua"}))


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
