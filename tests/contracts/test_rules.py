"""The rules of an agreement's text: its term (R9) and the hash chain of its versions."""

import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.diff import WageRow
from contracts.rules import chain_hash, sha256, term_problem, wage_json, wage_rows, years_after

# --- R9: a term of one to three years, the end date its last day --------------------------------


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (date(2026, 1, 1), date(2026, 12, 30), "too_short"),  # a day short of a year
        (date(2026, 1, 1), date(2026, 12, 31), None),  # exactly one year
        (date(2026, 1, 1), date(2027, 6, 30), None),
        (date(2026, 1, 1), date(2028, 12, 31), None),  # exactly three years
        (date(2026, 1, 1), date(2029, 1, 1), "too_long"),  # a day more
        (date(2026, 5, 1), date(2027, 4, 30), None),
        (date(2026, 5, 1), date(2027, 3, 31), "too_short"),  # 11 months
        (date(2026, 5, 1), date(2029, 4, 30), None),
        (date(2026, 5, 1), date(2029, 5, 1), "too_long"),  # three years and a day
        (date(2026, 5, 1), date(2026, 5, 1), "too_short"),
    ],
)
def test_term_boundaries(start, end, problem):
    assert term_problem(start, end) == problem


def test_a_term_from_a_leap_day():
    """Rule as coded: the anniversary of 29 February in a common year is 28 February, and the
    term's last day is the day before the anniversary; so from 2028-02-29 one year ends no
    earlier than 2029-02-27 and three years no later than 2031-02-27."""
    start = date(2028, 2, 29)
    assert years_after(start, 1) == date(2029, 2, 28)
    assert years_after(start, 4) == date(2032, 2, 29)  # a leap year again: the same day
    assert term_problem(start, date(2029, 2, 26)) == "too_short"
    assert term_problem(start, date(2029, 2, 27)) is None
    assert term_problem(start, date(2029, 2, 28)) is None
    assert term_problem(start, date(2031, 2, 27)) is None
    assert term_problem(start, date(2031, 2, 28)) == "too_long"


def test_a_term_ending_on_a_leap_day():
    # From 2027-03-01 one year runs to 2028-02-29 (the day before 2028-03-01).
    assert term_problem(date(2027, 3, 1), date(2028, 2, 28)) == "too_short"
    assert term_problem(date(2027, 3, 1), date(2028, 2, 29)) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_one_and_three_years_are_the_inclusive_bounds(start):
    shortest = years_after(start, 1) - timedelta(days=1)
    longest = years_after(start, 3) - timedelta(days=1)
    assert term_problem(start, shortest) is None
    assert term_problem(start, shortest - timedelta(days=1)) == "too_short"
    assert term_problem(start, longest) is None
    assert term_problem(start, longest + timedelta(days=1)) == "too_long"
    assert 364 <= (shortest - start).days <= 365


# --- hashes --------------------------------------------------------------------------------------


def test_sha256_is_of_the_utf8_text():
    assert sha256("第一条") == hashlib.sha256("第一条".encode()).hexdigest()
    assert sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256("第一条\n") != sha256("第一条")


ROWS = [
    WageRow("monthly_pay_floor", "厨师长", Decimal("3400"), "yuan_per_month"),
    WageRow("annual_rise", "", Decimal("8"), "percent"),
]


def test_wage_json_is_compact_with_sorted_keys_and_readable_chinese():
    assert wage_json(ROWS[:1]) == (
        '[{"job_category":"厨师长","kind":"monthly_pay_floor","unit":"yuan_per_month",'
        '"value":"3400"}]'
    )
    assert wage_json([]) == "[]"


def test_the_same_amount_at_another_scale_is_the_same_table():
    """3400 and 3400.00 are one figure: the table's JSON (so its hash) must not depend on how
    many decimal places the amount happened to carry (the database returns Numeric(…, 2))."""
    scaled = [
        WageRow("monthly_pay_floor", "厨师长", Decimal("3400.00"), "yuan_per_month"),
        WageRow("annual_rise", "", Decimal("8.0"), "percent"),
    ]
    assert wage_json(scaled) == wage_json(ROWS)
    assert sha256(wage_json(scaled)) == sha256(wage_json(ROWS))


def test_a_different_amount_or_row_order_is_another_table():
    changed = [WageRow("monthly_pay_floor", "厨师长", Decimal("3400.5"), "yuan_per_month"), ROWS[1]]
    assert wage_json(changed) != wage_json(ROWS)
    assert wage_json(list(reversed(ROWS))) != wage_json(ROWS)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["monthly_pay_floor", "hourly_rate", "annual_rise"]),
            st.text(alphabet="厨师长服务员", max_size=5),
            st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False),
            st.sampled_from(["yuan_per_month", "yuan_per_hour", "percent"]),
        ),
        max_size=5,
    )
)
def test_the_wage_table_survives_its_json(rows):
    table = [WageRow(*row) for row in rows]
    assert wage_rows(wage_json(table)) == table
    assert wage_json(wage_rows(wage_json(table))) == wage_json(table)
    assert isinstance(json.loads(wage_json(table)), list)


def test_an_empty_stored_table_reads_as_no_rows():
    assert wage_rows("") == []
    assert wage_rows("[]") == []


def test_the_chain_hash_depends_on_every_input():
    text_sha, wage_sha = sha256("第一条 甲。\n"), sha256("[]")
    link = chain_hash(7, None, 1, text_sha, wage_sha)
    assert link == chain_hash(7, None, 1, text_sha, wage_sha)
    assert len(link) == 64
    others = {
        chain_hash(8, None, 1, text_sha, wage_sha),  # another agreement
        chain_hash(7, link, 1, text_sha, wage_sha),  # another previous link
        chain_hash(7, None, 2, text_sha, wage_sha),  # another number
        chain_hash(7, None, 1, sha256("第一条 乙。\n"), wage_sha),  # another text
        chain_hash(7, None, 1, text_sha, sha256(wage_json(ROWS))),  # another table
        chain_hash(7, "", 1, wage_sha, text_sha),  # text and table swapped
    }
    assert link not in others
    assert len(others) == 6


def test_the_first_link_has_no_previous():
    text_sha, wage_sha = sha256("甲"), sha256("[]")
    assert chain_hash(3, None, 1, text_sha, wage_sha) == chain_hash(3, "", 1, text_sha, wage_sha)
    assert chain_hash(3, None, 1, text_sha, wage_sha) == sha256(f"3\n\n1\n{text_sha}\n{wage_sha}\n")
