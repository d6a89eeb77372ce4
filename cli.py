"""`flask db …` (Alembic migrations) and `flask seed-demo`."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import with_appcontext

from db import alembic_config, database, refresh_planner_statistics, session_scope


def _alembic() -> AlembicConfig:
    return alembic_config(current_app.config["DATABASE_URL"])


@click.group("db", help="Database migrations (Alembic).")
def db_cli() -> None:
    pass


@db_cli.command(
    "upgrade",
    help="Bring the database to REVISION (default: the newest), then refresh SQLite's planner "
    "statistics.",
)
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    command.upgrade(_alembic(), revision)
    refresh_planner_statistics(database().engine)


@db_cli.command("downgrade", help="Step the database back to REVISION (e.g. -1 or base).")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    command.downgrade(_alembic(), revision)


@db_cli.command("revision", help="Write a new migration, by default compared with the models.")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option("--empty", is_flag=True, help="Write an empty migration instead of autogenerating.")
@with_appcontext
def revision(message: str, empty: bool) -> None:
    command.revision(_alembic(), message=message, autogenerate=not empty)


@db_cli.command("check", help="Fail if the models and the migrations disagree.")
@with_appcontext
def check() -> None:
    command.check(_alembic())


@db_cli.command("current", help="Show the database's revision.")
@with_appcontext
def current() -> None:
    command.current(_alembic(), verbose=True)


@db_cli.command("history", help="List the migrations.")
@with_appcontext
def history() -> None:
    command.history(_alembic())


@click.command("seed-demo", help="Create the demo world (idempotent) and print its logins.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has organisations.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    from demo import database_is_empty, print_logins, seed_demo

    engine = database().engine
    with session_scope(engine) as session:
        if if_empty and not database_is_empty(session):
            click.echo("The database holds data already; the demo was not seeded.")
            print_logins(session, echo=click.echo)
            return
        report = seed_demo(session)
    click.echo(f"Demo world: {report.created} records created, {report.existing} already there.")
    with session_scope(engine) as session:
        print_logins(session, echo=click.echo)
