"""What the inbox keeps of one message a provider was asked to send, and the code it shows large."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

_CODE = re.compile(r"^\d{4,8}$")


def code_of(params: dict[str, str]) -> str | None:
    """The verification code a message carries, to show large: the ``code`` parameter (Aliyun's
    named parameters), else the only 4–8 digit parameter (Tencent's numbered ones)."""
    code = params.get("code")
    if isinstance(code, str) and _CODE.match(code):
        return code
    digits = [v for v in params.values() if isinstance(v, str) and _CODE.match(v)]
    return digits[0] if len(digits) == 1 else None


def text_of(sign: str, template: str, params: dict[str, str]) -> str:
    """The provider holds the template's words; the local one shows the signature, the template and
    its parameters."""
    shown = "，".join(f"{k}={v}" for k, v in params.items())
    return f"【{sign}】{template}" + (f"：{shown}" if shown else "")


def entry(*, provider: str, phone: str, sign: str, template: str, params: dict[str, str], out_id: str,
          provider_id: str, at: datetime | None = None) -> dict[str, Any]:
    when = (at or datetime.now(UTC)).astimezone(UTC)
    return {"provider": provider, "provider_id": provider_id, "out_id": out_id, "phone": phone,
            "sign_name": sign, "template_id": template, "params": params, "text": text_of(sign, template, params),
            "code": code_of(params), "received_at": when.isoformat(timespec="microseconds")}
