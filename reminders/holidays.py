"""The holiday calendar (R26), pure: statutory holidays and make-up working days as plain data."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import PurePath

from spreadsheets.writing import csv_cell_text

# --- the days ----------------------------------------------------------------------------------


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # a statutory holiday: a rest day, even on a weekday
    WORKDAY = "workday"  # a make-up working day (调休上班日): a working day, even on a weekend


@dataclass(frozen=True)
class Day:
    day: date
    kind: DayKind
    name: str  # the holiday the day belongs to (a make-up day too): 春节, 国庆节 …; may be ""


class Calendar:
    """Which days are working days (R26): Monday to Friday, except the statutory holidays, plus
    the make-up working days. `known_years` are the years whose holidays it holds in full; for
    any other year it knows weekends only, and `missing_years` says so."""

    __slots__ = ("_days", "known_years")

    def __init__(self, days: Iterable[Day] = (), known_years: Iterable[int] = ()) -> None:
        # A day outside known_years is still honoured: a holiday known is better than none.
        self._days = {d.day: d for d in days}
        self.known_years = frozenset(known_years)

    @classmethod
    def weekends_only(cls) -> Calendar:
        """A calendar with no holiday data: Saturday and Sunday are the rest days."""
        return cls()

    def is_working_day(self, day: date) -> bool:
        found = self._days.get(day)
        if found is None:
            return day.weekday() < 5
        return found.kind is DayKind.WORKDAY

    def lookup(self, day: date) -> Day | None:
        """The holiday or make-up working day on `day`, to show its name; None for other days."""
        return self._days.get(day)

    def missing_years(self, start: date, end: date) -> list[int]:
        """The years from `start` to `end` (either order) the calendar does not cover: a period
        over them is counted with weekends only."""
        first, last = sorted((start.year, end.year))
        return [year for year in range(first, last + 1) if year not in self.known_years]


# --- the chinesecalendar package -----------------------------------------------------------------

# The package writes some names short; the State Council's notices say 清明节, 端午节, 中秋节.
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def chinese_calendar_years() -> range:
    """The years the installed chinesecalendar package knows (2004–2026 for 1.11.0)."""
    # Imported here, not at the top: only seeding needs the package, computing deadlines does not.
    import chinese_calendar

    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def chinese_calendar_days(years: Iterable[int]) -> list[Day]:
    """The statutory holidays and make-up working days of `years` from the chinesecalendar
    package, in date order. Holidays include the days of a break that fall on a weekend (the
    package lists them, and they carry the break's name); a make-up working day carries the name
    of the holiday it makes up for. Raises ValueError naming the years the package does not know.
    """
    import chinese_calendar

    wanted = set(years)
    known = chinese_calendar_years()
    unknown = sorted(year for year in wanted if year not in known)
    if unknown:
        raise ValueError(
            f"chinesecalendar {chinese_calendar.__version__} has no holidays for "
            f"{', '.join(map(str, unknown))}; it knows {known.start}–{known.stop - 1}"
        )
    days = [
        Day(day, kind, _chinese_name(chinese_calendar.Holiday, value))
        for kind, table in (
            (DayKind.HOLIDAY, chinese_calendar.holidays),
            (DayKind.WORKDAY, chinese_calendar.workdays),
        )
        for day, value in table.items()
        if day.year in wanted
    ]
    return sorted(days, key=lambda d: d.day)


def _chinese_name(holiday_enum: type, value: str) -> str:
    try:
        chinese = str(holiday_enum(value).chinese)
    except (ValueError, AttributeError):  # a holiday a later release adds without a name
        return value
    return _FULL_NAMES.get(chinese, chinese)


# --- importing a year an administrator has from the State Council's notice ---------------------

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000  # data rows in one file
MAX_LINES = 50 * MAX_ROWS  # rows read in all, blank ones too, before a file counts as too big
MAX_COLUMNS = 20
HEADER_SEARCH_ROWS = 10  # the header is among the first non-blank rows
MAX_NAME_LENGTH = 50  # the column's width

COLUMNS = ("date", "kind", "name")
_HEADERS = {
    "date": ("日期", "date", "day"),
    "kind": ("类型", "类别", "安排", "kind", "type"),
    "name": ("名称", "节日", "节假日", "节日名称", "节假日名称", "假日名称", "name", "holiday"),
}
# 调休 alone is not here: people use it for the rest day and for the make-up working day alike.
_KINDS = {
    DayKind.HOLIDAY: ("放假", "休息", "休假", "休", "假", "节假日", "holiday", "rest", "off"),
    DayKind.WORKDAY: ("调休上班", "调休上班日", "上班", "补班", "班", "workday", "work"),
}
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")  # 20270101


def _key(text: str) -> str:
    """Text compared loosely: full-width forms, case, spaces, _ and - do not count, nor a note
    in brackets ("类型（放假/调休上班）") or a trailing colon."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\([^)]*\)", "", text)
    return re.sub(r"[\s_\-]+", "", text.casefold()).rstrip(":")


