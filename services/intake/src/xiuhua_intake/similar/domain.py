"""Is a new report the same problem as an open one? (pure rules, no I/O)

Texts are cut into words by jieba (the well-kept Chinese segmenter), stop words dropped, and the words
people use for the same trouble folded into one (灯不亮, 灯坏了, 太暗 → the lights are out). Two reports
are compared by how many of the shorter one's words the other has (the overlap coefficient: a title
and a long description can still match), then the place decides: the same spot or building makes a
match likely, a different one all but rules it out; the same category helps a little.
`make duplicates-eval` measures precision and recall on a labelled set of report pairs.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

THRESHOLD = 0.4  # chosen on the labelled set: `make duplicates-eval`

# Words for one trouble, folded into the first (the concept). Longest first when cutting the text.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "灯坏": ("灯不亮", "灯坏", "灯灭", "不亮", "太暗", "很暗", "黑漆漆", "没有灯", "没灯", "灯闪", "灯管坏", "照明"),
    "电梯坏": ("电梯坏", "电梯故障", "电梯停", "电梯不动", "电梯异响", "困人", "电梯卡", "电梯按钮"),
    "漏水": ("漏水", "渗水", "滴水", "水管破", "爆管", "积水", "淹"),
    "垃圾": ("垃圾", "杂物", "堆放", "脏乱", "没人打扫", "没人清理", "满溢"),
    "乱停": ("乱停", "乱停车", "占道", "堵住", "占用", "停在", "挡住出口"),
    "门禁坏": ("门禁", "刷卡", "刷不开", "门关不上", "闭门器", "单元门"),
    "噪音": ("噪音", "吵", "装修声", "半夜施工", "太响"),
    "树枝": ("树枝", "修剪", "挡住窗户", "遮挡", "树太高"),
    "狗": ("狗", "狗粪", "狗屎", "遛狗", "流浪狗"),
    "潮湿": ("潮湿", "潮", "返潮", "霉", "除湿"),
    "标识错": ("指示牌", "标识", "标志", "方向", "指反", "标错"),
    "充电": ("充电", "飞线", "私拉电线"),
    "水压低": ("水压", "水小", "水流小", "没水", "停水"),
    "保安": ("保安", "门岗", "值守", "陌生人", "外来人员"),
    "草枯": ("草皮", "草坪", "枯死", "枯", "黄了", "补种", "光秃秃"),
    "异味": ("异味", "臭", "味道", "发臭", "难闻"),
    "小偷": ("小偷", "被盗", "被偷", "偷", "撬"),
    "堵塞": ("堵塞", "堵了", "不通", "排不出", "排水"),
    "道闸": ("道闸", "抬杆", "闸"),
    "车棚满": ("太挤", "停满", "停不下", "没地方放", "位置不够", "车位不够"),
    "积灰": ("积灰", "灰", "很脏", "没打扫", "没人打扫", "卫生差", "保洁"),
    "抽烟": ("抽烟", "吸烟", "烟味", "烟头", "呛"),
    "杂草": ("杂草", "除草", "草太高", "长满"),
    "广告": ("小广告", "广告"),
    "限速": ("限速", "开太快", "太快", "车速"),
    "台阶": ("台阶", "砖"),
    "长椅": ("长椅", "椅子", "座椅"),
}
# "Broken" and "dangerous" are said of every trouble: they count for little.
GENERIC: dict[str, tuple[str, ...]] = {
    "坏": ("损坏", "坏了", "坏", "断了", "断", "失灵", "故障", "不灵", "破损", "松了"),
    "危险": ("危险", "安全隐患", "不安全", "害怕", "容易摔"),
}
WEIGHT = {"坏": 0.25, "危险": 0.25}
_FOLD = sorted(((word, concept) for concept, words in (SYNONYMS | GENERIC).items() for word in words),
               key=lambda p: -len(p[0]))
_CONCEPT = dict(_FOLD)
_FOLDING = re.compile("|".join(re.escape(word) for word, _ in _FOLD))  # longest first
for _word in {*SYNONYMS, *GENERIC, *(w for w, _ in _FOLD)}:
    jieba.add_word(_word, freq=20000)
STOP = frozenset("""
    的 了 是 在 有 很 也 都 就 又 还 和 跟 把 被 请 麻烦 一下 一直 好几天 好 几 天
    我们 我 你们 你 他们 这 那 里 个 一 不 要 会 能 吗 呢 啊 吧 呀
    现在 已经 经常 今天 昨天 晚上 早上 小区 业主 物业 服务队 问题 反映 尽快 处理
    希望 谢谢 情况 怎么 什么 时候 没人 管
""".split())
# Where it is belongs to the place, compared on its own: these words say nothing of the trouble.
PLACE_WORDS = frozenset("""
    地下 车库 区 幢 栋 号楼 楼 号 单元 层 楼层 门口 附近 旁边 口 电梯口 出口 入口
    北门 南门 东门 西门 绿地 中心 绿化带 一排 那边 这边 边上 对面 楼下 楼上 地面
    楼道 楼梯间 东侧 东边 一楼 车棚 棚 非机动车 顶楼 顶层 楼顶 地下室 负一楼 单元门
""".split())
_PLACES = re.compile(r"(地下)?车库|[A-Za-z]\s*区|(\d+|[一二三四五六七八九十]+)\s*(幢|栋|号楼|单元|楼)|非机动车棚|"
                     r"[东南西北]门|中心绿地|[东西南北][侧边]绿化带|电梯厅")
_PUNCT = re.compile(r"^[\W_]+$")
_SHORT = re.compile(r"^[a-z0-9]{1,3}$")  # zone letters, building and unit numbers


@dataclass(frozen=True)
class Report:
    title: str
    description: str = ""
    category: str | None = None
    spot: str | None = None
    building: str | None = None


@lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str]:
    """The text's words, stop words dropped, synonyms folded into their concept."""
    text = _FOLDING.sub(lambda m: f" {_CONCEPT[m.group(0)]} ", _PLACES.sub(" ", text))  # one pass: no refolding
    out = set()
    for token in jieba.lcut(text):
        token = token.strip().lower()
        if token and token not in STOP and token not in PLACE_WORDS and not _PUNCT.match(token) \
                and not _SHORT.match(token):
            out.add(token)
    return frozenset(out)


def text_similarity(a: Report, b: Report) -> float:
    wa, wb = words(f"{a.title} {a.description}"), words(f"{b.title} {b.description}")
    if not wa or not wb:
        return 0.0

    def weight(ws: frozenset[str]) -> float:
        return sum(WEIGHT.get(w, 1.0) for w in ws)

    return weight(wa & wb) / min(weight(wa), weight(wb))


def same_place(a: Report, b: Report) -> bool | None:
    """True, False, or None when either does not say."""
    if a.spot and b.spot:
        return a.spot == b.spot
    if a.building and b.building:
        return a.building == b.building
    if (a.spot or a.building) and (b.spot or b.building):
        return False  # a building and a public spot
    return None


def score(a: Report, b: Report) -> float:
    """0 (different problems) to 1 (surely the same one)."""
    text = text_similarity(a, b)
    place = same_place(a, b)
    value = 0.7 * text + (0.2 if place else 0.0) + (0.1 if a.category and a.category == b.category else 0.0)
    return round(value * (0.3 if place is False else 1.0), 4)


def is_duplicate(a: Report, b: Report, threshold: float = THRESHOLD) -> bool:
    return score(a, b) >= threshold
