"""The directory's pure rules: a phone names one person, ids are unique, companies serve our estates."""

from __future__ import annotations

import copy

from xiuhua_auth import Principal
from xiuhua_cli import demo
from xiuhua_intake.directory import rules
from xiuhua_intake.directory.schemas import CommunityUpsert, SubdistrictUpsert
from xiuhua_intake.directory.service import may_edit_community


def community(**changes) -> CommunityUpsert:
    return CommunityUpsert.model_validate(copy.deepcopy(demo.COMMUNITY) | changes)


def test_the_demo_directory_is_consistent():
    assert rules.community_problems(community()) == []
    assert rules.subdistrict_problems(SubdistrictUpsert.model_validate(demo.SUBDISTRICT_BODY)) == []


def test_a_phone_names_one_person_across_staff_and_property_contacts():
    cmd = community(staff=[{"id": "hy-staff-lin", "name": "林芳", "phone": "19900020002"}])  # 刘师傅's
    assert rules.community_problems(cmd) == [{
        "field": "property_companies.0.contacts.1.phone",
        "problem": "手机号 19900020002 已登记给林芳，一个手机号在本社区只能对应一个人"}]


def test_ids_are_unique_at_every_level():
    estate = copy.deepcopy(demo.COMMUNITY["estates"][0])
    estate["buildings"].append({"id": "b1", "name": "一号楼"})
    estate["spots"].append({"id": "gate-north", "name": "北大门"})
    cmd = community(estates=[estate, {"id": "chunlan", "name": "春澜二期"}],
                    staff=[*demo.STAFF, {"id": "cl-wuye-wang", "name": "王芳", "phone": "19900010005"}])
    fields = [p["field"] for p in rules.community_problems(cmd)]
    assert fields == ["estates.1.id", "estates.0.buildings.18.id", "estates.0.spots.9.id",
                      "property_companies.0.contacts.0.id"]


def test_a_property_company_serves_only_estates_of_the_community():
    company = demo.PROPERTY_COMPANY | {"estates": ["chunlan", "elsewhere", "chunlan"]}
    problems = rules.community_problems(community(property_companies=[company]))
    assert problems == [
        {"field": "property_companies.0.estates.1", "problem": "春澜物业服务的小区 elsewhere 不在本社区"},
        {"field": "property_companies.0.estates.2", "problem": "春澜物业的服务小区 chunlan 重复"}]


def test_the_directory_cannot_reuse_a_roster_members_phone_or_id():
    roster = [{"person_id": "hy-li-ming", "phone": "19900000008", "name": "李明"}]
    cmd = community(staff=[{"id": "hy-li-ming", "name": "林芳", "phone": "19900010001"},
                           {"id": "hy-staff-wu", "name": "吴静", "phone": "19900000008"}])
    assert rules.roster_clashes(cmd, roster) == [
        {"field": "staff.0.id", "problem": "林芳的编号 hy-li-ming 已被服务队的李明使用"},
        {"field": "staff.1.phone", "problem": "吴静的手机号 19900000008 已登记为服务队的李明"}]
    assert rules.roster_clashes(community(), roster) == []


def test_an_id_given_to_another_phone_is_refused_and_the_same_person_is_not():
    cmd = community()
    held = {"hy-staff-lin": {"phone": "19900010001", "role": "staff"},     # 林芳 herself
            "cl-wuye-liu": {"phone": "13900007777", "role": "member"}}     # someone else's id
    assert rules.id_clashes(rules.people_of(cmd), held) == [{
        "field": "property_companies.0.contacts.1.id",
        "problem": "刘师傅的编号 cl-wuye-liu 已属于服务队队员（手机号 139****7777），一个编号只能对应一个人；"
                   "换了手机号请改用新的编号"}]
    assert rules.id_clashes(rules.people_of(cmd), {}) == []


def test_subdistrict_admins_are_unique():
    cmd = SubdistrictUpsert.model_validate({"name": "梨洲街道", "admins": [
        *demo.ADMINS, {"id": "lz-admin-zheng", "name": "郑二", "phone": "19900030001"}]})
    assert [p["field"] for p in rules.subdistrict_problems(cmd)] == ["admins.1.id", "admins.1.phone"]


def test_only_the_subdistricts_own_admins_write_a_community():
    def can(**claims) -> bool:
        return may_edit_community(Principal(**({"sub": "x"} | claims)), community_id="huayuan", subdistrict="lizhou")

    assert can(role="admin", subdistrict="lizhou")
    assert not can(role="admin", subdistrict="lizhou", community="other")    # issue 5 §0: the hole
    assert not can(role="admin", subdistrict="elsewhere")
    assert not can(role="gateway", subdistrict="lizhou")
    assert not can(role="staff", subdistrict="lizhou", community="huayuan")

