"""Sector labour standards in and out of spreadsheets: reading an uploaded .xlsx row by row, and
writing the .xlsx and CSV exports (R15). Pure: no Flask, no database; problems come back as codes
with the row and column they concern, and the caller turns them into words. The workbook itself
is read by spreadsheets.reading, its cells by spreadsheets.cells; files are written by
spreadsheets.writing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.styles import Font

from spreadsheets.cells import Cell, cell_text, is_blank, read_figure
from spreadsheets.reading import (
    FileProblem,
    RowError,
    Table,
    header_key,
    header_lookup,
    loose_key,
    read_table,
)
from spreadsheets.writing import (
    csv_text,
    display_width,
    plain,
    put_text,
    put_value,
    set_column_widths,
    sheet_title,
    workbook_bytes,
)
from standards.validation import JOB_CATEGORY_MAX_LENGTH, ProblemCode, item_problems
from standards.vocabulary import KIND_RULES, Direction, ItemKind, Unit

# Mirror the column sizes of StandardItem (standards/models.py); a test holds them equal.
NOTE_MAX_LENGTH = 200
# StandardItem.value is NUMERIC(14, 4): at most ten digits before the point.

COLUMNS = ("job_category", "kind", "value", "unit", "direction", "note")
MONEY_UNITS = frozenset({Unit.YUAN_PER_MONTH, Unit.YUAN_PER_HOUR, Unit.YUAN_PER_PIECE})
MONEY_FORMAT = "#,##0.00##"  # at least the fen, and up to the four places a value is stored with
NUMBER_FORMAT = "General"  # "0.##" would show 9 as "9."


class WorkbookCode(StrEnum):
    """Problems of the file (those of spreadsheets.reading.FileProblem) or of a row that item
    validation does not know about."""

    NOT_A_WORKBOOK = FileProblem.NOT_A_WORKBOOK.value
    EMPTY = FileProblem.EMPTY.value
    NO_HEADER = FileProblem.NO_HEADER.value  # no row naming at least the kind and value columns
    TOO_MANY_ROWS = FileProblem.TOO_MANY_ROWS.value
    TOO_LARGE_UNPACKED = FileProblem.TOO_LARGE_UNPACKED.value
    UNKNOWN_KIND = "unknown_kind"
    DUPLICATE_ITEM = "duplicate_item"  # same kind and job category as `first_row`
    TOO_LONG = "too_long"  # a job category or note longer than its column holds


# Every code a RowError (spreadsheets.reading) of a standard may carry: the caller's table of
# messages covers all of these.
ERROR_CODES: frozenset[str] = frozenset(WorkbookCode) | frozenset(ProblemCode)


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item read from a sheet, checked; `row` is the row number Excel shows."""

    row: int
    kind: ItemKind
    job_category: str  # "" for every job category
    value: Decimal
    unit: Unit
    direction: Direction
    note: str | None


@dataclass(frozen=True, slots=True)
class ParsedWorkbook:
    """Items of the rows without problems, and every problem found. Save nothing unless
    `errors` is empty."""

    items: list[ItemRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # The kind each row names, where it names one: its errors can then say what the kind allows.
    kinds: dict[int, ItemKind] = field(default_factory=dict, compare=False)


# --- names people write in a sheet -----------------------------------------------------------


HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "job_category": ("岗位工种", "岗位", "工种", "job category"),
    "kind": ("项目", "类别", "标准项目", "kind", "item"),
    "value": ("标准", "数值", "金额", "标准值", "value", "amount"),
    "unit": ("单位", "unit"),
    "direction": ("方向", "direction"),
    "note": ("备注", "note", "notes"),
}

KIND_NAMES: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.MONTHLY_PAY_FLOOR: ("月工资标准", "月最低工资", "月工资", "monthly pay floor"),
    ItemKind.HOURLY_RATE: ("工时工价", "小时工资", "小时工资标准", "hourly rate"),
    ItemKind.PART_TIME_HOURLY_RATE: (
        "非全日制小时工资",
        "非全日制小时工资标准",
        "非全日制工资",
        "钟点工工资",
        "part-time hourly rate",
    ),
    ItemKind.PIECE_RATE: ("计件单价", "piece rate"),
    ItemKind.LABOUR_QUOTA: ("劳动定额", "labour quota", "labor quota"),
    ItemKind.WEEKLY_HOURS: ("周工作时间", "工作时间", "每周工作时间", "weekly hours"),
    ItemKind.ANNUAL_RISE: (
        "年增长幅度",
        "工资增长",
        "年度工资增长幅度",
        "工资增长幅度",
        "annual rise",
    ),
    ItemKind.ALLOWANCE: ("津贴", "补贴", "津贴、补贴", "津贴补贴", "allowance"),
}

DIRECTION_NAMES: dict[Direction, tuple[str, ...]] = {
    Direction.HIGHER_IS_BETTER: ("越高越好", "更高更好", "higher", "higher is better"),
    Direction.LOWER_IS_BETTER: ("越低越好", "更低更好", "lower", "lower is better"),
}

