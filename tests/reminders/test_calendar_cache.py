"""The holiday calendar kept per process: a page sees every change to the stored calendar, made
by an import here or by another process (which cannot clear this process's copy)."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col

from reminders.calendar_store import save_years
from reminders.clock import load_calendar
from reminders.holidays import Day, DayKind
from reminders.models import HolidayDay, HolidayYear

D = date.fromisoformat


def test_an_import_is_seen_by_the_next_page(session):
    before = load_calendar(session)
    assert before.is_working_day(D("2031-01-06"))  # a Monday, and 2031 is unknown
    save_years(session, [Day(D("2031-01-06"), DayKind.HOLIDAY, "元旦")], [2031], "test")
    after = load_calendar(session)
    assert not after.is_working_day(D("2031-01-06"))
    assert 2031 in after.known_years


def test_rows_written_elsewhere_are_seen_without_clearing_the_copy(session):
    """Another process's import stamps its years anew; this process's copy is not cleared."""
    load_calendar(session)
    session.add(HolidayYear(year=2032, source="other process"))
    session.add(HolidayDay(day=D("2032-01-05"), kind="holiday", name="元旦"))
    session.flush()
    calendar = load_calendar(session)
    assert not calendar.is_working_day(D("2032-01-05"))
    assert 2032 in calendar.known_years


def test_a_reimported_year_with_as_many_days_is_seen(session):
    """The same number of days, moved: the year's new loaded_at tells the copy is old."""
    save_years(session, [Day(D("2033-01-03"), DayKind.HOLIDAY, "元旦")], [2033], "test")
    assert not load_calendar(session).is_working_day(D("2033-01-03"))
    session.execute(delete(HolidayDay).where(col(HolidayDay.day) == D("2033-01-03")))
    session.add(HolidayDay(day=D("2033-01-04"), kind="holiday", name="元旦"))
    year = session.get(HolidayYear, 2033)
    year.loaded_at = datetime.now(UTC) + timedelta(seconds=1)
    session.flush()
    calendar = load_calendar(session)
    assert calendar.is_working_day(D("2033-01-03"))
    assert not calendar.is_working_day(D("2033-01-04"))
