"""The rules of bargaining for the representatives (R1–R3): a person told apart by phone, each
side's list, the recorder, and the two lists together."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargaining.models import NegotiationStatus, Side
from bargaining.rules import (
    Code,
    Problem,
    phone_key,
    recorder_problems,
    side_problems,
    table_problems,
)
from tests.bargaining.helpers import RECORDER, RULE_OF, codes, employer_side, member, union_side

S = NegotiationStatus
D = date.fromisoformat
UNION = Side.UNION
EMPLOYER = Side.EMPLOYER


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
