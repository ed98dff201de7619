"""Where a problem is: an estate of the community, and in it a building/unit or a public spot."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Building(BaseModel):
    id: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=40)
    units: int = Field(default=1, ge=1, le=50)


class Spot(BaseModel):
    """A public spot: a garage zone, a lift, a gate, a green belt."""

    id: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=40)
    kind: str = Field(default="other", max_length=20)


class Estate(BaseModel):
    id: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1, max_length=40)
    households: int = Field(default=0, ge=0, le=100_000)
    buildings: list[Building] = Field(default_factory=list, max_length=500)
    spots: list[Spot] = Field(default_factory=list, max_length=500)


class Place(BaseModel):
    building: str | None = Field(default=None, max_length=32, description="building id, e.g. b3")
    unit: int | None = Field(default=None, ge=1, le=50)
    spot: str | None = Field(default=None, max_length=32, description="public spot id, e.g. garage-b1")
    detail: str | None = Field(default=None, max_length=100, description="free text, e.g. 靠近电梯口")


def place_problems(estate: Estate, place: Place) -> list[dict[str, str]]:
    """Why ``place`` does not exist in ``estate`` (empty when it does)."""
    problems: list[dict[str, str]] = []
    if place.building is None and place.spot is None:
        problems.append({"field": "place", "problem": "请选择楼栋或公共区域"})
    if place.building is not None:
        building = next((b for b in estate.buildings if b.id == place.building), None)
        if building is None:
            problems.append({"field": "place.building", "problem": f"小区内没有楼栋 {place.building}"})
        elif place.unit is not None and place.unit > building.units:
            problems.append({"field": "place.unit", "problem": f"{building.name}没有{place.unit}单元"})
    elif place.unit is not None:
        problems.append({"field": "place.unit", "problem": "填写单元前请先选择楼栋"})
    if place.spot is not None and all(s.id != place.spot for s in estate.spots):
        problems.append({"field": "place.spot", "problem": f"小区内没有公共区域 {place.spot}"})
    return problems


def describe(estate: Estate, place: Place) -> str:
    """A place as a resident says it: 春澜璟园 3幢 2单元 / 春澜璟园 地下车库B区 电梯口附近."""
    return " ".join(part for part in (estate.name, catalogued(estate, place), place.detail) if part)


def catalogued(estate: Estate, place: Place) -> str:
    """The place by the directory's names only (3幢 2单元 / 地下车库B区; empty when it names none of them):
    never the resident's own ``detail``, so that it may be shown to everyone."""
    parts = []
    building = next((b for b in estate.buildings if b.id == place.building), None)
    if building is not None:
        parts.append(building.name)
        if place.unit:
            parts.append(f"{place.unit}单元")
    if (spot := next((s for s in estate.spots if s.id == place.spot), None)) is not None:
        parts.append(spot.name)
    return " ".join(parts)
