"""Every event a service publishes can be read by every service that consumes it.

Services never import each other: each producer owns its payload schema and each consumer a reader
of the fields it needs. This test is the one place that sees both sides: it builds a payload with
the producer's own model and feeds it to every consumer's reader of the same type."""

from __future__ import annotations

import types
import typing
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel

from tests.support.clock import shanghai_today
from xiuhua_assignment import events as assignment
from xiuhua_intake import events as intake
from xiuhua_notification import events as notification
from xiuhua_reporting import events as reporting
from xiuhua_smsgateway import events as smsgateway

SERVICES = {"intake": intake, "assignment": assignment, "notification": notification, "reporting": reporting,
            "smsgateway": smsgateway}


def sample(annotation: Any, full: bool = True) -> Any:
    """A value of ``annotation``: the fullest one, or (``full`` False) with every optional value None."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        if not full and type(None) in args:
            return None
        return sample(next(a for a in args if a is not type(None)), full)
    if origin is Literal:
        return args[0]
    if origin in (list, tuple, set):
        return [sample(args[0], full)]
    if origin is dict:
        return {"key": "value"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: sample(field.annotation, full) for name, field in annotation.model_fields.items()}
    return {str: "19900000001", int: 1, float: 1.0, bool: True, datetime: datetime.now(UTC).isoformat(),
            date: shanghai_today().isoformat()}.get(annotation, "x")


def pairs():
    for producer_name, producer in SERVICES.items():
        for spec in producer.PUBLISHES:
            for consumer_name, consumer in SERVICES.items():
                for reader in consumer.CONSUMES:
                    if reader.type == spec.type and consumer_name != producer_name:
                        yield pytest.param(spec.model, reader.model, id=f"{spec.type}:{producer_name}->{consumer_name}")


@pytest.mark.parametrize("full", [True, False], ids=["filled", "optional-empty"])
@pytest.mark.parametrize(("produced", "reader"), list(pairs()))
def test_what_is_published_is_what_the_consumer_reads(produced: type[BaseModel], reader: type[BaseModel], full: bool):
    payload = produced.model_validate(sample(produced, full)).model_dump(mode="json")
    reader.model_validate(payload)


def test_every_consumed_event_has_a_producer():
    published = {spec.type for module in SERVICES.values() for spec in module.PUBLISHES}
    consumed = {spec.type for module in SERVICES.values() for spec in module.CONSUMES}
    assert consumed <= published, consumed - published



def test_reporting_alone_publishes_the_contracts_report_event():
    producers = [name for name, module in SERVICES.items()
                 if any(s.type == "xiuhua.report.published.v1" for s in module.PUBLISHES)]
    assert producers == ["reporting"]


def test_a_published_report_names_its_scope_month_figures_and_where_to_fetch_it():
    [spec] = [s for s in reporting.PUBLISHES if s.type == "xiuhua.report.published.v1"]
    payload = spec.model.model_validate(sample(spec.model)).model_dump(mode="json")
    assert {"report_id", "scope", "id", "month", "published_at", "summary", "links"} <= payload.keys()
    assert set(payload["links"]) == {"json_url", "csv_url", "pdf_url"}
