"""Each side's representatives (R1, R2), their vacancies, and the recorder (R3), through the
services: refused with the rule named and nothing kept, beside the case the law accepts."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bargaining import presenters, rules, services
from bargaining.models import (
    NegotiationStatus,
    Side,
)
from bargaining.services import seating
from tests.bargaining.conftest import TODAY
from tests.bargaining.helpers import (
    chief_saved_meanwhile,
    current,
    extra,
    hold,
    name_recorder,
    refused,
    save_side,
    snapshot,
    text,
)

Status = NegotiationStatus
ANSWERED_ON = date(2026, 3, 10)
SETTLED_FROM, SETTLED_TO = date(2026, 5, 1), date(2027, 4, 30)


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


def test_a_chief_saved_by_someone_else_meanwhile_is_refused_as_r1(table, monkeypatch):
    """Two people enter the side's first list at the same moment, each naming a chief: the one
    whose chief reaches the database second is refused with R1 (409), not a database error, and
    keeps nothing; the other's list stands and the transaction goes on."""
    negotiation = table.answered()
    chief_saved_meanwhile(monkeypatch, negotiation, Side.UNION, "抢先首席")
    error = refused(save_side, table, negotiation, Side.UNION, table.members(Side.UNION))
    assert (error.rule, error.status, error.field) == ("R1", 409, "members")
    assert text(error) == str(seating.CHIEF_TAKEN)
    saved = current(table, negotiation, Side.UNION)
    assert [(r.name, r.is_chief) for r in saved] == [("抢先首席", True)]
    assert negotiation.status is Status.ANSWERED


def test_passing_the_chief_on_while_someone_else_does_is_refused_as_r1(table, monkeypatch):
    """The chief passes from one existing representative to another while someone else passes
    it to a newcomer: refused with R1, the other's change stands, none of this one is kept."""
    negotiation = table.seated()
    rows = [
        services.MemberRow(r.id, r.name, r.affiliation, r.phone, r.name == "union1", False)
        for r in current(table, negotiation, Side.UNION)
    ]
    chief_saved_meanwhile(monkeypatch, negotiation, Side.UNION, "抢先首席")
    error = refused(save_side, table, negotiation, Side.UNION, rows)
    assert (error.rule, error.status) == ("R1", 409)
    table.session.expire_all()
    chiefs = [r.name for r in current(table, negotiation, Side.UNION) if r.is_chief]
    assert chiefs == ["抢先首席"]


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


def test_a_recorder_who_is_nobody_on_the_lists_is_named_by_both_sides(table):
    """R3: both sides name the recorder: one names them, the other agrees."""
    negotiation = both_sides_named(table)
    name_recorder(table, negotiation, jointly=False)
    assert (negotiation.recorder_name, negotiation.recorder_phone) == ("记录员", "13500000000")
    assert services.readiness_problems(table.session, negotiation) == [
        rules.Problem("R3", rules.Code.RECORDER_NOT_JOINT, {"waiting": "employer"})
    ]
    services.agree_to_recorder(table.session, table.viewer(table.rep), negotiation)
    assert services.readiness_problems(table.session, negotiation) == []


def test_another_recorder_needs_the_other_sides_agreement_again(table):
    negotiation = both_sides_named(table)
    name_recorder(table, negotiation)
    services.agree_to_recorder(table.session, table.viewer(table.rep), negotiation)
    services.name_recorder(
        table.session, table.viewer(table.rep), negotiation,
        name="新记录员", phone="13500001111", affiliation="",
    )  # fmt: skip
    assert negotiation.recorder_agreed_by == {Side.EMPLOYER}


def test_the_same_recorder_entered_by_the_other_side_is_their_agreement(table):
    negotiation = both_sides_named(table)
    name_recorder(table, negotiation, jointly=False)  # the union side: 13500000000
    services.name_recorder(
        table.session, table.viewer(table.rep), negotiation,
        name="记录员", phone="135 0000 0000", affiliation="区总工会",
    )  # fmt: skip
    assert negotiation.recorder_agreed_by == {Side.UNION, Side.EMPLOYER}


def test_no_agreement_before_a_recorder_is_named(table):
    negotiation = both_sides_named(table)
    before = snapshot(table.session)
    error = refused(services.agree_to_recorder, table.session, table.viewer(table.rep), negotiation)
    assert error.rule == "R3" and error.status == 409
    assert snapshot(table.session) == before


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
