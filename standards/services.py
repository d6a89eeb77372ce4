"""Standards use cases: which minimum wage and wage guideline apply where and when."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from organizations.rules import region_ancestors
from standards.models import MinimumWage, WageGuideline


def minimum_wage_in_force(session: Session, region_code: str, on: date) -> MinimumWage | None:
    """The minimum wage in force in an area on a date: the most specific area that has one
    (a city's own before its province's), and of its rows the latest that has begun."""
    chain = region_ancestors(region_code)
    rows = session.exec(
        select(MinimumWage).where(
            MinimumWage.region_code.in_(chain), MinimumWage.effective_from <= on
        )
    ).all()
    for code in chain:
        begun = [row for row in rows if row.region_code == code]
        if begun:
            return max(begun, key=lambda row: row.effective_from)
    return None


def wage_guideline_for(session: Session, region_code: str, year: int) -> WageGuideline | None:
    """The year's wage guideline of the most specific area that published one."""
    chain = region_ancestors(region_code)
    rows = session.exec(
        select(WageGuideline).where(
            WageGuideline.region_code.in_(chain), WageGuideline.year == year
        )
    ).all()
    by_region = {row.region_code: row for row in rows}
    return next((by_region[code] for code in chain if code in by_region), None)
