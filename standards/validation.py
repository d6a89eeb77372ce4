"""Checking one standard item or term as entered: its figure, unit and direction (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from errors import DomainError
from spreadsheets.cells import finite_decimal
from standards.vocabulary import KIND_RULES, Direction, ItemKind, Unit


class ProblemCode(StrEnum):
    MISSING = "missing"
    NOT_A_NUMBER = "not_a_number"  # also NaN and Infinity
    NEGATIVE = "negative"
    ABOVE_MAXIMUM = "above_maximum"  # e.g. an annual rise over 100 %, over 168 hours a week
    UNIT_NOT_FOR_KIND = "unit_not_for_kind"
    WRONG_DIRECTION = "wrong_direction"
    TOO_PRECISE = "too_precise"  # more decimal places than are stored


# What the database stores: NUMERIC(14, 4).
LARGEST_VALUE = Decimal("9999999999.9999")
DECIMAL_PLACES = 4
JOB_CATEGORY_MAX_LENGTH = 50  # the column's width


@dataclass(frozen=True, slots=True)
class ItemProblem:
    field: str  # "value", "unit" or "direction"
    code: ProblemCode


def decimal_places(number: Decimal) -> int:
    """The places after the point as written (1.50 has two); 0 for NaN or an infinity."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def parse_amount(value: Decimal | str | int) -> Decimal | None:
    """A finite Decimal from a figure or from text as typed; None when it is not a number."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        return finite_decimal(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raise TypeError(f"an amount is a Decimal or text, not {type(value).__name__}")
    return number if number.is_finite() else None


def item_problems(
    kind: ItemKind,
    unit: Unit | str | None,
    direction: Direction | str | None,
    value: Decimal | str | None,
) -> list[ItemProblem]:
    """What is wrong with a standard item or a term as entered; empty when nothing is. Zero is
    a value like any other; a unit or direction its kind does not allow is a problem."""
    rule = KIND_RULES[kind]
    problems: list[ItemProblem] = []
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(ItemProblem("value", ProblemCode.MISSING))
    else:
        number = parse_amount(value)
        if number is None:
            problems.append(ItemProblem("value", ProblemCode.NOT_A_NUMBER))
        elif number < 0:
            problems.append(ItemProblem("value", ProblemCode.NEGATIVE))
        elif (rule.maximum is not None and number > rule.maximum) or number > LARGEST_VALUE:
            problems.append(ItemProblem("value", ProblemCode.ABOVE_MAXIMUM))
        elif decimal_places(number) > DECIMAL_PLACES:
            problems.append(ItemProblem("value", ProblemCode.TOO_PRECISE))
    if not unit:
        problems.append(ItemProblem("unit", ProblemCode.MISSING))
    elif unit not in rule.units:
        problems.append(ItemProblem("unit", ProblemCode.UNIT_NOT_FOR_KIND))
    if not direction:
        problems.append(ItemProblem("direction", ProblemCode.MISSING))
    elif direction != rule.direction:
        problems.append(ItemProblem("direction", ProblemCode.WRONG_DIRECTION))
    return problems


class ItemsRefused(DomainError):
    """A standard's or terms' items refused, each problem a sentence of its own (the page lists
    them one by one beside the workbook)."""

    def __init__(self, problems: list[str], *, rule: str | None = None) -> None:
        super().__init__(" ".join(problems), field="items", rule=rule)
        self.problems = problems
