"""Rendering a message for one channel in a community's wording, fitted to the channel's length:
the free-text parameters (a title, a note) are shortened, in the message's order, until the SMS
fits its segment (70 characters, UCS-2) or the push its 120 characters."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from xiuhua_notification.robots.markdown import plain
from xiuhua_notification.templates import engine
from xiuhua_notification.templates.catalogue import DEFINITIONS, GROUP_LIMIT, Definition, Wording, with_override
from xiuhua_notification.templates.domain import MIN_KEEP, PUSH_LIMIT, Rendered, shorten, tidy

Channel = Literal["sms", "push", "group"]
# Group parameters the platform itself writes as markdown from escaped pieces: the page, the
# evening's list of highlights (``daily.summary``), a digest's latest post (``pace.release``).
MARKUP = frozenset({"link", "highlights", "latest"})
log = logging.getLogger(__name__)


def fit(source: str, params: Mapping[str, str], *, limit: int, cut: tuple[str, ...], field: str) -> tuple[str, dict]:
    """Render ``source``; shorten the parameters in ``cut`` order while the text is over ``limit``."""
    fitted = dict(params)
    text = tidy(engine.render(source, fitted, field))
    for name in cut:
        over = len(text) - limit
        if over <= 0:
            break
        if name in fitted and len(fitted[name]) > MIN_KEEP:
            fitted[name] = shorten(fitted[name], max(len(fitted[name]) - over, MIN_KEEP))
            text = tidy(engine.render(source, fitted, field))
    return text, fitted


def render_wording(definition: Definition, wording: Wording, channel: Channel, params: Mapping[str, str]) -> Rendered:
    """One channel of ``wording`` with ``params`` (every allowed name must be given)."""
    given = {k: v for k, v in params.items() if k in definition.allowed}
    if channel == "sms":
        text, fitted = fit(wording.sms, given, limit=definition.sms_limit, cut=definition.cut, field="sms")
        used = engine.used(wording.sms)
        return Rendered(definition.id, {k: v for k, v in fitted.items() if k in used}, text,
                        provider_template=wording.provider_template)
    if channel == "push":
        body, fitted = fit(wording.push_body, given, limit=PUSH_LIMIT, cut=definition.cut, field="push_body")
        title = engine.render(wording.push_title, fitted, "push_title")[:40]
        link = engine.render(wording.deep_link, given, "deep_link") if wording.deep_link else ""
        return Rendered(definition.id, {k: v for k, v in fitted.items() if k in engine.used(wording.push_body)},
                        body, title, deep_link=link)
    # Residents' words in a group post read as plain text: the wording's own markdown stays.
    given = {k: v if k in MARKUP else plain(v) for k, v in given.items()}
    text, fitted = fit(wording.group, given, limit=GROUP_LIMIT, cut=definition.cut, field="group")
    return Rendered(definition.id, {}, text)


@dataclass
class Renderer:
    """A community's wording of every message (its overrides over the defaults)."""

    overrides: dict[str, dict] = field(default_factory=dict)

    def render(self, template_id: str, channel: Channel, params: Mapping[str, str]) -> Rendered:
        definition = DEFINITIONS[template_id]
        wording = with_override(definition, self.overrides.get(template_id))
        try:
            return render_wording(definition, wording, channel, params)
        except engine.TemplateInvalid:
            if wording == definition.default:
                raise
            # The community's wording was checked with sample words; words it cannot bear (over the
            # engine's bounds) get the platform's own wording, so that the news still goes out.
            log.warning("template %s of a community failed to render; sent in the default wording", template_id)
            return render_wording(definition, definition.default, channel, params)

    def has_group(self, template_id: str) -> bool:
        definition = DEFINITIONS[template_id]
        return bool(with_override(definition, self.overrides.get(template_id)).group.strip())


DEFAULT = Renderer()
