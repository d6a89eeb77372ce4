"""`flask organizations …`: maintenance of the organisation records."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from db import database, refresh_planner_statistics
from organizations.search import rebuild_name_index


@click.group("organizations", help="Maintain the organisation records.")
def organizations_cli() -> None:
    pass


@organizations_cli.command(
    "reindex", help="Rebuild the name search index (after loading organisations in bulk)."
)
@with_appcontext
def reindex() -> None:
    engine = database().engine
    with engine.begin() as conn:
        count = rebuild_name_index(conn)
    refresh_planner_statistics(engine)
    click.echo(f"Indexed the names of {count} organisations.")
