"""The rules of bargaining (R1–R6): the status graph, each side's representatives, the recorder,
the chair in turn, when a session may be recorded, the answer and its deadline, the offer gap."""

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
    Member,
    Problem,
    answer_problems,
    can_move,
    next_chair_side,
    offer_gap,
    phone_key,
    recorder_problems,
    session_problems,
    side_problems,
    table_problems,
)

S = NegotiationStatus
D = date.fromisoformat
UNION = Side.UNION
EMPLOYER = Side.EMPLOYER

# The rule the UI shows next to each code ("" for a plain data check).
RULE_OF = {
    Code.TOO_FEW: "R1",
    Code.NO_CHIEF: "R1",
    Code.TWO_CHIEFS: "R1",
    Code.EXPERT_CHIEF: "R1",
    Code.TOO_MANY_EXPERTS: "R1",
    Code.UNEQUAL: "R1",
    Code.NAMED_TWICE: "",
    Code.BOTH_SIDES: "R2",
    Code.RECORDER_IS_REPRESENTATIVE: "R3",
    Code.NO_RECORDER: "R3",
    Code.NOT_ANSWERED: "R4",
    Code.ANSWER_BEFORE_REQUEST: "R4",
    Code.BEFORE_REQUEST: "R4",
    Code.BEFORE_PREVIOUS: "",
    Code.IN_THE_FUTURE: "",
    Code.WRONG_CHAIR: "R5",
    Code.CHAIR_ABSENT: "R5",
    Code.NO_RESUMPTION: "R6",
    Code.CLOSED: "R4",
}

RECORDER = "137 0000 9999"


def member(name, phone, *, chief=False, expert=False):
    return Member(name=name, phone=phone, is_chief=chief, is_expert=expert)


def side(prefix, size, *, experts=0, chiefs=1, expert_chief=False):
    """`size` representatives with distinct phones starting with `prefix` (3 digits): the first
    `chiefs` are chiefs, the last `experts` outside experts."""
    return [
        member(
            f"{prefix}-{i}",
            f"{prefix}0000{i:04d}",
            chief=i < chiefs,
            expert=i >= size - experts or (expert_chief and i == 0),
        )
        for i in range(size)
    ]


def union_side(size=3, **kwargs):
    return side("138", size, **kwargs)


def employer_side(size=3, **kwargs):
    return side("139", size, **kwargs)


def codes(problems):
    return [p.code for p in problems]


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


# --- phone_key (R2: a person is told apart by phone) ------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        " 138 - 0013 - 8000 ",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "+8613800138000",
        "86 138 0013 8000",
        "(+86) 138-0013-8000",
        "0086 138 0013 8000",  # the other international form of +86
        "１３８ ００１３ ８０００",  # typed with a Chinese IME in full-width mode
    ],
)
def test_phone_key_recognises_one_mobile_number_however_it_is_written(written):
    """Spaces, dashes, brackets and the country code do not make a different person."""
    assert phone_key(written) == "13800138000"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("13800138000", "13800138001"),  # one digit apart
        ("+1 138 0013 8000", "138 0013 8000"),  # another country's code is not dropped
        ("86 1380013800", "1380013800"),  # "86" is a country code only before 11 digits
    ],
)
def test_phone_key_keeps_different_numbers_apart(a, b):
    assert phone_key(a) != phone_key(b)


@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["", "+86", "+86 ", "+86-", "86", "86 ", "(+86) "]),
    st.lists(st.sampled_from(["", " ", "-", " - "]), min_size=2, max_size=2),
)
def test_phone_key_ignores_any_grouping_of_a_mobile_number(number, prefix, separators):
    """A mobile number grouped 3-4-4 with any separators and any +86 prefix has one key."""
    written = f"{prefix}{number[:3]}{separators[0]}{number[3:7]}{separators[1]}{number[7:]}"
    assert phone_key(written) == number


# --- side_problems (R1–R3 for one side's list) ------------------------------------------------


@pytest.mark.parametrize("size", [3, 4, 5, 6, 10])
def test_a_side_of_three_or_more_with_one_chief_is_valid(size):
    assert side_problems(union_side(size), employer_side(size), RECORDER) == []


