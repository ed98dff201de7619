"""`xiuhua status`: what is in the queues and the databases, for an operator at 2 a.m."""

from __future__ import annotations

from collections.abc import Iterable

import httpx
import typer
from pymongo import MongoClient

SERVICES = ("intake", "assignment", "notification", "reporting")


def queues(management_url: str, user: str, password: str) -> list[str]:
    try:
        rows = httpx.get(f"{management_url}/api/queues", auth=(user, password), timeout=5).json()
    except (httpx.HTTPError, ValueError) as exc:
        return [f"  (management API not reachable at {management_url}: {exc})"]
    lines = [f"  {'queue':<34} {'ready':>7} {'unacked':>8} {'consumers':>10}"]
    for row in sorted(rows, key=lambda r: r["name"]):
        if row["name"].startswith("xiuhua."):
            lines.append(f"  {row['name']:<34} {row.get('messages_ready', 0):>7} "
                         f"{row.get('messages_unacknowledged', 0):>8} {row.get('consumers', 0):>10}")
    return lines


def databases(mongo_url: str, names: Iterable[str] = tuple(f"xiuhua_{s}" for s in SERVICES)) -> list[str]:
    lines: list[str] = []
    with MongoClient(mongo_url, serverSelectionTimeoutMS=3000) as client:
        for name in names:
            db = client[name]
            # Exact counts, not estimated_document_count(): the collection metadata it reads is wrong
            # after an unclean stop and counts writes of transactions not (yet) committed.
            counts = {c: db[c].count_documents({}) for c in sorted(db.list_collection_names())}
            pending = db["outbox"].count_documents({"published_at": None}) if "outbox" in counts else 0
            shown = ", ".join(f"{c} {n}" for c, n in counts.items() if c not in ("outbox", "inbox"))
            inbox = counts.get("inbox", 0)
            lines.append(f"  {name:<20} outbox pending {pending:<4} inbox {inbox:<6} {shown}")
    return lines


def status(mongo_url: str, management_url: str, user: str, password: str) -> None:
    typer.echo("Queues (RabbitMQ):")
    typer.echo("\n".join(queues(management_url, user, password)))
    typer.echo("Databases (MongoDB):")
    typer.echo("\n".join(databases(mongo_url)))
