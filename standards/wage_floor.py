"""The minimum wage as a floor (R14): pay items against it, converting monthly and hourly pay at
174 hours a month (pure functions over Decimals).

Which minimum an hourly rate answers to is a matter of law, not of arithmetic. The monthly
minimum is for full-time work and the hourly one for part-time work (《最低工资规定》2004 第五条);
part-time pay by the hour may not fall below the local hourly minimum (劳动合同法 第七十二条).
A sector standard's hour rate (工时工价) prices the working time of its full-time workers, so it
is held against the monthly minimum turned into an hour, monthly ÷ 174 (劳社部发〔2008〕3号:
21.75 paid days × 8 hours); a part-time hourly rate (非全日制小时工资) is held against the
published hourly minimum, or monthly ÷ 174 where the area publishes none. The part-time figure
also carries the social insurance a part-time worker pays alone, so it is well above monthly ÷
174 (Guangzhou 2025: 23.70 against 14.37): holding every hour rate to it would refuse lawful
full-time rates. An hour rate below it is flagged, for it may not be paid for part-time work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from enum import StrEnum
from typing import Protocol

from standards.vocabulary import KIND_RULES, ItemKind, Unit

# 劳社部发〔2008〕3号《关于职工全年月平均工作时间和工资折算问题的通知》: a month has
# (365 − 104) ÷ 12 = 21.75 paid days (月计薪天数) and hourly pay is monthly pay ÷ (21.75 × 8).
# Every monthly ↔ hourly conversion rests on this assumption, so the screens show it.
DAYS_PER_MONTH = Decimal("21.75")
HOURS_PER_DAY = Decimal("8")
HOURS_PER_MONTH = Decimal("174")

ZERO = Decimal("0")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")

_TRAPS = [InvalidOperation, DivisionByZero, Overflow]
# A quotient carries 28 significant digits, as Decimal's default context does.
QUOTIENT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=_TRAPS)
# A monthly figure made from an hourly one keeps 25 digits: three fewer than a quotient carries,
# which absorbs the division's error (under 0.87 of a unit in the 28th digit), so any monthly
# figure of up to 25 significant digits comes back unchanged from hourly and back.
_MONTHLY = Context(prec=25, rounding=ROUND_HALF_EVEN, traps=_TRAPS)
# A percentage is cut (not rounded) to 28 digits before it is rounded half up to 0.1: a cut
# value that reaches a half reaches it truly, so the two steps round as one exact one would.
PERCENT = Context(prec=28, rounding=ROUND_DOWN, traps=_TRAPS)
# Wide enough that sums, differences and products of stored figures are exact.
EXACT = Context(prec=60, rounding=ROUND_HALF_EVEN, traps=_TRAPS)


def monthly_to_hourly(monthly: Decimal) -> Decimal:
    """Monthly pay ÷ 174 (exact where it divides, else to 28 significant digits)."""
    return QUOTIENT.divide(monthly, HOURS_PER_MONTH)


def hourly_to_monthly(hourly: Decimal) -> Decimal:
    """Hourly pay × 174: exact for figures as people write them, and the inverse of
    `monthly_to_hourly` for any monthly figure of up to 25 significant digits."""
    return _MONTHLY.multiply(hourly, HOURS_PER_MONTH)


def money(amount: Decimal) -> Decimal:
    """An amount to the fen (0.01), half up: for showing, never for deciding."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=EXACT)


@dataclass(frozen=True, slots=True)
class MinimumWage:
    """The local minimum wage in force: monthly, and hourly for part-time work where the area
    publishes one."""

    monthly: Decimal
    hourly: Decimal | None = None

    @property
    def hourly_is_derived(self) -> bool:
        """No published hourly figure: part-time hourly pay too is held to monthly ÷ 174."""
        return self.hourly is None

    @property
    def full_time_hourly(self) -> Decimal:
        """The monthly minimum ÷ 174: what a full-time hour rate is held against."""
        return monthly_to_hourly(self.monthly)

    @property
    def part_time_hourly(self) -> Decimal:
        """The published hourly minimum for part-time work, or without one monthly ÷ 174."""
        return self.hourly if self.hourly is not None else self.full_time_hourly


class MinimumBasis(StrEnum):
    """Which minimum a pay item was held against (the screens say it in words)."""

    MONTHLY = "monthly"  # a monthly figure: the monthly minimum
    MONTHLY_PER_HOUR = "monthly_per_hour"  # an hour rate: the monthly minimum ÷ 174
    PART_TIME_HOURLY = "part_time_hourly"  # a part-time hourly rate: the published figure


