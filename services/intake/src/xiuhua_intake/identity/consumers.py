"""Message consumers of identity: who may log in as a member or lead."""

from __future__ import annotations

from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    """Subscribe identity's handlers on the bus."""
