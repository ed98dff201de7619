"""Problem categories, matching the areas team members are in charge of (分管)."""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "cleaning": "保洁",
    "greening": "绿化",
    "security": "安保",
    "parking": "车库停车",
    "facilities": "设施维修",
    "other": "其他",
}
_BY_LABEL = {label: key for key, label in CATEGORIES.items()}


def normalize_category(value: str) -> str | None:
    """Accept the id (``parking``) or the Chinese label a resident sees (``车库停车``)."""
    value = value.strip()
    if value in CATEGORIES:
        return value
    return _BY_LABEL.get(value)
