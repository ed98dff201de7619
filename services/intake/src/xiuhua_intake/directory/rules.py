"""Pure rules of the directory: what makes a community's or a subdistrict's entry consistent.

Each problem is ``{"field": <path in the body>, "problem": <Chinese sentence>}`` so that the admin's
page can point at the line to fix. With phone login a phone must name exactly one person of a
community (issue 5 §0): it is how login knows who is calling.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from xiuhua_auth import mask_phone
from xiuhua_intake.directory.schemas import CommunityUpsert, Person, SubdistrictUpsert

Problem = dict[str, str]


def people_of(cmd: CommunityUpsert) -> list[tuple[str, Person]]:
    """Everyone of the community's directory who logs in, with where they stand in the body."""
    staff = [(f"staff.{i}", p) for i, p in enumerate(cmd.staff)]
    contacts = [(f"property_companies.{c}.contacts.{i}", p)
                for c, company in enumerate(cmd.property_companies) for i, p in enumerate(company.contacts)]
    return staff + contacts


def _repeats(items: Iterable[tuple[str, str, str]], message: str) -> list[Problem]:
    """(field, value, label) triples → a problem at every repeat of a value (its first use stands)."""
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for field, value, label in items:
        if value in first:
            problems.append({"field": field, "problem": message.format(value=value, first=first[value], label=label)})
        else:
            first[value] = label
    return problems


def community_problems(cmd: CommunityUpsert) -> list[Problem]:
    """Why ``cmd`` cannot be the community's directory (empty when it can)."""
    problems = _repeats(((f"estates.{i}.id", e.id, e.name) for i, e in enumerate(cmd.estates)),
                        "小区编号 {value} 重复（已用于{first}）")
    for i, estate in enumerate(cmd.estates):
        problems += _repeats(((f"estates.{i}.buildings.{j}.id", b.id, b.name) for j, b in enumerate(estate.buildings)),
                             f"{estate.name}的楼栋编号 {{value}} 重复（已用于{{first}}）")
        problems += _repeats(((f"estates.{i}.spots.{j}.id", s.id, s.name) for j, s in enumerate(estate.spots)),
                             f"{estate.name}的公共区域编号 {{value}} 重复（已用于{{first}}）")
    problems += _repeats(((f"property_companies.{i}.id", c.id, c.name) for i, c in enumerate(cmd.property_companies)),
                         "物业公司编号 {value} 重复（已用于{first}）")
    estate_ids = {e.id for e in cmd.estates}
    for i, company in enumerate(cmd.property_companies):
        problems += [{"field": f"property_companies.{i}.estates.{j}",
                      "problem": f"{company.name}服务的小区 {e} 不在本社区"}
                     for j, e in enumerate(company.estates) if e not in estate_ids]
        problems += _repeats(((f"property_companies.{i}.estates.{j}", e, e) for j, e in enumerate(company.estates)),
                             f"{company.name}的服务小区 {{value}} 重复")
    people = people_of(cmd)
    problems += _repeats(((f"{at}.id", p.id, p.name) for at, p in people), "人员编号 {value} 重复（已用于{first}）")
    problems += _repeats(((f"{at}.phone", p.phone, p.name) for at, p in people),
                         "手机号 {value} 已登记给{first}，一个手机号在本社区只能对应一个人")
    return problems


def subdistrict_problems(cmd: SubdistrictUpsert) -> list[Problem]:
    """Why ``cmd`` cannot be the subdistrict's entry (empty when it can)."""
    admins = [(f"admins.{i}", a) for i, a in enumerate(cmd.admins)]
    return (_repeats(((f"{at}.id", a.id, a.name) for at, a in admins), "管理员编号 {value} 重复（已用于{first}）")
            + _repeats(((f"{at}.phone", a.phone, a.name) for at, a in admins),
                       "手机号 {value} 已登记给{first}，一个手机号只能对应一个人"))


ROLE_LABELS = {"member": "服务队队员", "lead": "服务队队长", "staff": "社区工作者", "property": "物业联系人",
               "admin": "街道管理员", "resident": "居民"}


def id_clashes(people: list[tuple[str, Person]], held: dict[str, dict[str, Any]]) -> list[Problem]:
    """People (field path, person) whose id the platform gave to another phone: an id names one
    phone for good, since messages, preferences and photo drafts are keyed by it (issue 15 §5)."""
    problems: list[Problem] = []
    for at, person in people:
        entry = held.get(person.id)
        if entry is not None and entry["phone"] != person.phone:
            holder = f"{ROLE_LABELS.get(entry['role'], '其他人员')}（手机号 {mask_phone(entry['phone'])}）"
            problems.append({"field": f"{at}.id", "problem": f"{person.name}的编号 {person.id} 已属于{holder}，"
                                                             "一个编号只能对应一个人；换了手机号请改用新的编号"})
    return problems


def roster_clashes(cmd: CommunityUpsert, roster: list[dict[str, Any]]) -> list[Problem]:
    """Directory people whose phone or id already names a member or the lead of the team roster."""
    by_phone = {r["phone"]: r for r in roster}
    by_id = {r["person_id"]: r for r in roster}
    problems: list[Problem] = []
    for at, person in people_of(cmd):
        if (held := by_phone.get(person.phone)) is not None:
            problems.append({"field": f"{at}.phone",
                             "problem": f"{person.name}的手机号 {person.phone} 已登记为服务队的{held['name']}"})
        if (held := by_id.get(person.id)) is not None and held["phone"] != person.phone:
            problems.append({"field": f"{at}.id",
                             "problem": f"{person.name}的编号 {person.id} 已被服务队的{held['name']}使用"})
    return problems
