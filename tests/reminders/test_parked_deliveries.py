"""E-mails parked after their last failed attempt are listed for an administrator with why they
were parked, and a retry puts them back in the queue (the scheduler sends them on its next run)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from accounts.models import Role
from db import local_today
from reminders.deadlines import Event, rebuild
from reminders.delivery import MAX_ATTEMPTS
from reminders.models import Channel, Deadline, Delivery, DeliveryStatus
from reminders.profiles import PeriodKind

SOURCE = "test.parked"
HEADER_ERROR = "ValueError: Header values may not contain linefeed or carriage return characters"


def deadline_of(session, monkeypatch, org_id) -> Deadline:
    from reminders import deadlines

    event = Event(
        source=SOURCE,
        subject_key="negotiation:9",
        kind=PeriodKind.ANSWER,
        scope="negotiation:9",
        subject="第9号协商",
        starts_on=local_today(),
        region_code="440105",
        rule="R4",
        org_ids=(org_id,),
    )

    def source(_session, _scope):
        return [event]

    monkeypatch.setitem(deadlines.SOURCES, SOURCE, source)
    rebuild(session, {SOURCE: source})
    return session.exec(select(Deadline)).one()


def email(session, deadline, user, step, **values) -> Delivery:
    row = Delivery(deadline_id=deadline.id, user_id=user.id, channel=Channel.EMAIL, step=step,
                   **values)  # fmt: skip
    session.add(row)
    session.flush()
    return row


def test_a_parked_email_is_listed_with_why_and_sent_again(
    client, login, session, make_user, monkeypatch
):
    chair = make_user(Role.FEDERATION_CHAIR, email="chair@example.cn")
    deadline = deadline_of(session, monkeypatch, chair.organization_id)
    later = datetime.now(UTC) + timedelta(hours=1)
    parked = email(session, deadline, chair, 7, status=DeliveryStatus.FAILED,
                   attempts=MAX_ATTEMPTS, last_error=HEADER_ERROR)  # fmt: skip
    retrying = email(session, deadline, chair, 3, status=DeliveryStatus.PENDING, attempts=2,
                     last_error="TimeoutError: timed out", next_attempt_at=later)  # fmt: skip
    email(session, deadline, chair, 1, status=DeliveryStatus.SENT, attempts=1)
    login(make_user(Role.ADMIN))

    response = client.get("/admin/deliveries")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    table = page[page.index('data-testid="undelivered"') :]
    rows = table[: table.index("</tbody>")].split("<tr>")[2:]
    assert len(rows) == 2  # the parked one and the one being retried; the sent one is not here
    [row] = [r for r in rows if f'value="{parked.id}"' in r]
    assert HEADER_ERROR in row and "已停止重试" in row and "chair@example.cn" in row
    assert f">{MAX_ATTEMPTS}<" in row
    [other] = [r for r in rows if f'value="{retrying.id}"' in r]
    assert "正在重试" in other and "TimeoutError" in other
    assert "重新发送所选提醒" in page  # the button

    response = client.post("/admin/deliveries", data={"id": [str(parked.id)]})
    assert response.status_code == 302
    assert "将重新发送1条提醒。" in client.get(response.headers["Location"]).get_data(as_text=True)
    session.refresh(parked)
    assert (parked.status, parked.attempts) == (DeliveryStatus.PENDING, 0)
    assert parked.next_attempt_at <= datetime.now(UTC)  # due on the scheduler's next run
    session.refresh(retrying)
    assert (retrying.status, retrying.attempts) == (DeliveryStatus.PENDING, 2)  # not chosen
