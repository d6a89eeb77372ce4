"""The comparison engine: terms against a standard (R16), pay against the minimum wage (R14)."""

import math
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standards.rules import (
    DAYS_PER_MONTH,
    HOURS_PER_DAY,
    HOURS_PER_MONTH,
    MinimumBasis,
    MinimumWage,
    PreparedStandard,
    StandardTerm,
    Term,
    Verdict,
    applicable_minimum,
    check_minimum_wage,
    compare,
    hourly_to_monthly,
    money,
    monthly_to_hourly,
    standard_below_minimum,
    summarise,
)
from standards.validation import ItemProblem, ProblemCode, item_problems, parse_amount
from standards.vocabulary import KIND_RULES, Direction, ItemKind, Unit

K = ItemKind
U = Unit
HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER

# DOMAIN.md reference figures: Guangdong class 1 (Guangzhou) from 2025-03-01, Hebei class 1 from
# 2023-01-01.
GUANGZHOU = MinimumWage(monthly=D("2500"), hourly=D("23.7"))
HEBEI = MinimumWage(monthly=D("2200"), hourly=D("22"))
MONTHLY_ONLY = MinimumWage(monthly=D("1800"))


def std(kind, value, unit, category=None, direction=None):
    return StandardTerm(kind, category, D(value), unit, direction or KIND_RULES[kind].direction)


def term(kind, value, unit, category=None):
    return Term(kind, category, D(value), unit)


def one(standard_item, the_term, minimum_wage=None):
    """The single comparison of one term with a one-item standard."""
    result = compare([the_term], PreparedStandard.from_items([standard_item]), minimum_wage)
    assert len(result.items) == 1
    return result.items[0]


# --- vocabulary -------------------------------------------------------------------------------


def test_stored_values_are_stable():
    assert [k.value for k in ItemKind] == [
        "monthly_pay_floor",
        "hourly_rate",
        "part_time_hourly_rate",
        "piece_rate",
        "labour_quota",
        "weekly_hours",
        "annual_rise",
        "allowance",
    ]
    assert [u.value for u in Unit] == [
        "元/月",
        "元/小时",
        "元/件",
        "件/小时",
        "件/天",
        "小时/周",
        "%",
    ]
    assert [d.value for d in Direction] == ["higher_is_better", "lower_is_better"]
    assert [v.value for v in Verdict] == ["falls_short", "meets", "exceeds", "incomparable"]


def test_every_kind_has_a_rule():
    assert set(KIND_RULES) == set(ItemKind)
    assert {k for k, r in KIND_RULES.items() if r.direction is LOWER} == {
        K.LABOUR_QUOTA,
        K.WEEKLY_HOURS,
    }
    assert {k for k, r in KIND_RULES.items() if r.counts_for_minimum_wage} == {
        K.MONTHLY_PAY_FLOOR,
        K.HOURLY_RATE,
        K.PART_TIME_HOURLY_RATE,
    }
    assert {k: r.maximum for k, r in KIND_RULES.items() if r.maximum is not None} == {
        K.ANNUAL_RISE: D("100"),
        K.WEEKLY_HOURS: D("168"),
    }
    assert KIND_RULES[K.LABOUR_QUOTA].units == {U.PIECES_PER_HOUR, U.PIECES_PER_DAY}
    assert KIND_RULES[K.ALLOWANCE].units == {U.YUAN_PER_MONTH}


# --- monthly ↔ hourly at 21.75 days × 8 hours -------------------------------------------------


def test_a_month_is_21_75_days_of_8_hours():
    assert DAYS_PER_MONTH * HOURS_PER_DAY == HOURS_PER_MONTH == 174


@pytest.mark.parametrize(
    ("monthly", "hourly"),
    [("4123.8", "23.7"), ("3828", "22"), ("1740", "10"), ("0", "0"), ("17.4", "0.1")],
)
def test_conversion_where_it_divides_is_exact(monthly, hourly):
    assert monthly_to_hourly(D(monthly)) == D(hourly)
    assert hourly_to_monthly(D(hourly)) == D(monthly)


def test_a_monthly_figure_that_does_not_divide_carries_28_digits():
    hourly = monthly_to_hourly(D("2500"))
    assert hourly == D("14.36781609195402298850574713")
    assert money(hourly) == D("14.37")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [("14.365", "14.37"), ("14.364999", "14.36"), ("-0.005", "-0.01"), ("2500", "2500.00")],
)
def test_money_rounds_half_up_to_the_fen(amount, shown):
    assert str(money(D(amount))) == shown


