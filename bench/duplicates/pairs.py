"""The labelled set for the duplicate detector: pairs of realistic reports from one estate, each
marked same problem or not. Built from clusters of one problem told in several ways at one place:

- two tellings of one cluster → the same problem (duplicate);
- a cluster's telling and another cluster's at the same place → same place, different problem;
- a cluster's telling moved to another place of the same kind → same words, different place;
- a cluster's telling and an unrelated one → different problem.

Deterministic (a fixed seed), so everyone measures the same pairs. Invented texts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (place, category, tellings as "title|description"), where place is "spot:<id>" or "b<n>[-u<unit>]"
CLUSTERS: list[tuple[str, str, list[str]]] = [
    ("spot:garage-b", "parking", ["地下车库B区灯不亮|晚上B区一排灯都不亮，很暗", "B区电梯口很暗|灯好像坏了好几盏",
                                  "车库B区灯坏了|停车的时候黑漆漆的看不见", "B区照明不行|下班回来车库B区太暗了"]),
    ("spot:garage-b", "parking", ["车库B区指示牌标错了|出口方向的指示牌指反了", "B区出口标识方向错误|好几辆车开错方向",
                                  "B区导向牌指反了|跟着标志走找不到出口", "车库B区标志错了|出口箭头指错"]),
    ("spot:garage-b", "parking", ["B区有车乱停堵住通道|一辆白色轿车停在通道上", "车库B区乱停车|车子占道别人出不去",
                                  "B区通道被车堵住|有人把车停在过道", "B区有人乱停|挡住出口了"]),
    ("spot:garage-a", "facilities", ["车库A区太潮湿|墙面返潮，车上都是水汽", "A区很潮，需要除湿机|地面湿漉漉的",
                                     "地下车库A区发霉|潮得厉害，有霉味", "A区返潮严重|请放几台除湿机"]),
    ("spot:garage-a", "facilities", ["车库A区顶上漏水|车顶被滴了好多水", "A区天花板滴水|下雨后一直在滴水",
                                     "车库A区渗水|停车位上方在渗水", "A区水管破了|水一直往下滴"]),
    ("spot:garage-c", "parking", ["C区坡道灯坏了|晚上下坡看不清", "车库C区坡道太暗|灯不亮容易出事",
                                  "C区坡道没灯|开车下去黑漆漆的", "C区入口坡道照明坏了|请尽快修灯"]),
    ("spot:garage-c", "parking", ["车库C区没有限速标志|车开得很快很危险", "C区需要限速牌|有车在车库里开太快",
                                  "C区车速太快|建议装限速标志", "车库C区加个限速标识|开得太快了"]),
    ("b3-u1", "cleaning", ["3幢楼道堆满垃圾|好几天没人打扫", "3幢1单元楼道有杂物|装修垃圾堆在楼道里",
                           "3幢楼道脏乱|垃圾没人清理", "3幢一楼楼道堆放杂物|过不去人"]),
    ("b6-u2", "facilities", ["6幢2单元电梯异响|上下的时候咔咔响", "6幢电梯有怪声|坐着很害怕",
                             "6幢2单元电梯声音不对|运行时有异响", "6幢电梯响得厉害|请检查一下"]),
    ("b6-u2", "cleaning", ["6幢2单元门口垃圾满了|垃圾桶满溢", "6幢楼下垃圾桶满了|没人清理发臭",
                           "6幢2单元垃圾没人收|臭气熏天", "6幢门口垃圾堆满|好几天没清"]),
    ("b9-u2", "security", ["9幢2单元门关不上|单元门坏了", "9幢单元门关不上|闭门器坏了",
                           "9幢2单元门禁坏了|门一直开着", "9幢门关不严|陌生人随便进"]),
    ("b9-u1", "other", ["楼上晚上装修噪音|十点以后还在施工", "9幢半夜装修|吵得睡不着",
                        "9幢1单元噪音扰民|晚上还在钻墙", "楼上装修太吵|晚上不停"]),
    ("b12-u1", "facilities", ["12幢地下室漏水|地下室积水很深", "12幢地下室水管破了|水漫出来了",
                              "12幢地下室有积水|好像是水管漏了", "12幢负一楼漏水|东西都泡了"]),
    ("b15-u3", "facilities", ["15幢3单元水压太低|洗澡水很小", "15幢水压低|楼上几户都没什么水",
                              "15幢3单元水小|高层水流很小", "15幢水压不够|热水器打不着火"]),
    ("b2-u1", "facilities", ["2幢1单元电梯按钮失灵|按了没反应", "2幢电梯按键坏了|老人上下楼不方便",
                             "2幢1单元电梯按钮不灵|要按好多次", "2幢电梯按钮失灵|请修一下"]),
    ("b4-u1", "security", ["4幢楼道有人抽烟|烟味很大", "4幢楼道有人吸烟|还有烟头",
                           "4幢1单元楼道抽烟|孩子闻到很难受", "4幢楼梯间有人抽烟|很呛"]),
    ("b7-u1", "cleaning", ["7幢楼道有人乱扔垃圾|垃圾袋放在门口", "7幢有人把垃圾放楼道|味道很大",
                           "7幢1单元乱扔垃圾|楼道很脏", "7幢楼道垃圾没人管|有人乱丢"]),
    ("b11-u1", "facilities", ["11幢雨水管堵塞|下雨时水漫到路上", "11幢下水管堵了|雨水排不出去",
                              "11幢雨水管不通|楼下积水", "11幢排水管堵塞|一下雨就淹"]),
    ("spot:gate-north", "security", ["北门门禁刷卡失灵|经常刷不开", "北门刷卡进不去|门禁坏了",
                                     "北门门禁经常坏|要等保安开门", "北门门禁刷不开|好几次了"]),
    ("spot:gate-north", "security", ["北门晚上没有保安|陌生人随便进出", "北门夜里没人值守|外来人员随便进",
                                     "北门门岗晚上没人|不安全", "北门保安晚上不在|谁都能进来"]),
    ("spot:gate-south", "parking", ["南门消防通道有车乱停|长期停着几辆车", "南门消防通道被占用|车停在通道上",
                                    "南门通道乱停车|消防车进不来", "南门消防通道堵住了|有车占道"]),
    ("spot:gate-south", "cleaning", ["南门垃圾分类点满溢|垃圾堆到外面", "南门垃圾点满了|没人清运",
                                     "南门垃圾站太脏|垃圾桶都满了", "南门分类点垃圾满出来|很臭"]),
    ("spot:green-central", "greening", ["中心绿地草皮枯死|一大片都黄了", "中心绿地草坪死了|需要补种",
                                        "中心绿地的草都枯了|很难看", "中心绿地草皮坏了|光秃秃的"]),
    ("spot:green-central", "cleaning", ["中心绿地狗粪没人清理|到处都是", "中心绿地很多狗屎|小孩没法玩",
                                        "中心绿地有狗粪|遛狗的不清理", "中心绿地狗粪太多|踩到好几次"]),
    ("spot:green-central", "facilities", ["中心绿地长椅木条断了|坐上去危险", "中心绿地椅子坏了|木条断了一根",
                                          "中心绿地长椅损坏|老人坐着不安全", "中心绿地座椅断了|请修一下"]),
    ("spot:green-east", "greening", ["东侧绿化带树枝挡住窗户|屋里很暗", "东边绿化带树太高|遮挡采光",
                                     "东侧树枝需要修剪|挡住了阳台", "东侧绿化带树枝太长|请修剪"]),
    ("spot:green-east", "greening", ["东侧绿化带杂草很多|好久没人除草", "东边绿化带长满杂草|很乱",
                                     "东侧绿化带草太高|需要除草", "东侧绿化带杂草丛生|请安排除草"]),
    ("spot:bike-shed", "parking", ["非机动车棚私拉电线充电|很危险", "车棚有人飞线充电|电动车充电不安全",
                                   "非机动车棚私拉电线|容易着火", "车棚电瓶车乱充电|有安全隐患"]),
    ("spot:bike-shed", "parking", ["非机动车棚太挤|电动车停不下", "车棚位置不够|车都停到外面了",
                                   "非机动车棚停满了|没地方放车", "车棚车位不够|电动车乱停"]),
    ("spot:lift-hall", "other", ["电梯厅小广告太多|贴得到处都是", "电梯里贴满小广告|很难看",
                                 "电梯厅乱贴广告|请清理", "电梯间小广告泛滥|撕了又贴"]),
    ("b1-u1", "facilities", ["1幢1单元楼道灯坏了|晚上下楼看不见", "1幢楼道灯不亮|老人摔了一跤",
                             "1幢1单元楼梯灯坏|黑漆漆的", "1幢楼道没灯|请尽快修"]),
    ("b5-u2", "greening", ["5幢旁边树枝伸进阳台|有虫子爬进来", "5幢树枝挡窗户|需要修剪",
                           "5幢楼下树太高|挡住采光", "5幢窗外树枝太长|请修剪一下"]),
    ("b8-u1", "facilities", ["8幢屋顶漏水|顶楼天花板渗水", "8幢顶楼渗水|下雨就滴水",
                             "8幢1单元顶层漏水|墙都湿了", "8幢楼顶漏水|家里发霉"]),
    ("b10-u2", "other", ["10幢有人在楼道养狗|狗一直叫", "10幢楼道拴着狗|晚上叫个不停",
                         "10幢2单元狗叫扰民|楼道里养狗", "10幢狗太吵|影响休息"]),
    ("b14-u1", "facilities", ["14幢电梯困人|被关了十分钟", "14幢电梯停了|有人困在里面",
                              "14幢1单元电梯卡住|里面有人", "14幢电梯故障困人|请马上处理"]),
    ("b16-u2", "cleaning", ["16幢楼道有异味|像是垃圾发臭", "16幢楼道很臭|不知道哪来的味道",
                            "16幢2单元楼道异味|好几天了", "16幢楼道臭味很重|请检查"]),
    ("b17-u1", "security", ["17幢一楼窗户被撬|晚上有小偷", "17幢有人被盗|窗户被撬开",
                            "17幢1单元进了小偷|要加强巡逻", "17幢一楼被偷了|监控能查吗"]),
    ("b18-u2", "facilities", ["18幢单元门口台阶坏了|老人容易摔", "18幢门口台阶破损|砖都松了",
                              "18幢2单元台阶塌了|走路危险", "18幢台阶损坏|请修补"]),
    ("spot:garage-a", "parking", ["车库A区道闸坏了|抬杆不起来", "A区道闸不抬杆|车出不去",
                                  "车库A区出口道闸故障|排了长队", "A区道闸失灵|要人工开"]),
    ("b13-u1", "cleaning", ["13幢楼道积灰严重|好久没打扫", "13幢楼道很脏|灰很厚",
                            "13幢1单元楼道没人打扫|扶手全是灰", "13幢楼道卫生差|请安排保洁"]),
]


@dataclass(frozen=True)
class Pair:
    a: dict
    b: dict
    same: bool
    kind: str  # same-problem, same-place, same-words, unrelated


def report(place: str, category: str, telling: str) -> dict:
    title, _, description = telling.partition("|")
    where = {"spot": place[5:]} if place.startswith("spot:") else {"building": place.split("-")[0]}
    return {"title": title, "description": description, "category": category, **where}


def _moved(place: str, rng: random.Random) -> str:
    """The same kind of place elsewhere in the estate."""
    if place.startswith("spot:garage"):
        return rng.choice([p for p in ("spot:garage-a", "spot:garage-b", "spot:garage-c") if p != place])
    if place.startswith("spot:gate"):
        return "spot:gate-south" if place == "spot:gate-north" else "spot:gate-north"
    if place.startswith("spot:"):
        return rng.choice([p for p in ("spot:green-central", "spot:green-east", "spot:bike-shed", "spot:lift-hall")
                           if p != place])
    return f"b{rng.choice([n for n in range(1, 19) if f'b{n}' != place.split('-')[0]])}"


def _elsewhere(telling: str, place: str, moved: str) -> str:
    """The telling with its place words changed to the other place's."""
    names = {"spot:garage-a": "A区", "spot:garage-b": "B区", "spot:garage-c": "C区", "spot:gate-north": "北门",
             "spot:gate-south": "南门", "spot:green-central": "中心绿地", "spot:green-east": "东侧绿化带",
             "spot:bike-shed": "非机动车棚", "spot:lift-hall": "电梯厅"}
    if place.startswith("spot:"):
        return telling.replace(names[place], names.get(moved, names[place]))
    old, new = place.split("-")[0][1:], moved.split("-")[0][1:]
    return telling.replace(f"{old}幢", f"{new}幢")


