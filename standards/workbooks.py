"""Sector labour standards in and out of spreadsheets: reading an uploaded .xlsx row by row, and
writing the .xlsx and CSV exports (R15). Pure: no Flask, no database; problems come back as codes
with the row and column they concern, and the caller turns them into words."""

from __future__ import annotations

import bisect
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.xml.functions import iterparse

from standards.validation import ProblemCode, item_problems, parse_amount
from standards.vocabulary import KIND_RULES, Direction, ItemKind, Unit

MAX_ROWS = 2000  # data rows in one upload
# Bounds on the work one upload can cause, reported as too_many_rows. A standard of MAX_ROWS rows
# is a megabyte or two of XML: the first cap stops a small upload that inflates to gigabytes (a
# zip bomb) before anything parses it, the second a sheet of a million rows beside the table.
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_SHEET_ROWS = 50 * MAX_ROWS  # rows down to the last one holding anything, blank ones too
MAX_COLUMNS = 50  # columns read from the left; a table's header is within them
HEADER_SEARCH_ROWS = 10  # the header is among the first non-blank rows of the sheet
# Mirror the column sizes of StandardItem (standards/models.py); a test holds them equal.
JOB_CATEGORY_MAX_LENGTH = 50
NOTE_MAX_LENGTH = 200
# StandardItem.value is NUMERIC(14, 4): at most ten digits before the point.

COLUMNS = ("job_category", "kind", "value", "unit", "direction", "note")
MONEY_UNITS = frozenset({Unit.YUAN_PER_MONTH, Unit.YUAN_PER_HOUR, Unit.YUAN_PER_PIECE})
MONEY_FORMAT = "#,##0.00##"  # at least the fen, and up to the four places a value is stored with
NUMBER_FORMAT = "General"  # "0.##" would show 9 as "9."


class WorkbookCode(StrEnum):
    """Problems of the file or of a row that item validation does not know about."""

    NOT_A_WORKBOOK = "not_a_workbook"  # not an .xlsx: other bytes, .xls, encrypted, corrupt
    EMPTY = "empty"  # no data rows
    NO_HEADER = "no_header"  # no row naming at least the kind and value columns
    TOO_MANY_ROWS = "too_many_rows"  # more than MAX_ROWS data rows, or a sheet too big to read
    UNKNOWN_KIND = "unknown_kind"
    DUPLICATE_ITEM = "duplicate_item"  # same kind and job category as `first_row`
    TOO_LONG = "too_long"  # a job category or note longer than its column holds


# Every code a RowError may carry: the caller's table of messages covers all of these.
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
class RowError:
    """A problem of a row (and column), or of the whole file when `row` is None. `code` is a
    WorkbookCode or a standards.validation.ProblemCode value."""

    row: int | None
    column: str | None  # one of COLUMNS, or None for the whole row or file
    code: str
    first_row: int | None = None  # for duplicate_item: the row the item first appears on