@given(
    st.integers(min_value=0, max_value=10**25 - 1),
    st.integers(min_value=-12, max_value=8),
)
def test_monthly_to_hourly_and_back_is_exact(coefficient, exponent):
    monthly = D(coefficient).scaleb(exponent)
    assert hourly_to_monthly(monthly_to_hourly(monthly)) == monthly


@given(st.decimals(min_value=0, max_value=10**6, places=4))
def test_hourly_to_monthly_and_back_is_exact(hourly):
    assert monthly_to_hourly(hourly_to_monthly(hourly)) == hourly


# --- one term against one standard item: boundaries -------------------------------------------


@pytest.mark.parametrize(
    ("kind", "unit", "standard", "value", "verdict"),
    [
        (K.MONTHLY_PAY_FLOOR, U.YUAN_PER_MONTH, "2100", "2100", Verdict.MEETS),
        (K.MONTHLY_PAY_FLOOR, U.YUAN_PER_MONTH, "2100", "2100.00", Verdict.MEETS),
        (K.MONTHLY_PAY_FLOOR, U.YUAN_PER_MONTH, "2100", "2099.99", Verdict.FALLS_SHORT),
        (K.MONTHLY_PAY_FLOOR, U.YUAN_PER_MONTH, "2100", "2100.01", Verdict.EXCEEDS),
        (K.HOURLY_RATE, U.YUAN_PER_HOUR, "23.7", "23.69", Verdict.FALLS_SHORT),
        (K.PIECE_RATE, U.YUAN_PER_PIECE, "0.85", "0.85", Verdict.MEETS),
        (K.ANNUAL_RISE, U.PERCENT, "9", "8.9", Verdict.FALLS_SHORT),
        (K.ALLOWANCE, U.YUAN_PER_MONTH, "200", "250", Verdict.EXCEEDS),
        # lower is better: more hours or a higher quota asks more of workers
        (K.WEEKLY_HOURS, U.HOURS_PER_WEEK, "40", "40", Verdict.MEETS),
        (K.WEEKLY_HOURS, U.HOURS_PER_WEEK, "40", "41", Verdict.FALLS_SHORT),
        (K.WEEKLY_HOURS, U.HOURS_PER_WEEK, "40", "39", Verdict.EXCEEDS),
        (K.LABOUR_QUOTA, U.PIECES_PER_HOUR, "12", "12", Verdict.MEETS),
        (K.LABOUR_QUOTA, U.PIECES_PER_HOUR, "12", "12.01", Verdict.FALLS_SHORT),
        (K.LABOUR_QUOTA, U.PIECES_PER_DAY, "96", "90", Verdict.EXCEEDS),
    ],
)
def test_boundaries(kind, unit, standard, value, verdict):
    assert one(std(kind, standard, unit), term(kind, value, unit)).verdict is verdict


@pytest.mark.parametrize(
    ("standard", "value", "gap", "percent"),
    [
        ("2100", "2300", "200", "9.5"),  # 200 ÷ 2100 = 9.52 %
        ("2184", "1819", "-365", "-16.7"),  # Wuhan head chef, outer against central districts
        ("3500", "3700", "200", "5.7"),  # Beijing Guijie cooks, tier 1 against tier 2
        ("2100", "2100", "0", "0.0"),
        ("2000", "2001", "1", "0.1"),  # 0.05 % rounds half up
        ("2000", "1999", "-1", "-0.1"),
    ],
)
def test_gap_in_the_unit_and_in_percent(standard, value, gap, percent):
    result = one(
        std(K.MONTHLY_PAY_FLOOR, standard, U.YUAN_PER_MONTH),
        term(K.MONTHLY_PAY_FLOOR, value, U.YUAN_PER_MONTH),
    )
    assert result.gap == D(gap)
    assert str(result.gap_percent) == percent
    assert result.converted is False


def test_no_percent_against_a_standard_of_zero():
    result = one(std(K.ALLOWANCE, "0", U.YUAN_PER_MONTH), term(K.ALLOWANCE, "50", U.YUAN_PER_MONTH))
    assert result.verdict is Verdict.EXCEEDS
    assert result.gap == 50
    assert result.gap_percent is None


def test_a_lower_is_better_gap_keeps_its_sign():
    result = one(
        std(K.WEEKLY_HOURS, "40", U.HOURS_PER_WEEK), term(K.WEEKLY_HOURS, "44", U.HOURS_PER_WEEK)
    )
    assert result.verdict is Verdict.FALLS_SHORT
    assert (result.gap, result.gap_percent) == (D("4"), D("10.0"))


# --- monthly against hourly pay ---------------------------------------------------------------


def test_a_monthly_term_meets_an_hourly_standard_at_174_hours():
    result = one(
        std(K.HOURLY_RATE, "23.7", U.YUAN_PER_HOUR), term(K.HOURLY_RATE, "4123.8", U.YUAN_PER_MONTH)
    )
    assert (result.verdict, result.gap, result.converted) == (Verdict.MEETS, 0, True)


