"""The scheduler process (`flask reminders run`): a clock, not a store. A few periodic jobs select
what is due and deliver it; reminders are rows (reminders.delivery), so nothing is lost to a
misfire: a job that could not run while the process was down runs once on restart and catches up.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask
from sqlmodel import Session

import form_tokens
from db import CHINA, utcnow
from reminders import deadlines, delivery
from reminders.messages import compose

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

log = logging.getLogger("reminders")
EMAIL_BATCH = 50


def mailer_for(app: Flask) -> delivery.Mailer:
    outbox = app.config.get("MAIL_OUTBOX") or Path(app.instance_path) / "outbox"
    return delivery.Mailer(dict(app.config), Path(outbox))


@dataclass(frozen=True)
class Tick:
    recorded: int
    sent: int
    failed: int


def tick(app: Flask, clock: Callable[[], datetime] = utcnow) -> Tick:
    """Record the reminders due by today (China Standard Time) and send the e-mails waiting."""
    engine = app.extensions["database"].engine
    mailer = mailer_for(app)
    write = functools.partial(compose, base_url=str(app.config.get("PUBLIC_URL", "")))
    # A claim outlives the slowest batch: every message timing out, twice over.
    lease = timedelta(seconds=max(300.0, 2 * EMAIL_BATCH * mailer.timeout))
    with app.app_context(), Session(engine) as session:
        now = clock()
        with delivery.writing(session):
            planned = delivery.plan(session, now.astimezone(CHINA).date(), now)
        sent = failed = 0
        while True:
            ids = delivery.claim(session, clock(), limit=EMAIL_BATCH, lease=lease)
            if not ids:
                break
            batch = delivery.send_claimed(session, ids, mailer, write, clock)
            sent, failed = sent + batch.sent, failed + batch.failed
    if planned.deliveries or sent or failed:
        log.info("reminders: %s recorded, %s sent, %s failed", planned.deliveries, sent, failed)
    return Tick(planned.deliveries, sent, failed)


def rebuild(app: Flask) -> deadlines.RebuildReport:
    engine = app.extensions["database"].engine
    with app.app_context(), Session(engine) as session, delivery.writing(session):
        report = deadlines.rebuild(session)
        form_tokens.prune(session, now=utcnow())
    log.info(
        "deadlines: %s added, %s changed, %s removed", report.added, report.changed, report.removed
    )
    return report


def build(
    app: Flask,
    scheduler: BaseScheduler,
    interval_seconds: int = 60,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Add the two jobs to an APScheduler scheduler: deliver every `interval_seconds`, rebuild the
    deadlines daily at 00:05 China Standard Time. Both run at once on start, catching up whatever
    came due while the process was stopped; runs missed while busy are coalesced into one, and no
    run is dropped for being late (no misfire grace limit)."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
    started = datetime.now(CHINA)
    scheduler.add_job(
        rebuild, CronTrigger(hour=0, minute=5, timezone=CHINA), args=[app],
        next_run_time=started, id="rebuild", **defaults,
    )  # fmt: skip
    scheduler.add_job(
        tick, IntervalTrigger(seconds=interval_seconds, timezone=CHINA), args=[app, clock],
        next_run_time=started, id="deliver", **defaults,
    )  # fmt: skip


def run(app: Flask, interval_seconds: int = 60) -> None:
    """Run until stopped (Ctrl-C or SIGTERM)."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone=CHINA)
    build(app, scheduler, interval_seconds)
    log.info("reminders: delivering every %s s; deadlines rebuilt daily at 00:05", interval_seconds)
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
