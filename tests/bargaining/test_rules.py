"""The rules of bargaining (R4–R6): the status graph, the chair in turn, when a session may be
recorded, the answer, and the gap between the offers."""

from collections import deque
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargaining.models import NegotiationStatus, Side
from bargaining.rules import (
    FINAL,
    MEETING,
    TRANSITIONS,
    Code,
    Problem,
    answer_problems,
    can_move,
    next_chair_side,
    offer_gap,
    session_problems,
)
from tests.bargaining.helpers import RULE_OF, codes

S = NegotiationStatus
D = date.fromisoformat
UNION = Side.UNION
EMPLOYER = Side.EMPLOYER


# --- the status graph -------------------------------------------------------------------------

# DOMAIN.md: request ─► response ─► sessions ⇄ suspension ─► agreement; failure and withdrawal
# are possible from any open status; agreed, failed and withdrawn are final.
ALLOWED = {
    (S.REQUESTED, S.ANSWERED),
    (S.REQUESTED, S.FAILED),
    (S.REQUESTED, S.WITHDRAWN),
    (S.ANSWERED, S.IN_SESSION),
    (S.ANSWERED, S.FAILED),
    (S.ANSWERED, S.WITHDRAWN),
    (S.IN_SESSION, S.SUSPENDED),
    (S.IN_SESSION, S.AGREED),
    (S.IN_SESSION, S.FAILED),
    (S.IN_SESSION, S.WITHDRAWN),
    (S.SUSPENDED, S.IN_SESSION),
    (S.SUSPENDED, S.FAILED),
    (S.SUSPENDED, S.WITHDRAWN),
}


@pytest.mark.parametrize(("current", "target"), sorted(product(S, S)))
def test_can_move_allows_exactly_the_moves_of_the_graph(current, target):
    """Every one of the 49 pairs: allowed if and only if the graph has that arrow."""
    assert can_move(current, target) is ((current, target) in ALLOWED)


def test_every_status_has_its_onward_moves():
    """No status is missing from the table (can_move would raise a KeyError)."""
    assert set(TRANSITIONS) == set(S)


def test_final_statuses_are_agreed_failed_and_withdrawn():
    assert {S.AGREED, S.FAILED, S.WITHDRAWN} == FINAL


@pytest.mark.parametrize("final", [S.AGREED, S.FAILED, S.WITHDRAWN])
def test_a_final_status_has_no_way_out(final):
    """Agreed, failed and withdrawn negotiations stay so: a new request is a new negotiation."""
    assert TRANSITIONS[final] == frozenset()
    assert not any(can_move(final, target) for target in S)


@pytest.mark.parametrize("target", [S.REQUESTED, S.ANSWERED, S.IN_SESSION, S.SUSPENDED])
def test_a_failed_negotiation_cannot_be_reopened(target):
    assert not can_move(S.FAILED, target)


@pytest.mark.parametrize("current", [S.REQUESTED, S.ANSWERED, S.IN_SESSION, S.SUSPENDED])
def test_an_open_negotiation_can_always_fail_or_be_withdrawn(current):
    assert can_move(current, S.FAILED)
    assert can_move(current, S.WITHDRAWN)


@pytest.mark.parametrize("current", [S.REQUESTED, S.ANSWERED, S.SUSPENDED])
def test_only_a_negotiation_in_session_can_be_agreed(current):
    """Agreement comes out of a session, not straight from the request, answer or suspension."""
    assert not can_move(current, S.AGREED)


def test_sessions_follow_the_written_answer():
    """R4: no session before the other side has answered in writing."""
    assert not can_move(S.REQUESTED, S.IN_SESSION)
    assert not can_move(S.REQUESTED, S.SUSPENDED)
    assert can_move(S.ANSWERED, S.IN_SESSION)


def test_a_suspension_resumes_into_session_and_only_from_a_session():
    """R6: suspended from a session, then back in session."""
    assert can_move(S.IN_SESSION, S.SUSPENDED)
    assert can_move(S.SUSPENDED, S.IN_SESSION)
    assert not can_move(S.ANSWERED, S.SUSPENDED)


@pytest.mark.parametrize("status", list(S))
def test_no_status_moves_to_itself_or_back_to_requested(status):
    assert not can_move(status, status)
    assert not can_move(status, S.REQUESTED)


