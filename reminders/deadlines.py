"""Deadlines as rows computed from the domain state: packages register the events that start a
legal clock (a request received, a representative leaving …); reminders works out each last day
from the area's jurisdiction profile and the holiday calendar, and `rebuild` keeps the rows in
step. reminders imports no higher package: they register with it (ARCHITECTURE.md layers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from db import utcnow
from reminders import periods
from reminders.holidays import Calendar, Day, DayKind
from reminders.models import Deadline, DeadlineStatus, HolidayDay, HolidayYear, PeriodSetting
from reminders.profiles import PROFILES, Period, PeriodKind, Profile, Unit, profile_for_region


@dataclass(frozen=True)
class Event:
    """What starts a legal clock, as a package reports it."""

    source: str  # e.g. "bargaining.answer"
    subject_key: str  # e.g. "negotiation:12"
    kind: PeriodKind
    title: str
    starts_on: date
    region_code: str
    rule: str  # the DOMAIN.md rule, e.g. "R4"
    org_ids: tuple[int, ...]  # whose people are reminded
    url: str = ""
    done: bool = False


Source = Callable[[Session], Iterable[Event]]
SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """A package's deadline source (app.py wires them: reminders imports no higher package)."""
    SOURCES[name] = source


# --- the calendar and the periods ----------------------------------------------------------------


def load_calendar(session: Session) -> Calendar:
    days = [
        Day(row.day, DayKind(row.kind), row.name) for row in session.scalars(select(HolidayDay))
    ]
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


def compute(
    event: Event, calendar: Calendar, settings: Periods, profiles: Iterable[Profile] = PROFILES
) -> Computed:
    profile = profile_for_region(event.region_code, tuple(profiles))
    period = settings.period(profile, event.kind)
    due = last_day(event.starts_on, period, calendar)
    return Computed(
        due, period.article, profile.code, tuple(calendar.missing_years(event.starts_on, due))
    )


class Clock:
    """Deadlines for a page: the calendar and the periods loaded once, any number of dates."""

    def __init__(self, session: Session) -> None:
        self.calendar = load_calendar(session)
        self.settings = Periods.load(session)

    def due(self, region_code: str, kind: PeriodKind, event: date) -> Computed:
        probe = Event("", "", kind, "", event, region_code, "", ())
        return compute(probe, self.calendar, self.settings)

    def period(self, region_code: str, kind: PeriodKind) -> Period:
        return self.settings.period(profile_for_region(region_code, PROFILES), kind)


UNIT_WORDS = {Unit.DAYS: "日", Unit.WORKING_DAYS: "个工作日", Unit.MONTHS: "个月"}  # in letters


# --- rebuilding the rows -------------------------------------------------------------------------


@dataclass
class RebuildReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    missing_years: set[int] = field(default_factory=set)


def rebuild(session: Session, sources: dict[str, Source] | None = None) -> RebuildReport:
    """Recompute every deadline from the domain state and bring the rows in step: new ones added,
    changed ones updated (their reminders stay), ones no source reports any more removed."""
    calendar, settings = load_calendar(session), Periods.load(session)
    report = RebuildReport()
    wanted: dict[tuple[str, str, str], dict[str, object]] = {}
    for source in (sources if sources is not None else SOURCES).values():
        for event in source(session):
            computed = compute(event, calendar, settings)
            report.missing_years.update(computed.missing_years)
            wanted[(event.source, event.subject_key, event.kind.value)] = {
                "source": event.source,
                "subject_key": event.subject_key,
                "kind": event.kind.value,
                "title": event.title[:300],
                "url": event.url,
                "starts_on": event.starts_on,
                "due_on": computed.due_on,
                "status": DeadlineStatus.DONE if event.done else DeadlineStatus.OPEN,
                "rule": event.rule,
                "article": computed.article[:200],
                "profile_code": computed.profile_code,
                "missing_years": ",".join(map(str, computed.missing_years)),
                "org_ids": "," + ",".join(map(str, sorted(set(event.org_ids)))) + ",",
            }
    table = Deadline.__table__  # type: ignore[attr-defined]
    compared = [c.name for c in table.c if c.name not in ("id", "updated_at")]
    existing = {
        (row.source, row.subject_key, row.kind): row
        for row in session.execute(select(*[table.c[name] for name in ["id", *compared]]))
    }
    now = utcnow()
    inserts, updates = [], []
    for key, values in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            inserts.append(values | {"updated_at": now})
        elif any(getattr(row, name) != values[name] for name in compared):
            updates.append(values | {"b_id": row.id, "updated_at": now})
        else:
            report.unchanged += 1
    for start in range(0, len(inserts), 5000):
        session.execute(insert(table), inserts[start : start + 5000])
    if updates:
        from sqlalchemy import bindparam

        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({name: bindparam(name) for name in [*compared, "updated_at"]})
        )
        for start in range(0, len(updates), 5000):
            session.connection().execute(statement, updates[start : start + 5000])
    gone = [row.id for row in existing.values()]
    for start in range(0, len(gone), 5000):
        session.execute(delete(table).where(table.c.id.in_(gone[start : start + 5000])))
    report.added, report.changed, report.removed = len(inserts), len(updates), len(gone)
    session.flush()
    return report