UNIT_NAMES: dict[Unit, tuple[str, ...]] = {
    Unit.YUAN_PER_MONTH: ("yuan/month",),
    Unit.YUAN_PER_HOUR: ("元/时", "yuan/hour"),
    Unit.YUAN_PER_PIECE: ("yuan/piece",),
    Unit.PIECES_PER_HOUR: ("件/时", "pieces/hour"),
    Unit.PIECES_PER_DAY: ("件/日", "pieces/day"),
    Unit.HOURS_PER_WEEK: ("时/周", "hours/week"),
    Unit.PERCENT: ("百分比", "percent"),
}

# What a job category cell may say to mean "every job category".
ALL_CATEGORY_NAMES = (
    "全部",
    "所有",
    "全部岗位",
    "所有岗位",
    "全部岗位工种",
    "所有岗位工种",
    "全部工种",
    "所有工种",
    "all",
    "all job categories",
)
ALL_CATEGORIES = frozenset(loose_key(name) for name in ALL_CATEGORY_NAMES)


def _unit_key(text: str) -> str:
    """元／月, 元每月 and 元/每月 all read as 元/月, and ％ as %."""
    text = loose_key(text).replace("／", "/").replace("％", "%").replace("每", "/")
    return re.sub(r"/+", "/", text)


_HEADERS = header_lookup(HEADER_NAMES)
_KINDS = {loose_key(n): kind for kind, names in KIND_NAMES.items() for n in (kind.value, *names)}
_DIRECTIONS = {loose_key(n): d for d, names in DIRECTION_NAMES.items() for n in (d.value, *names)}
_UNITS = {_unit_key(n): unit for unit, names in UNIT_NAMES.items() for n in (unit.value, *names)}


# --- reading ---------------------------------------------------------------------------------


def read_standard_workbook(
    data: bytes,
    *,
    headers: Sequence[str] | None = None,
    kind_labels: Mapping[str, ItemKind] | None = None,
    direction_labels: Mapping[str, Direction] | None = None,
) -> ParsedWorkbook:
    """The items of the first worksheet of an .xlsx, and every problem found, each with its row
    number as Excel shows it. Never raises for what is in `data`.

    Besides the Chinese and English names built in, the header may use `headers` (the six labels
    in COLUMNS order, as given to write_standard_workbook), kinds may be written as the keys of
    `kind_labels` and directions as those of `direction_labels`: pass the labels the export
    uses in the user's language, and whatever was exported reads back."""
    header_names = dict(_HEADERS)
    if headers is not None:
        _check_headers(headers)
        header_names.update(
            (header_key(label), c) for label, c in zip(headers, COLUMNS, strict=True)
        )
    kinds = _KINDS | {loose_key(label): kind for label, kind in (kind_labels or {}).items()}
    directions = _DIRECTIONS | {
        loose_key(label): d for label, d in (direction_labels or {}).items()
    }

    table = read_table(data, header_names, lambda names: {"kind", "value"} <= names)
    if isinstance(table, FileProblem):
        return ParsedWorkbook([], [RowError(None, None, WorkbookCode(table))])
    return _checked(table, kinds, directions)


# --- checking rows ---------------------------------------------------------------------------


def _checked(
    table: Table,
    kinds: Mapping[str, ItemKind],
    directions: Mapping[str, Direction],
) -> ParsedWorkbook:
    items: list[ItemRow] = []
    errors: list[RowError] = []
    row_kinds: dict[int, ItemKind] = {}
    first_rows: dict[tuple[ItemKind, str], int] = {}
    for number, cells in table.rows:
        kind, job_category, item, row_errors = _check_row(number, cells, kinds, directions)
        if kind is not None:
            row_kinds[number] = kind
            first = first_rows.setdefault((kind, job_category), number)
            if first != number:
                row_errors.append(RowError(number, None, WorkbookCode.DUPLICATE_ITEM, first))
        errors.extend(row_errors)
        if item is not None and not row_errors:
            items.append(item)
    return ParsedWorkbook(items, errors, row_kinds)