def test_a_monthly_term_one_fen_short_of_an_hourly_standard_falls_short():
    result = one(
        std(K.HOURLY_RATE, "23.7", U.YUAN_PER_HOUR),
        term(K.HOURLY_RATE, "4123.79", U.YUAN_PER_MONTH),
    )
    assert result.verdict is Verdict.FALLS_SHORT
    assert result.gap < 0  # −0.01 ÷ 174 元/小时
    assert money(result.gap) == 0


def test_the_gap_of_a_converted_term_is_in_the_standards_unit():
    # 4000 元/月 is 4000 ÷ 174 = 22.99 元/小时: 0.71 below 23.7, which is −3.0 %
    result = one(
        std(K.HOURLY_RATE, "23.7", U.YUAN_PER_HOUR), term(K.HOURLY_RATE, "4000", U.YUAN_PER_MONTH)
    )
    assert result.verdict is Verdict.FALLS_SHORT
    assert money(result.gap) == D("-0.71")
    assert result.gap_percent == D("-3.0")


@pytest.mark.parametrize(
    ("hourly", "verdict", "gap", "percent"),
    [
        ("14.37", Verdict.EXCEEDS, "0.38", "0.0"),  # 14.37 × 174 = 2500.38
        ("14.36", Verdict.FALLS_SHORT, "-1.36", "-0.1"),  # 14.36 × 174 = 2498.64
    ],
)
def test_an_hourly_term_against_a_monthly_standard(hourly, verdict, gap, percent):
    result = one(
        std(K.MONTHLY_PAY_FLOOR, "2500", U.YUAN_PER_MONTH),
        term(K.MONTHLY_PAY_FLOOR, hourly, U.YUAN_PER_HOUR),
    )
    assert (result.verdict, result.gap, result.gap_percent) == (verdict, D(gap), D(percent))
    assert result.converted is True


@pytest.mark.parametrize(
    ("standard_unit", "term_unit"),
    [(U.PIECES_PER_HOUR, U.PIECES_PER_DAY), (U.PIECES_PER_DAY, U.PIECES_PER_HOUR)],
)
def test_quotas_per_day_and_per_hour_are_incomparable(standard_unit, term_unit):
    result = one(std(K.LABOUR_QUOTA, "12", standard_unit), term(K.LABOUR_QUOTA, "96", term_unit))
    assert (result.verdict, result.gap, result.gap_percent) == (Verdict.INCOMPARABLE, None, None)


def test_an_incomparable_item_does_not_meet_the_standard():
    standard = PreparedStandard.from_items([std(K.LABOUR_QUOTA, "12", U.PIECES_PER_HOUR)])
    result = compare([term(K.LABOUR_QUOTA, "1", U.PIECES_PER_DAY)], standard)
    assert [i.verdict for i in result.incomparable] == [Verdict.INCOMPARABLE]
    assert result.meets_standard is False
    assert summarise([term(K.LABOUR_QUOTA, "1", U.PIECES_PER_DAY)], standard) == (0, 0, 0, 0)


# --- which term answers which item ------------------------------------------------------------

COOK_FLOOR = std(K.MONTHLY_PAY_FLOOR, "2184", U.YUAN_PER_MONTH, "厨师长")
WASHER_FLOOR = std(K.MONTHLY_PAY_FLOOR, "1196", U.YUAN_PER_MONTH, "餐具清洗员")
RISE = std(K.ANNUAL_RISE, "9", U.PERCENT)
HOURS = std(K.WEEKLY_HOURS, "40", U.HOURS_PER_WEEK)


def test_missing_and_extra():
    standard = PreparedStandard.from_items([COOK_FLOOR, WASHER_FLOOR, RISE, HOURS])
    cook = term(K.MONTHLY_PAY_FLOOR, "2300", U.YUAN_PER_MONTH, "厨师长")
    waiter = term(K.MONTHLY_PAY_FLOOR, "1500", U.YUAN_PER_MONTH, "服务员")
    piece = term(K.PIECE_RATE, "0.5", U.YUAN_PER_PIECE)
    rise = term(K.ANNUAL_RISE, "10", U.PERCENT)
    result = compare([waiter, rise, piece, cook], standard)
    assert [(i.standard, i.term, i.verdict) for i in result.items] == [
        (COOK_FLOOR, cook, Verdict.EXCEEDS),
        (RISE, rise, Verdict.EXCEEDS),
    ]
    assert result.missing == [WASHER_FLOOR, HOURS]
    assert result.extra == [waiter, piece]
    assert result.meets_standard is False
    assert summarise([waiter, rise, piece, cook], standard) == (0, 0, 2, 2)


