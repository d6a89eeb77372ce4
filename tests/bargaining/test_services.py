"""The bargaining services on a session (no client): each rule of 《集体合同规定》 the sector
negotiation must keep (R1–R6, R14, R15), refused with the rule named and nothing kept, beside the
case the law accepts; and who may see and do what."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from bargaining import presenters, rules, services
from bargaining.labels import problem_message
from bargaining.models import (
    Attendance,
    BargainingSession,
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Offer,
    Representative,
    Settlement,
    SettlementStatus,
    SettlementValue,
    Side,
    Topic,
)
from errors import DomainError, NotFound
from organizations.models import Organization
from standards import services as standards
from standards.models import SectorStandard, StandardStatus
from standards.vocabulary import ItemKind
from tests.bargaining.conftest import TODAY

Status = NegotiationStatus
ANSWERED_ON = date(2026, 3, 10)
SETTLED_FROM, SETTLED_TO = date(2026, 5, 1), date(2027, 4, 30)


# --- helpers -----------------------------------------------------------------------------------


def refused(action, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        action(*args, **kwargs)
    return caught.value


def text(error: DomainError) -> str:
    return str(error.message)


def snapshot(session) -> dict:
    """Everything the services could have changed, read back from the tables (a query flushes
    whatever is pending, so unflushed changes count too)."""
    counts = {
        model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
        for model in (
            NegotiationItem,
            Representative,
            BargainingSession,
            Attendance,
            Offer,
            Settlement,
            SettlementValue,
            SectorStandard,
        )
    }
    rows = {
        "negotiation": select(
            Negotiation.id,
            Negotiation.status,
            Negotiation.answered_on,
            Negotiation.answer_text,
            Negotiation.recorder_phone,
            Negotiation.ended_on,
            Negotiation.end_reason,
            Negotiation.standard_id,
        ),
        "representative": select(
            Representative.id,
            Representative.name,
            Representative.phone,
            Representative.is_chief,
            Representative.is_expert,
            Representative.vacated_on,
        ),
        "offer": select(Offer.id, Offer.value),
        "settlement": select(Settlement.id, Settlement.status),
    }
    return counts | {name: sorted(session.exec(stmt).all()) for name, stmt in rows.items()}


def user_of(table, side: Side):
    return table.chair if side is Side.UNION else table.rep


def save_side(table, negotiation, side, rows):
    services.save_representatives(
        table.session, table.viewer(user_of(table, side)), negotiation, side, rows, today=TODAY
    )


def extra(table, side, number, **changes):
    """One more ordinary (not chief) representative of a side."""
    return replace(table.members(side, 1, start=number)[0], is_chief=False, **changes)


def current(table, negotiation, side):
    reps = services.representatives_of(table.session, negotiation, current_only=True)
    return [r for r in reps if r.side is side]


def hold(table, negotiation, held_on=date(2026, 3, 12), **overrides):
    return services.record_session(
        table.session,
        table.viewer(table.chair),
        negotiation,
        table.session_data(negotiation, held_on, **overrides),
        today=TODAY,
    )


def in_session(table):
    negotiation = table.seated()
    return negotiation, hold(table, negotiation)


def items(table, negotiation):
    chef, washer, rise = services.items_of(table.session, negotiation)
    return chef, washer, rise


def offer(table, negotiation, record, side, values, user=None):
    services.save_offers(
        table.session,
        table.viewer(user or user_of(table, side)),
        negotiation,
        record,
        side,
        values,
    )


def propose(table, negotiation, side, chef="3400", washer="2650", rise="8"):
    item_chef, item_washer, item_rise = items(table, negotiation)
    entered = {item_chef.id: chef, item_washer.id: washer, item_rise.id: rise}
    return services.propose_settlement(
        table.session,
        table.viewer(user_of(table, side)),
        negotiation,
        {item_id: value for item_id, value in entered.items() if value is not None},
        effective_from=SETTLED_FROM,
        effective_to=SETTLED_TO,
    )


def accept(table, negotiation, proposal, side):
    services.accept_settlement(
        table.session, table.viewer(user_of(table, side)), negotiation, proposal, today=TODAY
    )


def end(table, negotiation, outcome, side=Side.UNION, reason="协会拒绝继续协商。"):
    services.end_negotiation(
        table.session,
        table.viewer(user_of(table, side)),
        negotiation,
        outcome,
        on=TODAY,
        reason=reason,
        today=TODAY,
    )


def answer(
    table, negotiation, answered_on=ANSWERED_ON, user=None, agrees=True, wording="同意协商。"
):
    services.answer_request(
        table.session,
        table.viewer(user or table.rep),
        negotiation,
        answered_on=answered_on,
        text=wording,
        agrees=agrees,
        today=TODAY,
    )


def name_recorder(table, negotiation, phone="13500000000"):
    services.name_recorder(
        table.session,
        table.viewer(table.chair),
        negotiation,
        name="记录员",
        phone=phone,
        affiliation="区总工会",
    )


def request_data(counterpart, **overrides):
    data = {
        "counterpart_id": counterpart.id,
        "topic": Topic.SPECIAL_WAGE,
        "year": 2026,
        "title": "2026年度海珠区餐饮行业工资集体协商",
        "request_sent_on": date(2026, 3, 2),
        "request_received_on": date(2026, 3, 3),
        "request_text": "现提出开展工资集体协商的要求。",
    } | overrides
    return services.RequestData(**data)


def ended_message(status: Status) -> str:
    return problem_message(rules.Problem("R4", rules.Code.CLOSED, {"status": status.value}))


# --- R1: representatives -----------------------------------------------------------------------


def union_list(count, chiefs=(0,), experts=()):
    def build(table):
        return [
            replace(row, is_chief=i in chiefs, is_expert=i in experts)
            for i, row in enumerate(table.members(Side.UNION, count))
        ]

    return build


@pytest.mark.parametrize(
    ("build", "named"),
    [
        pytest.param(union_list(2), ["2", "3"], id="two representatives"),
        pytest.param(union_list(3, chiefs=(0, 1)), ["union0", "union1"], id="two chiefs"),
        pytest.param(union_list(3, chiefs=()), [], id="no chief"),
        pytest.param(union_list(3, experts=(0,)), ["union0"], id="an expert as chief"),
        pytest.param(union_list(5, experts=(1, 2)), ["2", "5"], id="experts 2 of 5"),
    ],
)
def test_a_side_list_breaking_r1_is_refused_and_not_kept(table, build, named):
    """At least 3, exactly one chief who is no outside expert, experts at most a third (第19、
    20、23条): a list that breaks this is refused as a whole."""
    negotiation = table.answered()
    before = snapshot(table.session)
    error = refused(save_side, table, negotiation, Side.UNION, build(table))
    assert "R1" in text(error) and error.rule == "R1"
    assert all(fragment in text(error) for fragment in named), text(error)
    assert snapshot(table.session) == before


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(union_list(3), id="three representatives"),
        pytest.param(union_list(3, experts=(1,)), id="experts 1 of 3"),
        pytest.param(union_list(6, experts=(1, 2)), id="experts 2 of 6"),
    ],
)
def test_a_side_list_keeping_r1_is_saved(table, build):
    """The smallest lawful list, and experts up to exactly a third, are accepted."""
    negotiation = table.answered()
    rows = build(table)
    save_side(table, negotiation, Side.UNION, rows)
    saved = current(table, negotiation, Side.UNION)
    assert [(r.name, r.is_chief, r.is_expert) for r in saved] == [
        (row.name, row.is_chief, row.is_expert) for row in rows
    ]
    assert all(r.appointed_on == TODAY for r in saved)


def test_sessions_wait_until_both_sides_have_the_same_number(table):
    """Both sides have the same number of representatives (第19条): 3 against 4 cannot meet,
    4 against 4 can."""
    negotiation = table.seated()
    save_side(table, negotiation, Side.UNION, [extra(table, Side.UNION, 3)])
    before = snapshot(table.session)
    error = refused(hold, table, negotiation)
    assert "R1" in text(error) and "3" in text(error) and "4" in text(error)
    assert snapshot(table.session) == before

    save_side(table, negotiation, Side.EMPLOYER, [extra(table, Side.EMPLOYER, 3)])
    record = hold(table, negotiation)
    assert record.number == 1 and negotiation.status is Status.IN_SESSION


def test_a_vacancy_stops_sessions_until_the_side_names_a_replacement(table):
    """A representative who leaves is dated, not dropped; the side is short (2 of 3) and cannot
    meet until it fills the place (第31条)."""
    negotiation = table.seated()
    leaving = current(table, negotiation, Side.UNION)[-1]
    services.vacate(
        table.session,
        table.viewer(table.chair),
        negotiation,
        leaving,
        on=TODAY,
        reason="调离本单位",
        today=TODAY,
    )
    assert (leaving.vacated_on, leaving.vacancy_reason) == (TODAY, "调离本单位")
    assert len(current(table, negotiation, Side.UNION)) == 2
    error = refused(hold, table, negotiation, held_on=TODAY)
    assert "R1" in text(error)
    assert services.sessions_of(table.session, negotiation) == []

    save_side(table, negotiation, Side.UNION, [extra(table, Side.UNION, 3)])
    assert len(current(table, negotiation, Side.UNION)) == 3
    assert hold(table, negotiation, held_on=TODAY).number == 1


@pytest.mark.parametrize("on", [date(2026, 3, 19), date(2026, 3, 21)], ids=["before", "after"])
def test_a_vacancy_is_dated_between_the_appointment_and_today(table, on):
    """The representatives were appointed on 2026-03-20, which is also today."""
    negotiation = table.seated()
    leaving = current(table, negotiation, Side.UNION)[-1]
    before = snapshot(table.session)
    error = refused(
        services.vacate,
        table.session,
        table.viewer(table.chair),
        negotiation,
        leaving,
        on=on,
        reason="调离本单位",
        today=TODAY,
    )
    assert error.field == "vacated_on" and "2026-03-20" in text(error)
    assert snapshot(table.session) == before


@pytest.mark.parametrize(("days_late", "overdue"), [(0, False), (1, True)])
def test_the_page_shows_the_refill_deadline_and_when_it_has_passed(table, days_late, overdue):
    """A vacancy is filled within 15 days (第31条): the page shows the last day, and flags it
    once today is past it."""
    negotiation = table.seated()
    leaving = current(table, negotiation, Side.EMPLOYER)[-1]
    services.vacate(
        table.session,
        table.viewer(table.rep),
        negotiation,
        leaving,
        on=TODAY,
        reason="退休",
        today=TODAY,
    )
    refill_by = date(2026, 4, 6)  # 15 days from Friday 20 March end on a Saturday → Monday
    page = presenters.negotiation_page(
        table.session,
        table.viewer(table.chair),
        negotiation,
        today=refill_by + timedelta(days=days_late),
        chart_item_id=None,
    )
    employer = next(view for view in page.sides if view.side is Side.EMPLOYER)
    [line] = employer.vacated
    assert line.representative.id == leaving.id
    assert (line.refill_by, line.refilled_on, line.refill_overdue) == (refill_by, None, overdue)
    assert leaving.id not in [line.representative.id for line in employer.current]


@pytest.mark.parametrize(
    ("filled_on", "late"), [(date(2026, 4, 6), False), (date(2026, 4, 7), True)]
)
def test_a_filled_vacancy_is_shown_filled_not_overdue(table, filled_on, late):
    """Once the side names someone in the seat, the vacancy shows the day it was filled; filled
    after the deadline, it says so, but it is no longer overdue."""
    negotiation = table.seated()
    leaving = current(table, negotiation, Side.EMPLOYER)[-1]
    services.vacate(
        table.session, table.viewer(table.rep), negotiation, leaving,
        on=TODAY, reason="退休", today=TODAY,
    )  # fmt: skip
    staying = current(table, negotiation, Side.EMPLOYER)
    rows = [
        services.MemberRow(r.id, r.name, r.affiliation, r.phone, r.is_chief, r.is_expert)
        for r in staying
    ] + [services.MemberRow(None, "新代表", "协会", "13799990000", False, False)]
    services.save_representatives(
        table.session, table.viewer(table.rep), negotiation, Side.EMPLOYER, rows, today=filled_on
    )
    page = presenters.negotiation_page(
        table.session,
        table.viewer(table.chair),
        negotiation,
        today=date(2026, 5, 1),
        chart_item_id=None,
    )
    employer = next(view for view in page.sides if view.side is Side.EMPLOYER)
    [line] = employer.vacated
    assert (line.refilled_on, line.refill_overdue, line.refilled_late) == (filled_on, False, late)
    assert "新代表" in [line.representative.name for line in employer.current]


def test_new_representatives_fill_the_oldest_vacancies_first(table):
    negotiation = table.seated(count=4)
    first, second = current(table, negotiation, Side.EMPLOYER)[-2:]
    for rep, on in ((second, date(2026, 3, 22)), (first, date(2026, 3, 23))):
        services.vacate(
            table.session, table.viewer(table.rep), negotiation, rep,
            on=on, reason="调离", today=date(2026, 3, 25),
        )  # fmt: skip
    staying = current(table, negotiation, Side.EMPLOYER)
    rows = [
        services.MemberRow(r.id, r.name, r.affiliation, r.phone, r.is_chief, r.is_expert)
        for r in staying
    ] + [services.MemberRow(None, "新代表", "协会", "13799990000", False, False)]
    services.save_representatives(
        table.session,
        table.viewer(table.rep),
        negotiation,
        Side.EMPLOYER,
        rows,
        today=date(2026, 3, 25),
    )
    newcomer = next(r for r in current(table, negotiation, Side.EMPLOYER) if r.name == "新代表")
    assert (second.filled_by_id, first.filled_by_id) == (newcomer.id, None)


# --- R2: nobody on both sides ------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["13900000000", "139 0000 0000", "+86 139-0000-0000"])
def test_the_same_person_cannot_represent_both_sides(table, phone):
    """A person is known by their phone, however it is written (第24条)."""
    negotiation = table.answered()
    save_side(table, negotiation, Side.UNION, table.members(Side.UNION))  # union0: 13900000000
    rows = table.members(Side.EMPLOYER)
    rows[2] = replace(rows[2], name="何秀英", phone=phone)
    before = snapshot(table.session)
    error = refused(save_side, table, negotiation, Side.EMPLOYER, rows)
    assert "R2" in text(error) and "何秀英" in text(error)
    assert snapshot(table.session) == before


def test_a_different_phone_on_the_other_side_is_another_person(table):
    negotiation = table.answered()
    save_side(table, negotiation, Side.UNION, table.members(Side.UNION))
    rows = table.members(Side.EMPLOYER)
    rows[2] = replace(rows[2], name="何秀英", phone="139 0000 9999")
    save_side(table, negotiation, Side.EMPLOYER, rows)
    assert "何秀英" in [r.name for r in current(table, negotiation, Side.EMPLOYER)]


# --- R3: the recorder --------------------------------------------------------------------------


def both_sides_named(table):
    negotiation = table.answered()
    for side in Side:
        save_side(table, negotiation, side, table.members(side))
    return negotiation


def test_a_representative_cannot_be_the_recorder(table):
    """The recorder is not a representative (第33条), known by the phone."""
    negotiation = both_sides_named(table)
    before = snapshot(table.session)
    error = refused(name_recorder, table, negotiation, phone="139-0000-0001")
    assert "R3" in text(error) and "union1" in text(error)
    assert snapshot(table.session) == before


def test_a_recorder_who_is_nobody_on_the_lists_is_named(table):
    negotiation = both_sides_named(table)
    name_recorder(table, negotiation)
    assert (negotiation.recorder_name, negotiation.recorder_phone) == ("记录员", "13500000000")
    assert services.readiness_problems(table.session, negotiation) == []


def test_no_session_is_held_before_a_recorder_is_named(table):
    negotiation = both_sides_named(table)
    assert [p.code for p in services.readiness_problems(table.session, negotiation)] == [
        rules.Code.NO_RECORDER
    ]
    before = snapshot(table.session)
    error = refused(hold, table, negotiation)
    assert "R3" in text(error)
    assert snapshot(table.session) == before


def test_the_recorder_cannot_be_named_a_representative(table):
    negotiation = table.seated()  # the recorder's phone is 13500000000
    before = snapshot(table.session)
    error = refused(
        save_side,
        table,
        negotiation,
        Side.UNION,
        [extra(table, Side.UNION, 3, name="张敏", phone="135-0000-0000")],
    )
    assert "R3" in text(error) and "张敏" in text(error)
    assert snapshot(table.session) == before


# --- R4: the written request and answer --------------------------------------------------------


def test_the_requesting_side_cannot_answer_its_own_request(table):
    """The other side answers (第32条)."""
    negotiation = table.request()
    before = snapshot(table.session)
    error = refused(answer, table, negotiation, user=table.chair)
    assert error.status == 403 and "R4" in text(error)
    assert snapshot(table.session) == before


def test_an_answer_cannot_come_before_the_request_was_received(table):
    negotiation = table.request()  # received 2026-03-03
    before = snapshot(table.session)
    error = refused(answer, table, negotiation, answered_on=date(2026, 3, 2))
    assert "R4" in text(error) and "2026-03-03" in text(error)
    assert snapshot(table.session) == before


def test_an_answer_on_the_day_of_receipt_opens_bargaining(table):
    negotiation = table.request()
    answer(table, negotiation, answered_on=date(2026, 3, 3))
    assert (negotiation.status, negotiation.answered_on) == (Status.ANSWERED, date(2026, 3, 3))
    assert (negotiation.answer_text, negotiation.answer_agrees) == ("同意协商。", True)


def test_a_request_is_answered_once(table):
    negotiation = table.answered()
    before = snapshot(table.session)
    error = refused(answer, table, negotiation, answered_on=TODAY, wording="再次答复。")
    assert "R4" in text(error)
    assert snapshot(table.session) == before
    assert negotiation.answer_text == "同意协商。"


def test_a_declined_request_ends_the_negotiation_as_failed_with_the_reason(table):
    """Refusing needs a good reason, given in writing: it ends the negotiation."""
    negotiation = table.request()
    reason = "协会正在换届，无法组成协商代表。"
    answer(table, negotiation, agrees=False, wording=reason)
    assert negotiation.status is Status.FAILED
    assert (negotiation.ended_on, negotiation.end_reason) == (ANSWERED_ON, reason)
    assert negotiation.answer_agrees is False


def test_no_session_is_held_before_the_written_answer(table):
    negotiation = table.request()
    for side in Side:
        save_side(table, negotiation, side, table.members(side))
    name_recorder(table, negotiation)
    before = snapshot(table.session)
    error = refused(hold, table, negotiation)
    assert "R4" in text(error)
    assert snapshot(table.session) == before
    assert negotiation.status is Status.REQUESTED


def test_a_session_cannot_be_dated_before_the_request_was_received(table):
    negotiation = table.seated()
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, held_on=date(2026, 3, 2))
    assert "R4" in text(error) and "2026-03-03" in text(error)
    assert snapshot(table.session) == before


def test_a_session_on_the_day_of_the_answer_is_held(table):
    negotiation = table.seated()
    assert hold(table, negotiation, held_on=ANSWERED_ON).held_on == ANSWERED_ON


def test_a_session_cannot_be_dated_before_the_written_answer(table):
    """Sessions begin after the written answer (第32条, and the service's own R4 message): a
    session dated 2026-03-09 is before the answer of 2026-03-10, though after the request."""
    negotiation = table.seated()
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, held_on=date(2026, 3, 9))
    assert "R4" in text(error) and "2026-03-10" in text(error)
    assert snapshot(table.session) == before


def test_a_request_cannot_be_received_after_today(table):
    """The date of receipt is a past event; the answer period runs from it."""
    before = snapshot(table.session)
    error = refused(
        services.start_negotiation,
        table.session,
        table.viewer(table.chair),
        request_data(
            table.association,
            request_sent_on=TODAY,
            request_received_on=TODAY + timedelta(days=30),
        ),
        today=TODAY,
    )
    assert error.field == "request_received_on"
    assert snapshot(table.session) == before


# --- R5: the chiefs chair in turn --------------------------------------------------------------


def association_asks(table):
    """The trade association asks, the federation answers; both sides and the recorder named."""
    negotiation = services.start_negotiation(
        table.session,
        table.viewer(table.rep),
        request_data(table.federation),
        today=TODAY,
    )
    answer(table, negotiation, user=table.chair)
    for side in Side:
        save_side(table, negotiation, side, table.members(side))
    name_recorder(table, negotiation)
    return negotiation


@pytest.mark.parametrize(
    ("open_negotiation", "turns"),
    [
        pytest.param(lambda t: t.seated(), [Side.UNION, Side.EMPLOYER, Side.UNION], id="union"),
        pytest.param(association_asks, [Side.EMPLOYER, Side.UNION, Side.EMPLOYER], id="employer"),
    ],
)
def test_the_chiefs_chair_in_turn_from_the_side_that_asked(table, open_negotiation, turns):
    """第34条: the chiefs chair in turn; the side that asked to bargain chairs first."""
    negotiation = open_negotiation(table)
    chiefs = {r.side: r.id for r in current(table, negotiation, Side.UNION) if r.is_chief} | {
        r.side: r.id for r in current(table, negotiation, Side.EMPLOYER) if r.is_chief
    }
    held = []
    for day, side in enumerate(turns, start=11):
        assert services.proposed_chair_side(table.session, negotiation) is side
        held.append(hold(table, negotiation, held_on=date(2026, 3, day), chair_side=side))
    assert [(s.chair_side, s.chair_id) for s in held] == [(side, chiefs[side]) for side in turns]


@pytest.mark.parametrize(
    ("sessions_before", "wrong_chair"),
    [(0, Side.EMPLOYER), (1, Side.UNION), (2, Side.EMPLOYER)],
)
def test_a_session_chaired_out_of_turn_is_refused(table, sessions_before, wrong_chair):
    negotiation = table.seated()
    for day in range(sessions_before):
        hold(table, negotiation, held_on=date(2026, 3, 11 + day))
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, held_on=TODAY, chair_side=wrong_chair)
    assert "R5" in text(error)
    assert snapshot(table.session) == before


def test_the_chief_who_chairs_attends(table):
    negotiation = table.seated()
    everyone = [r.id for r in services.representatives_of(table.session, negotiation)]
    chief = next(r for r in current(table, negotiation, Side.UNION) if r.is_chief)
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, attendee_ids=[i for i in everyone if i != chief.id])
    assert "R5" in text(error)
    assert snapshot(table.session) == before


# --- R6: suspension ----------------------------------------------------------------------------


SUSPENSION = {
    "suspended": True,
    "resume_on": date(2026, 3, 19),
    "resume_place": "区总工会会议室",
    "resume_topics": "厨师长工资标准",
}


@pytest.mark.parametrize(
    "missing",
    [
        pytest.param({"resume_on": None}, id="no date"),
        pytest.param({"resume_on": date(2026, 3, 12)}, id="resumes the same day"),
        pytest.param({"resume_place": ""}, id="no place"),
        pytest.param({"resume_topics": "  "}, id="no topics"),
    ],
)
def test_a_suspension_agrees_when_where_and_on_what_bargaining_resumes(table, missing):
    """第35条: the next time, place and topics are agreed and recorded."""
    negotiation = table.seated()
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, **(SUSPENSION | missing))
    assert "R6" in text(error)
    assert snapshot(table.session) == before


def test_a_suspension_pauses_bargaining_until_the_next_session(table):
    negotiation = table.seated()
    record = hold(table, negotiation, **SUSPENSION)
    assert negotiation.status is Status.SUSPENDED
    assert (record.resume_on, record.resume_place, record.resume_topics) == (
        date(2026, 3, 19),
        "区总工会会议室",
        "厨师长工资标准",
    )
    hold(table, negotiation, held_on=date(2026, 3, 19))
    assert negotiation.status is Status.IN_SESSION


# --- offers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("whose", ["another negotiation's", "no"])
def test_an_offer_is_for_an_item_under_this_negotiation(table, whose):
    """R15: the sides bargain over this negotiation's items only."""
    negotiation, record = in_session(table)
    other = table.request(topic=Topic.COMPREHENSIVE)
    item_id = services.items_of(table.session, other)[0].id if whose != "no" else 999_999
    before = snapshot(table.session)
    error = refused(
        services.save_offers,
        table.session,
        table.viewer(table.chair),
        negotiation,
        record,
        Side.UNION,
        {item_id: "3600"},
    )
    assert "R15" in text(error) and error.rule == "R15"
    assert snapshot(table.session) == before


@pytest.mark.parametrize("value", ["-1", "三千六", "abc"])
def test_an_offer_is_a_figure_not_below_zero(table, value):
    negotiation, record = in_session(table)
    chef, washer, _ = items(table, negotiation)
    before = snapshot(table.session)
    error = refused(
        offer, table, negotiation, record, Side.UNION, {chef.id: value, washer.id: "2800"}
    )
    assert "厨师长" in text(error) and "餐具清洗员" not in text(error)
    assert snapshot(table.session) == before


def test_a_side_enters_only_its_own_offers(table):
    negotiation, record = in_session(table)
    chef, _, _ = items(table, negotiation)
    before = snapshot(table.session)
    error = refused(
        offer, table, negotiation, record, Side.UNION, {chef.id: "3200"}, user=table.rep
    )
    assert error.status == 403
    assert snapshot(table.session) == before


@pytest.mark.parametrize("who", ["bureau", "stranger"])
def test_others_cannot_find_the_negotiation(table, who):
    negotiation = table.request()
    with pytest.raises(NotFound):
        services.load(table.session, table.viewer(getattr(table, who)), negotiation.id)


@pytest.mark.parametrize("who", ["chair", "rep", "admin"])
def test_the_parties_and_administrators_find_the_negotiation(table, who):
    negotiation = table.request()
    assert services.load(table.session, table.viewer(getattr(table, who)), negotiation.id) is (
        negotiation
    )


def test_offers_entered_again_replace_the_earlier_ones(table):
    negotiation, record = in_session(table)
    chef, washer, _ = items(table, negotiation)
    offer(table, negotiation, record, Side.UNION, {chef.id: "3600", washer.id: "2800"})
    offer(table, negotiation, record, Side.UNION, {chef.id: "3500", washer.id: ""})
    assert services.offers_of(table.session, record, Side.UNION) == {chef.id: Decimal("3500")}
    assert table.session.exec(select(func.count()).select_from(Offer)).one() == 1


def test_the_offer_table_gives_each_sides_offer_and_the_gap(table):
    """The gap is the employer's offer minus the union's, and that as a share of the union's:
    3200 against 3600 is −400, −11.1 %."""
    negotiation, record = in_session(table)
    chef, washer, rise = items(table, negotiation)
    offer(
        table, negotiation, record, Side.UNION, {chef.id: "3600", washer.id: "2800", rise.id: "10"}
    )
    offer(table, negotiation, record, Side.EMPLOYER, {chef.id: "3200", rise.id: "10"})
    rows = {row.item.id: row for row in services.offer_table(table.session, negotiation)}
    [cell] = rows[chef.id].cells
    assert cell.session.id == record.id
    assert (cell.union, cell.employer) == (Decimal("3600"), Decimal("3200"))
    assert (cell.gap.amount, cell.gap.percent) == (Decimal("-400"), Decimal("-11.1"))
    assert rows[washer.id].cells[0].gap is None  # the employer made no offer
    assert rows[rise.id].cells[0].gap.closed


# --- settlement --------------------------------------------------------------------------------


def test_a_proposal_below_the_minimum_wage_is_refused(table):
    """R14: the dishwasher's 2400 a month is below Guangzhou's 2500."""
    negotiation, _ = in_session(table)
    before = snapshot(table.session)
    error = refused(propose, table, negotiation, Side.UNION, washer="2400")
    assert error.rule == "R14" and "R14" in text(error)
    assert "餐具清洗员" in text(error) and "厨师长" not in text(error)
    assert snapshot(table.session) == before


def test_a_proposal_at_the_minimum_wage_stands(table):
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION, washer="2500")
    _, washer, _ = items(table, negotiation)
    assert services.settlement_values(table.session, proposal)[washer.id] == Decimal("2500")
    assert proposal.status is SettlementStatus.PROPOSED


