"""AsyncAPI 3 documents generated from the event schemas a service declares.

https://www.asyncapi.com/docs/reference/specification/v3.0.0 and the AMQP bindings 0.3.0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from xiuhua_events.envelope import EXCHANGE

_REF = "#/components/schemas/{model}"

_HEADERS = {
    "type": "object",
    "description": "CloudEvents 1.0 context attributes in binary content mode",
    "required": ["ce-id", "ce-source", "ce-type", "ce-specversion", "ce-tenant", "ce-correlationid"],
    "properties": {
        "ce-id": {"type": "string", "description": "unique event id; consumers deduplicate on it"},
        "ce-source": {"type": "string", "description": "producing service, e.g. /xiuhua/intake"},
        "ce-type": {"type": "string", "description": "equals the routing key"},
        "ce-specversion": {"type": "string", "const": "1.0"},
        "ce-time": {"type": "string", "format": "date-time"},
        "ce-subject": {"type": "string", "description": "the issue id the event is about"},
        "ce-tenant": {"type": "string", "description": "community id (the tenant)"},
        "ce-correlationid": {"type": "string", "description": "id shared by every event of one request"},
        "traceparent": {"type": "string", "description": "W3C trace context"},
    },
}


@dataclass(frozen=True)
class EventSpec:
    """One event type a service publishes (with the producer's schema) or consumes."""

    type: str
    model: type[BaseModel]
    summary: str


def asyncapi_document(*, service: str, version: str, publishes: list[EventSpec],
                      consumes: list[EventSpec], amqp_host: str = "localhost:5672") -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for action, specs in (("send", publishes), ("receive", consumes)):
        for spec in specs:
            name = spec.model.__name__
            schema = spec.model.model_json_schema(ref_template=_REF)
            schemas.update(schema.pop("$defs", {}))
            schemas[name] = schema
            messages[spec.type] = {
                "name": spec.type,
                "title": name,
                "summary": spec.summary,
                "contentType": "application/json",
                "headers": _HEADERS,
                "payload": {"$ref": _REF.format(model=name)},
                "correlationId": {"location": "$message.header#/ce-correlationid"},
            }
            channels.setdefault(spec.type, {
                "address": spec.type,
                "description": f"routing key {spec.type} on the topic exchange {EXCHANGE}",
                "messages": {name: {"$ref": f"#/components/messages/{spec.type}"}},
                "bindings": {"amqp": {
                    "is": "routingKey", "bindingVersion": "0.3.0",
                    "exchange": {"name": EXCHANGE, "type": "topic", "durable": True,
                                 "autoDelete": False, "vhost": "/"},
                }},
            })
            verb = "publish" if action == "send" else "consume"
            operations[f"{verb}.{spec.type}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{spec.type}"},
                "summary": spec.summary,
                "messages": [{"$ref": f"#/channels/{spec.type}/messages/{name}"}],
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"xiuhua {service} events",
            "version": version,
            "description": f"CloudEvents the {service} service publishes and consumes on {EXCHANGE}.",
        },
        "defaultContentType": "application/json",
        "servers": {"rabbitmq": {"host": amqp_host, "protocol": "amqp", "protocolVersion": "0.9.1"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
