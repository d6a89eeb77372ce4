"""R14 against the minimum wages on record: every one in force during a standard's period, the
check that refuses a standard below any of them, and the words and figures the pages use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from organizations.rules import region_ancestors
from standards import rules
from standards.labels import KIND_LABELS, MINIMUM_BASIS_LABELS
from standards.models import MinimumWage, SectorStandard
from standards.reference import minimum_wage_in_force
from standards.validation import ItemsRefused


def minimum_wages_during(
    session: Session, region_code: str, start: date, end: date | None
) -> list[MinimumWage]:
    """Every minimum wage in force in the area at some time in [start, end]: the one at the start
    and each that begins later within the period (an open-ended period runs on)."""
    later = session.exec(
        select(col(MinimumWage.effective_from)).where(
            col(MinimumWage.region_code).in_(region_ancestors(region_code)),
            MinimumWage.effective_from > start,
            MinimumWage.effective_from <= (end or date.max),
        )
    )
    found: dict[int, MinimumWage] = {}
    for day in sorted({start, *later}):
        row = minimum_wage_in_force(session, region_code, day)
        if row is not None and row.id is not None:
            found[row.id] = row
    return sorted(found.values(), key=lambda row: row.effective_from)


class BelowMinimumWage(ItemsRefused):
    """R14: items below a minimum wage in force during the period. `problems` name each with its
    gap; `positions` are the places of those items in the terms checked, in the same order (a
    caller with a field per item puts the message beside the first)."""

    def __init__(self, problems: list[str], positions: list[int]) -> None:
        super().__init__(problems, rule="R14")
        self.positions = positions


def check_minimum_wage_during(
    session: Session,
    region_code: str,
    start: date,
    end: date | None,
    terms: Sequence[rules.StandardTerm],
) -> None:
    """R14: a standard's pay may not fall below the local minimum wage at any time in its period,
    including a rise that begins while it is in force. Every item below is named with its gap
    (BelowMinimumWage, an ItemsRefused)."""
    named: list[str] = []
    positions: list[int] = []
    for in_force in minimum_wages_during(session, region_code, start, end):
        minimum = rules.MinimumWage(monthly=in_force.monthly, hourly=in_force.hourly)
        for position, term in enumerate(terms):
            for check in rules.standard_below_minimum([term], minimum):
                named.append(below_minimum_text(check, in_force.effective_from))
                positions.append(position)
    if named:
        raise BelowMinimumWage(named, positions)


def below_minimum_text(check: rules.MinimumWageCheck, in_force_from: date) -> str:
    """A pay item below the minimum wage, as every R14 refusal words it: the item, its figure,
    how far short it falls in money and in percent of the minimum (2,499 against 2,500: 1.00 元,
    0.04 %), and of which minimum (the monthly one, monthly ÷ 174 for an hour rate, or the
    part-time hourly one; see `minimum_wording`) in force from which day."""
    return str(
        _l(
            "R14: %(item)s, %(value)s %(unit)s, is %(gap)s %(money)s (%(percent)s %%) below "
            "%(minimum)s in force from %(date)s.",
            item=f"{KIND_LABELS[check.kind]} · {check.job_category or ''}".rstrip(" ·"),
            value=figure(check.value),
            unit=check.unit.value,
            gap=shortfall(check.shortfall),
            money=check.unit.value.split("/")[0],  # 元/月 → 元: the shortfall is an amount
            percent=shortfall_percent(check.shortfall, check.minimum_in_unit),
            minimum=minimum_wording(check),
            date=in_force_from.isoformat(),
        )
    )


def minimum_wording(check: rules.MinimumWageCheck) -> str:
    """Which minimum an item was held against, with its figure: 'the monthly minimum of
    2,500.00 元/月', 'the monthly minimum ÷ 174 hours, 14.3678 元/小时' …"""
    wording = MINIMUM_BASIS_LABELS[check.basis]
    return str(wording) % {"minimum": f"{figure(check.minimum_in_unit)} {check.unit.value}"}


def figure(value: Decimal) -> str:
    """A stored figure as people read it: at least two decimal places, at most the four stored,
    with thousands separators (0.125 stays 0.125; 2500 is 2,500.00)."""
    shown = value.quantize(Decimal("0.0001"))
    text = f"{shown:,.4f}".rstrip("0")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def shortfall(value: Decimal) -> str:
    """A shortfall rounded up to the fen, so that anything below never reads as 0.00."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_CEILING):,.2f}"


def shortfall_percent(gap: Decimal, minimum: Decimal) -> str:
    """A shortfall in percent of the minimum, to two places (1 against 2,500 is 0.04); one too
    small to show at two places reads "<0.01", never 0.00."""
    if minimum <= 0:
        return "-"
    percent = (gap * 100 / minimum).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return "<0.01" if percent == 0 and gap > 0 else f"{percent:,.2f}"


@dataclass(frozen=True)
class MinimumWageShown:
    """The minimum wage a standard is held against, as its page shows it: the monthly figure,
    the hour it makes at 174 hours a month, and the part-time hourly figure (rounded to the fen
    for reading; the checks use the exact ones)."""

    record: MinimumWage
    full_time_hourly: Decimal
    part_time_hourly: Decimal
    hourly_is_derived: bool


def minimum_wage_for(session: Session, standard: SectorStandard) -> MinimumWageShown | None:
    found = minimum_wage_in_force(session, standard.region_code, standard.effective_from)
    if found is None:
        return None
    minimum = rules.MinimumWage(found.monthly, found.hourly)
    return MinimumWageShown(
        found,
        rules.money(minimum.full_time_hourly),
        rules.money(minimum.part_time_hourly),
        minimum.hourly_is_derived,
    )