_HEADER_KEYS = {_key(alias): column for column, aliases in _HEADERS.items() for alias in aliases}
_KIND_KEYS = {_key(alias): kind for kind, aliases in _KINDS.items() for alias in aliases}


class FileProblem(StrEnum):
    """Why a file gives no rows at all (a RowError on row 0)."""

    TOO_LARGE = "too_large"  # over MAX_FILE_BYTES
    TOO_MANY_ROWS = "too_many_rows"  # over MAX_ROWS data rows, or a sheet too big to read
    TOO_LARGE_UNPACKED = "too_large_unpacked"  # an .xlsx that would unpack too far (zip bomb)
    UNSUPPORTED_TYPE = "unsupported_type"  # neither .csv nor .xlsx
    NOT_A_WORKBOOK = "not_a_workbook"  # an .xlsx that is not one: other bytes, .xls, corrupt
    BAD_ENCODING = "bad_encoding"  # a .csv neither in UTF-8 nor in GB18030
    UNREADABLE = "unreadable"  # a .csv the csv module cannot read (a field over its limit …)
    EMPTY = "empty"  # no data rows
    NO_HEADER = "no_header"  # no 日期/date header among the first rows


class RowProblem(StrEnum):
    MISSING_COLUMN = "missing_column"  # the header has no 类型/kind column
    MISSING = "missing"  # no date or no kind on the row
    BAD_DATE = "bad_date"  # not a date in a known form, or one that does not exist (2027-02-30)
    BAD_KIND = "bad_kind"  # neither 放假 nor 调休上班 (nor their synonyms)
    DUPLICATE = "duplicate"  # a date already on an earlier row (first_row)
    WORKDAY_ON_WEEKDAY = "workday_on_weekday"  # a make-up working day on Monday to Friday
    TOO_LONG = "too_long"  # a name over MAX_NAME_LENGTH characters


@dataclass(frozen=True)
class RowError:
    """A problem of a row, or of the whole file when `row` is 0. `column` is one of COLUMNS, or
    "" for the whole row or file; `code` a FileProblem or RowProblem value."""

    row: int  # as a spreadsheet shows it, the header being row 1 when it is the first
    column: str
    code: str
    first_row: int = 0  # for a duplicate: the row the date first appears on


def read_holiday_file(data: bytes, filename: str) -> tuple[list[Day], list[RowError]]:
    """The days of an uploaded .csv (UTF-8 with or without BOM, else GB18030) or .xlsx, with
    the columns 日期/date, 类型/kind and 名称/name (optional); or, if any row is wrong, no days
    and every problem (the file is taken whole or not at all). Never raises for what is in
    `data`.

    A holiday on a weekend is accepted without remark: a break takes in weekend days (the
    2025 National Day break ran from Wednesday 1 to Wednesday 8 October). A make-up working day
    on a weekday is refused (workday_on_weekday): it would change nothing, so it is most likely
    a wrong date."""
    if len(data) > MAX_FILE_BYTES:
        return [], [_file_error(FileProblem.TOO_LARGE)]
    if not data.strip():
        return [], [_file_error(FileProblem.EMPTY)]
    suffix = PurePath(filename).suffix.casefold()
    if suffix not in (".csv", ".txt", ".xlsx"):
        return [], [_file_error(FileProblem.UNSUPPORTED_TYPE)]
    # A workbook saved under a .csv name is still read as the workbook it is.
    is_zip = data.startswith(b"PK\x03\x04")
    if suffix == ".xlsx" or is_zip:
        return _read_xlsx(data)
    rows = _csv_rows(data)
    if isinstance(rows, FileProblem):
        return [], [_file_error(rows)]
    days, errors = _read_rows(rows)
    return ([], errors) if errors else (days, [])


def _read_xlsx(data: bytes) -> tuple[list[Day], list[RowError]]:
    """A workbook's days, its first sheet streamed (spreadsheets.reading.sheet_values): a zip
    bomb is refused before anything is unpacked, a sheet of too many rows at the first row
    past the limit, without reading the rest."""
    # openpyxl loads with the first workbook read, not with every start of the app.
    from spreadsheets.reading import SheetRefused, sheet_values

    lines = sheet_values(data, max_rows=MAX_LINES, max_columns=MAX_COLUMNS)
    try:
        days, errors = _read_rows(lines)
    except SheetRefused as refused:
        return [], [_file_error(FileProblem(refused.problem.value))]
    finally:
        lines.close()
    return ([], errors) if errors else (days, [])


