"""The demo subdistrict of the story: 梨洲街道 → 花园社区 → 春澜璟园, with its self-governance
team. Names and phone numbers are invented."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

SUBDISTRICT = {"id": "lizhou", "name": "梨洲街道"}
COMMUNITY_ID = "huayuan"


def _buildings() -> list[dict]:
    # 1,031 households in 18 buildings of two or three units.
    return [{"id": f"b{n}", "name": f"{n}幢", "units": 3 if n % 3 == 0 else 2} for n in range(1, 19)]


SPOTS = [
    {"id": "garage-a", "name": "地下车库A区", "kind": "garage"},
    {"id": "garage-b", "name": "地下车库B区", "kind": "garage"},
    {"id": "garage-c", "name": "地下车库C区", "kind": "garage"},
    {"id": "gate-north", "name": "北门", "kind": "gate"},
    {"id": "gate-south", "name": "南门", "kind": "gate"},
    {"id": "green-central", "name": "中心绿地", "kind": "green"},
    {"id": "green-east", "name": "东侧绿化带", "kind": "green"},
    {"id": "lift-hall", "name": "各楼栋电梯厅", "kind": "lift"},
    {"id": "bike-shed", "name": "非机动车棚", "kind": "parking"},
]

# Everyone below logs in with phone + code (手机号 + 验证码); the role comes from where the phone is listed.
ADMINS = [{"id": "lz-admin-zheng", "name": "郑主任", "phone": "19900030001"}]
SUBDISTRICT_BODY = {"name": SUBDISTRICT["name"], "admins": ADMINS}

STAFF = [{"id": "hy-staff-lin", "name": "林芳", "phone": "19900010001"}]
PROPERTY_COMPANY = {
    "id": "chunlan-wuye", "name": "春澜物业", "estates": ["chunlan"],
    "contacts": [{"id": "cl-wuye-wang", "name": "王经理", "phone": "19900020001"},
                 {"id": "cl-wuye-liu", "name": "刘师傅", "phone": "19900020002"}],
}

COMMUNITY = {
    "name": "花园社区",
    "subdistrict": SUBDISTRICT["id"],
    "subdistrict_name": SUBDISTRICT["name"],
    "estates": [{"id": "chunlan", "name": "春澜璟园", "households": 1031, "buildings": _buildings(), "spots": SPOTS}],
    "staff": STAFF,
    "property_companies": [PROPERTY_COMPANY],
    "settings": {"auto_close_days": 7, "reopen_days": 7},
}

TEAM = {"name": "春澜自治服务队", "subdistrict": SUBDISTRICT["id"]}

# (id, name, role, areas)
MEMBERS: list[tuple[str, str, str, list[str]]] = [
    ("hy-chen-liqun", "陈立群", "lead", []),
    ("hy-zhou-jianguo", "周建国", "member", ["cleaning"]),
    ("hy-lu-xiaomei", "陆晓梅", "member", ["cleaning"]),
    ("hy-wang-shufen", "王淑芬", "member", ["greening"]),
    ("hy-sun-yan", "孙燕", "member", ["greening"]),
    ("hy-zhao-gang", "赵刚", "member", ["security"]),
    ("hy-qian-wei", "钱伟", "member", ["security"]),
    ("hy-li-ming", "李明", "member", ["parking"]),
    ("hy-xu-hao", "徐浩", "member", ["parking"]),
    ("hy-he-jun", "何军", "member", ["parking", "facilities"]),
    ("hy-feng-lei", "冯磊", "member", ["facilities"]),
    ("hy-shen-tao", "沈涛", "member", ["facilities"]),
    ("hy-han-xue", "韩雪", "member", ["cleaning", "greening"]),
    ("hy-yang-fan", "杨帆", "member", ["security"]),
    ("hy-zhu-hong", "朱红", "member", ["other"]),
    ("hy-qin-lan", "秦岚", "member", ["other", "cleaning"]),
    ("hy-xu-ping", "许平", "member", ["facilities"]),
    ("hy-lv-bin", "吕斌", "member", ["parking"]),
    ("hy-shi-jing", "施静", "member", ["greening"]),
    ("hy-zhang-yu", "张宇", "member", ["security", "facilities"]),
    ("hy-kong-li", "孔莉", "member", ["cleaning"]),
]


def member_phone(index: int) -> str:
    """Invented numbers in the 1990000xxxx range, one per member."""
    return f"1990000{index:04d}"


def team_phone(member_id: str) -> str:
    """The phone `xiuhua seed` gives a member of ``MEMBERS``."""
    index = next(i for i, (mid, *_) in enumerate(MEMBERS, start=1) if mid == member_id)
    return member_phone(index)


AREA_NAMES = {"cleaning": "保洁", "greening": "绿化", "security": "安保", "parking": "车库停车",
              "facilities": "设施维修", "other": "其他"}
RESIDENT_PHONE = "13800001234"  # any mainland number not listed above logs in as a resident
ESTATE = COMMUNITY["estates"][0]


@dataclass(frozen=True)
class DemoPerson:
    role: str
    phone: str
    who: str  # in Chinese, as the launcher prints it


def people() -> list[DemoPerson]:
    """One demo person per role, to log in as (`make run` prints them)."""
    lead = next(m for m in MEMBERS if m[2] == "lead")
    member = next(m for m in MEMBERS if m[0] == "hy-li-ming")
    wang, liu = PROPERTY_COMPANY["contacts"]
    return [
        DemoPerson("resident", RESIDENT_PHONE, f"居民：任意其他手机号均可，首次登录时选择小区 {ESTATE['name']}"),
        DemoPerson("member", team_phone(member[0]),
                   f"队员 {member[1]}（分管{'、'.join(AREA_NAMES[a] for a in member[3])}）"),
        DemoPerson("lead", team_phone(lead[0]), f"队长 {lead[1]}（{TEAM['name']}）"),
        DemoPerson("staff", STAFF[0]["phone"], f"社区工作者 {STAFF[0]['name']}（{COMMUNITY['name']}）"),
        DemoPerson("property", wang["phone"],
                   f"物业 {wang['name']}（{PROPERTY_COMPANY['name']}；同事 {liu['name']} {liu['phone']}）"),
        DemoPerson("admin", ADMINS[0]["phone"], f"街道管理员 {ADMINS[0]['name']}（{SUBDISTRICT['name']}）"),
    ]


def requests() -> list[tuple[str, dict]]:
    """What `xiuhua seed` PUTs, in order: the subdistrict and its admins, the community's directory,
    the team and each member (idempotent, so seeding again changes nothing)."""
    community = COMMUNITY_ID
    puts = [(f"/intake/v1/subdistricts/{SUBDISTRICT['id']}", SUBDISTRICT_BODY),
            (f"/intake/v1/communities/{community}", COMMUNITY),
            (f"/assignment/v1/teams/{community}", TEAM)]
    for index, (member_id, name, role, areas) in enumerate(MEMBERS, start=1):
        body = {"name": name, "phone": member_phone(index), "role": role, "areas": areas}
        puts.append((f"/assignment/v1/teams/{community}/members/{member_id}", body))
    return puts


def fingerprint() -> str:
    """Changes whenever the demo data does, so the launcher seeds a changed demo once more."""
    data = json.dumps(requests(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]
