"""`flask contracts …`: checks on the agreements' texts."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from contracts.chain import verify_chain
from db import database


@click.group("contracts", help="Check the agreements' text versions.")
def contracts_cli() -> None:
    pass


@contracts_cli.command(
    "verify",
    help="Re-compute the hash chain of every agreement's versions and report any break "
    "(a text or wage table altered after it was saved, a version missing or re-linked). "
    "Exits with status 1 when it finds one.",
)
@with_appcontext
def verify() -> None:
    with Session(database().engine) as session:
        checked, breaks = verify_chain(session)
    for item in breaks:
        click.echo(f"agreement {item.agreement_id}, version {item.number}: {item.problem}")
    if breaks:
        click.echo(f"{len(breaks)} break(s) in {checked} versions.")
        raise SystemExit(1)
    click.echo(f"All {checked} versions verified: the chain is intact.")