@dataclass(frozen=True, slots=True)
class ParsedWorkbook:
    """Items of the rows without problems, and every problem found. Save nothing unless
    `errors` is empty."""

    items: list[ItemRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- names people write in a sheet -----------------------------------------------------------


def _key(text: str) -> str:
    """Text compared loosely: case, spaces, underscores and hyphens do not count."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _header_key(text: str) -> str:
    """A header compared loosely, also without a unit in brackets or a trailing colon:
    "标准（元）" and "Value:" name the value column."""
    return _key(re.sub(r"[(（][^)）]*[)）]", "", text)).rstrip(":：")


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
ALL_CATEGORIES = frozenset(_key(name) for name in ALL_CATEGORY_NAMES)


def _unit_key(text: str) -> str:
    """元／月, 元每月 and 元/每月 all read as 元/月, and ％ as %."""
    text = _key(text).replace("／", "/").replace("％", "%").replace("每", "/")
    return re.sub(r"/+", "/", text)


_HEADERS = {_header_key(n): column for column, names in HEADER_NAMES.items() for n in names}
_KINDS = {_key(n): kind for kind, names in KIND_NAMES.items() for n in (kind.value, *names)}
_DIRECTIONS = {_key(n): d for d, names in DIRECTION_NAMES.items() for n in (d.value, *names)}
_UNITS = {_unit_key(n): unit for unit, names in UNIT_NAMES.items() for n in (unit.value, *names)}

_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")
_CURRENCY_SIGNS = ("¥", "￥")
_PERCENT_SIGNS = ("%", "％")


# --- reading ---------------------------------------------------------------------------------


class _UnreadableError(Exception):
    """openpyxl could not read the file to the end."""


@dataclass(frozen=True, slots=True)
class _Cell:
    value: object
    percent: bool = False  # a number shown as a percentage: Excel keeps 9 % as 0.09


_Row = tuple[int, dict[int, _Cell]]  # row number as Excel shows it, cells by column number


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
            (_header_key(label), c) for label, c in zip(headers, COLUMNS, strict=True)
        )
    kinds = _KINDS | {_key(label): kind for label, kind in (kind_labels or {}).items()}
    directions = _DIRECTIONS | {_key(label): d for label, d in (direction_labels or {}).items()}

    problem = _archive_problem(data)
    if problem is not None:
        return _file_error(problem)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return _file_error(WorkbookCode.NOT_A_WORKBOOK)
    try:
        table = _read_table(data, workbook, header_names)
    except _UnreadableError:
        return _file_error(WorkbookCode.NOT_A_WORKBOOK)
    finally:
        workbook.close()
    if isinstance(table, WorkbookCode):
        return _file_error(table)
    return _checked(table, kinds, directions)


def _file_error(code: WorkbookCode) -> ParsedWorkbook:
    return ParsedWorkbook([], [RowError(None, None, code)])


def _archive_problem(data: bytes) -> WorkbookCode | None:
    """An .xlsx is a zip archive; look at it before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception:
        return WorkbookCode.NOT_A_WORKBOOK
    return WorkbookCode.TOO_MANY_ROWS if unpacked > MAX_UNPACKED_BYTES else None


def _read_table(
    data: bytes, workbook: Workbook, header_names: Mapping[str, str]
) -> list[tuple[int, dict[str, _Cell]]] | WorkbookCode:
    """The data rows under the header, cells keyed by column name, with merged cells filled in
    from their top-left cell; or why there are none."""
    if not workbook.worksheets:
        return WorkbookCode.EMPTY
    sheet = workbook.worksheets[0]
    # Some writers record a wrong size for the sheet; read what is there instead.
    sheet.reset_dimensions()
    columns: dict[int, str] = {}
    header_row = 0
    rows: list[_Row] = []
    seen = 0
    for number, cells in _guarded(_sheet_rows(sheet)):
        if number > MAX_SHEET_ROWS:
            return WorkbookCode.TOO_MANY_ROWS
        if not columns:
            seen += 1
            columns = _header_columns(cells, header_names)
            if columns:
                header_row = number
            elif seen >= HEADER_SEARCH_ROWS:
                return WorkbookCode.NO_HEADER
            continue
        mine = {c: cell for c, cell in cells.items() if c in columns}
        if not mine:  # something beside the table, such as a running number only
            continue
        if len(rows) == MAX_ROWS:
            return WorkbookCode.TOO_MANY_ROWS
        rows.append((number, mine))
    if not columns:
        return WorkbookCode.NO_HEADER if seen else WorkbookCode.EMPTY
    if not rows:
        return WorkbookCode.EMPTY
    try:
        merges = _merged_ranges(data, getattr(sheet, "_worksheet_path", ""))
    except Exception as exc:
        raise _UnreadableError from exc
    _fill_merged(rows, set(columns), merges, header_row)
    return [(number, {columns[c]: cell for c, cell in cells.items()}) for number, cells in rows]


def _guarded(rows: Iterator[_Row]) -> Iterator[_Row]:
    """Rows from openpyxl, with whatever it raises on a corrupt file (a bad zip member, broken
    XML, a style that does not exist, …) turned into one error this module catches."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise _UnreadableError from exc
        yield row


def _sheet_rows(sheet: Any) -> Iterator[_Row]:
    """The sheet's rows that hold something, with only the cells that hold something. Every
    row is counted, blank or not, so that a gap of a million rows is seen as one."""
    # From row 1, openpyxl yields a row for every row number, blank ones included.
    for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):
        if number > MAX_SHEET_ROWS:
            yield number, {}
            return
        found: dict[int, _Cell] = {}
        for cell in cells:
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            percent = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and _is_percent_format(cell.number_format)
            )
            found[cell.column] = _Cell(value, percent)
        if found:
            yield number, found


def _is_percent_format(number_format: str | None) -> bool:
    """Whether a number format shows its number as a percentage (a % outside quoted text)."""
    if not number_format:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _header_columns(cells: Mapping[int, _Cell], header_names: Mapping[str, str]) -> dict[int, str]:
    """The row's columns by name if it is the header (it names at least kind and value), else
    nothing. Where two cells give the same name, the first counts."""
    columns: dict[int, str] = {}
    for column in sorted(cells):
        name = header_names.get(_header_key(_text(cells[column])))
        if name is not None and name not in columns.values():
            columns[column] = name
    return columns if {"kind", "value"} <= set(columns.values()) else {}


def _merged_ranges(data: bytes, part: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (min column, min row, max column, max row). Read-only
    openpyxl does not give them, and they come after the cells in the sheet's XML."""
    ranges: list[tuple[int, int, int, int]] = []
    if not part:
        return ranges
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part.lstrip("/"))
    if b"mergeCell" not in xml:  # most sheets: no need to parse it all again
        return ranges
    for _event, element in iterparse(io.BytesIO(xml)):
        if element.tag.rpartition("}")[2] == "mergeCell":
            bounds = range_boundaries(element.get("ref", ""))
            if None not in bounds:
                ranges.append(bounds)
        element.clear()
    return ranges


