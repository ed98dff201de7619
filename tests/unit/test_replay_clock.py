"""The replay clock: a request or event handler may run as of a past moment, and only that."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from xiuhua_cli.history import STORIES, moments
from xiuhua_events import CloudEvent, clock, new_event
from xiuhua_runtime.replay import ReplayClockMiddleware


async def _stamp(_request) -> JSONResponse:
    return JSONResponse({"now": clock.now().isoformat(), "replaying": clock.replaying()})


def _client() -> httpx.AsyncClient:
    app = Starlette(routes=[Route("/stamp", _stamp)])
    app.add_middleware(ReplayClockMiddleware)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_a_request_runs_as_of_the_moment_it_names():
    past = datetime.now(UTC) - timedelta(days=20)
    async with _client() as client:
        body = (await client.get("/stamp", headers={"X-Xiuhua-As-Of": past.isoformat()})).json()
        plain = (await client.get("/stamp")).json()
    assert datetime.fromisoformat(body["now"]) == past and body["replaying"] is True
    assert plain["replaying"] is False and datetime.fromisoformat(plain["now"]) > past


@pytest.mark.parametrize("value", ["yesterday", "2026-01-01T00:00:00",  # no zone
                                   (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
                                   (datetime.now(UTC) - timedelta(days=200)).isoformat()])
async def test_a_moment_that_is_not_one_is_refused(value):
    async with _client() as client:
        r = await client.get("/stamp", headers={"X-Xiuhua-As-Of": value})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_as_of"


def test_events_made_while_replaying_carry_the_moment_and_the_mark():
    past = datetime.now(UTC) - timedelta(days=3)
    with clock.as_of(past):
        event = new_event(type="xiuhua.issue.submitted.v1", source="/intake", tenant="huayuan", data={})
    live = new_event(type="xiuhua.issue.submitted.v1", source="/intake", tenant="huayuan", data={})
    assert event.time == past and event.replayed and not live.replayed
    headers = event.to_message().headers
    assert headers["ce-replayed"] == "true" and "ce-replayed" not in live.to_message().headers
    assert CloudEvent.model_validate(event.model_dump(mode="json")).replayed  # through the outbox


def test_the_clock_never_runs_ahead():
    with clock.as_of(datetime.now(UTC) + timedelta(days=1)):
        assert clock.now() <= datetime.now(UTC)


def test_history_is_replayed_in_time_order_and_never_ahead_of_now():
    now = datetime.now(UTC)
    replayed = moments(now)
    assert [m for m, *_ in replayed] == sorted(m for m, *_ in replayed)
    assert all(m < now for m, *_ in replayed)
    submitted = {story.key for _, story, step in replayed if step is None}
    assert submitted == {s.key for s in STORIES}
    # every step comes after its own report
    first = {story.key: m for m, story, step in replayed if step is None}
    assert all(m > first[story.key] for m, story, step in replayed if step is not None)
