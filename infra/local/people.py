"""The demo people the launcher prints (one per role) and the version of the demo data it seeds,
both from the demo directory of the `xiuhua` CLI (xiuhua_cli.demo) in the workspace's venv."""
from __future__ import annotations


def _demo():
    try:
        from xiuhua_cli import demo
    except ImportError:  # the workspace is not synced yet
        return None
    return demo


def demo_version() -> str:
    """Changes whenever the demo data does (so a changed demo is seeded once more)."""
    demo = _demo()
    return demo.fingerprint() if demo else "seeded"


def lines(*, gateway: str, inbox: str | None) -> list[str]:
    """Whom to log in as: one demo phone per role, and where the code is read."""
    demo = _demo()
    if demo is None:
        return []
    where = f"the code from {inbox}" if inbox else "the code sent by SMS"
    return [f"Demo phones (log in at {gateway}/ with {where}):"] + [
        f"  {p.role:<9} {p.phone:<12} {p.who}" for p in demo.people()]
