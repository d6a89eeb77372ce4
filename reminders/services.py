"""Reminders' use cases: reading a person's deadlines and inbox, their channels, and what
administrators change (a profile's period, the holiday calendar, e-mails to send again)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, CursorResult, update
from sqlmodel import Session, col, select

from accounts.models import User
from concurrency import Record, claim_edit, version_of
from db import utcnow
from errors import DomainError
from organizations.permissions import Viewer
from reminders import deadlines
from reminders.calendar_store import save_years
from reminders.clock import Periods
from reminders.delivery import retry_failed
from reminders.holidays import DayKind, RowError, read_holiday_file
from reminders.labels import UNIT_LABELS
from reminders.models import (
    Channel,
    Deadline,
    DeadlineStatus,
    Delivery,
    DeliveryStatus,
    HolidayDay,
    HolidayYear,
    PeriodSetting,
    ReminderPreference,
)
from reminders.permissions import of_organization, visible_deadlines_clause
from reminders.profiles import PeriodKind, Profile, Unit, validate_period
from reminders.regulations import PROFILES
from spreadsheets.writing import csv_bytes

LIST_LIMIT = 200


@dataclass(frozen=True)
class MyDeadlines:
    overdue: list[Deadline]
    upcoming: list[Deadline]
    done: list[Deadline]


def my_deadlines(session: Session, viewer: Viewer, today: date) -> MyDeadlines:
    """The deadlines of the viewer's organisation (an administrator: everyone's; see
    reminders.permissions), overdue first, then the next ones to come, then the last ones done."""

    def listed(*where: ColumnElement[bool], newest_first: bool = False) -> list[Deadline]:
        stmt = select(Deadline).where(visible_deadlines_clause(viewer), *where)
        due_on, deadline_id = col(Deadline.due_on), col(Deadline.id)
        order = (due_on.desc(), deadline_id.desc()) if newest_first else (due_on, deadline_id)
        return list(session.exec(stmt.order_by(*order).limit(LIST_LIMIT)))

    is_open = col(Deadline.status) == DeadlineStatus.OPEN
    return MyDeadlines(
        overdue=listed(is_open, col(Deadline.due_on) < today),
        upcoming=listed(is_open, col(Deadline.due_on) >= today),
        done=listed(col(Deadline.status) == DeadlineStatus.DONE, newest_first=True)[:50],
    )


def inbox(session: Session, user: User) -> list[tuple[Delivery, Deadline]]:
    stmt = (
        select(Delivery, Deadline)
        .join(Deadline, col(Deadline.id) == Delivery.deadline_id)
        .where(
            Delivery.user_id == user.id,
            Delivery.channel == Channel.INBOX,
            Delivery.status == DeliveryStatus.SENT,
        )
        .order_by(col(Delivery.sent_at).desc(), col(Delivery.id).desc())
        .limit(LIST_LIMIT)
    )
    return list(session.exec(stmt))


def mark_read(session: Session, delivery_id: int | None, *, actor: User) -> int:
    """Mark one of the actor's reminders read, or all of them (None); others' stay untouched."""
    stmt = update(Delivery).where(
        col(Delivery.user_id) == actor.id,
        col(Delivery.channel) == Channel.INBOX,
        col(Delivery.read_at).is_(None),
    )
    if delivery_id is not None:
        stmt = stmt.where(col(Delivery.id) == delivery_id)
    # An UPDATE's result is a CursorResult (with rowcount); Session.execute types it as Result.
    result = cast("CursorResult[Any]", session.execute(stmt.values(read_at=utcnow())))
    return int(result.rowcount or 0)


def preference_of(session: Session, user: User) -> ReminderPreference | None:
    return session.get(ReminderPreference, user.id)


def save_preferences(
    session: Session, *, email: bool, new_token: bool, actor: User
) -> ReminderPreference:
    """The actor's channels; a calendar address is made on the first save, and a new one (the
    old one stops working) when asked."""
    preference = session.get(ReminderPreference, actor.id) or ReminderPreference(
        user_id=actor.id or 0  # an acting account is always saved
    )
    preference.email = email
    if new_token or not preference.calendar_token:
        preference.calendar_token = secrets.token_urlsafe(32)
    session.add(preference)
    session.flush()
    return preference


def feed_owner(session: Session, token: str) -> User | None:
    """The active account whose secret calendar address this is; None for any other token."""
    if not 20 <= len(token) <= 64:
        return None
    preference = session.exec(
        select(ReminderPreference).where(ReminderPreference.calendar_token == token)
    ).first()
    if preference is None:
        return None
    user = session.get(User, preference.user_id)
    return user if user is not None and user.active else None


def feed_deadlines(session: Session, user: User, since: date) -> list[Deadline]:
    stmt = (
        select(Deadline)
        .where(of_organization(user.organization_id), col(Deadline.due_on) >= since)
        .order_by(col(Deadline.due_on))
        .limit(2000)
    )
    return list(session.exec(stmt))


# --- administrators ------------------------------------------------------------------------------


def profile_named(code: str) -> Profile | None:
    return next((p for p in PROFILES if p.code == code), None)


PERIOD_PROBLEMS = {
    "not_positive": _l("A period is at least one day: zero or a negative length is not a period."),
    "too_long": _l("At most 366 days, 250 working days or 24 months: longer is not a statute."),
    "not_a_number": _l("Enter a whole number."),
    "unknown_unit": _l("Choose days, working days or months."),
}


def _stored_period(session: Session, profile: Profile, kind: PeriodKind) -> dict[str, Any]:
    current = Periods.load(session).period(profile, kind)
    return {"period": (current.length, current.unit.value), "article": current.article}


def _period_text(value: Any) -> str:
    if isinstance(value, tuple):
        return f"{value[0]} {UNIT_LABELS.get(value[1], value[1])}"
    return str(value)


def period_version(session: Session, profile: Profile, kind: PeriodKind) -> str:
    """The version of a profile's period that its form is based on."""
    record = Record("period", f"{profile.code}:{kind.value}")
    return version_of(session, record, _stored_period(session, profile, kind))


