"""E-mail reminders against real parts: an SMTP server on 127.0.0.1 receiving them, one that
refuses and one that never answers (retried with back-off, recorded, nothing lost), the outbox
folder when no server is configured, and the scheduler process: two of them on one database
send each reminder once, and one stopped across a due time delivers after its restart."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import Session, col, select

from db import CHINA
from reminders import delivery, scheduler
from reminders.models import Channel, Delivery, DeliveryStatus
from tests.reminders import world

# Vacant on Monday 2 March 2026: 15 days to refill, the last day Tuesday 17 March.
VACATED = date(2026, 3, 2)
DUE = date(2026, 3, 17)


def at(day: date, hour: int = 9) -> datetime:
    """A time on a China Standard Time day, in UTC as the scheduler's clock gives it."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA).astimezone(UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def deliveries(app) -> list[Delivery]:
    with Session(app.extensions["database"].engine) as session:
        return list(session.exec(select(Delivery).order_by(col(Delivery.id))))


def emails(app) -> list[Delivery]:
    return [d for d in deliveries(app) if d.channel is Channel.EMAIL]


def test_a_reminder_reaches_a_real_smtp_server(make_app, smtp, monkeypatch):
    mailbox, port = smtp
    app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port, PUBLIC_URL="https://gh.example.cn")
    people = world.add_people(app, orgs=1, per_org=1)
    world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)

    done = scheduler.tick(app, Clock(at(DUE - timedelta(days=3))))

    assert (done.recorded, done.sent, done.failed) == (2, 1, 0)  # the inbox, and one e-mail
    [message] = mailbox.messages
    assert message["To"] == people.addresses[0]
    assert " ".join(message["Subject"].split()) == ("【还剩3天】补足协商代表空缺：测试协商第1号")
    body = message.get_content()
    assert "《集体合同规定》第三十一条" in body
    assert "https://gh.example.cn/negotiations/1" in body
    [sent] = emails(app)
    assert (sent.status, sent.attempts, sent.step) == (DeliveryStatus.SENT, 1, 3)


def test_the_same_tick_again_sends_nothing(make_app, smtp, monkeypatch):
    mailbox, port = smtp
    app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    people = world.add_people(app, orgs=1, per_org=2)
    world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)
    clock = Clock(at(DUE))
    scheduler.tick(app, clock)
    again = scheduler.tick(app, clock)
    assert (again.recorded, again.sent) == (0, 0)
    assert sorted(m["To"] for m in mailbox.messages) == sorted(people.addresses)


def test_without_an_smtp_server_the_mail_goes_to_the_outbox_folder(make_app, tmp_path, monkeypatch):
    app = make_app(MAIL_HOST="")
    people = world.add_people(app, orgs=1, per_org=1)
    world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)
    assert scheduler.tick(app, Clock(at(DUE))).sent == 1
    [written] = list((tmp_path / "outbox").glob("*.eml"))
    text = written.read_bytes().decode("utf-8", "replace")
    assert f"To: {people.addresses[0]}" in text


def test_a_refusing_server_is_retried_with_growing_pauses_and_nothing_is_lost(
    make_app, smtp, monkeypatch
):
    mailbox, port = smtp
    mailbox.reply = "550 5.1.1 Mailbox unavailable"
    app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    people = world.add_people(app, orgs=1, per_org=1)
    world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)
    clock = Clock(at(DUE))

    assert scheduler.tick(app, clock).failed == 1
    [mail] = emails(app)
    assert (mail.status, mail.attempts) == (DeliveryStatus.PENDING, 1)
    assert "550" in (mail.last_error or "")
    assert mail.next_attempt_at == clock.now + timedelta(minutes=1)
    # The inbox reminder is there whatever the mail server does.
    assert [d.status for d in deliveries(app) if d.channel is Channel.INBOX] == [
        DeliveryStatus.SENT
    ]

    clock.now += timedelta(seconds=59)
    assert scheduler.tick(app, clock).failed == 0  # not yet: the pause is a minute
    clock.now += timedelta(seconds=1)
    assert scheduler.tick(app, clock).failed == 1
    [mail] = emails(app)
    assert mail.attempts == 2
    assert mail.next_attempt_at == clock.now + timedelta(minutes=5)

    mailbox.reply = "250 OK"
    clock.now += timedelta(minutes=5)
    assert scheduler.tick(app, clock).sent == 1
    assert [m["To"] for m in mailbox.messages] == people.addresses
    [mail] = emails(app)
    assert (mail.status, mail.attempts, mail.last_error) == (DeliveryStatus.SENT, 3, None)


def test_after_eight_failures_it_waits_for_an_administrator(make_app, smtp, monkeypatch):
    mailbox, port = smtp
    mailbox.reply = "554 5.7.1 Rejected"
    app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    people = world.add_people(app, orgs=1, per_org=1)
    world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)
    clock = Clock(at(DUE + timedelta(days=1)))  # overdue: the last step, no other comes
    for _ in range(delivery.MAX_ATTEMPTS):
        scheduler.tick(app, clock)
        clock.now += timedelta(days=1)
    [mail] = emails(app)
    assert (mail.status, mail.attempts) == (DeliveryStatus.FAILED, delivery.MAX_ATTEMPTS)
    assert scheduler.tick(app, clock).failed == 0  # given up: no more tries on its own

    with Session(app.extensions["database"].engine) as session:
        assert delivery.retry_failed(session, [mail.id], clock.now) == 1
        session.commit()
    mailbox.reply = "250 OK"
    assert scheduler.tick(app, clock).sent == 1
    assert len(mailbox.messages) == 1


