"""The scheduler process (`flask reminders run`): a clock, not a store. A few periodic jobs select
what is due and deliver it; reminders are rows (reminders.delivery), so nothing is lost to a
misfire: a job that could not run while the process was down runs once on restart and catches up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from sqlmodel import Session

from db import local_today, utcnow
from reminders import deadlines, delivery
from reminders.messages import compose

log = logging.getLogger("reminders")
CHINA = ZoneInfo("Asia/Shanghai")


def mailer_for(app: Flask) -> delivery.Mailer:
    return delivery.Mailer(dict(app.config), Path(app.instance_path) / "outbox")


def tick(app: Flask, now: Callable[[], datetime] = utcnow) -> tuple[int, int, int]:
    """Record today's reminders and send what is pending: (recorded, sent, failed)."""
    engine = app.extensions["database"].engine
    with app.app_context():
        with Session(engine) as session, session.begin():
            planned = delivery.plan(session, local_today())
        sent = failed = 0
        while True:  # in batches, each in its own transaction
            with Session(engine) as session, session.begin():
                batch = delivery.send_pending(session, now(), mailer_for(app), compose)
            sent, failed = sent + batch.sent, failed + batch.failed
            if batch.sent + batch.failed == 0 or batch.sent == 0:
                break
    if planned.deliveries or sent or failed:
        log.info("reminders: %s recorded, %s sent, %s failed", planned.deliveries, sent, failed)
    return planned.deliveries, sent, failed


def rebuild(app: Flask) -> deadlines.RebuildReport:
    engine = app.extensions["database"].engine
    with app.app_context(), Session(engine) as session, session.begin():
        report = deadlines.rebuild(session)
    log.info(
        "deadlines: %s added, %s changed, %s removed", report.added, report.changed, report.removed
    )
    return report


def run(app: Flask, interval_seconds: int = 60) -> None:
    """Run until stopped: deliver every `interval_seconds`, rebuild the deadlines at 00:05 China
    Standard Time. Both run once at start, catching up whatever came due while stopped."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    scheduler = BlockingScheduler(timezone=CHINA)
    # coalesce: runs missed while busy or stopped become one; no grace limit: never dropped.
    defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
    started = datetime.now(CHINA)
    scheduler.add_job(
        rebuild, CronTrigger(hour=0, minute=5, timezone=CHINA), args=[app],
        next_run_time=started, id="rebuild", **defaults,
    )  # fmt: skip
    scheduler.add_job(
        tick, IntervalTrigger(seconds=interval_seconds, timezone=CHINA), args=[app],
        next_run_time=started, id="deliver", **defaults,
    )  # fmt: skip
    log.info("reminders: delivering every %s s; deadlines rebuilt daily at 00:05", interval_seconds)
    scheduler.start()