def _check_row(
    number: int,
    cells: Mapping[str, Cell],
    kinds: Mapping[str, ItemKind],
    directions: Mapping[str, Direction],
) -> tuple[ItemKind | None, str, ItemRow | None, list[RowError]]:
    """One row's kind and job category (for finding duplicates), its item when it has no
    problem, and its problems in the order of the columns."""
    problems: list[tuple[str, str]] = []  # (column, code)

    job_category = cell_text(cells.get("job_category"))
    if loose_key(job_category) in ALL_CATEGORIES:
        job_category = ""
    if len(job_category) > JOB_CATEGORY_MAX_LENGTH:
        problems.append(("job_category", WorkbookCode.TOO_LONG))

    kind_text = cell_text(cells.get("kind"))
    kind = kinds.get(loose_key(kind_text)) if kind_text else None
    if not kind_text:
        problems.append(("kind", ProblemCode.MISSING))
    elif kind is None:
        problems.append(("kind", WorkbookCode.UNKNOWN_KIND))

    value, value_problem = _parse_value(cells.get("value"), kind)
    if value_problem is not None:
        problems.append(("value", value_problem))

    unit_text = cell_text(cells.get("unit"))
    unit = _UNITS.get(_unit_key(unit_text)) if unit_text else None
    direction_text = cell_text(cells.get("direction"))
    direction = directions.get(loose_key(direction_text)) if direction_text else None

    if kind is None:
        # Without a kind there is no rule to hold the row against; say what is wrong anyway.
        if value is not None and value < 0:
            problems.append(("value", ProblemCode.NEGATIVE))
        if unit_text and unit is None:
            problems.append(("unit", ProblemCode.UNIT_NOT_FOR_KIND))
        if direction_text and direction is None:
            problems.append(("direction", ProblemCode.WRONG_DIRECTION))
    else:
        rule = KIND_RULES[kind]
        if not unit_text and len(rule.units) == 1:
            (unit,) = rule.units
        if not direction_text:
            direction = rule.direction
        # A value that did not parse is reported above; zero stands in for it so that the
        # unit and direction are still checked.
        for problem in item_problems(
            kind,
            unit if unit is not None else unit_text,
            direction if direction is not None else direction_text,
            value if value is not None else Decimal(0),
        ):
            if problem.field != "value" or value_problem is None:
                problems.append((problem.field, problem.code))

    note = cell_text(cells.get("note")) or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        problems.append(("note", WorkbookCode.TOO_LONG))

    problems.sort(key=lambda problem: COLUMNS.index(problem[0]))
    errors = [RowError(number, column, code) for column, code in problems]
    item = None
    if not errors and kind is not None and value is not None:
        assert unit is not None and direction is not None
        item = ItemRow(number, kind, job_category, value, unit, direction, note)
    return kind, job_category, item, errors


def _parse_value(cell: Cell | None, kind: ItemKind | None) -> tuple[Decimal | None, str | None]:
    """A value cell as a Decimal, or the problem with it. Text may carry a currency sign,
    thousands separators or a percent sign, where the kind's unit fits them."""
    if cell is None or is_blank(cell):
        return None, ProblemCode.MISSING
    figure = read_figure(cell)
    if figure is None:
        return None, ProblemCode.NOT_A_NUMBER
    if kind is not None:
        units = KIND_RULES[kind].units
        if (figure.percent and Unit.PERCENT not in units) or (
            figure.currency and not units <= MONEY_UNITS
        ):
            return None, ProblemCode.NOT_A_NUMBER
    return figure.value, None


# --- writing ---------------------------------------------------------------------------------

# job category ("" for all), kind label, value, unit, direction label, note
ExportRow = tuple[str, str, Decimal, str, str, str | None]


def write_standard_workbook(title: str, rows: Sequence[ExportRow], headers: Sequence[str]) -> bytes:
    """An .xlsx of a standard: the title on the first row, the bold header (labels in COLUMNS
    order, translated by the caller) frozen under it, then a row per item with its value as a
    number. read_standard_workbook reads it back."""
    _check_headers(headers)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(title)
    put_text(sheet, 1, 1, title).font = Font(bold=True, size=14)
    for column, label in enumerate(headers, start=1):
        put_text(sheet, 2, column, label).font = Font(bold=True)
    widths = [display_width(label) for label in headers]
    for number, (job_category, kind, value, unit, direction, note) in enumerate(rows, start=3):
        money = unit in MONEY_UNITS
        texts = (job_category, kind, None, unit, direction, note)
        for column, text in enumerate(texts, start=1):
            if text:
                put_text(sheet, number, column, text)
        put_value(sheet, number, 3, value, MONEY_FORMAT if money else NUMBER_FORMAT)
        shown = (job_category, kind, f"{value:,.2f}" if money else plain(value), unit, direction)
        for index, text in enumerate((*shown, note or "")):
            widths[index] = max(widths[index], display_width(text))
    set_column_widths(sheet, widths)
    sheet.freeze_panes = "A3"
    return workbook_bytes(workbook)


def write_standard_csv(rows: Sequence[ExportRow], headers: Sequence[str]) -> str:
    """A CSV of a standard: the header, then a row per item, lines ending in CRLF, written by
    spreadsheets.writing (text a spreadsheet would take for a formula gets a leading
    apostrophe). The view encodes it as 'utf-8-sig': Excel in China reads UTF-8 only after a
    byte order mark."""
    _check_headers(headers)
    return csv_text([list(headers), *(list(row) for row in rows)])


def _check_headers(headers: Sequence[str]) -> None:
    if len(headers) != len(COLUMNS):
        raise ValueError(f"headers are the {len(COLUMNS)} labels of {', '.join(COLUMNS)}")
