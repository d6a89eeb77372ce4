"""Recording the reminders that are due: the current step for each person of each organisation
reminded, on the inbox and (when chosen and possible) by e-mail, never twice."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from accounts.models import Role
from reminders.deadlines import Event, rebuild
from reminders.delivery import plan, unread_count
from reminders.models import Channel, Deadline, Delivery, DeliveryStatus, ReminderPreference
from reminders.profiles import PeriodKind

D = date.fromisoformat
NOW = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


def vacancy(n: int, vacated: str, orgs, done=False) -> Event:
    # 15 days (R1, 第31条) from the day after the seat fell vacant.
    return Event(
        source="test.vacancy",
        subject_key=f"representative:{n}",
        kind=PeriodKind.VACANCY_REFILL,
        scope="negotiation:1",
        subject="测试协商",
        detail=f"代表{n}",
        starts_on=D(vacated),
        region_code="440105",
        rule="R1",
        org_ids=tuple(orgs),
        done=done,
    )


def setup(session, events):
    rebuild(session, {"test.vacancy": lambda _s, _scope: events})
    return {d.subject_key: d for d in session.exec(select(Deadline))}


def deliveries(session):
    return list(session.exec(select(Delivery).order_by(Delivery.user_id, Delivery.channel)))


def test_nothing_before_the_first_step(session, make_org, make_user):
    org = make_org()
    make_user(Role.FEDERATION_CHAIR, org=org, email="chair@example.cn")
    # Vacant 2 March → last day Tuesday 17 March; first step 10 March.
    setup(session, [vacancy(1, "2026-03-02", [org.id])])
    assert plan(session, D("2026-03-09")).deliveries == 0
    assert deliveries(session) == []


def test_the_week_before_every_person_of_each_party_is_reminded(session, make_org, make_user):
    union, employer, other = make_org(), make_org(), make_org()
    chair = make_user(Role.FEDERATION_CHAIR, org=union, email="chair@example.cn")
    staff = make_user(Role.FEDERATION_STAFF, org=union)  # no address: the inbox only
    rep = make_user(Role.ASSOCIATION_REP, org=employer, email="rep@example.cn")
    make_user(Role.FEDERATION_CHAIR, org=other, email="x@example.cn")  # not a party
    make_user(Role.FEDERATION_STAFF, org=union, email="gone@example.cn", active=False)
    setup(session, [vacancy(1, "2026-03-02", [union.id, employer.id])])
    result = plan(session, D("2026-03-10"), NOW)
    got = {(d.user_id, d.channel, d.step, d.status) for d in deliveries(session)}
    assert got == {
        (chair.id, Channel.INBOX, 7, DeliveryStatus.SENT),
        (chair.id, Channel.EMAIL, 7, DeliveryStatus.PENDING),
        (staff.id, Channel.INBOX, 7, DeliveryStatus.SENT),
        (rep.id, Channel.INBOX, 7, DeliveryStatus.SENT),
        (rep.id, Channel.EMAIL, 7, DeliveryStatus.PENDING),
    }
    assert (result.deadlines, result.deliveries) == (1, 5)
    assert unread_count(session, chair.id) == 1


def test_planning_again_the_same_day_records_nothing_twice(session, make_org, make_user):
    org = make_org()
    make_user(Role.FEDERATION_CHAIR, org=org, email="chair@example.cn")
    setup(session, [vacancy(1, "2026-03-02", [org.id])])
    assert plan(session, D("2026-03-10")).deliveries == 2
    assert plan(session, D("2026-03-10")).deliveries == 0
    assert len(deliveries(session)) == 2


def test_a_second_scheduler_with_a_stale_view_records_nothing_twice(session, make_org, make_user):
    """The unique key, not the deadline's step date, is what keeps a reminder single."""
    org = make_org()
    make_user(Role.FEDERATION_CHAIR, org=org, email="chair@example.cn")
    rows = setup(session, [vacancy(1, "2026-03-02", [org.id])])
    plan(session, D("2026-03-10"))
    row = rows["representative:1"]
    row.next_reminder_on = D("2026-03-10")  # as another scheduler would still have seen it
    session.add(row)
    session.flush()
    assert plan(session, D("2026-03-10")).deliveries == 0


def test_each_step_in_turn_then_nothing(session, make_org, make_user):
    org = make_org()
    user = make_user(Role.FEDERATION_CHAIR, org=org)
    setup(session, [vacancy(1, "2026-03-02", [org.id])])  # last day 17 March
    day = D("2026-03-01")
    while day <= D("2026-04-30"):
        plan(session, day)
        day += timedelta(days=1)
    steps = [d.step for d in deliveries(session) if d.user_id == user.id]
    assert sorted(steps, reverse=True) == [7, 3, 1, 0, -1]


def test_after_downtime_only_the_current_step_goes_out(session, make_org, make_user):
    org = make_org()
    user = make_user(Role.FEDERATION_CHAIR, org=org)
    setup(session, [vacancy(1, "2026-03-02", [org.id])])
    plan(session, D("2026-03-16"))  # stopped from before the 10th until the day before
    assert [d.step for d in deliveries(session) if d.user_id == user.id] == [1]


def test_an_overdue_deadline_is_reminded_however_late_the_scheduler_comes(
    session, make_org, make_user
):
    org = make_org()
    make_user(Role.FEDERATION_CHAIR, org=org)
    setup(session, [vacancy(1, "2026-03-02", [org.id])])
    plan(session, D("2026-06-30"))
    assert [d.step for d in deliveries(session)] == [-1]
    assert plan(session, D("2026-07-30")).deliveries == 0


def test_a_deadline_done_is_not_reminded(session, make_org, make_user):
    org = make_org()
    make_user(Role.FEDERATION_CHAIR, org=org)
    setup(session, [vacancy(1, "2026-03-02", [org.id], done=True)])
    assert plan(session, D("2026-03-17")).deliveries == 0


def test_a_person_who_turned_email_off_gets_the_inbox_only(session, make_org, make_user):
    org = make_org()
    user = make_user(Role.FEDERATION_CHAIR, org=org, email="chair@example.cn")
    session.add(ReminderPreference(user_id=user.id, email=False))
    session.flush()
    setup(session, [vacancy(1, "2026-03-02", [org.id])])
    plan(session, D("2026-03-10"))
    assert [d.channel for d in deliveries(session)] == [Channel.INBOX]