def test_every_status_is_reachable_from_the_request_and_every_open_one_can_end():
    """The graph has no dead corner: all statuses are reachable from 'requested', and from every
    open status a final one is reachable."""

    def reachable(start):
        seen, queue = {start}, deque([start])
        while queue:
            for onward in TRANSITIONS[queue.popleft()]:
                if onward not in seen:
                    seen.add(onward)
                    queue.append(onward)
        return seen

    assert reachable(S.REQUESTED) == set(S)
    for status in set(S) - FINAL:
        assert reachable(status) & FINAL


def test_the_sides_meet_after_the_answer_in_session_and_when_suspended():
    assert {S.ANSWERED, S.IN_SESSION, S.SUSPENDED} == MEETING
    assert not MEETING & FINAL
    assert S.REQUESTED not in MEETING


# --- next_chair_side (R5) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "requested_by", "expected"),
    [
        ([], UNION, UNION),  # the side that asked chairs the first session
        ([], EMPLOYER, EMPLOYER),
        ([UNION], UNION, EMPLOYER),
        ([EMPLOYER], EMPLOYER, UNION),
        ([UNION, EMPLOYER], UNION, UNION),
        ([EMPLOYER, UNION], EMPLOYER, EMPLOYER),
        ([UNION, EMPLOYER, UNION], UNION, EMPLOYER),
    ],
)
def test_the_chiefs_chair_in_turn(previous, requested_by, expected):
    """R5 (第34条): the first session is chaired by the requesting side, then in turn."""
    assert next_chair_side(previous, requested_by) is expected


@pytest.mark.parametrize("requested_by", [UNION, EMPLOYER])
def test_a_run_of_sessions_alternates_from_the_requesting_side(requested_by):
    chairs = []
    for _ in range(6):
        chairs.append(next_chair_side(chairs, requested_by))
    other = requested_by.other
    assert chairs == [requested_by, other, requested_by, other, requested_by, other]


def test_the_turn_follows_the_last_session_whoever_asked():
    """After the last session chaired by one side, the other side chairs."""
    assert next_chair_side([UNION, UNION], EMPLOYER) is EMPLOYER
    assert next_chair_side([EMPLOYER], UNION) is UNION


# --- session_problems (R4–R6) -----------------------------------------------------------------

RECEIVED = D("2025-03-03")
PREVIOUS = D("2025-04-01")
HELD = D("2025-04-10")
TODAY = D("2025-04-15")


def session(**overrides):
    values = {
        "status": S.IN_SESSION,
        "held_on": HELD,
        "today": TODAY,
        "request_received_on": RECEIVED,
        "previous_held_on": PREVIOUS,
        "chair_side": EMPLOYER,
        "expected_chair_side": EMPLOYER,
        "chair_attends": True,
        "suspended": False,
        "resume_on": None,
        "resume_place": None,
        "resume_topics": None,
    }
    values.update(overrides)
    return session_problems(**values)


def suspension(**overrides):
    values = {
        "suspended": True,
        "resume_on": HELD + timedelta(days=1),
        "resume_place": "市总工会 3 楼会议室",
        "resume_topics": "餐饮业厨师、服务员岗位工资标准",
    }
    values.update(overrides)
    return session(**values)


def test_a_regular_session_may_be_recorded():
    assert session() == []


def test_the_first_session_after_the_answer_may_be_recorded():
    assert session(status=S.ANSWERED, previous_held_on=None, held_on=D("2025-03-20")) == []


def test_a_session_resuming_a_suspension_may_be_recorded():
    assert session(status=S.SUSPENDED) == []


def test_no_session_before_the_written_answer():
    """R4: the sides meet only after the other side answered the request in writing."""
    assert session(status=S.REQUESTED, previous_held_on=None) == [Problem("R4", Code.NOT_ANSWERED)]


@pytest.mark.parametrize("status", [S.AGREED, S.FAILED, S.WITHDRAWN])
def test_no_session_in_a_closed_negotiation(status):
    assert session(status=status) == [Problem("R4", Code.CLOSED, {"status": status.value})]


def test_a_session_before_the_request_was_received_is_refused():
    """A session cannot precede the request that started the bargaining."""
    day_before = RECEIVED - timedelta(days=1)
    assert session(held_on=day_before, previous_held_on=None) == [
        Problem("R4", Code.BEFORE_REQUEST, {"date": "2025-03-03"})
    ]


