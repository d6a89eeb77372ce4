"""User text in an e-mail reminder adds no header: a negotiation's name stored with a line break
(bypassing the form, as an old row or an import would) is sent once, with one Subject and no
Bcc, to its one recipient, and is not parked."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from reminders import scheduler
from reminders.models import Channel, Delivery, DeliveryStatus
from single_line import one_line
from tests.reminders import world
from tests.reminders.test_sending import DUE, VACATED, Clock, at


@dataclasses.dataclass
class Envelopes(world.Mailbox):
    """What the SMTP server received, and for whom (the envelope's recipients)."""

    recipients: list[list[str]] = dataclasses.field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.recipients.append(list(envelope.rcpt_tos))
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def envelopes() -> Iterator[tuple[Envelopes, int]]:
    mailbox, port = Envelopes(), world.free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.mark.parametrize("injected", ["\r\nBcc: x@evil.example", "\nBcc: x@evil.example\r\n\r\n"])
def test_a_line_break_in_a_title_adds_no_header(make_app, envelopes, monkeypatch, injected):
    mailbox, port = envelopes
    app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    people = world.add_people(app, orgs=1, per_org=1)
    event = world.vacancy(1, VACATED, people.org_ids)
    world.feed(app, [event._replace(subject=f"测试协商{injected}第1号")], monkeypatch)

    done = scheduler.tick(app, Clock(at(DUE - timedelta(days=3))))

    assert (done.sent, done.failed) == (1, 0)
    [message] = mailbox.messages
    assert mailbox.recipients == [[people.addresses[0]]]
    assert len(message.get_all("Subject")) == 1
    assert message.get_all("Bcc") is None
    subject = str(message["Subject"])
    assert "\r" not in subject and "\n" not in subject
    assert subject.endswith("：" + one_line(f"测试协商{injected}第1号"))  # the words all there
    with Session(app.extensions["database"].engine) as session:
        [mail] = session.exec(select(Delivery).where(Delivery.channel == Channel.EMAIL)).all()
    assert (mail.status, mail.attempts, mail.last_error) == (DeliveryStatus.SENT, 1, None)