def test_an_item_for_every_category_answers_terms_for_one():
    floor = std(K.MONTHLY_PAY_FLOOR, "2000", U.YUAN_PER_MONTH)
    standard = PreparedStandard.from_items([COOK_FLOOR, floor])
    cook = term(K.MONTHLY_PAY_FLOOR, "2184", U.YUAN_PER_MONTH, "厨师长")
    waiter = term(K.MONTHLY_PAY_FLOOR, "1999", U.YUAN_PER_MONTH, "服务员")
    result = compare([waiter, cook], standard)
    assert [(i.standard, i.term, i.verdict) for i in result.items] == [
        (COOK_FLOOR, cook, Verdict.MEETS),
        (floor, waiter, Verdict.FALLS_SHORT),
    ]
    assert (result.missing, result.extra) == ([], [])


def test_a_term_for_every_category_answers_the_categories_it_does_not_name():
    standard = PreparedStandard.from_items([COOK_FLOOR, WASHER_FLOOR])
    everyone = term(K.MONTHLY_PAY_FLOOR, "2000", U.YUAN_PER_MONTH)
    cook = term(K.MONTHLY_PAY_FLOOR, "2500", U.YUAN_PER_MONTH, "厨师长")
    result = compare([everyone, cook], standard)
    assert [(i.standard, i.term, i.verdict) for i in result.items] == [
        (COOK_FLOOR, cook, Verdict.EXCEEDS),
        (WASHER_FLOOR, everyone, Verdict.EXCEEDS),
    ]
    assert (result.missing, result.extra) == ([], [])
    # alone, it answers both, and falls short of the head chef's 2184
    alone = compare([everyone], standard)
    assert [i.verdict for i in alone.items] == [Verdict.FALLS_SHORT, Verdict.EXCEEDS]


def test_a_term_for_every_category_with_nothing_left_to_answer_is_extra():
    standard = PreparedStandard.from_items([COOK_FLOOR])
    everyone = term(K.MONTHLY_PAY_FLOOR, "2000", U.YUAN_PER_MONTH)
    cook = term(K.MONTHLY_PAY_FLOOR, "2500", U.YUAN_PER_MONTH, "厨师长")
    waiter = term(K.MONTHLY_PAY_FLOOR, "2100", U.YUAN_PER_MONTH, "服务员")
    result = compare([everyone, cook, waiter], standard)
    assert [i.term for i in result.items] == [cook]
    assert result.extra == [everyone, waiter]  # in the terms' order


def test_a_term_given_twice_is_compared_twice():
    standard = PreparedStandard.from_items([COOK_FLOOR])
    first = term(K.MONTHLY_PAY_FLOOR, "2000", U.YUAN_PER_MONTH)
    second = term(K.MONTHLY_PAY_FLOOR, "2200", U.YUAN_PER_MONTH, "")
    result = compare([first, second], standard)
    assert [(i.term, i.verdict) for i in result.items] == [
        (first, Verdict.FALLS_SHORT),
        (second, Verdict.EXCEEDS),
    ]
    assert result.extra == []
    assert summarise([first, second], standard) == (1, 0, 1, 0)


def test_an_empty_category_means_every_category():
    standard = PreparedStandard.from_items([std(K.ANNUAL_RISE, "9", U.PERCENT, category="")])
    result = compare([term(K.ANNUAL_RISE, "9", U.PERCENT, category=None)], standard)
    assert [i.verdict for i in result.items] == [Verdict.MEETS]
    assert result.meets_standard is True


def test_two_items_of_one_kind_and_category_are_refused():
    with pytest.raises(ValueError, match="annual_rise"):
        PreparedStandard.from_items(
            [std(K.ANNUAL_RISE, "9", U.PERCENT, None), std(K.ANNUAL_RISE, "8", U.PERCENT, "")]
        )


def test_the_assumption_travels_with_the_result():
    result = compare([], PreparedStandard.from_items([RISE]))
    assert result.hours_per_month == 174
    assert result.missing == [RISE]
    assert result.counts == dict.fromkeys(Verdict, 0)


def test_counts_per_verdict():
    standard = PreparedStandard.from_items([COOK_FLOOR, WASHER_FLOOR, RISE, HOURS])
    terms = [
        term(K.MONTHLY_PAY_FLOOR, "2000", U.YUAN_PER_MONTH, "厨师长"),
        term(K.MONTHLY_PAY_FLOOR, "1196", U.YUAN_PER_MONTH, "餐具清洗员"),
        term(K.ANNUAL_RISE, "12", U.PERCENT),
        term(K.WEEKLY_HOURS, "44", U.HOURS_PER_WEEK),
    ]
    result = compare(terms, standard)
    assert result.counts == {
        Verdict.FALLS_SHORT: 2,
        Verdict.MEETS: 1,
        Verdict.EXCEEDS: 1,
        Verdict.INCOMPARABLE: 0,
    }
    assert [i.standard for i in result.falls_short] == [COOK_FLOOR, HOURS]
    assert summarise(terms, standard) == (2, 1, 1, 0)


