"""The demo's calendar and deadlines: the holidays chinesecalendar knows, and every deadline the
demo negotiations and agreements start, computed."""

from __future__ import annotations

from sqlmodel import Session

from organizations.demo import SeedReport
from reminders.calendar_store import load_chinese_calendar
from reminders.deadlines import rebuild


def seed_reminders(session: Session, report: SeedReport) -> None:
    load_chinese_calendar(session)
    result = rebuild(session)
    report.tally(result.added > 0)