@pytest.mark.parametrize("size", [0, 1, 2])
def test_fewer_than_three_representatives_is_too_few(size):
    """R1 (第19条): at least 3 on each side; 2 is one short."""
    members = union_side(size)
    problems = side_problems(members, employer_side(), RECORDER)
    assert Problem("R1", Code.TOO_FEW, {"count": size, "minimum": 3}) in problems


def test_two_representatives_with_a_chief_is_only_too_few():
    assert side_problems(union_side(2), employer_side(), RECORDER) == [
        Problem("R1", Code.TOO_FEW, {"count": 2, "minimum": 3})
    ]


def test_an_empty_side_is_too_few_and_has_no_chief():
    assert side_problems([], employer_side(), RECORDER) == [
        Problem("R1", Code.TOO_FEW, {"count": 0, "minimum": 3}),
        Problem("R1", Code.NO_CHIEF),
    ]


def test_a_side_without_a_chief():
    """R1: exactly one chief representative (首席代表) each; none is refused."""
    assert side_problems(union_side(3, chiefs=0), employer_side(), RECORDER) == [
        Problem("R1", Code.NO_CHIEF)
    ]


def test_a_side_with_two_chiefs_names_them():
    """R1: exactly one chief; two are refused and the message names both."""
    assert side_problems(union_side(4, chiefs=2), employer_side(4), RECORDER) == [
        Problem("R1", Code.TWO_CHIEFS, {"names": "138-0、138-1"})
    ]


def test_a_side_with_every_member_a_chief():
    problems = side_problems(union_side(3, chiefs=3), employer_side(), RECORDER)
    assert problems == [Problem("R1", Code.TWO_CHIEFS, {"names": "138-0、138-1、138-2"})]


def test_an_outside_expert_may_not_be_chief():
    """R1 (第23条): an outside expert is never a side's chief, even as the only chief."""
    members = union_side(3, expert_chief=True)
    assert side_problems(members, employer_side(), RECORDER) == [
        Problem("R1", Code.EXPERT_CHIEF, {"names": "138-0"})
    ]


def test_two_chiefs_one_an_expert_breaks_both_rules():
    members = [
        member("张首席", "13800000001", chief=True),
        member("李专家", "13800000002", chief=True, expert=True),
        member("王代表", "13800000003"),
    ]
    assert side_problems(members, employer_side(), RECORDER) == [
        Problem("R1", Code.TWO_CHIEFS, {"names": "张首席、李专家"}),
        Problem("R1", Code.EXPERT_CHIEF, {"names": "李专家"}),
    ]


@pytest.mark.parametrize(
    ("size", "experts", "allowed"),
    [
        (3, 0, True),
        (3, 1, True),  # exactly a third
        (3, 2, False),
        (4, 1, True),
        (4, 2, False),
        (5, 1, True),
        (5, 2, False),  # 2 of 5 is more than a third
        (6, 2, True),  # exactly a third
        (6, 3, False),  # half
        (9, 3, True),
        (9, 4, False),
    ],
)
def test_outside_experts_are_at_most_a_third_of_a_side(size, experts, allowed):
    """R1 (第23条): experts may be up to a third of the side, exactly a third included."""
    problems = side_problems(union_side(size, experts=experts), employer_side(size), RECORDER)
    expected = (
        []
        if allowed
        else [Problem("R1", Code.TOO_MANY_EXPERTS, {"experts": experts, "count": size})]
    )
    assert problems == expected


@given(st.integers(min_value=3, max_value=30), st.data())
def test_too_many_experts_exactly_when_more_than_a_third(size, data):
    """For any side of 3 to 30 and any number of (non-chief) experts, the rule holds exactly when
    experts ≤ size / 3."""
    experts = data.draw(st.integers(min_value=0, max_value=size - 1))
    problems = side_problems(union_side(size, experts=experts), employer_side(size), RECORDER)
    assert (Code.TOO_MANY_EXPERTS in codes(problems)) is (3 * experts > size)


