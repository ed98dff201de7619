"""`xiuhua`: what operators do by hand on a running platform."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import aio_pika
import httpx
import typer

from xiuhua_auth import ROLES, Authenticator, Principal, WeakSecret
from xiuhua_auth.tokens import AUDIENCE, ISSUER
from xiuhua_cli import calendar, demo, dlq, history, inspect, reporting
from xiuhua_cli.login import LoginFailed
from xiuhua_cli.login import login as log_in

app = typer.Typer(help="xiuhua (绣花) operator tool", no_args_is_help=True, add_completion=False)
app.add_typer(reporting.app, name="reporting")


def _authenticator() -> Authenticator:
    """The local stack keeps its secret in .data/jwt_secret; JWT_SECRET wins when set."""
    secret = os.environ.get("JWT_SECRET")
    local = Path(".data/jwt_secret")
    if not secret and local.exists():
        secret = local.read_text().strip()
    if not secret:
        raise typer.BadParameter("set JWT_SECRET (or run from the repository root of a local stack)")
    try:
        return Authenticator(secret=secret, algorithm=os.environ.get("JWT_ALGORITHM", "HS256"),
                             issuer=os.environ.get("JWT_ISSUER") or ISSUER,
                             audience=os.environ.get("JWT_AUDIENCE") or AUDIENCE)
    except WeakSecret as exc:  # the services would refuse it too
        raise typer.BadParameter(str(exc)) from None


@app.command()
def token(
    role: Annotated[str, typer.Option(help=f"one of {', '.join(ROLES)}")],
    community: Annotated[str | None, typer.Option(help="the tenant, e.g. huayuan")] = None,
    subdistrict: Annotated[str, typer.Option()] = demo.SUBDISTRICT["id"],
    estate: Annotated[str | None, typer.Option(help="residents only, e.g. chunlan")] = None,
    sub: Annotated[str | None, typer.Option(help="subject; defaults to <role>-<community>")] = None,
    hours: Annotated[int, typer.Option(min=1, max=24 * 30)] = 12,
) -> None:
    """Print a token for the local stack."""
    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}")
    if role not in ("admin", "gateway") and community is None:
        raise typer.BadParameter("--community is required for this role")
    principal = Principal(sub=sub or f"{role}-{community or subdistrict}", role=role, community=community,
                          subdistrict=subdistrict, estate=estate)
    typer.echo(_authenticator().issue(principal, ttl=timedelta(hours=hours)))


@app.command()
def login(
    phone: Annotated[str, typer.Argument(help="a mainland mobile number, e.g. 13800001234 or a demo phone")],
    estate: Annotated[str | None, typer.Option(
        help=f"a new phone's estate (first login); default {demo.ESTATE['id']} ({demo.ESTATE['name']})")] = None,
    community: Annotated[str | None, typer.Option(help="when the phone belongs to several communities")] = None,
    url: Annotated[str, typer.Option(help="gateway URL")] = "http://127.0.0.1:8080",
    wait: Annotated[float, typer.Option(min=1, max=120, help="seconds to wait for the SMS")] = 10.0,
    as_json: Annotated[bool, typer.Option("--json", help="print the whole answer (tokens and who)")] = False,
) -> None:
    """Log in with phone + code read from the development SMS inbox; print the access token.

    TOKEN=$(.venv/bin/xiuhua login 13800001234) works: everything else goes to stderr."""
    try:
        pair = log_in(url=url, phone=phone, estate=estate, default_estate=demo.ESTATE["id"], community=community,
                      wait_seconds=wait, say=lambda words: typer.echo(words, err=True))
    except LoginFailed as exc:
        typer.echo(f"xiuhua login: {exc}", err=True)
        raise typer.Exit(1) from None
    me = pair.get("me") or {}
    typer.echo(f"logged in as {me.get('name')} ({me.get('role')}, {me.get('id')}) "
               f"in {me.get('community_name') or me.get('community') or '-'}", err=True)
    typer.echo(json.dumps(pair, ensure_ascii=False, indent=2) if as_json else pair["access_token"])


@app.command()
def seed(url: Annotated[str, typer.Option(help="gateway URL")] = "http://127.0.0.1:8080",
         with_history: Annotated[bool, typer.Option(
             "--history", help="also replay five weeks of past issues, once (needs XIUHUA_REPLAY_CLOCK=1 in "
                               "the services, as under make run)")] = False) -> None:
    """Load the demo subdistrict (梨洲街道 → 花园社区 → 春澜璟园) and its team; safe to run again."""
    auth = _authenticator()
    admin = auth.issue(Principal(sub="seed-admin", role="admin", subdistrict=demo.SUBDISTRICT["id"]))
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {admin}"}, timeout=10) as client:
        for path, body in demo.requests():
            _put(client, path, body)
    typer.echo(f"seeded {demo.SUBDISTRICT['name']} ({len(demo.ADMINS)} admin) / {demo.COMMUNITY['name']} "
               f"({len(demo.STAFF)} staff, {demo.PROPERTY_COMPANY['name']}) / {demo.ESTATE['name']} "
               f"with {len(demo.MEMBERS)} team members")
    if with_history:
        with httpx.Client(base_url=url, timeout=10) as client:
            history.replay(client, auth.issue, typer.echo)


@app.command()
def status(
    mongo_url: Annotated[str, typer.Option(envvar="MONGO_URL")] = "mongodb://127.0.0.1:27017/?replicaSet=rs0",
    management_url: Annotated[str, typer.Option(envvar="RABBITMQ_MANAGEMENT_URL")] = "http://127.0.0.1:15672",
    user: Annotated[str, typer.Option(envvar="RABBITMQ_USER")] = "guest",
    password: Annotated[str, typer.Option(envvar="RABBITMQ_PASSWORD")] = "guest",
) -> None:
    """Queue depths and consumers, outbox backlog and record counts of every service."""
    inspect.status(mongo_url, management_url, user, password)


app.add_typer(calendar.app, name="calendar")


def _local_admin() -> str:
    return _authenticator().issue(Principal(sub="cli-admin", role="admin", subdistrict=demo.SUBDISTRICT["id"]))


@calendar.app.command("load")
def calendar_load(
    notice: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="the notice's text, UTF-8")],
    year: Annotated[int | None, typer.Option(help="default: the year the notice names")] = None,
    url: calendar.Url = "http://127.0.0.1:8080", token: calendar.Token = None,
) -> None:
    """Load a year's holidays and adjusted working days from the State Council's notice."""
    calendar.load(notice, year, url, token or _local_admin(), typer.echo)


@calendar.app.command("show")
def calendar_show(year: Annotated[int | None, typer.Option(help="default: this year")] = None,
                  url: calendar.Url = "http://127.0.0.1:8080", token: calendar.Token = None) -> None:
    """What the platform knows of a year, and whether next year is missing."""
    calendar.show(year, url, token or _local_admin(), typer.echo)


dlq_app = typer.Typer(help="dead-letter queues: what died in each service's queue, and why; replay it",
                      no_args_is_help=True)
app.add_typer(dlq_app, name="dlq")
AmqpUrl = Annotated[str, typer.Option(envvar="AMQP_URL")]
Queue = Annotated[str, typer.Argument(help="a service (notification) or a queue (xiuhua.notification.dlq)")]


@dlq_app.command("list")
def dlq_list(
    management_url: Annotated[str, typer.Option(envvar="RABBITMQ_MANAGEMENT_URL")] = "http://127.0.0.1:15672",
    user: Annotated[str, typer.Option(envvar="RABBITMQ_USER")] = "guest",
    password: Annotated[str, typer.Option(envvar="RABBITMQ_PASSWORD")] = "guest",
) -> None:
    """Every service's dead-letter queue and how many messages it holds."""
    try:
        rows = dlq.dead_letter_queues(management_url, user, password)
    except (httpx.HTTPError, ValueError) as exc:
        typer.echo(f"xiuhua dlq: the management API at {management_url} does not answer: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{'dead-letter queue':<40} {'messages':>8}")
    for name, messages, _ in rows:
        typer.echo(f"{name:<40} {messages:>8}")