def _fill_merged(
    rows: list[_Row],
    columns: set[int],
    merges: list[tuple[int, int, int, int]],
    header_row: int,
) -> None:
    """Give every cell of a merged range below the header its top-left cell's value, as Excel
    shows it: a job category merged over three rows is the job category of all three."""
    by_number = {number: cells for number, cells in rows}
    for column in columns:
        spans = sorted(
            (top, bottom, left)
            for left, top, right, bottom in merges
            if left <= column <= right and top > header_row
        )
        if not spans:
            continue
        tops = [top for top, _bottom, _left in spans]
        for number, cells in rows:
            if column in cells:
                continue
            at = bisect.bisect_right(tops, number) - 1
            if at < 0:
                continue
            top, bottom, left = spans[at]
            source = by_number.get(top, {}).get(left)
            if number <= bottom and source is not None:
                cells[column] = source


# --- checking rows ---------------------------------------------------------------------------


def _checked(
    rows: list[tuple[int, dict[str, _Cell]]],
    kinds: Mapping[str, ItemKind],
    directions: Mapping[str, Direction],
) -> ParsedWorkbook:
    items: list[ItemRow] = []
    errors: list[RowError] = []
    first_rows: dict[tuple[ItemKind, str], int] = {}
    for number, cells in rows:
        kind, job_category, item, row_errors = _check_row(number, cells, kinds, directions)
        if kind is not None:
            first = first_rows.setdefault((kind, job_category), number)
            if first != number:
                row_errors.append(RowError(number, None, WorkbookCode.DUPLICATE_ITEM, first))
        errors.extend(row_errors)
        if item is not None and not row_errors:
            items.append(item)
    return ParsedWorkbook(items, errors)


def _check_row(
    number: int,
    cells: Mapping[str, _Cell],
    kinds: Mapping[str, ItemKind],
    directions: Mapping[str, Direction],
) -> tuple[ItemKind | None, str, ItemRow | None, list[RowError]]:
    """One row's kind and job category (for finding duplicates), its item when it has no
    problem, and its problems in the order of the columns."""
    problems: list[tuple[str, str]] = []  # (column, code)

    job_category = _text(cells.get("job_category"))
    if _key(job_category) in ALL_CATEGORIES:
        job_category = ""
    if len(job_category) > JOB_CATEGORY_MAX_LENGTH:
        problems.append(("job_category", WorkbookCode.TOO_LONG))

    kind_text = _text(cells.get("kind"))
    kind = kinds.get(_key(kind_text)) if kind_text else None
    if not kind_text:
        problems.append(("kind", ProblemCode.MISSING))
    elif kind is None:
        problems.append(("kind", WorkbookCode.UNKNOWN_KIND))

    value, value_problem = _parse_value(cells.get("value"), kind)
    if value_problem is not None:
        problems.append(("value", value_problem))

    unit_text = _text(cells.get("unit"))
    unit = _UNITS.get(_unit_key(unit_text)) if unit_text else None
    direction_text = _text(cells.get("direction"))
    direction = directions.get(_key(direction_text)) if direction_text else None

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

    note = _text(cells.get("note")) or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        problems.append(("note", WorkbookCode.TOO_LONG))

    problems.sort(key=lambda problem: COLUMNS.index(problem[0]))
    errors = [RowError(number, column, code) for column, code in problems]
    item = None
    if not errors and kind is not None and value is not None:
        assert unit is not None and direction is not None
        item = ItemRow(number, kind, job_category, value, unit, direction, note)
    return kind, job_category, item, errors


