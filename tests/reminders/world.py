"""A committed world for the scheduler's tests: a migrated database of its own (the scheduler
opens its own connections, so the rolled-back test session is no use), a real SMTP server on
127.0.0.1 (aiosmtpd) and a silent one that never answers, and a deadline source to feed it."""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from alembic import command
from flask import Flask
from sqlalchemy import text
from sqlmodel import Session

from accounts.models import Role, User
from app import create_app
from db import alembic_config, make_engine, session_scope
from organizations.demo import seed_reference
from organizations.models import Organization, OrgKind
from reminders import deadlines
from reminders.deadlines import Event
from reminders.profiles import PeriodKind
from tests.conftest import id_of

SOURCE = "test.vacancy"
_serial = itertools.count(1)


def migrate(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with session_scope(engine) as session:
        seed_reference(session, _Quiet())
    engine.dispose()


class _Quiet:
    def tally(self, _created: bool) -> None:
        pass


def scheduler_app(url: str, **config: Any) -> Flask:
    return create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test", "MAIL_TIMEOUT": 2} | config
    )


def empty_reminders(app: Flask) -> None:
    with app.extensions["database"].engine.begin() as conn:
        for table in ("delivery", "deadline_party", "deadline", "reminder_preference", '"user"'):
            conn.execute(text(f"DELETE FROM {table}"))


@dataclass
class People:
    """Organisations with people who have e-mail addresses."""

    org_ids: list[int]
    addresses: list[str]


def add_people(app: Flask, orgs: int, per_org: int) -> People:
    engine = app.extensions["database"].engine
    org_ids: list[int] = []
    addresses: list[str] = []
    with session_scope(engine) as session:
        for _ in range(orgs):
            n = next(_serial)
            org = Organization(
                kind=OrgKind.FEDERATION, name=f"测试{n}区餐饮行业工会联合会", region_code="440105"
            )
            session.add(org)
            session.flush()
            org_ids.append(id_of(org))
            for i in range(per_org):
                address = f"person{n}-{i}@example.cn"
                session.add(
                    User(
                        username=f"world{n}-{i}",
                        display_name=f"人员{n}-{i}",
                        email=address,
                        password_hash="x",
                        role=Role.FEDERATION_STAFF,
                        organization_id=id_of(org),
                    )
                )
                addresses.append(address)
    return People(org_ids, addresses)


def vacancy(n: int, vacated: date, org_ids: list[int]) -> Event:
    """A vacant seat (R1): 15 days from the day after, to refill it."""
    return Event(
        source=SOURCE,
        subject_key=f"representative:{n}",
        kind=PeriodKind.VACANCY_REFILL,
        scope=f"negotiation:{n}",
        subject=f"测试协商第{n}号",
        starts_on=vacated,
        region_code="440105",
        rule="R1",
        org_ids=tuple(org_ids),
        url=f"/negotiations/{n}",
    )


def feed(
    app: Flask, events: list[Event], monkeypatch: Any
) -> Callable[[Session, str | None], list[Event]]:
    """Register `events` as a deadline source for the test (the scheduler's rebuild keeps them)
    and build their rows now."""

    def source(_session: Session, _scope: str | None) -> list[Event]:
        return events

    monkeypatch.setitem(deadlines.SOURCES, SOURCE, source)
    engine = app.extensions["database"].engine
    with session_scope(engine) as session:
        deadlines.rebuild(session, {SOURCE: source})
    return source


# --- SMTP ----------------------------------------------------------------------------------------


@dataclass
class Mailbox:
    """What a real SMTP server received; `reply` answers DATA (a 550 refuses), `delay` slows it."""

    messages: list[EmailMessage] = field(default_factory=list)
    reply: str = "250 Message accepted for delivery"
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if not self.reply.startswith("250"):
            return self.reply
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return self.reply

    def wait_for(self, count: int, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < end:
            time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word: an SMTP server that has hung."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in accepted:
            conn.close()
        listener.close()
