"""Reference figures: the local minimum wages and yearly wage guidelines in force where and
when, and the administrators' upkeep of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from concurrency import Record, claim_edit, version_of
from db import save_or_refuse
from errors import DomainError
from organizations.models import Region
from organizations.permissions import Viewer
from organizations.rules import region_ancestors
from pagination import Page, paginate
from standards.labels import REFERENCE_COLUMN_LABELS
from standards.models import MinimumWage, WageGuideline
from standards.permissions import can_keep_reference_figures

# What the columns of MinimumWage and WageGuideline hold (standards/models.py): a minimum wage is
# NUMERIC(10, 2) yuan, a guideline line NUMERIC(5, 2) percent; a figure they cannot hold exactly
# is refused rather than rounded, or overflowing, in the database.
LARGEST_MINIMUM_WAGE = Decimal("99999999.99")
FIGURE_PLACES = 2
FIRST_YEAR, LAST_YEAR = 1990, 2100  # the table's plausible_year check


def _places(figure: Decimal) -> int:
    exponent = figure.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _check_keeper(session: Session, viewer: Viewer, region_code: str) -> None:
    """Administrators keep the reference figures, for areas on record."""
    if not can_keep_reference_figures(viewer):
        raise DomainError(_l("Only an administrator may do this."), status=403)
    if session.get(Region, region_code) is None:
        raise DomainError(_l("Choose a region from the list."), field="region_code")


def _save_unique(session: Session, record: Any, same: Any, taken: DomainError) -> None:
    """Save a figure unless another has its area and date (or year), checked first and, against
    a parallel save, by the unique constraint."""
    # Without autoflush: the record's own changes must not reach the database before the check
    # (an edit onto a taken area and date would fail there, not here).
    with session.no_autoflush:
        clash = session.exec(same).first()
    if clash is not None:
        raise taken
    save_or_refuse(session, taken, record)


def minimum_wage_in_force(session: Session, region_code: str, on: date) -> MinimumWage | None:
    """The minimum wage in force in an area on a date: the most specific area that has one
    (a city's own before its province's), and of its rows the latest that has begun."""
    chain = region_ancestors(region_code)
    rows = session.exec(
        select(MinimumWage).where(
            col(MinimumWage.region_code).in_(chain), col(MinimumWage.effective_from) <= on
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
            col(WageGuideline.region_code).in_(chain), WageGuideline.year == year
        )
    ).all()
    by_region = {row.region_code: row for row in rows}
    return next((by_region[code] for code in chain if code in by_region), None)


# --- reference data: minimum wages -------------------------------------------------------------


@dataclass(frozen=True)
class MinimumWageData:
    region_code: str
    effective_from: date
    monthly: Decimal
    hourly: Decimal | None
    grade: str | None
    source: str | None


def _minimum_wage_listing() -> Any:
    return (
        select(MinimumWage, Region.full_name)
        .join(Region, col(Region.code) == MinimumWage.region_code)
        .order_by(col(MinimumWage.region_code), col(MinimumWage.effective_from).desc())
    )


def minimum_wages(session: Session, *, page: int, per_page: int) -> Page:
    return paginate(session, _minimum_wage_listing(), page=page, per_page=per_page)


def all_minimum_wages(session: Session) -> list[tuple[MinimumWage, str]]:
    """Every minimum wage on record with its area's full name, as the list orders them."""
    return [(record, name) for record, name in session.exec(_minimum_wage_listing())]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _figure_values(source: Any, data_class: Any) -> dict[str, str]:
    return {f.name: _shown(getattr(source, f.name)) for f in dataclass_fields(data_class)}


def _data_class(record: MinimumWage | WageGuideline) -> Any:
    return MinimumWageData if isinstance(record, MinimumWage) else GuidelineData


def reference_version(session: Session, record: MinimumWage | WageGuideline) -> str:
    """The version of a reference figure that its form is based on."""
    values = _figure_values(record, _data_class(record))
    return version_of(session, Record(record.__tablename__, str(record.id)), values)


def _claim_figure(
    session: Session,
    viewer: Viewer,
    record: MinimumWage | WageGuideline | None,
    data: Any,
    based_on: str | None,
) -> None:
    """A correction based on a figure someone else has saved since is refused with both."""
    if record is None:
        return
    labels = {
        f.name: REFERENCE_COLUMN_LABELS["region" if f.name == "region_code" else f.name]
        for f in dataclass_fields(data)
    }
    claim_edit(
        session,
        Record(record.__tablename__, str(record.id)),
        based_on,
        stored=lambda: _figure_values(record, type(data)),
        theirs=_figure_values(data, type(data)),
        labels=labels,
        actor_id=viewer.user_id,
    )