def test_one_person_twice_on_a_side_is_found_by_phone():
    """The same phone written two ways on one list is one person named twice."""
    members = [
        member("张三", "138 0013 8000", chief=True),
        member("李四", "13700000001"),
        member("张三", "+86-138-0013-8000"),
    ]
    assert side_problems(members, employer_side(), RECORDER) == [
        Problem("", Code.NAMED_TWICE, {"names": "张三、张三"})
    ]


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "8613800138000",
        "１３８００１３８０００",  # full-width digits from a Chinese IME
    ],
)
def test_the_same_person_on_both_sides_is_found_by_phone_digits(written):
    """R2 (第24条): nobody represents both sides, however their phone is written on each list."""
    union = [*union_side(2), member("张三", written)]
    employer = [*employer_side(2), member("张三", "138 0013 8000")]
    assert side_problems(union, employer, RECORDER) == [
        Problem("R2", Code.BOTH_SIDES, {"names": "张三"})
    ]
    assert side_problems(employer, union, RECORDER) == [
        Problem("R2", Code.BOTH_SIDES, {"names": "张三"})
    ]


def test_both_sides_names_the_person_as_this_side_lists_them():
    """From each side the message names the person as that side wrote the name."""
    union = [*union_side(2), member("张三", "13800138000")]
    employer = [*employer_side(2), member("张 三", "138-0013-8000")]
    assert side_problems(union, employer, RECORDER) == [
        Problem("R2", Code.BOTH_SIDES, {"names": "张三"})
    ]
    assert side_problems(employer, union, RECORDER) == [
        Problem("R2", Code.BOTH_SIDES, {"names": "张 三"})
    ]


def test_namesakes_with_different_phones_are_different_people():
    """Two people called 张三 with different phones may sit on opposite sides."""
    union = [*union_side(2), member("张三", "13800138000")]
    employer = [*employer_side(2), member("张三", "13800138001")]
    assert side_problems(union, employer, RECORDER) == []


@pytest.mark.parametrize("recorder", ["13800000001", "138 0000 0001", "+86 138-0000-0001"])
def test_the_recorder_may_not_be_a_representative_of_the_side(recorder):
    """R3 (第33条): the recorder is not a representative, however the phone is written."""
    assert side_problems(union_side(), employer_side(), recorder) == [
        Problem("R3", Code.RECORDER_IS_REPRESENTATIVE, {"names": "138-1"})
    ]


@pytest.mark.parametrize("recorder", [None, ""])
def test_a_side_is_checked_before_the_recorder_is_named(recorder):
    """Without a recorder yet, a side's list is judged on its own (NO_RECORDER is the table's)."""
    assert side_problems(union_side(), employer_side(), recorder) == []


def test_a_side_breaking_every_rule_at_once():
    members = [
        member("甲", "13800000001", chief=True, expert=True),
        member("乙", "13800000001", chief=True, expert=True),
    ]
    problems = side_problems(members, [member("乙", "138-0000-0001")], "+86 13800000001")
    assert codes(problems) == [
        Code.TOO_FEW,
        Code.TWO_CHIEFS,
        Code.EXPERT_CHIEF,
        Code.TOO_MANY_EXPERTS,
        Code.NAMED_TWICE,
        Code.BOTH_SIDES,
        Code.RECORDER_IS_REPRESENTATIVE,
    ]
    assert all(p.rule == RULE_OF[p.code] for p in problems)


# --- recorder_problems (R3) -------------------------------------------------------------------


def test_a_recorder_who_is_no_representative_is_fine():
    assert recorder_problems(RECORDER, union_side(), employer_side()) == []


@pytest.mark.parametrize(
    ("phone", "name"),
    [
        ("13800000002", "138-2"),  # a union representative
        ("139 0000 0000", "139-0"),  # the employers' chief
        ("+86-139-0000-0001", "139-1"),
    ],
)
def test_a_recorder_who_is_a_representative_of_either_side_is_refused(phone, name):
    """R3: jointly named, and not a representative of either side."""
    assert recorder_problems(phone, union_side(), employer_side()) == [
        Problem("R3", Code.RECORDER_IS_REPRESENTATIVE, {"names": name})
    ]


def test_a_recorder_on_both_lists_is_named_once_per_listing():
    union = [*union_side(2), member("张三", "13800138000")]
    employer = [*employer_side(2), member("张三", "138 0013 8000")]
    assert recorder_problems("+86 138 0013 8000", union, employer) == [
        Problem("R3", Code.RECORDER_IS_REPRESENTATIVE, {"names": "张三、张三"})
    ]