def _file_error(problem: FileProblem) -> RowError:
    return RowError(0, "", problem.value)


Values = tuple[int, Sequence[object]]  # a row's number and its cells from the left


def _csv_rows(data: bytes) -> list[Values] | FileProblem:
    text = _decode(data)
    if text is None:
        return FileProblem.BAD_ENCODING
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first_line.count)
    rows: list[Values] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader):
            if number >= MAX_LINES:
                return FileProblem.TOO_MANY_ROWS
            rows.append((number + 1, [csv_cell_text(cell) for cell in cells[:MAX_COLUMNS]]))
    except csv.Error:
        return FileProblem.UNREADABLE
    return rows


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[tuple[bytes, str], ...] = ((data[3:], "utf-8"),)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        candidates = ((data, "utf-16"),)
    else:
        candidates = ((data, "utf-8"), (data, "gb18030"))
    for raw, encoding in candidates:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_rows(rows: Iterable[Values]) -> tuple[list[Day], list[RowError]]:
    lines = _non_blank(rows)
    header_row, columns = _find_header(lines)
    if not columns:
        return [], [_file_error(FileProblem.NO_HEADER if header_row else FileProblem.EMPTY)]
    if "kind" not in columns.values():  # the name is optional, the kind is not
        return [], [RowError(header_row, "kind", RowProblem.MISSING_COLUMN.value)]
    days: list[Day] = []
    errors: list[RowError] = []
    seen: dict[date, int] = {}
    count = 0
    for number, cells in lines:
        values = {name: cells[i] for i, name in columns.items() if i < len(cells)}
        if all(_blank(v) for v in values.values()):  # something beside the table only
            continue
        count += 1
        if count > MAX_ROWS:
            return [], [_file_error(FileProblem.TOO_MANY_ROWS)]
        day, row_errors = _read_row(number, values, seen)
        errors.extend(row_errors)
        if day is not None:
            days.append(day)
    if not count:
        return [], [_file_error(FileProblem.EMPTY)]
    return sorted(days, key=lambda d: d.day), errors


def _non_blank(rows: Iterable[Values]) -> Iterator[Values]:
    return ((number, cells) for number, cells in rows if not all(_blank(c) for c in cells))


def _find_header(lines: Iterator[Values]) -> tuple[int, dict[int, str]]:
    """The header's row number and its columns by index (empty if none: the row number is then
    that of the last row looked at, 0 when there was none)."""
    number = 0
    for _ in range(HEADER_SEARCH_ROWS):
        found = next(lines, None)
        if found is None:
            break
        number, cells = found
        columns: dict[int, str] = {}
        for index, cell in enumerate(cells):
            column = _HEADER_KEYS.get(_key(_text(cell)))
            if column is not None and column not in columns.values():
                columns[index] = column
        if "date" in columns.values():
            return number, columns
    return number, {}


def _read_row(
    number: int, values: dict[str, object], seen: dict[date, int]
) -> tuple[Day | None, list[RowError]]:
    errors: list[RowError] = []

    def problem(column: str, code: RowProblem, first_row: int = 0) -> None:
        errors.append(RowError(number, column, code.value, first_row))

    day: date | None = None
    raw_date = values.get("date")
    if _blank(raw_date):
        problem("date", RowProblem.MISSING)
    else:
        day = _read_date(raw_date)
        if day is None:
            problem("date", RowProblem.BAD_DATE)
        elif day in seen:
            problem("date", RowProblem.DUPLICATE, seen[day])
        else:
            seen[day] = number
    kind: DayKind | None = None
    raw_kind = values.get("kind")
    if _blank(raw_kind):
        problem("kind", RowProblem.MISSING)
    else:
        kind = _KIND_KEYS.get(_key(_text(raw_kind)))
        if kind is None:
            problem("kind", RowProblem.BAD_KIND)
    name = _text(values.get("name"))
    if len(name) > MAX_NAME_LENGTH:
        problem("name", RowProblem.TOO_LONG)
    if day is not None and kind is DayKind.WORKDAY and day.weekday() < 5:
        problem("date", RowProblem.WORKDAY_ON_WEEKDAY)
    if errors or day is None or kind is None:
        return None, errors
    return Day(day, kind, name), []


def _read_date(raw: object) -> date | None:
    """A date cell (its time of day dropped), or 2027-01-01, 2027/1/1, 2027.1.1, 2027年1月1日 or
    20270101 as text or a whole number; None for anything else and for impossible dates."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    found = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:  # 2027-02-30
        return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()