def test_a_proposal_names_a_value_for_every_item(table):
    negotiation, _ = in_session(table)
    _, _, rise = items(table, negotiation)
    before = snapshot(table.session)
    error = refused(propose, table, negotiation, Side.UNION, rise=None)
    assert services.item_label(rise) in text(error)
    assert snapshot(table.session) == before


def test_an_accepted_proposal_agrees_the_negotiation_and_makes_a_draft_standard(table):
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    accept(table, negotiation, proposal, Side.EMPLOYER)
    assert negotiation.status is Status.AGREED and negotiation.ended_on == TODAY
    assert proposal.status is SettlementStatus.ACCEPTED and proposal.accepted_on == TODAY
    standard = table.session.get(SectorStandard, negotiation.standard_id)
    assert standard.status is StandardStatus.DRAFT
    assert standard.federation_id == table.federation.id
    assert (standard.effective_from, standard.effective_to) == (SETTLED_FROM, SETTLED_TO)
    assert {
        (i.kind, i.job_category): i.value for i in standards.items_of(table.session, standard)
    } == {
        (ItemKind.MONTHLY_PAY_FLOOR, "厨师长"): Decimal("3400"),
        (ItemKind.MONTHLY_PAY_FLOOR, "餐具清洗员"): Decimal("2650"),
        (ItemKind.ANNUAL_RISE, ""): Decimal("8"),
    }