@dataclass(frozen=True, slots=True)
class MinimumWageCheck:
    kind: ItemKind
    job_category: str | None
    value: Decimal
    unit: Unit
    monthly_equivalent: Decimal
    hourly_equivalent: Decimal
    minimum_in_unit: Decimal  # the minimum in the item's unit, per `basis`
    clears: bool
    shortfall: Decimal  # minimum − value in the item's own unit; 0 when it clears
    basis: MinimumBasis = MinimumBasis.MONTHLY
    # A full-time hour rate that clears monthly ÷ 174 but not the published part-time hourly
    # minimum: that minimum, for the warning that the rate may not be paid for part-time work.
    part_time_minimum: Decimal | None = None


class PayItem(Protocol):
    """A term or a standard item, as far as the minimum wage is concerned."""

    @property
    def kind(self) -> ItemKind: ...
    @property
    def job_category(self) -> str | None: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def unit(self) -> Unit: ...


@dataclass(frozen=True, slots=True)
class ApplicableMinimum:
    """The minimum a pay item is held against, in the item's unit, and which one it is."""

    amount: Decimal
    basis: MinimumBasis


def applicable_minimum(
    kind: ItemKind, unit: Unit, minimum_wage: MinimumWage
) -> ApplicableMinimum | None:
    """The minimum an item of this kind in this unit is held against (see the module's
    docstring): a monthly figure the monthly minimum; a part-time hourly rate the published
    hourly minimum; any other hour rate (工时工价), and a part-time one where the area publishes
    no hourly figure, the monthly minimum ÷ 174. None for what is not held against it: piece
    rates, allowances, quotas, hours, rises."""
    if not KIND_RULES[kind].counts_for_minimum_wage:
        return None
    if unit == Unit.YUAN_PER_MONTH:
        return ApplicableMinimum(minimum_wage.monthly, MinimumBasis.MONTHLY)
    if unit != Unit.YUAN_PER_HOUR:
        return None
    if kind == ItemKind.PART_TIME_HOURLY_RATE and minimum_wage.hourly is not None:
        return ApplicableMinimum(minimum_wage.hourly, MinimumBasis.PART_TIME_HOURLY)
    return ApplicableMinimum(minimum_wage.full_time_hourly, MinimumBasis.MONTHLY_PER_HOUR)


def check_minimum_wage(
    items: Iterable[PayItem], minimum_wage: MinimumWage
) -> list[MinimumWageCheck]:
    """Each pay item (a monthly floor, an hour rate or a part-time hourly rate; not piece rates
    or allowances) against the minimum that applies to it (`applicable_minimum`). An item in a
    unit its kind does not allow is left to `standards.validation.item_problems`."""
    checks: list[MinimumWageCheck] = []
    for item in items:
        applicable = applicable_minimum(item.kind, item.unit, minimum_wage)
        if applicable is None:
            continue
        value, minimum, basis = item.value, applicable.amount, applicable.basis
        part_time_minimum = None
        if basis == MinimumBasis.MONTHLY:
            monthly, hourly = value, monthly_to_hourly(value)
            clears = value >= minimum
        elif basis == MinimumBasis.PART_TIME_HOURLY:
            monthly, hourly = hourly_to_monthly(value), value
            clears = value >= minimum
        else:
            monthly, hourly = hourly_to_monthly(value), value
            # exactly value ≥ monthly ÷ 174, without the quotient's rounding
            clears = EXACT.multiply(value, HOURS_PER_MONTH) >= minimum_wage.monthly
            if clears and minimum_wage.hourly is not None and value < minimum_wage.hourly:
                part_time_minimum = minimum_wage.hourly
        checks.append(
            MinimumWageCheck(
                kind=item.kind,
                job_category=item.job_category or None,
                value=value,
                unit=item.unit,
                monthly_equivalent=monthly,
                hourly_equivalent=hourly,
                minimum_in_unit=minimum,
                clears=clears,
                shortfall=ZERO if clears else EXACT.subtract(minimum, value),
                basis=basis,
                part_time_minimum=part_time_minimum,
            )
        )
    return checks


def standard_below_minimum(
    items: Iterable[PayItem], minimum_wage: MinimumWage
) -> list[MinimumWageCheck]:
    """R14: the pay items of a standard below the minimum wage, each with its shortfall. A
    standard with any is refused on save."""
    return [check for check in check_minimum_wage(items, minimum_wage) if not check.clears]
