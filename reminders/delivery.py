"""Delivering reminders: which are due (a step of an open deadline for each of its people and
channels), recorded once under a unique key, then sent — the inbox at once, e-mail over SMTP
(or into an outbox folder when none is configured), failed sends retried with back-off.

Idempotent by construction: a reminder is a row keyed by (deadline, person, channel, step),
inserted with ON CONFLICT DO NOTHING, and a sender claims pending rows with FOR UPDATE SKIP
LOCKED (PostgreSQL; SQLite serialises writers), so two schedulers, a restart or catching up
after downtime never send one twice and never skip one."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from accounts.models import User
from db import utcnow
from reminders.models import (
    Channel,
    Deadline,
    DeadlineStatus,
    Delivery,
    DeliveryStatus,
    ReminderPreference,
)

# Days before the due date a reminder goes out; −1 is the day after: overdue.
STEPS = (7, 3, 1, 0, -1)
MAX_ATTEMPTS = 8
BACKOFF = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)  # seconds after each failure


def current_step(due_on: date, today: date) -> int | None:
    """The step a deadline is at today: the smallest step whose day has come (7 days before,
    then 3, 1, the day itself, then overdue); None before the first. After downtime only the
    current step goes out: a week-old "7 days left" is no reminder."""
    days_left = (due_on - today).days
    reached = [step for step in STEPS if days_left <= step]
    return min(reached) if reached else None


@dataclass(frozen=True)
class Planned:
    deadlines: int
    deliveries: int  # rows newly recorded (an existing key is not recorded again)


def plan(session: Session, today: date) -> Planned:
    """Record the reminders due today for every open deadline in its window (from 7 days before
    to the day after its due date)."""
    window = select(Deadline.id, Deadline.due_on, Deadline.org_ids).where(
        Deadline.status == DeadlineStatus.OPEN,
        Deadline.due_on <= today + timedelta(days=max(STEPS)),
        Deadline.due_on >= today - timedelta(days=1),
    )
    deadlines = session.execute(window).all()
    if not deadlines:
        return Planned(0, 0)
    org_ids = {int(o) for _id, _due, orgs in deadlines for o in orgs.strip(",").split(",") if o}
    people = session.execute(
        select(User.id, User.organization_id, User.email, ReminderPreference.email)
        .outerjoin(ReminderPreference, ReminderPreference.user_id == User.id)
        .where(User.organization_id.in_(org_ids), User.active.is_(True))  # type: ignore[attr-defined]
    ).all()
    by_org: dict[int, list[tuple[int, bool]]] = {}
    for user_id, org_id, address, wants_email in people:
        by_org.setdefault(org_id, []).append((user_id, bool(address) and wants_email is not False))
    rows = []
    now = utcnow()
    for deadline_id, due_on, orgs in deadlines:
        step = current_step(due_on, today)
        if step is None:
            continue
        for org in (int(o) for o in orgs.strip(",").split(",") if o):
            for user_id, email in by_org.get(org, []):
                channels = (Channel.INBOX, Channel.EMAIL) if email else (Channel.INBOX,)
                rows += [
                    {
                        "deadline_id": deadline_id,
                        "user_id": user_id,
                        "channel": channel,
                        "step": step,
                        "status": DeliveryStatus.PENDING,
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                    for channel in channels
                ]
    recorded = 0
    for start in range(0, len(rows), 5000):
        recorded += _insert_new(session, rows[start : start + 5000])
    return Planned(len(deadlines), recorded)


def _insert_new(session: Session, rows: list[dict[str, object]]) -> int:
    """INSERT … ON CONFLICT DO NOTHING on the delivery key: the number of rows inserted."""
    table = Delivery.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        make(table)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["deadline_id", "user_id", "channel", "step"])
    )
    result = session.execute(statement)
    return int(result.rowcount or 0)


# --- sending -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer:
    """E-mail over SMTP with the MAIL_* settings; with no MAIL_HOST, each message is written as an
    .eml file into the outbox folder (never dropped)."""

    def __init__(self, config: dict[str, object], outbox: Path) -> None:
        self.host = str(config.get("MAIL_HOST") or "")
        self.port = int(str(config.get("MAIL_PORT") or 25))
        self.security = str(config.get("MAIL_SECURITY") or "none")  # none | starttls | tls
        self.username = str(config.get("MAIL_USERNAME") or "")
        self.password = str(config.get("MAIL_PASSWORD") or "")
        self.sender = str(config.get("MAIL_FROM") or "reminders@localhost")
        self.timeout = float(str(config.get("MAIL_TIMEOUT") or 10))
        self.outbox = outbox

    def message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(domain="reminders.local")
        message.set_content(mail.body)
        return message

    def send(self, mail: Mail) -> None:
        message = self.message(mail)
        if not self.host:
            self.outbox.mkdir(parents=True, exist_ok=True)
            name = f"{utcnow():%Y%m%dT%H%M%S%f}-{abs(hash(message['Message-ID']))}.eml"
            (self.outbox / name).write_bytes(bytes(message))
            return
        context = ssl.create_default_context()
        if self.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


Compose = Callable[[Deadline, int, User], Mail]


@dataclass(frozen=True)
class Sent:
    sent: int
    failed: int


def send_pending(
    session: Session,
    now: datetime,
    mailer: Mailer,
    compose: Compose,
    *,
    limit: int = 500,
    channels: Sequence[Channel] = (Channel.INBOX, Channel.EMAIL),
) -> Sent:
    """Claim up to `limit` pending reminders whose time has come and deliver them; the caller
    commits. Inbox reminders are delivered by being marked sent."""
    claim = (
        select(Delivery)
        .where(
            Delivery.status == DeliveryStatus.PENDING,
            Delivery.next_attempt_at <= now,
            Delivery.channel.in_(channels),  # type: ignore[attr-defined]
        )
        .order_by(Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    deliveries = list(session.scalars(claim))
    sent = failed = 0
    if not deliveries:
        return Sent(0, 0)
    deadlines = {
        d.id: d
        for d in session.scalars(
            select(Deadline).where(Deadline.id.in_({x.deadline_id for x in deliveries}))  # type: ignore[union-attr]
        )
    }
    users = {
        u.id: u
        for u in session.scalars(select(User).where(User.id.in_({x.user_id for x in deliveries})))  # type: ignore[union-attr]
    }
    for delivery in deliveries:
        if delivery.channel is Channel.INBOX:
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
            sent += 1
            continue
        user, deadline = users.get(delivery.user_id), deadlines.get(delivery.deadline_id)
        try:
            if user is None or deadline is None or not user.email:
                raise ValueError("no e-mail address")
            mailer.send(compose(deadline, delivery.step, user))
        except (OSError, smtplib.SMTPException, ValueError) as error:
            delivery.attempts += 1
            delivery.last_error = f"{type(error).__name__}: {error}"[:1000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                wait = BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
                delivery.next_attempt_at = now + timedelta(seconds=wait)
            failed += 1
        else:
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
            delivery.attempts += 1
            sent += 1
        session.add(delivery)
    session.flush()
    return Sent(sent, failed)


def unread_count(session: Session, user_id: int) -> int:
    stmt = select(func.count()).where(
        Delivery.user_id == user_id,
        Delivery.channel == Channel.INBOX,
        Delivery.status == DeliveryStatus.SENT,
        Delivery.read_at.is_(None),  # type: ignore[union-attr]
    )
    return int(session.execute(stmt).scalar_one())


def due_filter(today: date) -> object:
    """Open deadlines due today (for the bench and the 'due today' list)."""
    return and_(Deadline.status == DeadlineStatus.OPEN, Deadline.due_on == today)


def retry_failed(session: Session, delivery_ids: Sequence[int], now: datetime) -> int:
    """An administrator sends failed reminders again."""
    rows = session.scalars(
        select(Delivery).where(
            Delivery.id.in_(delivery_ids),  # type: ignore[union-attr]
            or_(
                Delivery.status == DeliveryStatus.FAILED, Delivery.status == DeliveryStatus.PENDING
            ),
        )
    ).all()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at = DeliveryStatus.PENDING, 0, now
        session.add(row)
    session.flush()
    return len(rows)
