import json

import pytest
from aio_pika.message import IncomingMessage
from pamqp import commands
from pamqp.header import ContentHeader
from pydantic import BaseModel

from xiuhua_events import CloudEvent, EventSpec, InvalidEvent, asyncapi_document, new_event
from xiuhua_events.topology import topic_matches
from xiuhua_intake.events import PUBLISHES as INTAKE_PUBLISHES


class Payload(BaseModel):
    issue_id: str
    title: str


def incoming(message) -> IncomingMessage:
    """Wrap an outgoing message as the broker would deliver it."""
    from aiormq.abc import DeliveredMessage

    header = ContentHeader(properties=message.properties, body_size=len(message.body))
    delivered = DeliveredMessage(delivery=commands.Basic.Deliver(routing_key="k"), header=header,
                                 body=message.body, channel=None)
    return IncomingMessage(delivered, no_ack=True)


def test_binary_mode_puts_attributes_in_ce_headers_and_data_in_the_body():
    event = new_event(type="xiuhua.issue.submitted.v1", source="/xiuhua/intake", tenant="huayuan",
                      subject="i1", data=Payload(issue_id="i1", title="车库灯不亮"))
    message = event.to_message()
    assert message.headers["ce-type"] == "xiuhua.issue.submitted.v1"
    assert message.headers["ce-tenant"] == "huayuan"
    assert message.headers["ce-correlationid"] == event.id
    assert message.content_type == "application/json"
    assert json.loads(message.body) == {"issue_id": "i1", "title": "车库灯不亮"}
    back = CloudEvent.from_message(incoming(message))
    assert (back.id, back.type, back.tenant, back.data) == (event.id, event.type, "huayuan", event.data)


def test_a_message_without_ce_headers_is_invalid():
    message = new_event(type="t", source="s", tenant="c", data={}).to_message()
    message.headers.pop("ce-id")
    with pytest.raises(InvalidEvent):
        CloudEvent.from_message(incoming(message))


@pytest.mark.parametrize(("pattern", "key", "expected"), [
    ("xiuhua.#", "xiuhua.issue.submitted.v1", True),
    ("xiuhua.task.*.v1", "xiuhua.task.assigned.v1", True),
    ("xiuhua.task.*.v1", "xiuhua.issue.submitted.v1", False),
    ("xiuhua.issue.submitted.v1", "xiuhua.issue.submitted.v1", True),
])
def test_topic_patterns(pattern, key, expected):
    assert topic_matches(pattern, key) is expected


def test_asyncapi_document_lists_each_event_with_its_schema():
    doc = asyncapi_document(service="intake", version="1", publishes=INTAKE_PUBLISHES,
                            consumes=[EventSpec("xiuhua.task.assigned.v1", Payload, "x")])
    assert doc["asyncapi"].startswith("3.")
    assert "xiuhua.issue.submitted.v1" in doc["channels"]
    assert doc["operations"]["publish.xiuhua.issue.submitted.v1"]["action"] == "send"
    assert doc["operations"]["consume.xiuhua.task.assigned.v1"]["action"] == "receive"
    assert "reporter" in doc["components"]["schemas"]["IssueSubmitted"]["properties"]
    assert all("$defs" not in s for s in doc["components"]["schemas"].values())
