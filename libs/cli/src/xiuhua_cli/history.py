"""Five weeks of 春澜璟园's past, for the demo: every list and chart has something true to show.

Each story is a report and the steps people took on it, hours after it came in. They are replayed
in time order through the public APIs, each request as of its own past moment (the header
``X-Xiuhua-As-Of``, honoured only where the services run with ``XIUHUA_REPLAY_CLOCK=1``, as under
`make run`), so routing, messages, timelines and the three rates come from the services themselves.
A step whose moment has not come yet is left undone: the newest issues are still being worked on.
Everything here is invented.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx

from xiuhua_auth import Principal
from xiuhua_cli import demo

SHANGHAI = timezone(timedelta(hours=8))
WEEKS = 5


@dataclass(frozen=True)
class Step:
    after_hours: float  # after the report came in
    who: str  # assignee, lead, staff, property, reporter, or a neighbour's phone (me too)
    action: str
    body: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Story:
    key: str
    days_ago: float  # when the report came in, counted back from now
    hour: int  # of that day, Shanghai time
    category: str
    place: dict[str, Any]
    title: str
    reporter: tuple[str, str]  # name, phone
    steps: tuple[Step, ...] = ()
    description: str = ""
    priority: str = "normal"
    channel: str = "web"


def _done(note: str, *, accept: float = 1, resolve: float = 20, rating: tuple[bool, str] | None = (True, "satisfied"),
          comment: str = "", confirm: bool = True) -> tuple[Step, ...]:
    """The usual path: taken, resolved, confirmed and rated."""
    steps = [Step(0.2, "lead", "triage", {"priority": "normal"}), Step(accept, "assignee", "accept"),
             Step(resolve, "assignee", "resolve", {"note": note})]
    if confirm:
        steps.append(Step(resolve + 3, "reporter", "confirm"))
    if rating:
        steps.append(Step(resolve + 3.2, "reporter", "rating",
                          {"solved": rating[0], "satisfaction": rating[1],
                           **({"comment": comment} if comment else {})}))
    return tuple(steps)


def _property(asked: str, done: str, *, due_days: int = 3, promise_days: int = 2, resolve: float = 60,
              rating: tuple[bool, str] = (True, "satisfied")) -> tuple[Step, ...]:
    """Handed to 春澜物业, which acknowledges, promises a day and reports done."""
    return (Step(0.3, "lead", "triage", {"priority": "normal"}), Step(1.5, "assignee", "accept"),
            Step(2, "assignee", "handover", {"asked": asked, "due_days": due_days}),
            Step(5, "property", "property", {"kind": "acknowledged"}),
            Step(6, "property", "property", {"kind": "promised", "promise_days": promise_days}),
            Step(resolve - 4, "property", "property", {"kind": "done", "note": done}),
            Step(resolve, "assignee", "resolve", {"note": f"物业已处理：{done}"}),
            Step(resolve + 5, "reporter", "confirm"),
            Step(resolve + 5.2, "reporter", "rating", {"solved": rating[0], "satisfaction": rating[1]}))


def _b(n: int, unit: int | None = None, detail: str = "") -> dict[str, Any]:
    return {"building": f"b{n}", **({"unit": unit} if unit else {}), **({"detail": detail} if detail else {})}


def _s(spot: str, detail: str = "") -> dict[str, Any]:
    return {"spot": spot, **({"detail": detail} if detail else {})}


# The owners who write in (phones in the invented 1370000xxxx range); 13800001234 is the demo resident.
LIU, ZHANG, WANG, ZHAO, SUN = ("刘女士", "13700000101"), ("张先生", "13700000102"), ("王阿姨", "13700000103"), \
    ("赵先生", "13700000104"), ("孙女士", "13700000105")
QIAN, ZHOU, WU, ZHENG, FENG = ("钱先生", "13700000106"), ("周阿姨", "13700000107"), ("吴先生", "13700000108"), \
    ("郑女士", "13700000109"), ("冯大爷", "13700000110")
DEMO = ("刘女士", demo.RESIDENT_PHONE)

STORIES: list[Story] = [
    Story("signs", 33, 9, "parking", _s("garage-b", "B区出口"), "地下车库B区指示牌标错了", LIU, _property(
        "请更换B区指反了的出口指示牌", "已更换新指示牌"), description="出口方向的指示牌指反了，好几辆车开错方向。"),
    Story("signs-2", 33, 11, "parking", _s("garage-b"), "车库B区标识方向错误", ZHANG,
          (Step(0.5, "lead", "merge", {"into": "signs", "reason": "同一处标识"}),)),
    Story("lights-a", 31, 20, "parking", _s("garage-a", "A区靠电梯一排"), "车库A区一排灯不亮", WANG, _property(
        "请检修A区照明线路", "已更换损坏的灯管和镇流器", resolve=30), priority="urgent"),
    Story("damp", 30, 8, "facilities", _s("garage-a"), "车库太潮湿，需要除湿机", ZHAO, (
        Step(0.3, "lead", "triage", {"priority": "normal"}), Step(2, "assignee", "accept"),
        Step(26, "assignee", "resolve", {"note": "已放置两台除湿机"}),
        Step(70, "reporter", "reopen", {"reason": "还是很潮，墙面返潮"}),
        Step(72, "assignee", "progress", {"note": "再加装一台除湿机，并请物业检查排水沟"}),
        Step(96, "assignee", "resolve", {"note": "共三台除湿机，已不潮"}),
        Step(100, "reporter", "confirm"),
        Step(100.2, "reporter", "rating", {"solved": True, "satisfaction": "basically_satisfied"}))),
    Story("litter-3", 29, 18, "cleaning", _b(3, 1, "一楼楼道"), "3幢楼道堆满垃圾没人打扫", SUN,
          (Step(2, "lead", "reject", {"reason": "经核实为装修垃圾，由装修户自行清运"}),)),
    Story("dog", 28, 7, "cleaning", _s("green-central"), "中心绿地狗粪没人清理", QIAN, _done(
        "已清理并在绿地入口张贴文明养犬提示", accept=0.8, resolve=6, comment="很及时")),
    Story("prune", 27, 10, "greening", _s("green-east", "5幢旁"), "东侧绿化带树枝挡住了窗户", ZHOU, _property(
        "请修剪5幢旁遮挡住户采光的树枝", "已修剪", due_days=7, promise_days=5, resolve=110)),
    Story("gate-card", 26, 19, "security", _s("gate-north"), "北门门禁刷卡经常失灵", WU, _property(
        "请检修北门门禁读卡器", "已更换读卡器", resolve=50, rating=(True, "basically_satisfied"))),
    Story("bikes", 25, 21, "parking", _s("bike-shed"), "非机动车棚里有人私拉电线充电", ZHENG, _done(
        "已劝导拆除私拉电线，联系物业加装充电桩", accept=0.5, resolve=8, comment="解决了安全隐患"),
          priority="urgent"),
    Story("lift-6", 24, 8, "facilities", _b(6, 2, "电梯"), "6幢2单元电梯异响", FENG, _property(
        "请联系维保单位检查6幢2单元电梯", "维保单位已更换导靴", due_days=2, promise_days=1, resolve=40),
          priority="urgent"),
    Story("noise", 23, 23, "other", _b(9, 1), "楼上晚上装修噪音", LIU, (
        Step(0.5, "lead", "triage", {"priority": "normal"}), Step(30, "assignee", "accept"),
        Step(34, "assignee", "resolve", {"note": "已上门沟通，装修户承诺晚上八点后不施工"}),
        Step(40, "reporter", "rating", {"solved": True, "satisfaction": "dissatisfied",
                                        "comment": "隔了一天多才有人回复"}))),
    Story("green-dead", 22, 9, "greening", _s("green-central"), "中心绿地草皮大片枯死", WANG, _done(
        "已请物业补种草皮", accept=3, resolve=70, rating=(True, "basically_satisfied"))),
    Story("leak-12", 21, 7, "facilities", _b(12, 1, "地下室"), "12幢地下室漏水", ZHANG, _property(
        "请检修12幢地下室水管", "已更换破裂水管接头", due_days=2, resolve=28), priority="urgent"),
    Story("lights-a-2", 20, 20, "parking", _s("garage-a"), "A区灯又不亮了", ZHAO, (
        Step(0.3, "lead", "triage", {"priority": "normal"}),
        Step(1, "assignee", "decline", {"reason": "这周出差，请安排其他队员"}),
        Step(2, "assignee", "accept"), Step(20, "assignee", "resolve", {"note": "物业已更换两个灯管"}),
        Step(22, "reporter", "confirm"),
        Step(22.1, "reporter", "rating", {"solved": True, "satisfaction": "satisfied"}))),
    Story("parking-fire", 18, 18, "parking", _s("gate-south", "消防通道"), "南门消防通道长期有车乱停", SUN, _done(
        "已联系车主挪车，物业在通道画了禁停线", accept=0.7, resolve=30, comment="希望长期管好")),
    Story("stray", 17, 8, "security", _s("green-east"), "小区里有流浪狗追人", QIAN, _done(
        "已联系街道和救助站带走流浪狗", accept=1, resolve=50, rating=(True, "basically_satisfied"))),
    Story("trash-bins", 15, 7, "cleaning", _s("gate-south", "垃圾分类点"), "南门垃圾分类点满溢", ZHOU, _done(
        "已与保洁协调每天加收一次", accept=0.6, resolve=10)),
    Story("water-pressure", 14, 20, "facilities", _b(15, 3), "15幢3单元水压太低", WU, _property(
        "请检查15幢二次供水水泵", "已维修水泵", due_days=5, promise_days=3, resolve=90,
        rating=(False, "dissatisfied"))),
    Story("paint", 13, 10, "other", _s("lift-hall"), "电梯厅小广告太多", ZHENG, _done(
        "已组织志愿者清理小广告", accept=2, resolve=26, comment="干净多了")),
    Story("signs-c", 12, 9, "parking", _s("garage-c"), "车库C区没有限速标志", FENG, _property(
        "请在C区入口加装限速5公里标志", "已安装限速标志", due_days=7, promise_days=4, resolve=100)),
    Story("hedge", 10, 16, "greening", _s("green-east"), "绿化带杂草很多", LIU, _done(
        "已安排除草", accept=1.5, resolve=30)),
    Story("door-9", 9, 8, "security", _b(9, 2, "单元门"), "9幢2单元门关不上", ZHANG, _property(
        "请更换9幢2单元门的闭门器", "已更换闭门器", due_days=3, promise_days=2, resolve=45)),
    Story("demo-lift", 8, 19, "facilities", _b(2, 1, "电梯按钮"), "2幢1单元电梯按钮失灵", DEMO, (
        Step(0.3, "lead", "triage", {"priority": "normal"}), Step(1, "assignee", "accept"),
        Step(30, "assignee", "resolve", {"note": "物业已更换电梯按钮面板"})), channel="chat_group",
          description="业主群里反映：按了没反应，老人上下楼不方便。"),
    Story("smoke", 7, 22, "security", _b(4, 1, "楼道"), "4幢楼道有人抽烟堆放杂物", WANG, _done(
        "已清理杂物并张贴提示", accept=0.5, resolve=12)),
    Story("dust", 6, 9, "cleaning", _s("garage-b"), "车库B区地面积灰严重", ZHAO, (
        Step(0.3, "lead", "triage", {"priority": "normal"}), Step(2, "assignee", "accept"),
        Step(4, "assignee", "progress", {"note": "已请保洁安排周末冲洗"}))),
    Story("tree-fall", 5, 7, "greening", _s("green-central"), "大风吹倒一棵树", SUN, _done(
        "已清理倒树，并加固周边树木", accept=0.3, resolve=5), priority="urgent"),
    Story("lights-c", 4, 20, "parking", _s("garage-c", "C区坡道"), "C区坡道灯坏了", QIAN, _property(
        "请更换C区坡道照明", "已更换", due_days=3, promise_days=2, resolve=80)),
    Story("demo-bench", 3, 10, "facilities", _s("green-central", "长椅"), "中心绿地长椅木条断了", DEMO, (
        Step(0.3, "lead", "triage", {"priority": "normal"}), Step(1, "assignee", "accept"),
        Step(2, "assignee", "handover", {"asked": "请修复中心绿地断裂的长椅木条", "due_days": 7}),
        Step(6, "property", "property", {"kind": "acknowledged"}),
        Step(8, "property", "property", {"kind": "promised", "promise_days": 5})), channel="chat_group"),
    # nobody took it: overdue, up the ladder to community staff and the subdistrict, pressed by staff (督办)
    Story("hedge-3", 4, 9, "greening", _b(3, detail="东侧人行道"), "3幢旁绿篱长得太高挡住人行道", WANG, (
        Step(60, "staff", "press", {"note": "已超时两天无人受理，请今天内联系居民并修剪"}),)),
    # the property company promised a day and let it pass (物业承诺逾期)
    Story("lift-noise", 3.5, 10, "facilities", _b(2, 1, "电梯"), "2幢1单元电梯运行时异响", ZHANG, (
        Step(0.3, "lead", "triage", {"priority": "normal"}), Step(1, "assignee", "accept"),
        Step(1.5, "assignee", "handover", {"asked": "请联系维保单位检查2幢1单元电梯异响", "due_days": 2}),
        Step(4, "property", "property", {"kind": "acknowledged"}),
        Step(5, "property", "property", {"kind": "promised", "promise_days": 1}))),
    Story("pipe", 2, 8, "facilities", _b(11, 1, "101室外"), "11幢雨水管堵塞", ZHOU, (
        Step(0.3, "lead", "triage", {"priority": "normal"}), Step(1.5, "assignee", "accept"))),
    Story("gate-south", 1.5, 18, "security", _s("gate-south"), "南门晚上没有保安值守", WU, ()),
    Story("lights-b", 1, 20, "parking", _s("garage-b", "B区电梯口"), "地下车库B区灯不亮", ZHENG, (
        Step(0.4, "lead", "triage", {"priority": "normal"}),)),
    Story("lights-b-2", 1, 21, "parking", _s("garage-b"), "B区电梯口很暗", FENG, ()),
    Story("litter-7", 0.5, 9, "cleaning", _b(7, 1, "楼道"), "7幢楼道有人乱扔垃圾", LIU, ()),
]
# Neighbours who say "me too" on the ones everyone sees.
SUPPORT = {"lights-a": [ZHAO, SUN, QIAN], "damp": [WANG, WU], "parking-fire": [ZHOU, FENG, ZHANG],
           "lights-b": [LIU, ZHANG], "gate-south": [SUN], "water-pressure": [ZHENG]}


class Replayer:
    """Sends each step as of its moment, as the person who took it."""

    def __init__(self, client: httpx.Client, sign: Callable[[Principal], str], now: datetime) -> None:
        self.client, self.sign, self.now = client, sign, now
        self.ids: dict[str, str] = {}
        self.community, self.subdistrict = demo.COMMUNITY_ID, demo.SUBDISTRICT["id"]
        lead = next(m for m in demo.MEMBERS if m[2] == "lead")
        self.members = {m[0]: m for m in demo.MEMBERS}
        self.lead = self._principal(lead[0], "lead", lead[1])
        wang = demo.PROPERTY_COMPANY["contacts"][0]
        self.property = Principal(sub=wang["id"], role="property", community=self.community,
                                  subdistrict=self.subdistrict, name=wang["name"], company=demo.PROPERTY_COMPANY["id"])

    def _principal(self, sub: str, role: str, name: str) -> Principal:
        return Principal(sub=sub, role=role, community=self.community, subdistrict=self.subdistrict, name=name)

    def resident(self, person: tuple[str, str]) -> Principal:
        return Principal(sub=f"demo-{person[1]}", role="resident", community=self.community,
                         subdistrict=self.subdistrict, estate=demo.ESTATE["id"], name=person[0])

    def call(self, who: Principal, method: str, path: str, at: datetime, body: dict | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.sign(who)}", "X-Xiuhua-As-Of": at.isoformat()}
        return self.client.request(method, path, json=body, headers=headers)

    def submit(self, story: Story, at: datetime) -> None:
        if story.reporter == DEMO:  # taken from the owners' chat group by a member, for the demo resident
            who = self._principal("hy-li-ming", "member", "李明")
        else:
            who = self.resident(story.reporter)
        body = {"community": self.community, "estate": demo.ESTATE["id"], "place": story.place,
                "category": story.category, "title": story.title, "description": story.description,
                "reporter": {"name": story.reporter[0], "phone": story.reporter[1]}, "priority": story.priority,
                "channel": story.channel}
        r = self.call(who, "POST", "/intake/v1/issues", at, body)
        r.raise_for_status()
        self.ids[story.key] = r.json()["id"]

    def assignee(self, issue_id: str) -> Principal:
        """Whoever holds the task now (routing runs a moment after each report and each decline)."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            r = self.client.get(f"/assignment/v1/tasks/{issue_id}",
                                headers={"Authorization": f"Bearer {self.sign(self.lead)}"})
            if r.status_code == 200 and (task := r.json())["assignee"] and task["status"] != "unrouted":
                member = self.members[task["assignee"]["id"]]
                return self._principal(member[0], member[2], member[1])
            time.sleep(0.1)
        raise RuntimeError(f"issue {issue_id} was never assigned")

    def step(self, story: Story, step: Step, at: datetime) -> None:
        issue = self.ids[story.key]
        body = dict(step.body)
        if step.who == "assignee":
            who = self.assignee(issue)
            if step.action == "handover":
                body["due_date"] = _day(at, body.pop("due_days"))
            path = f"/assignment/v1/tasks/{issue}/{step.action}"
            if step.action == "decline":
                before = who.sub
                self.send(who, path, at, body)
                self._wait_rerouted(issue, before)
                return
        elif step.who == "property":
            who, path = self.property, f"/assignment/v1/tasks/{issue}/property"
            if "promise_days" in body:
                body["promised_date"] = _day(at, body.pop("promise_days"))
        elif step.who == "staff":  # 督办
            staff = demo.STAFF[0]
            who = Principal(sub=staff["id"], role="staff", community=self.community, subdistrict=self.subdistrict,
                            name=staff["name"])
            path = f"/assignment/v1/tasks/{issue}/{step.action}"
        elif step.who == "lead":
            who, path = self.lead, f"/intake/v1/issues/{issue}/{step.action}"
            if step.action == "merge":
                body["into"] = self.ids[body["into"]]
        else:  # the reporter
            who, path = self.resident(story.reporter), f"/intake/v1/issues/{issue}/{step.action}"
        self.send(who, path, at, body)

    def send(self, who: Principal, path: str, at: datetime, body: dict) -> None:
        # A 409 while a service has not yet followed the previous step's event: try again shortly.
        deadline = time.monotonic() + 15
        while (r := self.call(who, "POST", path, at, body)).status_code == 409 and time.monotonic() < deadline:
            time.sleep(0.2)
        if r.status_code >= 400:
            raise RuntimeError(f"POST {path} as {who.name}: {r.status_code} {r.text}")

    def _wait_rerouted(self, issue: str, before: str) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and self.assignee(issue).sub == before:
            time.sleep(0.1)

    def wait_settled(self, issue: str, status: str) -> None:
        """Intake follows task steps by events: wait until it shows ``status`` before the next step."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            r = self.client.get(f"/intake/v1/issues/{issue}",
                                headers={"Authorization": f"Bearer {self.sign(self.lead)}"})
            if r.status_code == 200 and r.json()["status"] == status:
                return
            time.sleep(0.1)


def _day(at: datetime, days: int) -> str:
    return (at.astimezone(SHANGHAI).date() + timedelta(days=days)).isoformat()


def moments(now: datetime) -> list[tuple[datetime, Story, Step | None]]:
    """Every report and step with its moment, oldest first; those still to come are left out."""
    today = now.astimezone(SHANGHAI).date()
    out: list[tuple[datetime, Story, Step | None]] = []
    for story in STORIES:
        day = today - timedelta(days=int(story.days_ago))
        start = min(datetime.combine(day, datetime.min.time(), SHANGHAI) + timedelta(hours=story.hour),
                    now - timedelta(hours=2))
        out.append((start, story, None))
        for neighbour_at, neighbour in enumerate(SUPPORT.get(story.key, []), start=1):
            out.append((start + timedelta(hours=3 * neighbour_at),
                        story, Step(3 * neighbour_at, neighbour[1], "support")))
        out += [(start + timedelta(hours=s.after_hours), story, s) for s in story.steps]
    return sorted((m for m in out if m[0] < now - timedelta(minutes=5)), key=lambda m: m[0])


WAIT_FOR = {"confirm": "resolved", "reopen": "resolved"}  # what intake must show before the reporter acts


def replay(client: httpx.Client, sign: Callable[[Principal], str], say: Callable[[str], None]) -> int:
    """Replay the stories; how many reports were made. Nothing is done if the community has issues."""
    now = datetime.now(UTC)
    r = Replayer(client, sign, now)
    existing = client.get(f"/intake/v1/issues?community={r.community}&size=1",
                          headers={"Authorization": f"Bearer {sign(r.lead)}"})
    existing.raise_for_status()
    if existing.json()["total"]:
        say("history: the community already has issues; nothing replayed")
        return 0
    neighbours = {phone: name for people in SUPPORT.values() for name, phone in people}
    for at, story, step in moments(now):
        if step is None:
            r.submit(story, at)
        elif step.action == "support":
            neighbour = (neighbours[step.who], step.who)
            r.send(r.resident(neighbour), f"/intake/v1/issues/{r.ids[story.key]}/support", at,
                    {"name": neighbour[0], "phone": neighbour[1]})
        else:
            if step.who == "reporter" and (status := WAIT_FOR.get(step.action)):
                r.wait_settled(r.ids[story.key], status)
            r.step(story, step, at)
    say(f"history: {len(r.ids)} reports over {WEEKS} weeks replayed")
    return len(r.ids)

