"""Deadlines and their reminders: the periods of the jurisdiction profiles as set by
administrators, the holiday calendar, deadlines computed from the domain state, and each
reminder delivered (inbox, e-mail), once per deadline, recipient, channel and step."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from db import UTCDateTime, enum_column, utcnow


class PeriodSetting(SQLModel, table=True):
    """An administrator's setting of one period of a jurisdiction profile; where there is none,
    the profile's period as read from its regulation (reminders.profiles) applies."""

    __tablename__ = "period_setting"
    __table_args__ = (
        UniqueConstraint("profile_code", "kind"),
        CheckConstraint("length > 0", name="length_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_code: str = Field(sa_column=Column(String(20), nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    length: int = Field(sa_column=Column(Integer, nullable=False))
    unit: str = Field(sa_column=Column(String(20), nullable=False))
    article: str = Field(default="", sa_column=Column(String(200), nullable=False))
    updated_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class HolidayDay(SQLModel, table=True):
    """A statutory holiday (a rest day) or a make-up working day (调休上班日)."""

    __tablename__ = "holiday_day"

    day: date = Field(sa_column=Column(Date, primary_key=True))
    kind: str = Field(sa_column=Column(String(10), nullable=False))  # holiday | workday
    name: str = Field(default="", sa_column=Column(String(50), nullable=False))


class HolidayYear(SQLModel, table=True):
    """A year the calendar knows (its holidays and make-up days are all recorded)."""

    __tablename__ = "holiday_year"

    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    source: str = Field(default="", sa_column=Column(String(200), nullable=False))
    loaded_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class DeadlineStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class Deadline(SQLModel, table=True):
    """A legal deadline computed from the domain state (a source registered by a package): what
    starts the clock, the period of the area's profile, and the last day.

    The words shown are not stored: `subject` and `detail` are the user's own text (a
    negotiation's title, a person's name) and the kind's label is translated when shown, so each
    reader sees the deadline in their own language."""

    __tablename__ = "deadline"
    __table_args__ = (UniqueConstraint("source", "subject_key", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(sa_column=Column(String(40), nullable=False))
    subject_key: str = Field(sa_column=Column(String(60), nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    # The record whose page lists the deadline, e.g. "negotiation:12".
    scope: str = Field(sa_column=Column(String(60), nullable=False, index=True))
    subject: str = Field(sa_column=Column(String(300), nullable=False))
    detail: str = Field(default="", sa_column=Column(String(200), nullable=False))
    url: str = Field(default="", sa_column=Column(String(200), nullable=False))
    starts_on: date = Field(sa_column=Column(Date, nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False, index=True))
    status: DeadlineStatus = Field(
        default=DeadlineStatus.OPEN, sa_column=enum_column(DeadlineStatus)
    )
    rule: str = Field(default="", sa_column=Column(String(10), nullable=False))
    article: str = Field(default="", sa_column=Column(String(200), nullable=False))
    profile_code: str = Field(default="national", sa_column=Column(String(20), nullable=False))
    missing_years: str = Field(default="", sa_column=Column(String(50), nullable=False))
    # The organisations reminded, ",12,40,": the deadline_party rows are what pages and the
    # scheduler look up by; this copy lets a rebuild see a change without reading all of those.
    parties: str = Field(default=",", sa_column=Column(Text, nullable=False))
    # The day the next reminder step comes due (7, 3, 1 days before, the day, the day after);
    # None once the overdue reminder is out or the deadline is done. The scheduler selects on it,
    # so a step that came due while it was stopped is found after any downtime.
    next_reminder_on: date | None = Field(default=None, sa_column=Column(Date, index=True))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class DeadlineParty(SQLModel, table=True):
    """An organisation whose people are reminded of a deadline (both sides of a negotiation …)."""

    __tablename__ = "deadline_party"

    deadline_id: int = Field(
        sa_column=Column(Integer, ForeignKey("deadline.id", ondelete="CASCADE"), primary_key=True)
    )
    organization_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("organization.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        )
    )


class Channel(StrEnum):
    INBOX = "inbox"
    EMAIL = "email"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a scheduler until claimed_until
    SENT = "sent"
    FAILED = "failed"  # retried with back-off until MAX_ATTEMPTS, then left for an admin


class Delivery(SQLModel, table=True):
    """One reminder of a deadline to one person on one channel at one step (days before the due
    date; −1 is overdue). The unique key makes delivering idempotent: two schedulers, a restart
    or catching up after downtime never record it twice."""

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("deadline_id", "user_id", "channel", "step"),
        Index("ix_delivery_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    deadline_id: int = Field(
        sa_column=Column(Integer, ForeignKey("deadline.id", ondelete="CASCADE"), nullable=False)
    )
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    channel: Channel = Field(sa_column=enum_column(Channel))
    step: int = Field(sa_column=Column(Integer, nullable=False))
    status: DeliveryStatus = Field(
        default=DeliveryStatus.PENDING, sa_column=enum_column(DeliveryStatus)
    )
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    next_attempt_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    read_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class ReminderPreference(SQLModel, table=True):
    """A person's channels: the inbox always; e-mail if chosen (and an address is on the
    account); the calendar feed through a secret token."""

    __tablename__ = "reminder_preference"

    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    )
    email: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    calendar_token: str | None = Field(default=None, sa_column=Column(String(64), unique=True))
