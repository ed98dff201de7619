"""`xiuhua calendar`: the working calendar time limits count on. Each autumn the State Council
publishes next year's holidays (国务院办公厅关于某年部分节假日安排的通知); the subdistrict's admin loads
its text so that working-hours limits skip the holidays and count the adjusted working days."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import httpx
import typer

app = typer.Typer(help="the working calendar (holidays and adjusted working days)", no_args_is_help=True)
Token = Annotated[str | None, typer.Option(envvar="XIUHUA_TOKEN", help="an admin's access token; default: "
                                           "signed with the local stack's secret")]
Url = Annotated[str, typer.Option(help="gateway URL")]


def _client(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url.rstrip("/"), headers={"Authorization": f"Bearer {token}"}, timeout=10)


def _summary(year: dict) -> str:
    days = f"{len(year['holidays'])} days off, {len(year['workdays'])} adjusted working days"
    return f"{year['year']}: {days} ({year['source'] or 'not known'})"


def load(notice: Path, year: int | None, url: str, token: str, echo: Callable[..., None]) -> None:
    text = notice.read_text(encoding="utf-8")
    if year is None:
        found = re.search(r"(\d{4})年(?:部分)?节假日", text)
        if not found:
            echo("the notice names no year; give --year", err=True)
            raise typer.Exit(2)
        year = int(found.group(1))
    with _client(url, token) as http:
        r = http.put(f"/assignment/v1/calendar/{year}", json={"notice": text})
    if r.status_code != 200:
        error = r.json().get("error", {}) if r.headers.get("content-type", "").startswith("application/json") else {}
        echo(f"not loaded: {r.status_code} {error.get('message') or r.text}", err=True)
        for detail in error.get("details", []):
            echo(f"  {detail.get('problem', detail)}", err=True)
        raise typer.Exit(1)
    body = r.json()
    echo(f"loaded {_summary(body)}")
    for day in body["workdays"]:
        echo(f"  worked: {day['date']} ({day['name']})")
    for warning in body["warnings"]:
        echo(f"warning: {warning}", err=True)


def show(year: int | None, url: str, token: str, echo: Callable[..., None]) -> None:
    with _client(url, token) as http:
        r = http.get("/assignment/v1/calendar", params={"year": year} if year else {})
    r.raise_for_status()
    body = r.json()
    echo(_summary(body))
    for warning in body["warnings"]:
        echo(f"warning: {warning}", err=True)
