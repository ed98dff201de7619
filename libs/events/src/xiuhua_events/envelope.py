"""The CloudEvents 1.0 envelope and its RabbitMQ binary-mode mapping.

Binary content mode: every context attribute travels as an AMQP header prefixed ``ce-``
(the contract's choice for RabbitMQ, mirroring the HTTP binding), ``content_type`` is
``application/json`` and the body is only ``data``.
https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import aio_pika
from opentelemetry import propagate
from pydantic import BaseModel, Field, ValidationError

from xiuhua_events import clock

EXCHANGE = "xiuhua.events"
DEAD_LETTER_EXCHANGE = "xiuhua.dlx"
CONTENT_TYPE = "application/json"
MAX_BODY_BYTES = 256 * 1024

_REQUIRED = ("id", "source", "type", "specversion")
_OPTIONAL = ("time", "subject", "tenant", "correlationid", "replayed")


class InvalidEvent(ValueError):
    """A message that is not a CloudEvent this platform can read; it is dead-lettered at once."""


class CloudEvent(BaseModel):
    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    specversion: str = "1.0"
    time: datetime = Field(default_factory=clock.now)
    subject: str | None = None
    tenant: str
    correlationid: str
    data: dict[str, Any] = Field(default_factory=dict)
    # extension `replayed`: made while replaying history at a past time (see clock.py)
    replayed: bool = Field(default_factory=clock.replaying)
    # W3C trace context of the moment the event was made, so a relay publishing it later
    # continues the same trace.
    trace: dict[str, str] = Field(default_factory=dict)

    def to_message(self) -> aio_pika.Message:
        headers: dict[str, Any] = {
            "ce-id": self.id,
            "ce-source": self.source,
            "ce-type": self.type,
            "ce-specversion": self.specversion,
            "ce-time": self.time.isoformat(),
            "ce-tenant": self.tenant,
            "ce-correlationid": self.correlationid,
        }
        if self.subject:
            headers["ce-subject"] = self.subject
        if self.replayed:
            headers["ce-replayed"] = "true"
        headers.update(self.trace)
        return aio_pika.Message(
            body=json.dumps(self.data, ensure_ascii=False, default=str).encode(),
            headers=headers,
            content_type=CONTENT_TYPE,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=self.id,
            timestamp=self.time,
        )

    @classmethod
    def from_message(cls, message: aio_pika.abc.AbstractIncomingMessage) -> CloudEvent:
        headers = {k: _text(v) for k, v in (message.headers or {}).items()}
        missing = [a for a in _REQUIRED if not headers.get(f"ce-{a}")]
        if missing:
            raise InvalidEvent(f"missing CloudEvents attributes: {missing}")
        if message.content_type not in (None, CONTENT_TYPE):
            raise InvalidEvent(f"unsupported content type {message.content_type!r}")
        if len(message.body) > MAX_BODY_BYTES:
            raise InvalidEvent("event body too large")
        try:
            data = json.loads(message.body or b"{}")
        except ValueError as exc:
            raise InvalidEvent(f"body is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise InvalidEvent("event data must be a JSON object")
        fields = {a: headers[f"ce-{a}"] for a in (*_REQUIRED, *_OPTIONAL) if headers.get(f"ce-{a}")}
        fields.setdefault("tenant", "")
        fields.setdefault("correlationid", fields["id"])
        trace = {k: headers[k] for k in ("traceparent", "tracestate") if headers.get(k)}
        try:
            return cls(**fields, data=data, trace=trace)
        except ValidationError as exc:
            raise InvalidEvent(str(exc)) from exc


def new_event(
    *, type: str, source: str, tenant: str, data: BaseModel | dict[str, Any],
    subject: str | None = None, correlationid: str | None = None,
) -> CloudEvent:
    """Make an event carrying the current trace context; ``data`` is the producer's own schema."""
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    event = CloudEvent(type=type, source=source, tenant=tenant, subject=subject,
                       correlationid=correlationid or "", data=payload, trace=carrier)
    if not event.correlationid:
        event.correlationid = event.id
    return event


def _text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes | bytearray) else value
