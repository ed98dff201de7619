"""Who a planned message goes to (``Target``: the ways to reach them) and the message's words,
rendered only when the log reads them (``Lazy``)."""

from __future__ import annotations

from dataclasses import dataclass

from xiuhua_notification.templates.render import Renderer
from xiuhua_notification.threads.model import Person


@dataclass(frozen=True)
class Target:
    role: str
    sub: str | None
    phone: str | None
    user: str | None
    proven: bool = True  # the phone is proven its owner's: else an SMS is logged, never sent ("unverified")

    @property
    def reachable(self) -> list[str]:
        return [c for c, there in (("sms", self.phone), ("push", self.user)) if there]


class Lazy:
    """A message rendered when first read: planning again produces many messages the log already
    has, and only the new ones are ever read."""

    def __init__(self, renderer: Renderer, template_id: str, channel: str, params: dict[str, str]) -> None:
        self._args, self._value = (renderer, template_id, channel, params), None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._value is None:
            renderer, template_id, channel, params = self._args
            self._value = renderer.render(template_id, channel, params)
        return getattr(self._value, name)


def resident(role: str, p: Person, proven: bool) -> Target:
    return Target(role, p.sub, p.phone, p.sub, proven=proven)
