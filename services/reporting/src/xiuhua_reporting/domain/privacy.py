"""What reporting keeps of a resident (pure): enough to count them and to recognise them, never enough
to call them.

Names become their first character and two stars (刘女士 → 刘**), phones 138****5678, and an id made
of a phone (``phone:13812345678``, a report taken by SMS) a digest of it. Each is idempotent, so the
live fold and a rebuild from the (already masked) archive give the same rows.
"""

from __future__ import annotations

import hashlib
from typing import Any

from xiuhua_auth.principal import mask_phone

_PHONE_SUB = "phone:"
_DIGEST = "phone:#"


def mask_name(name: str | None) -> str | None:
    return name[:1] + "**" if name else name


def pseudonym(sub: str) -> str:
    """A resident's id, with a phone in it replaced by its digest (the same phone, the same id)."""
    if not sub.startswith(_PHONE_SUB) or sub.startswith(_DIGEST):
        return sub
    return _DIGEST + hashlib.sha256(sub[len(_PHONE_SUB):].encode()).hexdigest()[:16]


def masked_person(person: dict[str, Any]) -> dict[str, Any]:
    """A ``{sub, name, phone}`` of an event, as reporting keeps it."""
    return person | {"sub": pseudonym(str(person.get("sub", ""))), "name": mask_name(person.get("name")),
                     "phone": mask_phone(person.get("phone"))}


# The residents an event names: its fields holding one ``{sub, name, phone}`` or a list of them.
_PEOPLE = ("reporter", "supporter", "carried")


def masked_data(data: dict[str, Any]) -> dict[str, Any]:
    """An event's data with every resident in it masked (the archive's copy)."""
    out = dict(data)
    for field in _PEOPLE:
        value = out.get(field)
        if isinstance(value, dict):
            out[field] = masked_person(value)
        elif isinstance(value, list):
            out[field] = [masked_person(v) if isinstance(v, dict) else v for v in value]
    return out