def test_a_session_on_the_day_the_request_was_received_is_allowed():
    assert session(held_on=RECEIVED, previous_held_on=None) == []


def test_a_session_before_the_previous_one_is_refused():
    """Sessions are numbered in date order."""
    assert session(held_on=PREVIOUS - timedelta(days=1)) == [
        Problem("", Code.BEFORE_PREVIOUS, {"date": "2025-04-01"})
    ]


def test_two_sessions_on_the_same_day_are_allowed():
    assert session(held_on=PREVIOUS) == []


def test_a_session_in_the_future_is_refused():
    """A session is recorded once it has been held."""
    assert session(held_on=TODAY + timedelta(days=1)) == [
        Problem("", Code.IN_THE_FUTURE, {"date": "2025-04-15"})
    ]


def test_a_session_held_today_may_be_recorded():
    assert session(held_on=TODAY) == []


@pytest.mark.parametrize("expected", [UNION, EMPLOYER])
def test_the_chair_out_of_turn_is_refused(expected):
    """R5: the chiefs chair in turn; the message says whose turn it was."""
    assert session(chair_side=expected.other, expected_chair_side=expected) == [
        Problem("R5", Code.WRONG_CHAIR, {"chair": expected.value})
    ]


def test_the_chair_must_attend():
    assert session(chair_attends=False) == [Problem("R5", Code.CHAIR_ABSENT)]


def test_a_suspension_with_the_resumption_agreed_may_be_recorded():
    """R6: suspended by agreement, with the next date, place and topics; the day after is fine."""
    assert suspension() == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"resume_on": None},
        {"resume_on": HELD},  # resuming the same day is no suspension
        {"resume_on": HELD - timedelta(days=1)},
        {"resume_place": None},
        {"resume_place": ""},
        {"resume_place": "   "},
        {"resume_topics": None},
        {"resume_topics": ""},
        {"resume_topics": " \n\t"},
        {"resume_on": None, "resume_place": None, "resume_topics": None},
    ],
    ids=[
        "no-date",
        "same-day",
        "day-before",
        "no-place",
        "empty-place",
        "blank-place",
        "no-topics",
        "empty-topics",
        "blank-topics",
        "nothing",
    ],
)
def test_a_suspension_without_its_resumption_is_refused(overrides):
    """R6 (第35条): the period and the next time, place and topics are agreed and recorded."""
    assert suspension(**overrides) == [Problem("R6", Code.NO_RESUMPTION)]


def test_resumption_details_do_not_matter_when_not_suspending():
    assert session(resume_on=HELD, resume_place="", resume_topics=None) == []


def test_a_session_wrong_in_every_way_reports_everything_in_order():
    problems = session(
        status=S.REQUESTED,
        held_on=RECEIVED - timedelta(days=1),
        today=RECEIVED - timedelta(days=5),
        previous_held_on=RECEIVED,
        chair_side=UNION,
        expected_chair_side=EMPLOYER,
        chair_attends=False,
        suspended=True,
    )
    assert codes(problems) == [
        Code.NOT_ANSWERED,
        Code.BEFORE_REQUEST,
        Code.BEFORE_PREVIOUS,
        Code.IN_THE_FUTURE,
        Code.WRONG_CHAIR,
        Code.CHAIR_ABSENT,
        Code.NO_RESUMPTION,
    ]
    assert all(p.rule == RULE_OF[p.code] for p in problems)


# --- answer_problems (R4) ---------------------------------------------------------------------


@pytest.mark.parametrize("answered_on", ["2025-03-03", "2025-03-04", "2025-03-24", "2025-05-01"])
def test_an_answer_on_or_after_receipt_is_accepted(answered_on):
    """R4: the same day as the request is received is fine (a late answer is still an answer)."""
    assert answer_problems(S.REQUESTED, D(answered_on), RECEIVED) == []


def test_an_answer_before_the_request_was_received_is_refused():
    assert answer_problems(S.REQUESTED, RECEIVED - timedelta(days=1), RECEIVED) == [
        Problem("R4", Code.ANSWER_BEFORE_REQUEST, {"date": "2025-03-03"})
    ]


