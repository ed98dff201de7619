"""Reading a free-text report from SMS or the owners' group (pure rules, no I/O): its category from
keywords, its place from the estate's own names, a title from its first words.

The keywords are the platform's defaults plus the community's own (directory settings ``keywords``).
When no category or two equally likely ones are found, the guess is not sure and the lead's triage
decides; the report is taken either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiuhua_intake.directory.places import Estate, Place

DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "parking": ("车库", "停车", "车位", "乱停", "挪车", "充电桩", "道闸", "车棚", "电动车", "非机动车"),
    "facilities": ("电梯", "漏水", "水管", "水压", "停水", "停电", "路灯", "灯不亮", "门禁", "维修", "渗水", "除湿",
                   "下水道", "堵塞", "坏了"),
    "cleaning": ("垃圾", "保洁", "打扫", "卫生", "狗粪", "异味", "清理", "脏"),
    "greening": ("绿化", "树枝", "草坪", "草皮", "修剪", "绿地", "花坛", "树"),
    "security": ("保安", "门岗", "陌生人", "被盗", "小偷", "监控", "消防通道", "流浪狗", "安全隐患"),
}
UNKNOWN_PLACE = "位置待确认"
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)}
_BUILDING = re.compile(r"(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:幢|栋|号楼|号)")
_UNIT = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*单元")
_ZONE = re.compile(r"([A-Za-z])\s*区")


@dataclass(frozen=True)
class Guess:
    category: str
    sure: bool


def guess_category(text: str, extra: dict[str, list[str]] | None = None) -> Guess:
    """The category whose keywords the text uses most (the earliest on a tie); ``other`` when none."""
    words = {cat: (*DEFAULT_KEYWORDS.get(cat, ()), *(extra or {}).get(cat, ()))
             for cat in {*DEFAULT_KEYWORDS, *(extra or {})}}
    scored = []
    for category, keywords in words.items():
        hits = [text.find(w) for w in keywords if w and w in text]
        if hits:
            scored.append((len(hits), -min(hits), category))
    if not scored:
        return Guess("other", False)
    scored.sort(reverse=True)
    sure = len(scored) == 1 or scored[0][0] > scored[1][0]
    return Guess(scored[0][2], sure)


def guess_place(estate: Estate, text: str) -> Place | None:
    """A building (and unit) or a public spot of ``estate`` that the text names, or None."""
    for spot in sorted(estate.spots, key=lambda s: -len(s.name)):
        if spot.name in text:
            return Place(spot=spot.id)
    if (zone := _ZONE.search(text)) and "车库" in text:
        letter = zone.group(1).upper()
        for spot in estate.spots:
            if f"{letter}区" in spot.name and spot.kind == "garage":
                return Place(spot=spot.id)
    if found := _BUILDING.search(text):
        number = _number(found.group(1))
        building = next((b for b in estate.buildings if b.name in (f"{number}幢", f"{number}栋", f"{number}号楼")
                         or b.id == f"b{number}"), None)
        if building is not None:
            unit = _UNIT.search(text[found.end():])
            units = _number(unit.group(1)) if unit else None
            return Place(building=building.id, unit=units if units and units <= building.units else None)
    return None


def title_of(text: str) -> str:
    """The first clause, at most 30 characters: what a lead reads in the inbox."""
    text = re.sub(r"^【[^】]*】", "", text).strip()
    first = re.split(r"[。！？!?\n；;]", text, maxsplit=1)[0].strip() or text
    first = first[:30]
    return first if len(first) >= 2 else f"{first}（短信）"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUMERALS[text[1]]
    if len(text) == 2 and text[1] == "十":
        return _NUMERALS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return _NUMERALS[text[0]] * 10 + _NUMERALS[text[2]]
    return _NUMERALS.get(text[0], 0)