@pytest.mark.parametrize(("who", "sees"), [("chair", True), ("rep", False), ("bureau", False)])
def test_the_agreed_draft_is_the_federations_alone(table, who, sees):
    """A draft standard is not in force: only its federation sees it until it is published."""
    negotiation, _ = in_session(table)
    accept(table, negotiation, propose(table, negotiation, Side.UNION), Side.EMPLOYER)
    standard = table.session.get(SectorStandard, negotiation.standard_id)
    viewer = table.viewer(getattr(table, who))
    region = table.session.get(Organization, viewer.org_id).region_code
    assert standards.can_view_standard(viewer, region, standard) is sees
    page = standards.visible_standards(table.session, viewer, region, page=1, per_page=50)
    assert (standard.id in [s.id for s in page.items]) is sees


def test_the_proposing_side_cannot_accept_its_own_proposal(table):
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    before = snapshot(table.session)
    error = refused(accept, table, negotiation, proposal, Side.UNION)
    assert error.status == 403
    assert snapshot(table.session) == before


def test_a_later_proposal_replaces_the_earlier_one(table):
    negotiation, _ = in_session(table)
    first = propose(table, negotiation, Side.UNION, chef="3600")
    second = propose(table, negotiation, Side.EMPLOYER, chef="3300")
    assert first.status is SettlementStatus.REPLACED
    assert services.settlement_of(table.session, negotiation).id == second.id
    before = snapshot(table.session)
    error = refused(accept, table, negotiation, first, Side.EMPLOYER)
    assert error.status == 409
    assert snapshot(table.session) == before

    accept(table, negotiation, second, Side.UNION)
    standard = table.session.get(SectorStandard, negotiation.standard_id)
    chef_value = next(
        i.value for i in standards.items_of(table.session, standard) if i.job_category == "厨师长"
    )
    assert chef_value == Decimal("3300")


