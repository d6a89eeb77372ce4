"""R14's wording: how far a pay item falls short of the minimum wage, in money and in percent."""

from datetime import date
from decimal import Decimal as D

import pytest
from flask_babel import force_locale

from standards.minimum_checks import below_minimum_text, shortfall_percent
from standards.rules import StandardTerm
from standards.vocabulary import Direction, ItemKind, Unit
from standards.wage_floor import MinimumWage, check_minimum_wage

GUANGZHOU = MinimumWage(monthly=D("2500"), hourly=D("23.7"))


def below(value: str, unit: Unit = Unit.YUAN_PER_MONTH, kind=ItemKind.MONTHLY_PAY_FLOOR):
    term = StandardTerm(kind, "服务员", D(value), unit, Direction.HIGHER_IS_BETTER)
    (check,) = check_minimum_wage([term], GUANGZHOU)
    return check


@pytest.mark.parametrize(
    ("gap", "minimum", "shown"),
    [
        ("1", "2500", "0.04"),  # the brief's example: 2,499 against 2,500
        ("100", "2500", "4.00"),
        ("2500", "2500", "100.00"),
        ("0.125", "2500", "0.01"),  # 0.005 % rounds half up
        ("0.01", "2500", "<0.01"),  # 0.0004 %: never "0.00"
        ("0", "2500", "0.00"),
    ],
)
def test_the_shortfall_in_percent_of_the_minimum(gap, minimum, shown):
    assert shortfall_percent(D(gap), D(minimum)) == shown


def test_2499_against_2500_reads_one_yuan_and_its_percentage(app):
    with app.test_request_context():
        text = below_minimum_text(below("2499"), date(2025, 3, 1))
    assert text == (
        "R14：月工资标准 · 服务员 为 2,499.00 元/月，"
        "比 2025-03-01 起执行的月最低工资标准 2,500.00 元/月低 1.00 元（0.04 %）。"
    )


def test_an_hour_rate_reads_its_shortfall_in_yuan_against_monthly_per_174(app):
    with app.test_request_context():
        text = below_minimum_text(
            below("13", Unit.YUAN_PER_HOUR, ItemKind.HOURLY_RATE), date(2025, 3, 1)
        )
    # 2,500 ÷ 174 = 14.3678…; 13 is 1.3678… short (rounded up to 1.37), 9.52 % of it
    assert "低 1.37 元（9.52 %）。" in text


def test_in_english_the_same_figures(app):
    with app.test_request_context(), force_locale("en"):
        text = below_minimum_text(below("2499"), date(2025, 3, 1))
    assert "is 1.00 元 (0.04 %) below the monthly minimum of 2,500.00 元/月" in text
