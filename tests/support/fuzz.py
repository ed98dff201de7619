"""Schemathesis over a service running in-process: cases drawn from the service's own OpenAPI
document, sent through the test's HTTP client on the test's event loop, every answer checked
against that document (no server error; status code, content type and body as documented)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BASE_URL = "http://test"


@dataclass
class Finding:
    operation: str
    error: str

    def __str__(self) -> str:
        return f"{self.operation}\n{self.error}"


def fuzz(client: httpx.AsyncClient, loop: asyncio.AbstractEventLoop, document: dict, *,
         headers: Sequence[dict[str, str]], examples: int, known: dict[str, str]) -> list[Finding]:
    """Every operation of ``document``, ``examples`` cases each (valid input, invalid input, and valid
    input with the path and query parameters named in ``known`` set to ids that exist), each sent
    as one of ``headers``. Call it in a worker thread: it sends on ``loop``, where the service runs."""
    schema = schemathesis.openapi.from_dict(document)
    findings: list[Finding] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)]
        path = {p.name: known[p.name] for p in operation.path_parameters if p.name in known}
        query = {p.name: known[p.name] for p in operation.query if p.name in known}
        if path or query:  # so that callers get past "not found" to what the route does
            strategies.append(operation.as_strategy(generation_mode=GenerationMode.POSITIVE,
                                                    path_parameters=path or None, query=query or None))

        # derandomized, no example database, no shrinking: the same cases on every run, bounded in time
        @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=st.one_of(strategies), auth=st.sampled_from(list(headers)))
        def check(case: schemathesis.Case, auth: dict[str, str]) -> None:
            # the bytes Schemathesis would put on the wire, sent by the test's own client
            prepared = requests.Request(**case.as_transport_kwargs(base_url=BASE_URL, headers=auth)).prepare()
            sent = client.request(prepared.method, prepared.url, headers=dict(prepared.headers), content=prepared.body)
            response = asyncio.run_coroutine_threadsafe(sent, loop).result(timeout=60)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except BaseException as exc:  # every operation is tried (a failed check is an ExceptionGroup)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            notes = "\n".join(getattr(exc, "__notes__", ()))  # Hypothesis names the falsifying case there
            findings.append(Finding(operation.label, f"{type(exc).__name__}: {exc}\n{notes}"))
    return findings