def test_a_proposal_is_not_accepted_while_bargaining_is_suspended(table):
    """Agreement comes from a session in progress (the status graph: suspended → in session,
    failed or withdrawn only). Accepting during a suspension is refused with nothing kept: no
    draft standard, the proposal still open."""
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    hold(table, negotiation, held_on=date(2026, 3, 13), chair_side=Side.EMPLOYER, **SUSPENSION)
    before = snapshot(table.session)
    refused(accept, table, negotiation, proposal, Side.EMPLOYER)
    assert snapshot(table.session) == before


# --- the status graph --------------------------------------------------------------------------


def _answer(table, negotiation, record, proposal):
    answer(table, negotiation)


def _session(table, negotiation, record, proposal):
    hold(table, negotiation, held_on=date(2026, 3, 13), chair_side=Side.EMPLOYER)


def _offers(table, negotiation, record, proposal):
    chef, _, _ = items(table, negotiation)
    offer(table, negotiation, record, Side.UNION, {chef.id: "3600"})


def _representatives(table, negotiation, record, proposal):
    save_side(table, negotiation, Side.UNION, [extra(table, Side.UNION, 3)])


def _vacancy(table, negotiation, record, proposal):
    leaving = current(table, negotiation, Side.UNION)[-1]
    services.vacate(
        table.session,
        table.viewer(table.chair),
        negotiation,
        leaving,
        on=TODAY,
        reason="调离",
        today=TODAY,
    )