@pytest.mark.parametrize("status", [S.ANSWERED, S.IN_SESSION, S.SUSPENDED])
def test_a_request_is_answered_once(status):
    """Once answered, a negotiation takes no further answer."""
    assert answer_problems(status, RECEIVED, RECEIVED) == [Problem("R4", Code.ALREADY_ANSWERED)]


@pytest.mark.parametrize("status", [S.AGREED, S.FAILED, S.WITHDRAWN])
def test_an_ended_negotiation_takes_no_answer(status):
    assert answer_problems(status, RECEIVED, RECEIVED) == [
        Problem("R4", Code.CLOSED, {"status": status.value})
    ]


def test_a_second_answer_dated_too_early_reports_both():
    assert answer_problems(S.ANSWERED, RECEIVED - timedelta(days=1), RECEIVED) == [
        Problem("R4", Code.ALREADY_ANSWERED),
        Problem("R4", Code.ANSWER_BEFORE_REQUEST, {"date": "2025-03-03"}),
    ]


# --- offer_gap --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("union", "employer", "amount", "percent"),
    [
        ("2000", "2100", "100", "5.0"),  # the employers offer more than asked
        ("2000", "1900", "-100", "-5.0"),  # the usual case: the employers offer less
        ("2000", "2000", "0", "0.0"),
        ("3000", "3100", "100", "3.3"),  # 3.333…
        ("3000", "3200", "200", "6.7"),  # 6.666…
        ("3000", "2800", "-200", "-6.7"),
        ("2000", "2001", "1", "0.1"),  # 0.05: half up, not to even
        ("200", "200.50", "0.50", "0.3"),  # 0.25 → 0.3 (half to even would give 0.2)
        ("200", "199.50", "-0.50", "-0.3"),  # −0.25 → −0.3: half away from zero
        ("400", "400.10", "0.10", "0.0"),  # 0.025 → 0.0
        ("2000", "2000.99", "0.99", "0.0"),  # 0.0495 → 0.0
        ("23.7", "25", "1.3", "5.5"),  # Shenzhen hourly minimum: 5.485… → 5.5
        ("2184", "1819", "-365", "-16.7"),  # Wuhan head chef, central vs outer: −16.71…
        ("1196", "1303.64", "107.64", "9.0"),  # a 9 % rise
    ],
)
def test_the_gap_between_offers_in_amount_and_percent(union, employer, amount, percent):
    """The employers' offer minus the union's, and that as a percentage of the union's offer,
    rounded half up to one decimal place."""
    gap = offer_gap(Decimal(union), Decimal(employer))
    assert gap.amount == Decimal(amount)
    assert gap.percent == Decimal(percent)
    assert gap.percent.as_tuple().exponent == -1
    assert gap.closed is (Decimal(amount) == 0)


@pytest.mark.parametrize(("employer", "closed"), [("0", True), ("0.00", True), ("100", False)])
def test_no_percentage_when_the_union_offers_nothing(employer, closed):
    """A percentage of 0 is undefined: the gap is an amount only."""
    gap = offer_gap(Decimal("0"), Decimal(employer))
    assert gap.amount == Decimal(employer)
    assert gap.percent is None
    assert gap.closed is closed


@pytest.mark.parametrize(
    ("union", "employer", "closed"),
    [("2000", "2000.00", True), ("2000.00", "2000", True), ("2000", "2000.01", False)],
)
def test_the_gap_is_closed_only_when_the_offers_meet(union, employer, closed):
    assert offer_gap(Decimal(union), Decimal(employer)).closed is closed


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@given(money, st.one_of(money, st.just(Decimal("0"))))
def test_the_percentage_is_the_exact_ratio_rounded_half_up(union, employer):
    """For any two offers, the amount is exact and the percentage is the exact ratio rounded half
    away from zero to 0.1."""
    gap = offer_gap(union, employer)
    assert gap.amount == employer - union
    exact = Fraction(employer - union) * 100 / Fraction(union)
    tenths = abs(exact) * 10
    rounded = (tenths.numerator * 2 + tenths.denominator) // (tenths.denominator * 2)
    expected = Fraction(rounded if exact >= 0 else -rounded, 10)
    assert Fraction(gap.percent) == expected
    assert gap.closed is (employer == union)
