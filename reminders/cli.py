"""`flask reminders …`: the scheduler process, rebuilding deadlines, and the holiday calendar."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session

from db import database
from reminders import deadlines, scheduler
from reminders.calendar_store import load_chinese_calendar
from reminders.delivery import writing


@click.group("reminders", help="Deadlines and their reminders.")
def reminders_cli() -> None:
    pass


@reminders_cli.command(
    "run",
    help="The scheduler process: deliver due reminders every INTERVAL seconds and rebuild the "
    "deadlines daily. Run exactly one per database beside the web workers (two are safe, each "
    "reminder still goes once).",
)
@click.option("--interval", default=60, show_default=True, type=click.IntRange(5, 3600))
@with_appcontext
def run(interval: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # its per-run lines drown ours
    scheduler.run(current_app._get_current_object(), interval)  # type: ignore[attr-defined]


@reminders_cli.command("tick", help="Record and send the reminders due now, once, and exit.")
@with_appcontext
def tick() -> None:
    done = scheduler.tick(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(
        f"{done.recorded} reminders recorded, {done.sent} e-mails sent, {done.failed} failed."
    )


@reminders_cli.command(
    "rebuild", help="Recompute every deadline from the domain state and report what changed."
)
@click.option("--quiet", is_flag=True, help="Only the counts, not each change.")
@with_appcontext
def rebuild(quiet: bool) -> None:
    with Session(database().engine) as session, writing(session):
        report = deadlines.rebuild(session)
    if not quiet:
        for change in report.changes:
            before = change.before.isoformat() if change.before else "—"
            after = change.after.isoformat() if change.after else "—"
            click.echo(f"{change.what:8} {change.key}: {before} → {after}")
        shown = len(report.changes)
        if shown < report.added + report.changed + report.removed:
            click.echo(f"… the first {shown} changes shown.")
    click.echo(
        f"{report.added} added, {report.changed} changed, {report.removed} removed, "
        f"{report.unchanged} unchanged."
    )
    if report.missing_years:
        years = ", ".join(map(str, sorted(report.missing_years)))
        click.echo(f"Holiday calendar missing for {years}: those dates count weekends only.")


@reminders_cli.command(
    "holidays",
    help="Load the statutory holidays and make-up working days the chinesecalendar "
    "package knows (2004–2026); later years are imported by an administrator.",
)
@with_appcontext
def holidays() -> None:
    with Session(database().engine) as session, session.begin():
        years = load_chinese_calendar(session)
    click.echo(f"Holiday calendar loaded for {len(years)} years ({min(years)}–{max(years)}).")
