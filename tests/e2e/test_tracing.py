"""One trace from the resident's HTTP request through the outbox, the broker and every consumer."""

from __future__ import annotations

from opentelemetry.trace import SpanKind

from tests.e2e.conftest import SPANS
from tests.e2e.test_story import Person, log_in, phones
from tests.support.demo import report
from tests.support.servers import eventually


async def test_one_trace_id_from_the_request_to_every_consumer(stack):
    owner = await log_in(stack.client, Person("刘女士", phones()()), estate="chunlan",
                         community="huayuan")  # a phone it may text
    SPANS.clear()
    r = await stack.client.post("/intake/v1/issues", json=report(title="中心绿地草坪枯黄", category="greening",
                                                                 place={"spot": "green-central"},
                                                                 reporter={"name": owner.name, "phone": owner.phone}),
                                headers=owner.headers)
    assert r.status_code == 201
    server = next(s for s in SPANS.get_finished_spans()
                  if s.kind == SpanKind.SERVER and s.attributes.get("http.route") == "/intake/v1/issues")
    trace_id = server.context.trace_id

    expected = {
        ("xiuhua.issue.submitted.v1", "assignment"), ("xiuhua.issue.submitted.v1", "notification"),
        ("xiuhua.issue.submitted.v1", "reporting"), ("xiuhua.task.assigned.v1", "intake"),
        ("xiuhua.task.assigned.v1", "notification"), ("xiuhua.task.assigned.v1", "reporting"),
    }

    wanted_publishes = {"xiuhua.issue.submitted.v1", "xiuhua.task.assigned.v1",
                        "xiuhua.notification.sms.requested.v1", "xiuhua.notification.push.requested.v1"}

    def whole_trace():
        # notification's relay publishes after its consumer's span has ended: wait for both
        in_trace = [s for s in SPANS.get_finished_spans() if s.context.trace_id == trace_id]
        seen = {(s.attributes.get("cloudevents.event_type"),
                 s.attributes.get("messaging.consumer.group.name", "").split("-")[0])
                for s in in_trace if s.kind == SpanKind.CONSUMER}
        published = {s.attributes.get("messaging.rabbitmq.destination.routing_key")
                     for s in in_trace if s.kind == SpanKind.PRODUCER}
        return in_trace if expected <= seen and wanted_publishes <= published else None

    in_trace = await eventually(whole_trace, timeout=10)
    assert all(s.attributes.get("xiuhua.tenant") == "huayuan" for s in in_trace if s.kind != SpanKind.SERVER
               and s.kind != SpanKind.INTERNAL)
