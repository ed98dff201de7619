"""Login codes by SMS (手机号 + 验证码): the one message whose words are a secret.

The code travels only in the ``sms.requested`` event to the SMS gateway, emitted sensitive (its
outbox record is deleted once the broker has it). The log keeps ``******`` in its place and no
parameters; nothing here logs the event's data.
"""

from __future__ import annotations

from xiuhua_events import CloudEvent, UnitOfWork
from xiuhua_notification import events
from xiuhua_notification.messages import log
from xiuhua_notification.messages.outgoing import Outgoing
from xiuhua_notification.templates.domain import LOGIN_CODE, Rendered

MASK = "******"


def login_code_sms(*, event_id: str, correlationid: str, phone: str, code: str) -> Outgoing:
    """The SMS carrying ``code`` to ``phone``, with what the log may keep of it."""
    masked = LOGIN_CODE.render(code=MASK)
    return Outgoing(event_id=event_id, correlationid=correlationid, channel="sms", to=phone, to_sub=None,
                    message=LOGIN_CODE.render(code=code), community=events.PLATFORM,
                    kept=Rendered(masked.template_id, {}, masked.text))


async def send_login_code(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Ask the SMS gateway to send a login code (once per event)."""
    issued = events.CodeIssued.model_validate(event.data)
    sms = login_code_sms(event_id=event.id, correlationid=event.correlationid, phone=issued.phone, code=issued.code)
    async with uow.transaction(event_id=event.id) as tx:
        await log.send(tx, [sms])