def test_a_server_that_never_answers_times_out_and_is_retried(make_app, monkeypatch):
    for port in world.silent_server():
        app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=1)
        people = world.add_people(app, orgs=1, per_org=1)
        world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)
        assert scheduler.tick(app, Clock(at(DUE))).failed == 1
    [mail] = emails(app)
    assert mail.status is DeliveryStatus.PENDING
    assert "timed out" in (mail.last_error or "").lower()


def test_a_claim_whose_scheduler_died_is_taken_over_when_its_lease_runs_out(
    make_app, smtp, monkeypatch
):
    mailbox, port = smtp
    app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    people = world.add_people(app, orgs=1, per_org=1)
    world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)
    clock = Clock(at(DUE))
    engine = app.extensions["database"].engine
    with Session(engine) as session:
        with delivery.writing(session):
            delivery.plan(session, DUE, clock.now)
        # A scheduler claims the mail, then dies before sending it.
        assert len(delivery.claim(session, clock.now, limit=10, lease=timedelta(minutes=5))) == 1
    assert scheduler.tick(app, clock).sent == 0  # the lease still runs
    clock.now += timedelta(minutes=5, seconds=1)
    assert scheduler.tick(app, clock).sent == 1
    assert len(mailbox.messages) == 1


# --- the scheduler process -------------------------------------------------------------------


def start(app, clock, interval: int = 1) -> tuple[BackgroundScheduler, threading.Event, list]:
    """A scheduler as `flask reminders run` builds it, in this process; the event is set each
    time the delivery job has run, and job errors are collected."""
    ran, errors = threading.Event(), []
    background = BackgroundScheduler(timezone=CHINA)
    scheduler.build(app, background, interval, clock)

    def listen(event) -> None:
        if event.exception is not None:
            errors.append(event.exception)
        if event.job_id == "deliver":
            ran.set()

    background.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    background.start()
    return background, ran, errors


def test_two_schedulers_on_one_database_send_each_reminder_exactly_once(
    make_app, smtp, monkeypatch
):
    mailbox, port = smtp
    mailbox.delay = 0.005  # a server that takes its time, so the two overlap
    first = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    second = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    people = world.add_people(first, orgs=4, per_org=3)
    events = [world.vacancy(n, VACATED, people.org_ids[n % 2 :: 2]) for n in range(1, 41)]
    world.feed(first, events, monkeypatch)
    expected = 40 * 2 * 3  # each deadline: two organisations of three people
    clock = Clock(at(DUE))

    one, _ran1, errors1 = start(first, clock)
    two, _ran2, errors2 = start(second, clock)
    try:
        mailbox.wait_for(expected)
        # Let both run a few more times: nothing may go out again.
        for background in (one, two):
            background.get_job("deliver").modify(next_run_time=datetime.now(CHINA))
        mailbox.wait_for(expected + 1, timeout=3)
    finally:
        one.shutdown(wait=True)
        two.shutdown(wait=True)

    assert errors1 == errors2 == []
    sent = [(m["To"], m["Subject"]) for m in mailbox.messages]
    assert len(sent) == expected
    assert len(set(sent)) == expected
    mails = emails(first)
    assert len(mails) == expected
    assert {(d.status, d.attempts) for d in mails} == {(DeliveryStatus.SENT, 1)}
    inbox = [d for d in deliveries(first) if d.channel is Channel.INBOX]
    assert len(inbox) == expected


def test_a_scheduler_stopped_across_a_due_time_delivers_after_restart(make_app, smtp, monkeypatch):
    mailbox, port = smtp
    app = make_app(MAIL_HOST="127.0.0.1", MAIL_PORT=port)
    people = world.add_people(app, orgs=1, per_org=1)
    world.feed(app, [world.vacancy(1, VACATED, people.org_ids)], monkeypatch)

    # Running on 5 March: the first reminder (10 March) is not due yet.
    clock = Clock(at(date(2026, 3, 5)))
    running, ran, errors = start(app, clock, interval=3600)
    assert ran.wait(30)
    running.shutdown(wait=True)
    assert deliveries(app) == []

    # Stopped until the last day, past the 7-, 3- and 1-day steps; started again, it catches up
    # at once (no waiting for the interval) with the reminder as things stand: due today.
    clock.now = at(DUE, hour=10)
    restarted, ran, errors2 = start(app, clock, interval=3600)
    assert ran.wait(30)
    restarted.shutdown(wait=True)

    assert errors == errors2 == []
    assert [(d.channel, d.step, d.status) for d in deliveries(app)] == [
        (Channel.INBOX, 0, DeliveryStatus.SENT),
        (Channel.EMAIL, 0, DeliveryStatus.SENT),
    ]
    [message] = mailbox.messages
    assert message["Subject"].startswith("【今天到期】")
