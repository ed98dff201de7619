"""A message to send: to whom, through which channel, in which words, because of which event.

Its ``out_id`` is derived from the event, the recipient and the channel, so that the same event
makes the same message at most once however often it is delivered or looked at again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from xiuhua_notification.templates.domain import Rendered

_OUT_IDS = uuid.UUID("6f1c2b3e-7a0d-5c1e-9b8a-786975687561")  # namespace of out ids, fixed forever


def out_id(*, event_id: str, channel: str, to: str) -> str:
    """Opaque and stable: a gateway echoes it back in its receipt; it reveals no phone number."""
    return uuid.uuid5(_OUT_IDS, f"{event_id}|{channel}|{to}").hex


@dataclass(frozen=True)
class Outgoing:
    event_id: str                   # the fact this message tells of
    correlationid: str
    channel: Literal["sms", "push", "group"]
    to: str                         # a phone (sms) or a user id (push)
    to_sub: str | None              # the person's id, so that "my messages" can find it
    message: Rendered
    community: str
    issue_id: str | None = None
    deep_link: str = ""
    kept: Rendered | None = None    # what the log keeps instead of ``message`` (a login code, masked)
    muted: str | None = None        # kept in the log but not sent: "muted" (the issue), "channels_off",
                                    # "unverified" (an SMS to a phone not proven its owner's)
    urgent: bool = False            # an urgent issue: not held back by quiet hours
    estate: str | None = None       # group posts: the estate whose owners' group it goes to

    @property
    def sensitive(self) -> bool:
        """Secret words (a login code): kept nowhere, and the outbox record goes once sent."""
        return self.kept is not None

    @property
    def out_id(self) -> str:
        return out_id(event_id=self.event_id, channel=self.channel, to=self.to)