# --- the minimum wage (R14) -------------------------------------------------------------------


def check(item, minimum_wage):
    checks = check_minimum_wage([item], minimum_wage)
    assert len(checks) == 1
    return checks[0]


PART_TIME = K.PART_TIME_HOURLY_RATE


@pytest.mark.parametrize(
    ("kind", "value", "unit", "minimum_wage", "clears", "shortfall"),
    [
        (K.MONTHLY_PAY_FLOOR, "2500", U.YUAN_PER_MONTH, GUANGZHOU, True, "0"),
        (K.MONTHLY_PAY_FLOOR, "2499.99", U.YUAN_PER_MONTH, GUANGZHOU, False, "0.01"),
        (PART_TIME, "23.7", U.YUAN_PER_HOUR, GUANGZHOU, True, "0"),
        (PART_TIME, "23.69", U.YUAN_PER_HOUR, GUANGZHOU, False, "0.01"),
        (K.MONTHLY_PAY_FLOOR, "2200", U.YUAN_PER_MONTH, HEBEI, True, "0"),
        (PART_TIME, "21.99", U.YUAN_PER_HOUR, HEBEI, False, "0.01"),
        (PART_TIME, "20", U.YUAN_PER_HOUR, GUANGZHOU, False, "3.7"),
        # A full-time hour rate (工时工价) answers to the monthly minimum ÷ 174, not to the
        # part-time hourly figure: 2500 ÷ 174 = 14.3678…, 2200 ÷ 174 = 12.6436…
        (K.HOURLY_RATE, "20", U.YUAN_PER_HOUR, GUANGZHOU, True, "0"),
        (K.HOURLY_RATE, "14.37", U.YUAN_PER_HOUR, GUANGZHOU, True, "0"),
        (
            K.HOURLY_RATE,
            "14.36",
            U.YUAN_PER_HOUR,
            GUANGZHOU,
            False,
            monthly_to_hourly(D("2500")) - D("14.36"),
        ),
        (K.HOURLY_RATE, "12.65", U.YUAN_PER_HOUR, HEBEI, True, "0"),
        (
            K.HOURLY_RATE,
            "12.64",
            U.YUAN_PER_HOUR,
            HEBEI,
            False,
            monthly_to_hourly(D("2200")) - D("12.64"),
        ),
    ],
)
def test_pay_against_the_minimum_wage(kind, value, unit, minimum_wage, clears, shortfall):
    result = check(term(kind, value, unit), minimum_wage)
    assert (result.clears, result.shortfall) == (clears, D(shortfall))


@pytest.mark.parametrize(
    ("kind", "value", "basis", "minimum"),
    [
        (K.MONTHLY_PAY_FLOOR, "3000", MinimumBasis.MONTHLY, D("2500")),
        (K.HOURLY_RATE, "30", MinimumBasis.MONTHLY_PER_HOUR, monthly_to_hourly(D("2500"))),
        (PART_TIME, "30", MinimumBasis.PART_TIME_HOURLY, D("23.7")),
    ],
)
def test_each_check_says_which_minimum_it_was_held_against(kind, value, basis, minimum):
    unit = U.YUAN_PER_MONTH if kind == K.MONTHLY_PAY_FLOOR else U.YUAN_PER_HOUR
    result = check(term(kind, value, unit), GUANGZHOU)
    assert (result.basis, result.minimum_in_unit) == (basis, minimum)


@pytest.mark.parametrize(
    ("kind", "unit", "minimum_wage", "expected"),
    [
        (K.MONTHLY_PAY_FLOOR, U.YUAN_PER_MONTH, GUANGZHOU, (D("2500"), MinimumBasis.MONTHLY)),
        # 工时工价 prices full-time hours: monthly ÷ 174 (14.37), not the part-time 23.70
        (
            K.HOURLY_RATE,
            U.YUAN_PER_HOUR,
            GUANGZHOU,
            (monthly_to_hourly(D("2500")), MinimumBasis.MONTHLY_PER_HOUR),
        ),
        (PART_TIME, U.YUAN_PER_HOUR, GUANGZHOU, (D("23.7"), MinimumBasis.PART_TIME_HOURLY)),
        (
            PART_TIME,
            U.YUAN_PER_HOUR,
            MONTHLY_ONLY,
            (monthly_to_hourly(D("1800")), MinimumBasis.MONTHLY_PER_HOUR),
        ),
        (K.ALLOWANCE, U.YUAN_PER_MONTH, GUANGZHOU, None),
        (K.PIECE_RATE, U.YUAN_PER_PIECE, GUANGZHOU, None),
        (K.ANNUAL_RISE, U.PERCENT, GUANGZHOU, None),
    ],
)
def test_the_minimum_that_applies_to_an_item_whatever_its_value(kind, unit, minimum_wage, expected):
    found = applicable_minimum(kind, unit, minimum_wage)
    assert (None if found is None else (found.amount, found.basis)) == expected


