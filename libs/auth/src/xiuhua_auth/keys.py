"""The rule every shared secret of the platform meets before a service starts (JWT_SECRET,
SMS_RECEIPT_TOKEN): long enough, and none of the placeholders or defaults that anyone who reads a
repository, a README or a deployment example knows. A service refuses to start with one rather
than accept tokens or receipts that anybody can forge."""

from __future__ import annotations

import re

# RFC 7518 §3.2: an HS256 key is at least as long as the hash output, 256 bits.
MIN_BYTES = 32
# Fewer distinct characters than this is a pattern (0000…, abab…), not a secret.
MIN_DISTINCT = 8

# Placeholders and defaults, lower case without separators ("CHANGE-ME" is "changeme"): refused
# wherever they occur in a secret. Each is long enough (6+ letters) that a random key does not
# contain it by chance.
KNOWN_PARTS = frozenset({
    "changeme", "changethis", "replaceme", "demoonly", "localonly", "notasecret", "donotuse", "placeholder",
    "insecure", "secret", "example", "password", "passwd", "default", "sample",
})
# Short words refused only as a word of their own ("test-key-…", "dev_…"), not inside a random key.
KNOWN_WORDS = frozenset({"test", "testing", "demo", "dev", "todo", "fixme", "dummy", "fake", "xxx"})


class WeakSecret(ValueError):
    """A secret that is short, a known placeholder or a pattern: the service must not start with it."""


def problem(value: str | None) -> str | None:
    """Why ``value`` is not a usable secret, or None when it is."""
    if not value:
        return "it is not set"
    if len(value.encode()) < MIN_BYTES:
        return f"it is shorter than {MIN_BYTES} bytes"
    lowered = value.lower()
    compact = re.sub(r"[^a-z0-9]", "", lowered)
    part = next((p for p in sorted(KNOWN_PARTS) if p in compact), None)
    if part is not None:
        return f"it contains the placeholder or default {part!r}"
    word = next((w for w in re.split(r"[^a-z0-9]+", lowered) if w in KNOWN_WORDS), None)
    if word is not None:
        return f"it contains the word {word!r} of a placeholder"
    if len(set(value)) < MIN_DISTINCT:
        return f"it has fewer than {MIN_DISTINCT} distinct characters"
    return None


def require_strong(name: str, value: str | None) -> str:
    """``value`` when it is a usable secret; otherwise :class:`WeakSecret` naming the variable."""
    reason = problem(value)
    if reason is not None:
        raise WeakSecret(f"{name} is refused: {reason}. Set it to a random value of at least {MIN_BYTES} "
                         f"bytes, e.g. `openssl rand -base64 32`.")
    return value
