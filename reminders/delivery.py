"""Delivering reminders: which are due (the current step of an open deadline, for each person of
each organisation reminded, on each channel they chose), recorded once under a unique key, then
sent — the inbox by being recorded, e-mail over SMTP (or into an outbox folder when none is
configured), failed sends retried with back-off.

Exactly once where it can be: a reminder is a row keyed by (deadline, person, channel, step),
inserted with ON CONFLICT DO NOTHING, so two schedulers, a restart or catching up after downtime
never record one twice. An e-mail is claimed before it is sent (a short transaction marks it
'sending' until a lease runs out; PostgreSQL skips rows another scheduler is claiming, SQLite
serialises the claims), so two schedulers never send the same one. Only a process that dies
between handing a message to the SMTP server and recording it can send it again, once the lease
has run out: a duplicate is better than a missed legal deadline."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from accounts.models import User
from db import is_sqlite, table_of, utcnow
from reminders import rules
from reminders.models import (
    Channel,
    Deadline,
    DeadlineParty,
    DeadlineStatus,
    Delivery,
    DeliveryStatus,
    ReminderPreference,
)
from single_line import one_line

MAX_ATTEMPTS = 8
BACKOFF = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)  # seconds after each failure
_BATCH = 5000


def backoff_after(attempts: int) -> timedelta:
    """The pause before the next try after `attempts` failed ones: 1 min, 5 min, 15 min, 1 h …"""
    return timedelta(seconds=BACKOFF[min(attempts - 1, len(BACKOFF) - 1)])


@contextmanager
def writing(session: Session) -> Iterator[None]:
    """A transaction that writes, committed at the end. On SQLite it takes the write lock at
    BEGIN: a deferred transaction that has read cannot start writing once another process has
    written (WAL), and this is what serialises two schedulers there."""
    with session.begin():
        if is_sqlite(session.get_bind()):
            session.connection(execution_options={"sqlite_immediate": True})
        yield


# --- recording what is due -----------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    deadlines: int
    deliveries: int  # rows newly recorded (an existing key is not recorded again)


def plan(session: Session, today: date, now: datetime | None = None) -> Planned:
    """Record the reminders whose step has come by `today`, for every open deadline, however long
    ago the step came due (a stopped scheduler catches up), and move each deadline on to its
    next step. The caller commits."""
    now = now or utcnow()
    due = session.execute(
        select(col(Deadline.id), col(Deadline.due_on))
        .where(col(Deadline.next_reminder_on) <= today, col(Deadline.status) == DeadlineStatus.OPEN)
        .order_by(col(Deadline.id))
    ).all()
    if not due:
        return Planned(0, 0)
    recorded = 0
    for start in range(0, len(due), _BATCH):
        recorded += _plan_batch(session, due[start : start + _BATCH], today, now)
    return Planned(len(due), recorded)


def _plan_batch(session: Session, due: Sequence[Any], today: date, now: datetime) -> int:
    steps = {deadline_id: rules.current_step(due_on, today) for deadline_id, due_on in due}
    # Two plain lookups, joined here: the parties of these deadlines (by their key), then the
    # people of those organisations (by theirs). As one join, SQLite's planner may walk every
    # person and probe each deadline for them (seconds, with thousands of people).
    parties = session.execute(
        select(col(DeadlineParty.deadline_id), col(DeadlineParty.organization_id)).where(
            col(DeadlineParty.deadline_id).in_(list(steps))
        )
    ).all()
    staff: dict[int, list[tuple[int, str | None, bool | None]]] = {}
    org_ids = list({org_id for _deadline_id, org_id in parties})
    for start in range(0, len(org_ids), _BATCH):
        for user_id, org_id, address, wants_email in session.execute(
            select(
                col(User.id),
                col(User.organization_id),
                col(User.email),
                col(ReminderPreference.email),
            )
            .outerjoin(ReminderPreference, col(ReminderPreference.user_id) == User.id)
            .where(
                col(User.organization_id).in_(org_ids[start : start + _BATCH]),
                col(User.active).is_(True),
            )
        ):
            staff.setdefault(org_id, []).append((user_id, address, wants_email))
    people = [
        (deadline_id, *person)
        for deadline_id, org_id in parties
        for person in staff.get(org_id, ())
    ]
    rows: list[dict[str, Any]] = []
    for deadline_id, user_id, address, wants_email in people:
        step = steps[deadline_id]
        if step is None:
            continue
        rows.append(_row(deadline_id, user_id, Channel.INBOX, step, now))
        if address and wants_email is not False:
            rows.append(_row(deadline_id, user_id, Channel.EMAIL, step, now))
    recorded = sum(_insert_new(session, rows[i : i + _BATCH]) for i in range(0, len(rows), _BATCH))
    moves = [
        {
            "b_id": deadline_id,
            "b_next": rules.first_reminder_on(due_on)
            if (step := steps[deadline_id]) is None
            else rules.next_reminder_on(due_on, step),
        }
        for deadline_id, due_on in due
    ]
    table = table_of(Deadline)
    session.connection().execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(next_reminder_on=bindparam("b_next")),
        moves,
    )
    return recorded


def _row(deadline_id: int, user_id: int, channel: Channel, step: int, now: datetime) -> dict:
    """A reminder to record: the inbox is delivered by being recorded; e-mail waits to be sent."""
    inbox = channel is Channel.INBOX
    return {
        "deadline_id": deadline_id,
        "user_id": user_id,
        "channel": channel,
        "step": step,
        "status": DeliveryStatus.SENT if inbox else DeliveryStatus.PENDING,
        "sent_at": now if inbox else None,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> int:
    """INSERT … ON CONFLICT DO NOTHING on the delivery key: the number of rows inserted."""
    if not rows:
        return 0
    table = table_of(Delivery)
    make = sqlite_insert if is_sqlite(session.get_bind()) else pg_insert
    statement = (
        make(table)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["deadline_id", "user_id", "channel", "step"])
        .returning(table.c.id)
    )
    # RETURNING gives the rows inserted; rowcount is not reliable for this on every driver.
    return len(session.execute(statement).all())


# --- e-mail --------------------------------------------------------------------------------------


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
        # The subject carries user text (a negotiation's name): on one line, it can add no header
        # (and the e-mail policy would refuse a line break rather than send the mail).
        message["Subject"] = one_line(mail.subject)
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(domain="reminders.local")
        message.set_content(mail.body)
        return message

    def send(self, mail: Mail) -> None:
        message = self.message(mail)
        if not self.host:
            self.outbox.mkdir(parents=True, exist_ok=True)
            name = f"{utcnow():%Y%m%dT%H%M%S%f}-{make_msgid().strip('<>').split('@')[0]}.eml"
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


def claim(session: Session, now: datetime, *, limit: int, lease: timedelta) -> list[int]:
    """Take up to `limit` e-mails whose time has come (pending, or claimed by a scheduler whose
    lease ran out) and mark them 'sending' until now + lease. Its own short transaction: on
    SQLite it takes the write lock at BEGIN, so claims are serialised; on PostgreSQL rows that
    another scheduler is claiming are skipped."""
    with writing(session):
        ready = (
            select(col(Delivery.id))
            .where(
                col(Delivery.channel) == Channel.EMAIL,
                or_(
                    and_(
                        col(Delivery.status) == DeliveryStatus.PENDING,
                        col(Delivery.next_attempt_at) <= now,
                    ),
                    and_(
                        col(Delivery.status) == DeliveryStatus.SENDING,
                        col(Delivery.claimed_until) < now,
                    ),
                ),
            )
            .order_by(col(Delivery.next_attempt_at), col(Delivery.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        # (an id read back from the table is never None, whatever its attribute's type says)
        ids = [delivery_id for delivery_id in session.scalars(ready) if delivery_id is not None]
        if ids:
            session.execute(
                update(Delivery)
                .where(col(Delivery.id).in_(ids))
                .values(status=DeliveryStatus.SENDING, claimed_until=now + lease)
            )
    return ids


def send_claimed(
    session: Session,
    ids: Sequence[int],
    mailer: Mailer,
    compose: Compose,
    clock: Callable[[], datetime],
) -> Sent:
    """Send the claimed e-mails one by one, recording each outcome in a transaction of its own
    (a failure is retried with back-off; after MAX_ATTEMPTS it waits for an administrator)."""
    sent = failed = 0
    for delivery_id in ids:
        with session.begin():
            delivery = session.get(Delivery, delivery_id)
            if delivery is None or delivery.status is not DeliveryStatus.SENDING:
                continue
            deadline = session.get(Deadline, delivery.deadline_id)
            user = session.get(User, delivery.user_id)
            mail = compose(deadline, delivery.step, user) if deadline and user else None
        try:
            if mail is None or not mail.to:
                raise ValueError("no e-mail address")
            mailer.send(mail)
        except (OSError, smtplib.SMTPException, ValueError) as error:
            _record_failure(session, delivery_id, f"{type(error).__name__}: {error}", clock())
            failed += 1
        else:
            _record_sent(session, delivery_id, clock())
            sent += 1
    return Sent(sent, failed)


def _record_sent(session: Session, delivery_id: int, now: datetime) -> None:
    with writing(session):
        session.execute(
            update(Delivery)
            .where(col(Delivery.id) == delivery_id)
            .values(
                status=DeliveryStatus.SENT,
                sent_at=now,
                attempts=Delivery.attempts + 1,
                claimed_until=None,
                last_error=None,
            )
        )


def _record_failure(session: Session, delivery_id: int, error: str, now: datetime) -> None:
    with writing(session):
        delivery = session.get(Delivery, delivery_id)
        if delivery is None:
            return
        delivery.attempts += 1
        delivery.last_error = error[:1000]
        delivery.claimed_until = None
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = now + backoff_after(delivery.attempts)
        session.add(delivery)


# --- reading -------------------------------------------------------------------------------------


def unread_subquery() -> Any:
    """The unread inbox reminders of the user in the enclosing query (the navigation's badge,
    fetched with the user: accounts.auth.register_user_extra)."""
    return (
        select(func.count())
        .where(
            col(Delivery.user_id) == User.id,
            col(Delivery.channel) == Channel.INBOX,
            col(Delivery.status) == DeliveryStatus.SENT,
            col(Delivery.read_at).is_(None),
        )
        .correlate(User)
        .scalar_subquery()
    )


def unread_count(session: Session, user_id: int) -> int:
    stmt = select(func.count()).where(
        col(Delivery.user_id) == user_id,
        col(Delivery.channel) == Channel.INBOX,
        col(Delivery.status) == DeliveryStatus.SENT,
        col(Delivery.read_at).is_(None),
    )
    return int(session.execute(stmt).scalar_one())


def retry_failed(session: Session, delivery_ids: Sequence[int], now: datetime) -> int:
    """An administrator sends e-mails that failed (or are still being retried) again, now."""
    rows = session.scalars(
        select(Delivery).where(
            col(Delivery.id).in_(delivery_ids),
            col(Delivery.channel) == Channel.EMAIL,
            col(Delivery.status).in_((DeliveryStatus.FAILED, DeliveryStatus.PENDING)),
        )
    ).all()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at = DeliveryStatus.PENDING, 0, now
        session.add(row)
    session.flush()
    return len(rows)