def _key(place: str) -> str:
    return place if place.startswith("spot:") else place.split("-")[0]


def pairs(seed: int = 20261125) -> list[Pair]:
    rng = random.Random(seed)
    out: list[Pair] = []
    for index, (place, category, tellings) in enumerate(CLUSTERS):
        first, second, third, fourth = tellings
        out.append(Pair(report(place, category, first), report(place, category, second), True, "same-problem"))
        out.append(Pair(report(place, category, third), report(place, category, fourth), True, "same-problem"))
        neighbours = [c for j, c in enumerate(CLUSTERS) if j != index and _key(c[0]) == _key(place)]
        other = rng.choice(neighbours or [c for j, c in enumerate(CLUSTERS) if j != index and c[0].startswith(
            "spot:") == place.startswith("spot:")])
        told = _elsewhere(rng.choice(other[2]), other[0], place)  # another problem, told of this place
        out.append(Pair(report(place, category, rng.choice(tellings)), report(place, other[1], told), False,
                        "same-place"))
        moved = _moved(place, rng)
        telling = rng.choice(tellings)
        out.append(Pair(report(place, category, telling), report(moved, category, _elsewhere(telling, place, moved)),
                        False, "same-words"))
        unrelated = rng.choice([c for j, c in enumerate(CLUSTERS) if j != index and c[1] != category])
        out.append(Pair(report(place, category, rng.choice(tellings)),
                        report(unrelated[0], unrelated[1], rng.choice(unrelated[2])), False, "unrelated"))
    return out