def _recorder(table, negotiation, record, proposal):
    name_recorder(table, negotiation, phone="13600000000")


def _settlement(table, negotiation, record, proposal):
    propose(table, negotiation, Side.EMPLOYER)


def _acceptance(table, negotiation, record, proposal):
    accept(table, negotiation, proposal, Side.EMPLOYER)


def _ending(table, negotiation, record, proposal):
    end(table, negotiation, Status.FAILED, side=Side.EMPLOYER)


@pytest.mark.parametrize("outcome", [Status.FAILED, Status.WITHDRAWN])
@pytest.mark.parametrize(
    "action",
    [
        _answer,
        _session,
        _offers,
        _representatives,
        _vacancy,
        _recorder,
        _settlement,
        _acceptance,
        _ending,
    ],
    ids=lambda action: action.__name__.strip("_"),
)
def test_an_ended_negotiation_cannot_be_changed_or_reopened(table, outcome, action):
    """Failure and withdrawal are final: nothing more is recorded, nothing reopens it."""
    negotiation, record = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    end(table, negotiation, outcome)
    before = snapshot(table.session)
    error = refused(action, table, negotiation, record, proposal)
    assert ended_message(outcome) in text(error)
    assert snapshot(table.session) == before
    assert negotiation.status is outcome


@pytest.mark.parametrize(
    ("side", "outcome"),
    [(Side.UNION, Status.WITHDRAWN), (Side.UNION, Status.FAILED), (Side.EMPLOYER, Status.FAILED)],
)
def test_a_negotiation_ends_with_its_date_and_reason(table, side, outcome):
    """The side that asked withdraws; either side records that bargaining failed."""
    negotiation, _ = in_session(table)
    end(table, negotiation, outcome, side=side, reason="双方分歧过大。")
    assert negotiation.status is outcome
    assert (negotiation.ended_on, negotiation.end_reason) == (TODAY, "双方分歧过大。")


