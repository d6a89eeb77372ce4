"""The clock of a legal period (R26): the holiday calendar and the profiles' periods (with
administrators' settings) as stored, and the last day of a period in an area from a given day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from reminders import periods
from reminders.holidays import Calendar, Day, DayKind
from reminders.models import HolidayDay, HolidayYear, PeriodSetting
from reminders.profiles import Period, PeriodKind, Profile, Unit, profile_for_region
from reminders.regulations import PROFILES


def _calendar_version() -> Select[Any]:
    """What changes whenever the stored calendar does: an import (save_years) replaces whole
    years and stamps each one's loaded_at; the days' count, first, last and make-up days catch
    rows written by hand too. One aggregate row, far cheaper than the calendar itself."""
    day, year = col(HolidayDay.day), col(HolidayYear.year)
    figures = (
        select(func.count(day)),
        select(func.min(day)),
        select(func.max(day)),
        select(func.count(day)).where(col(HolidayDay.kind) == DayKind.WORKDAY.value),
        select(func.count(year)),
        select(func.sum(year)),
        select(func.max(col(HolidayYear.loaded_at))),
    )
    return select(*(figure.scalar_subquery() for figure in figures))


CALENDAR_VERSION = _calendar_version()
# The calendar of each database, as of its version: every negotiation page counts periods with
# it, and building it from its rows took a sixth of the page. One entry per database; a page
# whose version differs (an import here or in another process) loads it again.
_calendars: dict[str, tuple[tuple[Any, ...], Calendar]] = {}


def load_calendar(session: Session) -> Calendar:
    """The holiday calendar as stored, built once per process for each version of it."""
    version = tuple(session.execute(CALENDAR_VERSION).one())
    database = str(session.get_bind().engine.url)
    cached = _calendars.get(database)
    if cached is not None and cached[0] == version:
        return cached[1]
    calendar = _read_calendar(session)
    _calendars[database] = (version, calendar)
    return calendar


def forget_calendars() -> None:
    """Drop the cached calendars (an import saved new years)."""
    _calendars.clear()


def _read_calendar(session: Session) -> Calendar:
    # Plain columns, not ORM objects: 700 rows for 23 years.
    kinds = {kind.value: kind for kind in DayKind}
    rows = session.execute(select(col(HolidayDay.day), HolidayDay.kind, HolidayDay.name))
    days = [Day(day, kinds[kind], name) for day, kind, name in rows]
    years = set(session.scalars(select(HolidayYear.year)))
    return Calendar(days, years)


@dataclass
class Periods:
    """The periods in force: each profile's, with administrators' settings over them."""

    settings: dict[tuple[str, str], PeriodSetting] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Periods:
        rows = session.scalars(select(PeriodSetting))
        return cls({(row.profile_code, row.kind): row for row in rows})

    def period(self, profile: Profile, kind: PeriodKind) -> Period:
        setting = self.settings.get((profile.code, kind.value))
        base = profile.periods[kind]
        if setting is None:
            return base
        return Period(
            kind,
            setting.length,
            Unit(setting.unit),
            setting.article or base.article,
            base.quote if setting.length == base.length else "",
            inherited=False,
        )


def last_day(event: date, period: Period, calendar: Calendar) -> date:
    """R26: the last day of `period` counted from the day after `event`."""
    working = calendar.is_working_day
    if period.unit is Unit.MONTHS:
        return periods.months_after(event, period.length, working)
    if period.unit is Unit.WORKING_DAYS:
        day, left = event, period.length
        while left:
            day += timedelta(days=1)
            if working(day):
                left -= 1
        return day
    return periods.days_after(event, period.length, working)


@dataclass(frozen=True)
class Computed:
    due_on: date
    article: str
    profile_code: str
    missing_years: tuple[int, ...]


class Computer:
    """The last day of clocks: the profile of each region, and the last day of each (profile,
    kind, start), worked out once (500,000 deadlines share a few thousand of each)."""

    def __init__(self, calendar: Calendar, settings: Periods) -> None:
        self.calendar, self.settings = calendar, settings
        self._profiles: dict[str, Profile] = {}
        self._computed: dict[tuple[str, PeriodKind, date], Computed] = {}

    def __call__(self, region_code: str, kind: PeriodKind, starts_on: date) -> Computed:
        profile = self._profiles.get(region_code)
        if profile is None:
            profile = self._profiles[region_code] = profile_for_region(region_code, PROFILES)
        key = (profile.code, kind, starts_on)
        found = self._computed.get(key)
        if found is None:
            period = self.settings.period(profile, kind)
            due = last_day(starts_on, period, self.calendar)
            missing = tuple(self.calendar.missing_years(starts_on, due))
            found = self._computed[key] = Computed(due, period.article, profile.code, missing)
        return found


class Clock:
    """Deadlines for a page: the calendar and the periods loaded once, any number of dates."""

    def __init__(self, session: Session) -> None:
        self.calendar = load_calendar(session)
        self.settings = Periods.load(session)
        self._computer = Computer(self.calendar, self.settings)

    def due(self, region_code: str, kind: PeriodKind, event: date) -> Computed:
        return self._computer(region_code, kind, event)

    def period(self, region_code: str, kind: PeriodKind) -> Period:
        return self.settings.period(profile_for_region(region_code, PROFILES), kind)


UNIT_WORDS = {Unit.DAYS: "日", Unit.WORKING_DAYS: "个工作日", Unit.MONTHS: "个月"}  # in letters
