"""What a standard's pages show: its items as a table by job category, the pay floors its chart
draws, the annual rise of each version against the wage guideline (R17), its rows for export."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from standards.labels import DIRECTION_LABELS, KIND_LABELS
from standards.models import SectorStandard, StandardItem
from standards.reference import wage_guideline_for
from standards.services import history, items_of
from standards.vocabulary import ItemKind


@dataclass(frozen=True)
class CategoryRow:
    """A job category's line in the standard's table: one cell per item kind."""

    job_category: str
    cells: dict[ItemKind, StandardItem]


def table_by_category(items: list[StandardItem]) -> tuple[list[ItemKind], list[CategoryRow]]:
    """The standard as people read it: a row per job category (the all-categories items first),
    a column per kind that occurs, in the order of ItemKind."""
    rows: dict[str, dict[ItemKind, StandardItem]] = {}
    for item in items:
        rows.setdefault(item.job_category, {})[item.kind] = item
    kinds = [kind for kind in ItemKind if any(kind in cells for cells in rows.values())]
    ordered = sorted(rows.items(), key=lambda pair: (pair[0] != "", 0))
    return kinds, [CategoryRow(category, cells) for category, cells in ordered]


@dataclass(frozen=True)
class FloorRow:
    """A bar of the pay-floor chart, in the table beneath it: how far it is over the minimum."""

    job_category: str
    value: Decimal
    over_minimum: Decimal | None  # negative below it; None without a minimum on record


def floor_rows(floors: list[tuple[str, Decimal]], minimum: Decimal | None) -> list[FloorRow]:
    return [
        FloorRow(category, value, None if minimum is None else value - minimum)
        for category, value in floors
    ]


def pay_floors(items: list[StandardItem]) -> list[tuple[str, Decimal]]:
    """The monthly pay floor of each job category, in the standard's order (for the chart)."""
    return [
        (item.job_category, item.value)
        for item in items
        if item.kind == ItemKind.MONTHLY_PAY_FLOOR and item.job_category
    ]


def export_rows(
    session: Session, standard: SectorStandard
) -> tuple[list[tuple[str, str, Decimal, str, str, str | None]], list[str]]:
    """The standard's items as workbook rows, with the column headers, in the user's language
    (the import reads them back)."""
    headers = [
        str(label)
        for label in (
            _l("Job category"),
            _l("Item"),
            _l("Value"),
            _l("Unit"),
            _l("Direction"),
            _l("Note"),
        )
    ]
    rows = [
        (
            item.job_category,
            str(KIND_LABELS[item.kind]),
            item.value,
            item.unit.value,
            str(DIRECTION_LABELS[item.direction]),
            item.note,
        )
        for item in items_of(session, standard)
    ]
    return rows, headers


@dataclass(frozen=True)
class RiseYear:
    """One year of the standard's history: its agreed annual rise against that year's guideline."""

    year: int
    rise: Decimal | None
    lower: Decimal | None
    baseline: Decimal | None
    upper: Decimal | None


def rises_against_guidelines(session: Session, standard: SectorStandard) -> list[RiseYear]:
    """The annual rise of each version (by the year it began) beside the wage guideline of the
    area for that year (R17), oldest first."""
    rows: list[RiseYear] = []
    for version in reversed(history(session, standard)):
        rise = session.exec(
            select(col(StandardItem.value)).where(
                StandardItem.standard_id == version.id,
                StandardItem.kind == ItemKind.ANNUAL_RISE,
                StandardItem.job_category == "",
            )
        ).first()
        year = version.effective_from.year
        guideline = wage_guideline_for(session, standard.region_code, year)
        rows.append(
            RiseYear(
                year,
                rise,
                guideline.lower if guideline else None,
                guideline.baseline if guideline else None,
                guideline.upper if guideline else None,
            )
        )
    return rows