def test_only_the_requesting_side_withdraws(table):
    negotiation = table.answered()  # the federation asked
    before = snapshot(table.session)
    error = refused(end, table, negotiation, Status.WITHDRAWN, side=Side.EMPLOYER)
    assert error.field == "outcome"
    assert snapshot(table.session) == before


def test_an_ending_needs_a_reason(table):
    negotiation = table.answered()
    before = snapshot(table.session)
    error = refused(end, table, negotiation, Status.FAILED, reason="  ")
    assert error.field == "reason"
    assert snapshot(table.session) == before


def test_an_agreed_negotiation_cannot_be_withdrawn(table):
    negotiation, _ = in_session(table)
    accept(table, negotiation, propose(table, negotiation, Side.UNION), Side.EMPLOYER)
    before = snapshot(table.session)
    error = refused(end, table, negotiation, Status.WITHDRAWN)
    assert ended_message(Status.AGREED) in text(error)
    assert snapshot(table.session) == before


# --- who sees and who starts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [("chair", True), ("rep", True), ("admin", True), ("bureau", False), ("stranger", False)],
)
def test_the_parties_and_administrators_list_the_negotiation(table, who, sees):
    negotiation = table.request()
    page = services.visible_negotiations(
        table.session, table.viewer(getattr(table, who)), page=1, per_page=50
    )
    assert (negotiation.id in [n.id for n in page.items]) is sees


def test_a_bureau_cannot_ask_to_bargain(table):
    before = snapshot(table.session)
    error = refused(
        services.start_negotiation,
        table.session,
        table.viewer(table.bureau),
        request_data(table.association),
        today=TODAY,
    )
    assert error.status == 403
    assert snapshot(table.session) == before


def test_the_association_asks_the_federation_it_faces(table):
    """The employers' side may make the written request; the union side is the federation."""
    negotiation = services.start_negotiation(
        table.session,
        table.viewer(table.rep),
        request_data(table.federation),
        today=TODAY,
    )
    assert (negotiation.union_org_id, negotiation.employer_org_id) == (
        table.federation.id,
        table.association.id,
    )
    assert (negotiation.requested_by, negotiation.status) == (Side.EMPLOYER, Status.REQUESTED)
    assert negotiation.sector_code == table.federation.sector_code


def test_the_same_parties_negotiate_a_topic_once_a_year(table):
    first = table.request()
    before = snapshot(table.session)
    error = refused(table.request)
    assert error.status == 409
    assert snapshot(table.session) == before

    assert table.request(year=2027).year == 2027
    end(table, first, Status.WITHDRAWN)
    assert table.request().status is Status.REQUESTED
