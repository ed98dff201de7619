"""A person's wishes (pure): the channels they accept, and the issues they muted.

Stored in ``preferences``, one document per person (their token's ``sub``)::

    {_id: sub, community, sms: bool, push: bool, muted: [issue id], digest: bool, estate, updated_at}

``digest``: the estate's evening progress digest by SMS (每日进展短信), for a resident or member of ``estate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

FALLBACK_ORDER = ("push", "sms")


@dataclass(frozen=True)
class Preference:
    sms: bool = True
    push: bool = True
    muted: frozenset[str] = field(default_factory=frozenset)

    def accepts(self, channel: str) -> bool:
        return getattr(self, channel, True)

    @classmethod
    def from_doc(cls, doc: dict) -> Preference:
        return cls(sms=doc.get("sms", True), push=doc.get("push", True), muted=frozenset(doc.get("muted", [])))


def choose(wanted: Sequence[str], reachable: Sequence[str], pref: Preference | None) -> tuple[list[str], str | None]:
    """The channels to use for one person: the rule's that reach them and they accept; when the
    person refused all of those, another channel they accept (so news is not lost by a preference);
    ``(channels, None)`` or ``([], why not)``."""
    usable = [c for c in wanted if c in reachable]
    if pref is None or not usable:
        return usable, None
    chosen = [c for c in usable if pref.accepts(c)]
    if chosen:
        return chosen, None
    other = [c for c in FALLBACK_ORDER if c in reachable and pref.accepts(c)]
    return (other[:1], None) if other else ([], "channels_off")
