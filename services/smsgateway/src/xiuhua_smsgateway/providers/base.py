"""What the gateway asks of a provider, whichever it is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from xiuhua_smsgateway.domain.verdicts import Answer


@dataclass(frozen=True)
class Sms:
    out_id: str
    phone: str
    template_id: str          # the provider's template id
    params: dict[str, str]    # named, in the order the provider's template numbers them


class Provider(Protocol):
    name: str

    async def send(self, sms: Sms) -> Answer: ...


@dataclass(frozen=True)
class TemplateMap:
    """Our template ids → the provider's, and the order of their parameters (Tencent numbers them)."""

    entries: dict[str, dict]

    @classmethod
    def parse(cls, raw: str) -> TemplateMap:
        entries = json.loads(raw or "{}")
        if not isinstance(entries, dict):
            raise ValueError("SMS_TEMPLATES must be a JSON object")
        return cls(entries)

    def sms(self, *, out_id: str, phone: str, template_id: str, params: dict[str, str]) -> Sms:
        entry = self.entries.get(template_id) or {}
        order = entry.get("params") or list(params)
        ordered = {name: str(params.get(name, "")) for name in order}
        return Sms(out_id=out_id, phone=phone, template_id=str(entry.get("id") or template_id), params=ordered)