def test_a_full_time_hour_rate_below_the_part_time_minimum_clears_with_a_warning():
    warned = check(term(K.HOURLY_RATE, "20", U.YUAN_PER_HOUR, "厨师"), GUANGZHOU)
    assert warned.clears and warned.part_time_minimum == D("23.7")
    assert check(term(K.HOURLY_RATE, "23.7", U.YUAN_PER_HOUR), GUANGZHOU).part_time_minimum is None
    # no published part-time figure: nothing to warn of
    assert check(term(K.HOURLY_RATE, "20", U.YUAN_PER_HOUR), MONTHLY_ONLY).part_time_minimum is None
    # a part-time rate is simply held to the part-time figure, no warning besides
    part_time = check(term(PART_TIME, "20", U.YUAN_PER_HOUR), GUANGZHOU)
    assert not part_time.clears and part_time.part_time_minimum is None


def test_only_a_monthly_minimum_gives_an_hourly_one_of_monthly_over_174():
    # 1800 ÷ 174 = 10.3448…: 10.34 is below it, though both show as ¥10.34; 10.35 clears.
    for kind in (K.HOURLY_RATE, PART_TIME):
        below = check(term(kind, "10.34", U.YUAN_PER_HOUR), MONTHLY_ONLY)
        assert below.clears is False
        assert below.basis == MinimumBasis.MONTHLY_PER_HOUR
        assert below.minimum_in_unit == monthly_to_hourly(D("1800"))
        assert money(below.minimum_in_unit) == D("10.34")
        assert below.shortfall == monthly_to_hourly(D("1800")) - D("10.34")
        assert D("0.0048") < below.shortfall < D("0.0049")
        assert check(term(kind, "10.35", U.YUAN_PER_HOUR), MONTHLY_ONLY).clears is True
    assert MONTHLY_ONLY.hourly_is_derived and not GUANGZHOU.hourly_is_derived
    assert MONTHLY_ONLY.part_time_hourly == MONTHLY_ONLY.full_time_hourly
    assert GUANGZHOU.part_time_hourly == D("23.7")


def test_an_hourly_rate_exactly_at_monthly_over_174_clears():
    assert check(term(K.HOURLY_RATE, "10", U.YUAN_PER_HOUR), MinimumWage(D("1740"))).clears
    assert check(term(K.HOURLY_RATE, "10", U.YUAN_PER_HOUR), MinimumWage(D("1740"), D("12"))).clears


def test_a_check_shows_both_equivalents():
    monthly = check(term(K.MONTHLY_PAY_FLOOR, "2500", U.YUAN_PER_MONTH, "厨师"), GUANGZHOU)
    assert (monthly.monthly_equivalent, money(monthly.hourly_equivalent)) == (2500, D("14.37"))
    assert (monthly.minimum_in_unit, monthly.job_category) == (2500, "厨师")
    hourly = check(term(PART_TIME, "23.7", U.YUAN_PER_HOUR), GUANGZHOU)
    assert (hourly.monthly_equivalent, hourly.hourly_equivalent) == (D("4123.8"), D("23.7"))
    assert hourly.minimum_in_unit == D("23.7")


@pytest.mark.parametrize(
    ("kind", "unit"),
    [(K.PIECE_RATE, U.YUAN_PER_PIECE), (K.ALLOWANCE, U.YUAN_PER_MONTH)],
)
def test_piece_rates_and_allowances_are_never_checked(kind, unit):
    assert check_minimum_wage([term(kind, "1", unit)], GUANGZHOU) == []


def test_compare_checks_the_pay_terms_against_the_minimum_wage():
    standard = PreparedStandard.from_items([COOK_FLOOR, RISE])
    terms = [
        term(K.MONTHLY_PAY_FLOOR, "2400", U.YUAN_PER_MONTH, "厨师长"),
        term(K.ALLOWANCE, "100", U.YUAN_PER_MONTH),
        term(K.HOURLY_RATE, "25", U.YUAN_PER_HOUR, "兼职"),
    ]
    result = compare(terms, standard, GUANGZHOU)
    assert [(c.job_category, c.clears) for c in result.minimum_wage] == [
        ("厨师长", False),
        ("兼职", True),
    ]
    assert [c.shortfall for c in result.below_minimum_wage] == [D("100")]
    assert result.clears_minimum_wage is False
    assert compare(terms, standard).minimum_wage == []