# --- table_problems (R1–R3 for the two lists together) ----------------------------------------


@pytest.mark.parametrize("size", [3, 5, 6])
def test_two_equal_valid_sides_and_a_recorder_may_meet(size):
    assert table_problems(union_side(size), employer_side(size), RECORDER) == []


@pytest.mark.parametrize(("union", "employer"), [(3, 4), (4, 3), (5, 3), (3, 6)])
def test_sides_of_unequal_numbers_may_not_meet(union, employer):
    """R1 (第19条): both sides have the same number of representatives."""
    assert table_problems(union_side(union), employer_side(employer), RECORDER) == [
        Problem("R1", Code.UNEQUAL, {"union": union, "employer": employer})
    ]


@pytest.mark.parametrize("recorder", [None, ""])
def test_the_sides_may_not_meet_without_a_recorder(recorder):
    """R3: both sides jointly name one recorder."""
    assert table_problems(union_side(), employer_side(), recorder) == [
        Problem("R3", Code.NO_RECORDER)
    ]


def test_a_person_on_both_sides_is_reported_once():
    """Found from each side, the same person (by phone, named alike) is one R2 problem."""
    union = [*union_side(2), member("张三", "13800138000")]
    employer = [*employer_side(2), member("张三", "+86 138-0013-8000")]
    assert table_problems(union, employer, RECORDER) == [
        Problem("R2", Code.BOTH_SIDES, {"names": "张三", "side": "union"})
    ]


def test_a_recorder_who_is_a_representative_is_reported_once():
    assert table_problems(union_side(), employer_side(), "139-0000-0002") == [
        Problem("R3", Code.RECORDER_IS_REPRESENTATIVE, {"names": "139-2", "side": "employer"})
    ]


def test_two_against_two_is_too_few_but_not_unequal():
    problems = table_problems(union_side(2), employer_side(2), RECORDER)
    for side in ("union", "employer"):
        assert Problem("R1", Code.TOO_FEW, {"count": 2, "minimum": 3, "side": side}) in problems
    assert Code.UNEQUAL not in codes(problems)


def test_three_against_two_is_too_few_and_unequal():
    assert table_problems(union_side(3), employer_side(2), RECORDER) == [
        Problem("R1", Code.TOO_FEW, {"count": 2, "minimum": 3, "side": "employer"}),
        Problem("R1", Code.UNEQUAL, {"union": 3, "employer": 2}),
    ]


def test_an_empty_side_is_too_few_not_unequal():
    """Before the employers name anybody there is nothing to compare the numbers with."""
    problems = table_problems(union_side(), [], RECORDER)
    assert problems == [
        Problem("R1", Code.TOO_FEW, {"count": 0, "minimum": 3, "side": "employer"}),
        Problem("R1", Code.NO_CHIEF, {"side": "employer"}),
    ]


def test_problems_of_each_side_are_all_kept():
    """Different problems on the two sides are both reported, each naming its side."""
    union = union_side(3, chiefs=2)
    employer = employer_side(3, experts=2)
    problems = table_problems(union, employer, RECORDER)
    assert problems == [
        Problem("R1", Code.TWO_CHIEFS, {"names": "138-0、138-1", "side": "union"}),
        Problem("R1", Code.TOO_MANY_EXPERTS, {"experts": 2, "count": 3, "side": "employer"}),
    ]


@given(
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([None, "", RECORDER, "13800000000", "139 0000 0001"]),
)
def test_every_table_problem_carries_its_rule(union, employer, chiefs, experts, recorder):
    """The UI shows the rule id next to each message: each code always comes with its rule."""
    problems = table_problems(
        union_side(union, chiefs=chiefs, experts=min(experts, union)),
        employer_side(employer, chiefs=chiefs),
        recorder,
    )
    assert all(p.rule == RULE_OF[p.code] for p in problems)
    assert (Code.UNEQUAL in codes(problems)) is (0 < union != employer > 0)
    assert (Code.NO_RECORDER in codes(problems)) is (not recorder)


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
