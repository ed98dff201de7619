"""`xiuhua reporting …`: operating reporting's views."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from pymongo import AsyncMongoClient

from xiuhua_reporting.adapters.mongo import ARCHIVE
from xiuhua_reporting.archive import rebuild as rebuilding
from xiuhua_reporting.archive.views import VIEWS

app = typer.Typer(help="reporting: its archive and views", no_args_is_help=True)


@app.command()
def rebuild(
    view: Annotated[list[str] | None, typer.Option(
        help=f"a view to rebuild (again for several): {', '.join(VIEWS)}; default all")] = None,
    mongo_url: Annotated[str, typer.Option(envvar="MONGO_URL")] = "mongodb://127.0.0.1:27017/?replicaSet=rs0",
    database: Annotated[str, typer.Option(envvar="REPORTING_MONGO_DB", help="reporting's database")]
    = "xiuhua_reporting",
    batch: Annotated[int, typer.Option(min=10, max=100_000, help="events read and rows written at a time")] = 2000,
    force: Annotated[bool, typer.Option(help="rebuild even if issues of the views are missing from the archive")]
    = False,
) -> None:
    """Replay reporting's archive from scratch into fresh views, then swap them in (same figures)."""
    unknown = [v for v in view or () if v not in VIEWS]
    if unknown:
        raise typer.BadParameter(f"unknown view {', '.join(unknown)}; views: {', '.join(VIEWS)}")
    done = asyncio.run(_rebuild(mongo_url, database, view or [], batch, force))
    typer.echo(f"rebuilt {', '.join(done.views)}: {done.events} events of {done.issues} issues "
               f"in {done.seconds:.1f} s ({done.per_second:,.0f} events/s)")
    if done.unread:
        typer.echo(f"xiuhua reporting rebuild: {done.unread} archived events no longer fit their readers and were "
                   "left out", err=True)


async def _rebuild(mongo_url: str, database: str, views: list[str], batch: int,
                   force: bool) -> rebuilding.Rebuilt:
    client = AsyncMongoClient(mongo_url, tz_aware=True, serverSelectionTimeoutMS=5000, appname="xiuhua-cli")
    try:
        db = client[database]
        if not force and (lost := await rebuilding.unarchived(db)):
            typer.echo(f"xiuhua reporting rebuild: {lost} issues of the views have no event in the archive "
                       "(folded before it began); a rebuild would lose them. --force to rebuild anyway.", err=True)
            raise typer.Exit(1)
        total = await db[ARCHIVE].estimated_document_count()
        with typer.progressbar(length=total, label="replaying the archive", file=None) as bar:
            return await rebuilding.rebuild(db, views=views, batch=batch, progress=bar.update)
    finally:
        await client.close()
