"""The holiday calendar as stored: loading what the chinesecalendar package knows, and an
administrator's import of later years (all of a file or nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete
from sqlmodel import Session, col, select

from reminders.clock import forget_calendars
from reminders.holidays import Day, chinese_calendar_days, chinese_calendar_years
from reminders.models import HolidayDay, HolidayYear

PACKAGE_SOURCE = "chinesecalendar（国务院办公厅关于部分节假日安排的通知）"


def load_chinese_calendar(session: Session, years: Sequence[int] | None = None) -> list[int]:
    """Every year the package knows that the calendar does not have yet."""
    years = list(years if years is not None else chinese_calendar_years())
    known = set(session.scalars(select(HolidayYear.year)))
    missing = [year for year in years if year not in known]
    if missing:
        save_years(session, chinese_calendar_days(missing), missing, PACKAGE_SOURCE)
    return list(years)


def save_years(session: Session, days: Sequence[Day], years: Sequence[int], source: str) -> None:
    """Replace the calendar of these years with `days` (an import is whole years)."""
    for year in years:
        session.execute(
            delete(HolidayDay).where(
                col(HolidayDay.day) >= date(year, 1, 1),
                col(HolidayDay.day) <= date(year, 12, 31),
            )
        )
        session.merge(HolidayYear(year=year, source=source[:200]))
    session.add_all(HolidayDay(day=d.day, kind=d.kind.value, name=d.name[:50]) for d in days)
    session.flush()
    forget_calendars()  # this process's pages see the new years at once (others by its version)