def save_minimum_wage(
    session: Session,
    viewer: Viewer,
    data: MinimumWageData,
    record: MinimumWage | None = None,
    *,
    based_on: str | None = None,
) -> MinimumWage:
    """Administrators keep the reference figures; one row per area and start date. A
    correction based on a figure someone else has saved since is refused (StaleEdit)."""
    _check_keeper(session, viewer, data.region_code)
    _claim_figure(session, viewer, record, data, based_on)
    for name, figure in (("monthly", data.monthly), ("hourly", data.hourly)):
        if figure is None:
            continue
        if figure <= 0:
            raise DomainError(_l("Enter a figure above zero."), field=name)
        if figure > LARGEST_MINIMUM_WAGE or _places(figure) > FIGURE_PLACES:
            raise DomainError(
                _l("Enter an amount in yuan below 100 million, with at most two decimal places."),
                field=name,
            )
    record = record or MinimumWage(
        region_code=data.region_code, effective_from=data.effective_from, monthly=data.monthly
    )
    record.region_code = data.region_code
    record.effective_from = data.effective_from
    record.monthly = data.monthly
    record.hourly = data.hourly
    record.grade = (data.grade or "").strip() or None
    record.source = (data.source or "").strip() or None
    taken = DomainError(
        _l("This area has a minimum wage from that date already."),
        field="effective_from",
        status=409,
    )
    same = select(MinimumWage.id).where(
        MinimumWage.region_code == data.region_code,
        MinimumWage.effective_from == data.effective_from,
        MinimumWage.id != (record.id or 0),
    )
    _save_unique(session, record, same, taken)
    return record


# --- reference data: wage guidelines -------------------------------------------------------------


@dataclass(frozen=True)
class GuidelineData:
    region_code: str
    year: int
    baseline: Decimal | None
    upper: Decimal | None
    lower: Decimal | None
    source: str | None


def _guideline_listing() -> Any:
    return (
        select(WageGuideline, Region.full_name)
        .join(Region, col(Region.code) == WageGuideline.region_code)
        .order_by(col(WageGuideline.year).desc(), col(WageGuideline.region_code))
    )


def wage_guidelines(session: Session, *, page: int, per_page: int) -> Page:
    return paginate(session, _guideline_listing(), page=page, per_page=per_page)


def all_wage_guidelines(session: Session) -> list[tuple[WageGuideline, str]]:
    """Every wage guideline on record with its area's full name, as the list orders them."""
    return [(record, name) for record, name in session.exec(_guideline_listing())]


def save_wage_guideline(
    session: Session,
    viewer: Viewer,
    data: GuidelineData,
    record: WageGuideline | None = None,
    *,
    based_on: str | None = None,
) -> WageGuideline:
    """A year's guideline for an area. Any line may be absent (some provinces publish a baseline
    only), but not all; where given, lower ≤ baseline ≤ upper. A correction based on a
    guideline someone else has saved since is refused (StaleEdit)."""
    _check_keeper(session, viewer, data.region_code)
    _claim_figure(session, viewer, record, data, based_on)
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        raise DomainError(
            _l("Enter a year from %(first)s to %(last)s.", first=FIRST_YEAR, last=LAST_YEAR),
            field="year",
        )
    lines = [data.lower, data.baseline, data.upper]
    if all(line is None for line in lines):
        raise DomainError(_l("Enter at least one line of the guideline."), field="baseline")
    given = [line for line in lines if line is not None]
    if given != sorted(given):
        raise DomainError(
            _l("The lines go from lower, to baseline, to upper: check their order."),
            field="baseline",
        )
    for name, line in (("lower", data.lower), ("baseline", data.baseline), ("upper", data.upper)):
        if line is not None and not Decimal(-100) <= line <= Decimal(100):
            raise DomainError(_l("A guideline line lies between -100 % and 100 %."), field=name)
        if line is not None and _places(line) > FIGURE_PLACES:
            raise DomainError(_l("A guideline line has at most two decimal places."), field=name)
    record = record or WageGuideline(region_code=data.region_code, year=data.year)
    record.region_code, record.year = data.region_code, data.year
    record.lower, record.baseline, record.upper = data.lower, data.baseline, data.upper
    record.source = (data.source or "").strip() or None
    taken = DomainError(
        _l("This area has a guideline for that year already."), field="year", status=409
    )
    same = select(WageGuideline.id).where(
        WageGuideline.region_code == data.region_code,
        WageGuideline.year == data.year,
        WageGuideline.id != (record.id or 0),
    )
    _save_unique(session, record, same, taken)
    return record


# --- reference data: many figures from one workbook ---------------------------------------------

FigureData = TypeVar("FigureData", MinimumWageData, GuidelineData)


@dataclass(frozen=True)
class RowRefusal:
    """A row of an imported workbook that a rule of the reference figures refused."""

    row: int
    error: DomainError


def save_rows(
    session: Session,
    viewer: Viewer,
    rows: Sequence[tuple[int, FigureData]],
    save: Callable[[Session, Viewer, FigureData], object],
) -> list[RowRefusal]:
    """Save the figures of a workbook's rows (row number, figure), each under the rules of one
    entered by hand — a figure already on record for its area and date (or year) included —
    and return every row refused. The caller commits only when none is: the import is one
    transaction, and a single refused row leaves nothing saved."""
    if not can_keep_reference_figures(viewer):
        raise DomainError(_l("Only an administrator may do this."), status=403)
    refusals: list[RowRefusal] = []
    for row, data in rows:
        try:
            save(session, viewer, data)
        except DomainError as error:
            refusals.append(RowRefusal(row, error))
    return refusals