def test_a_standard_below_the_minimum_wage_names_each_item_and_its_gap():
    items = [
        std(K.MONTHLY_PAY_FLOOR, "2600", U.YUAN_PER_MONTH, "厨师长"),
        std(K.MONTHLY_PAY_FLOOR, "2400", U.YUAN_PER_MONTH, "餐具清洗员"),
        std(PART_TIME, "20", U.YUAN_PER_HOUR, "兼职"),
        std(K.HOURLY_RATE, "14", U.YUAN_PER_HOUR, "帮厨"),
        std(K.HOURLY_RATE, "20", U.YUAN_PER_HOUR, "厨师"),
        std(K.PIECE_RATE, "0.1", U.YUAN_PER_PIECE),
        std(K.ALLOWANCE, "10", U.YUAN_PER_MONTH),
    ]
    assert [
        (c.kind, c.job_category, c.shortfall, c.unit)
        for c in standard_below_minimum(items, GUANGZHOU)
    ] == [
        (K.MONTHLY_PAY_FLOOR, "餐具清洗员", D("100"), U.YUAN_PER_MONTH),
        (PART_TIME, "兼职", D("3.7"), U.YUAN_PER_HOUR),
        (K.HOURLY_RATE, "帮厨", monthly_to_hourly(D("2500")) - 14, U.YUAN_PER_HOUR),
    ]
    assert standard_below_minimum(items[:1], GUANGZHOU) == []


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "unit", "direction", "value", "problems"),
    [
        (K.ANNUAL_RISE, "%", HIGHER, "150", [("value", "above_maximum")]),
        (K.ANNUAL_RISE, "%", HIGHER, "100", []),
        (K.WEEKLY_HOURS, "小时/周", LOWER, "168.5", [("value", "above_maximum")]),
        (K.WEEKLY_HOURS, "小时/周", LOWER, "168", []),
        (K.HOURLY_RATE, "元/月", HIGHER, "23.7", [("unit", "unit_not_for_kind")]),
        (K.HOURLY_RATE, "元/年", HIGHER, "23.7", [("unit", "unit_not_for_kind")]),
        (K.LABOUR_QUOTA, "件/小时", "higher_is_better", "12", [("direction", "wrong_direction")]),
        (K.WEEKLY_HOURS, U.HOURS_PER_WEEK, HIGHER, "40", [("direction", "wrong_direction")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", "sideways", "1", [("direction", "wrong_direction")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "abc", [("value", "not_a_number")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "1,000", [("value", "not_a_number")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "NaN", [("value", "not_a_number")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "sNaN", [("value", "not_a_number")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "Infinity", [("value", "not_a_number")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "-Infinity", [("value", "not_a_number")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, D("NaN"), [("value", "not_a_number")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "-1", [("value", "negative")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, D("-0.01"), [("value", "negative")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "0", []),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, " 2500.00 ", []),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, None, [("value", "missing")]),
        (K.MONTHLY_PAY_FLOOR, "元/月", HIGHER, "  ", [("value", "missing")]),
        (K.MONTHLY_PAY_FLOOR, "", None, "1", [("unit", "missing"), ("direction", "missing")]),
        (K.MONTHLY_PAY_FLOOR, None, "", "1", [("unit", "missing"), ("direction", "missing")]),
        (
            K.LABOUR_QUOTA,
            U.PERCENT,
            HIGHER,
            "-3",
            [
                ("value", "negative"),
                ("unit", "unit_not_for_kind"),
                ("direction", "wrong_direction"),
            ],
        ),
    ],
)
def test_item_problems(kind, unit, direction, value, problems):
    assert item_problems(kind, unit, direction, value) == [
        ItemProblem(field, ProblemCode(code)) for field, code in problems
    ]


@pytest.mark.parametrize("kind", list(ItemKind))
def test_every_allowed_unit_with_the_kinds_direction_is_fine(kind):
    rule = KIND_RULES[kind]
    for unit in rule.units:
        assert item_problems(kind, unit, rule.direction, D("0")) == []
        assert item_problems(kind, str(unit), str(rule.direction), "1") == []


def test_an_amount_is_never_a_float():
    assert parse_amount(12) == 12
    with pytest.raises(TypeError):
        parse_amount(12.5)


# --- properties over random standards and term sets -------------------------------------------

CATEGORIES = [None, "", "厨师长", "服务员", "餐具清洗员"]
PAY_UNITS = [U.YUAN_PER_MONTH, U.YUAN_PER_HOUR]
VALUES = st.one_of(
    st.sampled_from([D(v) for v in ("0", "10", "12", "23.7", "40", "2100", "4123.8")]),
    st.decimals(min_value=0, max_value=5000, places=2),
)


@st.composite
def standard_items(draw):
    kind = draw(st.sampled_from(list(ItemKind)))
    rule = KIND_RULES[kind]
    unit = draw(st.sampled_from(sorted(rule.units)))
    return StandardTerm(kind, draw(st.sampled_from(CATEGORIES)), draw(VALUES), unit, rule.direction)


@st.composite
def terms(draw):
    kind = draw(st.sampled_from(list(ItemKind)))
    units = set(KIND_RULES[kind].units)
    if KIND_RULES[kind].counts_for_minimum_wage:
        units.update(PAY_UNITS)  # pay may be given monthly or hourly
    unit = draw(st.sampled_from(sorted(units)))
    return Term(kind, draw(st.sampled_from(CATEGORIES)), draw(VALUES), unit)


STANDARDS = st.lists(
    standard_items(), max_size=12, unique_by=lambda s: (s.kind, s.job_category or None)
)
TERM_SETS = st.lists(terms(), max_size=20)


@given(STANDARDS, TERM_SETS)
def test_summarise_agrees_with_compare(items, term_set):
    standard = PreparedStandard.from_items(items)
    result = compare(term_set, standard)
    counts = result.counts
    assert summarise(term_set, standard) == (
        counts[Verdict.FALLS_SHORT],
        counts[Verdict.MEETS],
        counts[Verdict.EXCEEDS],
        len(result.missing),
    )
    assert summarise(iter(term_set), standard) == summarise(term_set, standard)


@given(STANDARDS, TERM_SETS)
def test_every_item_is_answered_or_missing_and_every_term_answers_or_is_extra(items, term_set):
    result = compare(term_set, PreparedStandard.from_items(items))
    answered = [c.standard for c in result.items]
    assert {id(s) for s in answered}.isdisjoint(id(s) for s in result.missing)
    assert {id(s) for s in answered} | {id(s) for s in result.missing} == {id(s) for s in items}
    answering = {id(c.term) for c in result.items}
    assert answering.isdisjoint(id(t) for t in result.extra)
    assert answering | {id(t) for t in result.extra} == {id(t) for t in term_set}
    order = [items.index(s) for s in answered]
    assert order == sorted(order)


BY_SIGN = {-1: Verdict.FALLS_SHORT, 0: Verdict.MEETS, 1: Verdict.EXCEEDS}


@given(STANDARDS, TERM_SETS)
def test_the_verdict_follows_the_gap_and_the_direction(items, term_set):
    for c in compare(term_set, PreparedStandard.from_items(items)).items:
        if c.verdict is Verdict.INCOMPARABLE:
            assert c.gap is None and c.gap_percent is None
            continue
        if c.term.unit == c.standard.unit:
            assert c.gap == c.term.value - c.standard.value
        sign = (c.gap > 0) - (c.gap < 0)
        if c.standard.direction is LOWER:
            sign = -sign
        assert (
            c.verdict
            is {
                -1: Verdict.FALLS_SHORT,
                0: Verdict.MEETS,
                1: Verdict.EXCEEDS,
            }[sign]
        )


def exact_percent(gap, standard):
    """gap ÷ standard × 100, rounded half up to 0.1, worked in fractions."""
    tenths = Fraction(gap) * 1000 / Fraction(standard)
    rounded = math.floor(abs(tenths) + Fraction(1, 2))
    return D(rounded if tenths >= 0 else -rounded).scaleb(-1)


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=4),
    st.decimals(min_value=D("0.0001"), max_value=10**6, places=4),
)
def test_the_percentage_is_rounded_as_exact_arithmetic_would(gap, standard):
    result = one(
        std(K.ALLOWANCE, standard, U.YUAN_PER_MONTH),
        term(K.ALLOWANCE, standard + gap, U.YUAN_PER_MONTH),
    )
    assert result.gap_percent == exact_percent(gap, standard)


@given(STANDARDS, TERM_SETS)
def test_turning_every_direction_round_swaps_falling_short_and_exceeding(items, term_set):
    flipped = [
        StandardTerm(
            s.kind,
            s.job_category,
            s.value,
            s.unit,
            LOWER if s.direction is HIGHER else HIGHER,
        )
        for s in items
    ]
    short, meets, exceeds, missing = summarise(term_set, PreparedStandard.from_items(items))
    assert summarise(term_set, PreparedStandard.from_items(flipped)) == (
        exceeds,
        meets,
        short,
        missing,
    )