def _parse_value(cell: _Cell | None, kind: ItemKind | None) -> tuple[Decimal | None, str | None]:
    """A value cell as a Decimal, or the problem with it. Text may carry a currency sign,
    thousands separators or a percent sign, where the kind's unit fits them."""
    raw = None if cell is None else cell.value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ProblemCode.MISSING
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None, ProblemCode.NOT_A_NUMBER
    currency = False
    if isinstance(raw, str):
        text = raw.strip()
        currency = text.startswith(_CURRENCY_SIGNS)
        if currency:
            text = text[1:].lstrip()
        percent = text.endswith(_PERCENT_SIGNS)
        if percent:
            text = text[:-1].rstrip()
        if _THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        number = parse_amount(text)
    else:
        percent = cell is not None and cell.percent
        number = parse_amount(_number_text(raw))
        if number is not None and percent:
            number *= 100
    if number is None:
        return None, ProblemCode.NOT_A_NUMBER
    if kind is not None:
        units = KIND_RULES[kind].units
        if (percent and Unit.PERCENT not in units) or (currency and not units <= MONEY_UNITS):
            return None, ProblemCode.NOT_A_NUMBER
    return number, None


def _number_text(number: int | float) -> str:
    """A spreadsheet number as the decimal it stands for. A float goes through text, never
    Decimal(float), and to the 15 significant digits a spreadsheet keeps: 12.3 stays 12.3, and
    0.30000000000000004 (0.1 + 0.2 in a formula) or 9999999999.999901 (how openpyxl writes the
    float of 9999999999.9999) read as what they stand for."""
    return str(number) if isinstance(number, int) else format(number, ".15g")


def _text(cell: _Cell | None) -> str:
    """A cell as the text it shows, trimmed."""
    raw = None if cell is None else cell.value
    if raw is None:
        return ""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        text = _number_text(raw)
    elif isinstance(raw, datetime | date | time):
        text = raw.isoformat()
    else:
        text = str(raw)
    return text.replace("\x00", "").strip()


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
    sheet.title = _sheet_title(title)
    _put_text(sheet, 1, 1, title).font = Font(bold=True, size=14)
    for column, label in enumerate(headers, start=1):
        _put_text(sheet, 2, column, label).font = Font(bold=True)
    widths = [_display_width(label) for label in headers]
    for number, (job_category, kind, value, unit, direction, note) in enumerate(rows, start=3):
        money = unit in MONEY_UNITS
        texts = (job_category, kind, None, unit, direction, note)
        for column, text in enumerate(texts, start=1):
            if text:
                _put_text(sheet, number, column, text)
        # The cell is a float because a spreadsheet number is one; values are stored with at
        # most 14 significant digits, which a float keeps exactly.
        cell = sheet.cell(number, 3, float(value))
        cell.number_format = MONEY_FORMAT if money else NUMBER_FORMAT
        shown = (job_category, kind, f"{value:,.2f}" if money else _plain(value), unit, direction)
        for index, text in enumerate((*shown, note or "")):
            widths[index] = max(widths[index], _display_width(text))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_standard_csv(rows: Sequence[ExportRow], headers: Sequence[str]) -> str:
    """A CSV of a standard: the header, then a row per item, lines ending in CRLF. The view
    encodes it as 'utf-8-sig': Excel in China reads UTF-8 only after a byte order mark. Text
    that a spreadsheet would take for a formula (=, +, -, @ first) gets a leading apostrophe."""
    _check_headers(headers)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(headers))
    for job_category, kind, value, unit, direction, note in rows:
        writer.writerow(
            [
                _csv_text(job_category),
                _csv_text(kind),
                _plain(value),
                _csv_text(unit),
                _csv_text(direction),
                _csv_text(note or ""),
            ]
        )
    return out.getvalue()


def _check_headers(headers: Sequence[str]) -> None:
    if len(headers) != len(COLUMNS):
        raise ValueError(f"headers are the {len(COLUMNS)} labels of {', '.join(COLUMNS)}")


def _put_text(sheet: Any, row: int, column: int, text: str) -> Any:
    """A text cell, kept as text even when it starts with "=" (openpyxl would make a formula
    of it), without the control characters an .xlsx cannot hold."""
    cell = sheet.cell(row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    return cell


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    name = re.sub(r"[\[\]:*?/\\]", " ", ILLEGAL_CHARACTERS_RE.sub("", title)).strip()
    return name[:31].strip().strip("'") or "Sheet1"


def _display_width(text: str) -> int:
    """Columns a text takes on screen: Chinese characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _plain(value: Decimal) -> str:
    """A Decimal written out without an exponent: 1E+3 as 1000."""
    return format(value, "f")


def _csv_text(text: str) -> str:
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
