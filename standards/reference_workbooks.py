"""Local minimum wages and yearly wage guidelines (R14, R17) out of spreadsheets: the layout of
the workbook (its columns and what a header may call them) and an administrator's upload read
into figures to save. Pure: no Flask, no database; the table itself is read by
spreadsheets.reading, regions are looked up in the names the caller passes, and problems come
back as codes with the row and column they concern. standards.reference_export writes the same
layout."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from spreadsheets.cells import (
    Cell,
    cell_text,
    is_blank,
    read_date,
    read_figure,
    read_year,
)
from spreadsheets.reading import FileProblem, RowError, header_lookup, loose_key, read_table
from standards.reference import GuidelineData, MinimumWageData
from standards.validation import ProblemCode

# Mirror the text columns of MinimumWage and WageGuideline (standards/models.py); a test holds
# them equal.
GRADE_MAX_LENGTH = 20
SOURCE_MAX_LENGTH = 200

# Columns in the order the template and the export write them. Either region column names the
# area: the code or the name; the export writes both, and they must agree.
MINIMUM_WAGE_COLUMNS = (
    "region",
    "region_name",
    "grade",
    "monthly",
    "hourly",
    "effective_from",
    "source",
)
GUIDELINE_COLUMNS = ("region", "region_name", "year", "lower", "baseline", "upper", "source")
LINE_COLUMNS = ("lower", "baseline", "upper")

# What a header may call each column; the first name is the one the template writes. Case,
# spaces and a unit in brackets do not count: "月最低工资（元）" is 月最低工资.
REGION_NAMES: dict[str, tuple[str, ...]] = {
    "region": ("地区代码", "地区", "行政区划代码", "区划代码", "region", "region code", "area"),
    "region_name": ("地区名称", "region name", "area name"),
}
SOURCE_NAMES = ("来源", "依据", "文件", "source", "source document")
MINIMUM_WAGE_HEADERS: dict[str, tuple[str, ...]] = {
    **REGION_NAMES,
    "grade": ("档次", "类别", "级别", "class", "grade"),
    "monthly": (
        "月最低工资",
        "月最低工资标准",
        "月标准",
        "monthly",
        "monthly minimum",
        "monthly minimum wage",
    ),
    "hourly": (
        "小时最低工资",
        "小时最低工资标准",
        "非全日制小时最低工资",
        "小时标准",
        "hourly",
        "hourly minimum",
        "hourly minimum wage",
    ),
    "effective_from": (
        "执行日期",
        "生效日期",
        "实施日期",
        "effective from",
        "effective date",
        "in force from",
    ),
    "source": SOURCE_NAMES,
}
GUIDELINE_HEADERS: dict[str, tuple[str, ...]] = {
    **REGION_NAMES,
    "year": ("年度", "年份", "year"),
    "lower": ("下线", "lower", "lower line"),
    "baseline": ("基准线", "baseline"),
    "upper": ("上线", "预警线", "上线（预警线）", "upper", "upper line", "warning line"),
    "source": SOURCE_NAMES,
}

# The unit of each column's figures, in brackets after its name in the header the template and
# the export write (the reader passes over it).
_UNITS = {
    "monthly": "（元）",
    "hourly": "（元）",
    "lower": "（%）",
    "baseline": "（%）",
    "upper": "（%）",
}


def header_labels(headers: Mapping[str, Sequence[str]], order: Sequence[str]) -> list[str]:
    """The header the template and the export write: each column's first name, with the unit
    of its figures in brackets (which the reader passes over)."""
    return [headers[column][0] + _UNITS.get(column, "") for column in order]


class ReferenceCode(StrEnum):
    """Problems of a reference workbook besides those of the file (FileProblem) and of a
    figure (standards.validation.ProblemCode: missing, not_a_number, negative)."""

    MISSING_COLUMN = "missing_column"  # the header lacks a required column (`column`)
    NO_LINE_COLUMN = "no_line_column"  # a guideline header names none of its three lines
    UNKNOWN_REGION = "unknown_region"
    AMBIGUOUS_REGION = "ambiguous_region"  # a short name several regions share
    REGION_MISMATCH = "region_mismatch"  # the region name names another region than the code
    NOT_A_DATE = "not_a_date"
    NOT_A_YEAR = "not_a_year"
    TOO_LONG = "too_long"  # longer than its column holds
    DUPLICATE_ROW = "duplicate_row"  # the same region and date (or year) as `first_row`


ERROR_CODES: frozenset[str] = (
    frozenset(FileProblem)
    | frozenset(ReferenceCode)
    | frozenset({ProblemCode.MISSING, ProblemCode.NOT_A_NUMBER, ProblemCode.NEGATIVE})
)

Data = TypeVar("Data", MinimumWageData, GuidelineData)


@dataclass(frozen=True, slots=True)
class ParsedReference(Generic[Data]):
    """The figures of the rows without problems, by their row number as Excel shows it, and
    every problem found. Save nothing unless `errors` is empty."""

    rows: list[tuple[int, Data]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- regions -------------------------------------------------------------------------------

_AMBIGUOUS = ""


@dataclass(frozen=True)
class RegionNames:
    """The regions on record by what a sheet may call them: the GB/T 2260 code, the full name
    (广东省广州市) or the name alone (广州市) where no other region has it."""

    codes: Mapping[str, str]  # loose key → code, or _AMBIGUOUS

    @classmethod
    def of(cls, regions: Iterable[tuple[str, str, str]]) -> RegionNames:
        """From (code, name, full name) triples."""
        codes: dict[str, str] = {}
        regions = list(regions)
        for code, name, _full_name in regions:
            key = loose_key(name)
            codes[key] = _AMBIGUOUS if codes.get(key, code) != code else code
        for code, _name, full_name in regions:
            codes[loose_key(full_name)] = code
        for code, _name, _full_name in regions:
            codes[code] = code
        return cls(codes)

    def find(self, text: str) -> str | None:
        """The code of the region `text` names; "" when it names several, None when none."""
        return self.codes.get(loose_key(text))


# --- reading -------------------------------------------------------------------------------

_Problems = list[tuple[str, str]]  # (column, code) of one row


def read_minimum_wage_workbook(
    data: bytes, regions: RegionNames
) -> ParsedReference[MinimumWageData]:
    """Minimum wages from the first worksheet of an .xlsx: per row a region, optionally a class
    (档次), the monthly minimum, optionally the hourly one for part-time work, the date it takes
    effect and optionally its source. Never raises for what is in `data`."""
    return _read(
        data,
        MINIMUM_WAGE_HEADERS,
        MINIMUM_WAGE_COLUMNS,
        lambda cells, problems: _minimum_wage(cells, regions, problems),
        required=("monthly", "effective_from"),
    )


def read_guideline_workbook(data: bytes, regions: RegionNames) -> ParsedReference[GuidelineData]:
    """Wage guidelines from the first worksheet of an .xlsx: per row a region, a year and any
    of the lower line, baseline and upper (warning) line in percent, optionally a source.
    Never raises for what is in `data`."""
    return _read(
        data,
        GUIDELINE_HEADERS,
        GUIDELINE_COLUMNS,
        lambda cells, problems: _guideline(cells, regions, problems),
        required=("year",),
        one_of=LINE_COLUMNS,
    )


def _read(
    data: bytes,
    headers: Mapping[str, Sequence[str]],
    order: Sequence[str],
    check_row: Callable[[Mapping[str, Cell], _Problems], Data | None],
    *,
    required: Sequence[str],
    one_of: Sequence[str] = (),
) -> ParsedReference[Data]:
    """Every row checked; a row repeating the region and date (or year) of an earlier one is
    refused, naming that row."""
    if not data:
        return ParsedReference([], [RowError(None, None, FileProblem.EMPTY)])
    # The header is the first row naming two of the columns, so that one lacking a required
    # column is still found and what it lacks can be said.
    table = read_table(data, header_lookup(headers), lambda names: len(names) >= 2)
    if isinstance(table, FileProblem):
        return ParsedReference([], [RowError(None, None, table)])
    given = table.columns | ({"region"} if "region_name" in table.columns else set())
    missing = [
        RowError(None, column, ReferenceCode.MISSING_COLUMN)
        for column in ("region", *required)
        if column not in given
    ]
    if one_of and not given & set(one_of):
        missing.append(RowError(None, None, ReferenceCode.NO_LINE_COLUMN))
    if missing:
        return ParsedReference([], missing)

    rows: list[tuple[int, Data]] = []
    errors: list[RowError] = []
    first_rows: dict[tuple[str, object], int] = {}
    for number, cells in table.rows:
        problems: _Problems = []
        found = check_row(cells, problems)
        problems.sort(key=lambda problem: order.index(problem[0]))
        errors.extend(RowError(number, column, code) for column, code in problems)
        if found is None:
            continue
        when = found.effective_from if isinstance(found, MinimumWageData) else found.year
        first = first_rows.setdefault((found.region_code, when), number)
        if first != number:
            errors.append(RowError(number, None, ReferenceCode.DUPLICATE_ROW, first))
        elif not problems:
            rows.append((number, found))
    return ParsedReference(rows, errors)


def _minimum_wage(
    cells: Mapping[str, Cell], regions: RegionNames, problems: _Problems
) -> MinimumWageData | None:
    """The row's minimum wage, or None when its region, monthly figure or date is unreadable;
    its problems are added to `problems`."""
    region_code = _region(cells, regions, problems)
    grade = _label(cells, "grade", GRADE_MAX_LENGTH, problems)
    monthly = _amount(cells.get("monthly"), "monthly", problems, required=True)
    hourly = _amount(cells.get("hourly"), "hourly", problems, required=False)
    effective_from = _required(
        cells, "effective_from", read_date, ReferenceCode.NOT_A_DATE, problems
    )
    source = _label(cells, "source", SOURCE_MAX_LENGTH, problems)
    if region_code is None or monthly is None or effective_from is None:
        return None
    return MinimumWageData(region_code, effective_from, monthly, hourly, grade, source)


def _guideline(
    cells: Mapping[str, Cell], regions: RegionNames, problems: _Problems
) -> GuidelineData | None:
    region_code = _region(cells, regions, problems)
    year = _required(cells, "year", read_year, ReferenceCode.NOT_A_YEAR, problems)
    lower, baseline, upper = (_line(cells.get(name), name, problems) for name in LINE_COLUMNS)
    source = _label(cells, "source", SOURCE_MAX_LENGTH, problems)
    if region_code is None or year is None:
        return None
    return GuidelineData(region_code, year, baseline, upper, lower, source)


def _region(cells: Mapping[str, Cell], regions: RegionNames, problems: _Problems) -> str | None:
    """The region's code from the region column (a code or a name) or, without one, from the
    region name column. Where both are given and name different regions, the row is refused:
    one of them was changed without the other."""
    given, named = cell_text(cells.get("region")), cell_text(cells.get("region_name"))
    column, text = ("region", given) if given else ("region_name", named)
    if not text:
        problems.append(("region", ProblemCode.MISSING))
        return None
    code = regions.find(text)
    if code is None or code == _AMBIGUOUS:
        unknown = ReferenceCode.UNKNOWN_REGION if code is None else ReferenceCode.AMBIGUOUS_REGION
        problems.append((column, unknown))
        return None
    if given and named:
        other = regions.find(named)
        if other and other != code:
            problems.append(("region_name", ReferenceCode.REGION_MISMATCH))
            return None
    return code


def _label(
    cells: Mapping[str, Cell], column: str, max_length: int, problems: _Problems
) -> str | None:
    text = cell_text(cells.get(column))
    if len(text) > max_length:
        problems.append((column, ReferenceCode.TOO_LONG))
    return text or None


def _amount(
    cell: Cell | None, column: str, problems: _Problems, *, required: bool
) -> Decimal | None:
    """A sum in yuan, which may be written with ¥ and thousands separators; not a percentage."""
    if cell is None or is_blank(cell):
        if required:
            problems.append((column, ProblemCode.MISSING))
        return None
    figure = read_figure(cell)
    if figure is None or figure.percent:
        problems.append((column, ProblemCode.NOT_A_NUMBER))
        return None
    if figure.value < 0:
        problems.append((column, ProblemCode.NEGATIVE))
        return None
    return figure.value


def _line(cell: Cell | None, column: str, problems: _Problems) -> Decimal | None:
    """A guideline line in percent, written 6, 6% or as a percentage cell; it may be negative
    (a lower line below zero in a hard year)."""
    if cell is None or is_blank(cell):
        return None
    figure = read_figure(cell)
    if figure is None or figure.currency:
        problems.append((column, ProblemCode.NOT_A_NUMBER))
        return None
    return figure.value


Found = TypeVar("Found", date, int)


def _required(
    cells: Mapping[str, Cell],
    column: str,
    read: Callable[[Cell], Found | None],
    unreadable: ReferenceCode,
    problems: _Problems,
) -> Found | None:
    """A cell the row cannot do without (the date of a minimum wage, the year of a guideline)
    as `read` reads it: missing when blank, `unreadable` when `read` finds nothing in it."""
    cell = cells.get(column)
    if cell is None or is_blank(cell):
        problems.append((column, ProblemCode.MISSING))
        return None
    found = read(cell)
    if found is None:
        problems.append((column, unreadable))
    return found