def save_period(
    session: Session,
    profile: Profile,
    kind: PeriodKind,
    *,
    length: int,
    unit: str,
    article: str,
    actor: User,
    based_on: str | None = None,
) -> deadlines.RebuildReport:
    """An administrator's setting of one period of a profile; every deadline is recomputed. A
    form based on a period someone else has saved since is refused with both (StaleEdit)."""
    problem = validate_period(length, unit)
    if problem is not None:
        field = "unit" if problem == "unknown_unit" else "length"
        raise DomainError(PERIOD_PROBLEMS[problem], field=field, rule="R26")
    claim_edit(
        session,
        Record("period", f"{profile.code}:{kind.value}"),
        based_on,
        stored=lambda: _stored_period(session, profile, kind),
        theirs={"period": (length, Unit(unit).value), "article": article.strip()[:200]},
        labels={"period": _l("Length"), "article": _l("Source (regulation and article)")},
        actor_id=actor.id,
        show=_period_text,
    )
    setting = session.exec(
        select(PeriodSetting).where(
            PeriodSetting.profile_code == profile.code, PeriodSetting.kind == kind.value
        )
    ).first() or PeriodSetting(profile_code=profile.code, kind=kind.value, length=1, unit="days")
    setting.length, setting.unit = length, Unit(unit).value
    setting.article = article.strip()[:200]
    setting.updated_by_id, setting.updated_at = actor.id, utcnow()
    session.add(setting)
    session.flush()
    return deadlines.rebuild(session)


def reset_period(session: Session, profile: Profile, kind: PeriodKind) -> deadlines.RebuildReport:
    """Back to the period the profile's regulation sets."""
    setting = session.exec(
        select(PeriodSetting).where(
            PeriodSetting.profile_code == profile.code, PeriodSetting.kind == kind.value
        )
    ).first()
    if setting is not None:
        session.delete(setting)
        session.flush()
    return deadlines.rebuild(session)


@dataclass(frozen=True)
class HolidayYearRow:
    year: int
    source: str
    holidays: int
    workdays: int


def holiday_years(session: Session) -> list[HolidayYearRow]:
    counts: dict[tuple[int, str], int] = {}
    for day, kind in session.execute(select(col(HolidayDay.day), HolidayDay.kind)):
        counts[(day.year, kind)] = counts.get((day.year, kind), 0) + 1
    years = session.exec(select(HolidayYear).order_by(col(HolidayYear.year).desc()))
    return [
        HolidayYearRow(
            y.year,
            y.source,
            counts.get((y.year, DayKind.HOLIDAY.value), 0),
            counts.get((y.year, DayKind.WORKDAY.value), 0),
        )
        for y in years
    ]


class HolidayFileRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def import_holidays(
    session: Session, data: bytes, filename: str, *, source: str
) -> tuple[list[int], deadlines.RebuildReport]:
    """Whole years from a .csv or .xlsx file: all of it or nothing; every deadline recomputed."""
    days, errors = read_holiday_file(data, filename)
    if errors:
        raise HolidayFileRejected(errors)
    years = sorted({d.day.year for d in days})
    save_years(session, days, years, source)
    return years, deadlines.rebuild(session)


KIND_WORDS = {DayKind.HOLIDAY.value: "放假", DayKind.WORKDAY.value: "调休上班"}


def holiday_csv(session: Session, year: int) -> bytes | None:
    """A year of the calendar in the layout the import reads (UTF-8 with BOM, for Excel); a
    name a spreadsheet would take for a formula is written as text (spreadsheets.writing)."""
    if session.get(HolidayYear, year) is None:
        return None
    days = session.exec(
        select(HolidayDay)
        .where(col(HolidayDay.day) >= date(year, 1, 1), col(HolidayDay.day) <= date(year, 12, 31))
        .order_by(col(HolidayDay.day))
    )
    return csv_bytes(
        [("日期", "类型", "名称"), *((day.day, KIND_WORDS[day.kind], day.name) for day in days)]
    )


def undelivered(session: Session) -> list[tuple[Delivery, Deadline, User]]:
    """E-mails that failed for good, or are waiting to be tried again."""
    stmt = (
        select(Delivery, Deadline, User)
        .join(Deadline, col(Deadline.id) == Delivery.deadline_id)
        .join(User, col(User.id) == Delivery.user_id)
        .where(
            Delivery.channel == Channel.EMAIL,
            (Delivery.status == DeliveryStatus.FAILED)
            | ((Delivery.attempts > 0) & (Delivery.status == DeliveryStatus.PENDING)),
        )
        .order_by(col(Delivery.next_attempt_at).desc())
        .limit(300)
    )
    return list(session.exec(stmt))


def retry(session: Session, delivery_ids: Sequence[int], now: datetime | None = None) -> int:
    return retry_failed(session, delivery_ids, now or utcnow())
