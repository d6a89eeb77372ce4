"""Tables out of uploaded .xlsx files, defensively: the first worksheet read as the rows under a
header the caller names, within bounds on the work one upload can cause. Pure: no Flask, no
database; problems come back as codes for the caller to put into words. What a cell holds is read
by spreadsheets.cells."""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from collections.abc import Callable, Collection, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from openpyxl import Workbook, load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.xml.functions import iterparse

from spreadsheets.cells import Cell, cell_text
from uploads.archives import ArchiveProblem, archive_problem

MAX_ROWS = 2000  # data rows in one upload
# Bounds on the work one upload can cause. A table of MAX_ROWS rows is a megabyte or two of XML:
# the first cap (with uploads.archives' ratio) stops a small upload that inflates to gigabytes
# (a zip bomb) before anything parses it, reported as too_large_unpacked; the second a sheet of
# a million rows beside the table, reported as too_many_rows as soon as it is read that far.
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_SHEET_ROWS = 50 * MAX_ROWS  # rows down to the last one holding anything, blank ones too
MAX_COLUMNS = 50  # columns read from the left; a table's header is within them
HEADER_SEARCH_ROWS = 10  # the header is among the first non-blank rows of the sheet

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileProblem(StrEnum):
    """Why an upload gives no table at all."""

    NOT_A_WORKBOOK = "not_a_workbook"  # not an .xlsx: other bytes, .xls, encrypted, corrupt
    EMPTY = "empty"  # no data rows
    NO_HEADER = "no_header"  # no row the caller takes for the header
    TOO_MANY_ROWS = "too_many_rows"  # more than MAX_ROWS data rows, or a sheet too big to read
    TOO_LARGE_UNPACKED = "too_large_unpacked"  # a zip bomb, or over MAX_UNPACKED_BYTES unpacked


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem of a row (and column), or of the whole file when `row` is None. `code` is one
    of the reader's codes, which its caller's table of messages covers."""

    row: int | None
    column: str | None  # one of the reader's column names, or None for the whole row or file
    code: str
    first_row: int | None = None  # for a duplicate: the row the same thing first appears on


Row = tuple[int, dict[str, Cell]]  # row number as Excel shows it, cells by column name


@dataclass(frozen=True, slots=True)
class Table:
    """The rows under the header, with the names of the columns the header gives."""

    columns: frozenset[str]
    rows: list[Row]


# --- names people write in a sheet -----------------------------------------------------------


def loose_key(text: str) -> str:
    """Text compared loosely: case, spaces, underscores and hyphens do not count."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


def header_key(text: str) -> str:
    """A header compared loosely, also without a unit in brackets or a trailing colon:
    "标准（元）" and "Value:" name the value column."""
    return loose_key(re.sub(r"[(（][^)）]*[)）]", "", text)).rstrip(":：")


def header_lookup(names: Mapping[str, Collection[str]]) -> dict[str, str]:
    """Column names by the header keys of what a sheet may call them."""
    return {header_key(name): column for column, aliases in names.items() for name in aliases}


# --- reading ---------------------------------------------------------------------------------


class _UnreadableError(Exception):
    """openpyxl could not read the file to the end."""


_NumberedCells = tuple[int, dict[int, Cell]]  # row number, cells by column number
_Row = TypeVar("_Row")


def read_table(
    data: bytes,
    header_names: Mapping[str, str],
    is_header: Callable[[set[str]], bool],
) -> Table | FileProblem:
    """The table on the first worksheet of an .xlsx, or why there is none. Never raises for
    what is in `data`.

    `header_names` maps header keys (see header_key) to column names; the header is the first
    of the first HEADER_SEARCH_ROWS rows holding anything whose column names satisfy
    `is_header`. Data rows are the rows under it with something in one of its columns, with
    merged cells filled in from their top-left cell."""
    problem = _archive_problem(data)
    if problem is not None:
        return problem
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return FileProblem.NOT_A_WORKBOOK
    try:
        return _read_table(data, workbook, header_names, is_header)
    except _UnreadableError:
        return FileProblem.NOT_A_WORKBOOK
    finally:
        workbook.close()