@dlq_app.command("show")
def dlq_show(queue: Queue, amqp_url: AmqpUrl = "amqp://guest:guest@127.0.0.1:5672/",
             limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
             full: Annotated[bool, typer.Option("--full", help="headers and body too")] = False) -> None:
    """The first messages of a dead-letter queue (left in place): event, where and why it died."""
    shown = _broker(dlq.peek(amqp_url, queue, limit=limit), queue)
    typer.echo(f"{dlq.dlq_name(queue)}: {len(shown)} shown")
    for dead in shown:
        typer.echo(dlq.describe(dead, full=full))


@dlq_app.command("replay")
def dlq_replay(queue: Queue, amqp_url: AmqpUrl = "amqp://guest:guest@127.0.0.1:5672/",
               ids: Annotated[list[str] | None, typer.Option("--id", help="an event id (repeatable)")] = None,
               replay_all: Annotated[bool, typer.Option("--all", help="every message in it")] = False,
               limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100_000) -> None:
    """Send dead-lettered messages back to the queue they died in (after fixing the cause)."""
    if not ids and not replay_all:
        raise typer.BadParameter("name the events with --id, or replay them all with --all")
    done = _broker(dlq.replay(amqp_url, queue, ids=set(ids) if ids else None, limit=limit), queue)
    for dead in done:
        typer.echo(f"replayed {dead.event_id} ({dead.event_type}) to {dead.queue}")
    typer.echo(f"{len(done)} replayed from {dlq.dlq_name(queue)}")


def _broker(work, queue: str):
    try:
        return asyncio.run(work)
    except (OSError, aio_pika.exceptions.AMQPError) as exc:
        typer.echo(f"xiuhua dlq: {dlq.dlq_name(queue)}: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from None


def _put(client: httpx.Client, path: str, body: dict) -> None:
    response = client.put(path, json=body)
    if response.status_code >= 400:
        typer.echo(f"PUT {path} failed: {response.status_code} {response.text}", err=True)
        raise typer.Exit(1)


def main() -> None:
    app()