class SheetRefused(Exception):
    """Raised while sheet_values streams a sheet: `problem` says why reading stopped."""

    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def sheet_values(
    data: bytes, *, max_rows: int, max_columns: int
) -> Generator[tuple[int, Sequence[object]], None, None]:
    """The first worksheet's rows as they are read, in openpyxl's streaming (read-only) mode:
    each row's number and its values from the left, blank rows too. Raises SheetRefused as
    soon as a problem shows: before anything is unpacked for an archive that would unpack too
    far (too_large_unpacked) or is none (not_a_workbook), at row `max_rows` + 1 without reading
    further (too_many_rows), or where openpyxl cannot read on (not_a_workbook). For callers
    with their own table logic; read_table is the reader with a header and merged cells."""
    problem = _archive_problem(data)
    if problem is not None:
        raise SheetRefused(problem)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise SheetRefused(FileProblem.NOT_A_WORKBOOK) from exc
    try:
        if not workbook.worksheets:
            raise SheetRefused(FileProblem.EMPTY)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size; read what is there
        rows = sheet.iter_rows(max_col=max_columns, values_only=True)
        for number, values in enumerate(_guarded(rows), start=1):
            if number > max_rows:
                raise SheetRefused(FileProblem.TOO_MANY_ROWS)
            yield number, values
    except _UnreadableError as exc:
        raise SheetRefused(FileProblem.NOT_A_WORKBOOK) from exc
    finally:
        workbook.close()


def _archive_problem(data: bytes) -> FileProblem | None:
    """An .xlsx is a zip archive; look at it before openpyxl unpacks anything."""
    problem = archive_problem(data, max_unpacked_bytes=MAX_UNPACKED_BYTES)
    if problem is ArchiveProblem.NOT_AN_ARCHIVE:
        return FileProblem.NOT_A_WORKBOOK
    return FileProblem.TOO_LARGE_UNPACKED if problem is not None else None


def _read_table(
    data: bytes,
    workbook: Workbook,
    header_names: Mapping[str, str],
    is_header: Callable[[set[str]], bool],
) -> Table | FileProblem:
    if not workbook.worksheets:
        return FileProblem.EMPTY
    sheet = workbook.worksheets[0]
    # Some writers record a wrong size for the sheet; read what is there instead.
    sheet.reset_dimensions()
    columns: dict[int, str] = {}
    header_row = 0
    rows: list[_NumberedCells] = []
    seen = 0
    for number, cells in _guarded(_sheet_rows(sheet)):
        if number > MAX_SHEET_ROWS:
            return FileProblem.TOO_MANY_ROWS
        if not columns:
            seen += 1
            columns = _header_columns(cells, header_names, is_header)
            if columns:
                header_row = number
            elif seen >= HEADER_SEARCH_ROWS:
                return FileProblem.NO_HEADER
            continue
        mine = {c: cell for c, cell in cells.items() if c in columns}
        if not mine:  # something beside the table, such as a running number only
            continue
        if len(rows) == MAX_ROWS:
            return FileProblem.TOO_MANY_ROWS
        rows.append((number, mine))
    if not columns:
        return FileProblem.NO_HEADER if seen else FileProblem.EMPTY
    if not rows:
        return FileProblem.EMPTY
    try:
        merges = _merged_ranges(data, getattr(sheet, "_worksheet_path", ""))
    except Exception as exc:
        raise _UnreadableError from exc
    _fill_merged(rows, set(columns), merges, header_row)
    return Table(
        frozenset(columns.values()),
        [(number, {columns[c]: cell for c, cell in cells.items()}) for number, cells in rows],
    )


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


def _sheet_rows(sheet: Any) -> Iterator[_NumberedCells]:
    """The sheet's rows that hold something, with only the cells that hold something. Every
    row is counted, blank or not, so that a gap of a million rows is seen as one."""
    # From row 1, openpyxl yields a row for every row number, blank ones included.
    for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):
        if number > MAX_SHEET_ROWS:
            yield number, {}
            return
        found: dict[int, Cell] = {}
        for cell in cells:
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            percent = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and _is_percent_format(cell.number_format)
            )
            found[cell.column] = Cell(value, percent)
        if found:
            yield number, found


def _is_percent_format(number_format: str | None) -> bool:
    """Whether a number format shows its number as a percentage (a % outside quoted text)."""
    if not number_format:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _header_columns(
    cells: Mapping[int, Cell],
    header_names: Mapping[str, str],
    is_header: Callable[[set[str]], bool],
) -> dict[int, str]:
    """The row's columns by name if it is the header, else nothing. Where two cells give the
    same name, the first counts."""
    columns: dict[int, str] = {}
    for column in sorted(cells):
        name = header_names.get(header_key(cell_text(cells[column])))
        if name is not None and name not in columns.values():
            columns[column] = name
    return columns if is_header(set(columns.values())) else {}


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
            left, top, right, bottom = range_boundaries(element.get("ref", ""))
            if left is not None and top is not None and right is not None and bottom is not None:
                ranges.append((left, top, right, bottom))
        element.clear()
    return ranges


def _fill_merged(
    rows: list[_NumberedCells],
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
