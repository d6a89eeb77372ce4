"""Spreadsheets written so that they read back and run nothing: every .xlsx and CSV export of the
app writes its cells through here. Text is always text: in an .xlsx a string cell (openpyxl would
store text starting with "=" as a formula), in a CSV prefixed with an apostrophe when a
spreadsheet would take it for a formula (=, +, -, @, tab or carriage return first; OWASP's CSV
injection advice). Numbers passed as numbers stay numbers, negative ones too. Pure: no Flask, no
database."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

# What a spreadsheet may take for the start of a formula when it opens a CSV file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CsvValue = str | int | Decimal | date | None


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet opening a CSV file could run `text` as a formula."""
    return text.startswith(FORMULA_STARTS)


# --- .xlsx -----------------------------------------------------------------------------------


def put_text(sheet: Any, row: int, column: int, text: str) -> Any:
    """A text cell, kept as text even when it starts with "=" (openpyxl would make a formula
    of it), without the control characters an .xlsx cannot hold."""
    cell = sheet.cell(row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    return cell


def put_value(
    sheet: Any, row: int, column: int, value: CsvValue | float, number_format: str | None = None
) -> Any:
    """A cell for any exported value: text through put_text (never a formula), a number as a
    number (a Decimal as the float a spreadsheet keeps; negative ones stay numbers), a date as
    a date; `number_format` for a number or a date. Nothing for None."""
    if value is None:
        return None
    if isinstance(value, str):
        return put_text(sheet, row, column, value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | date):
        raise TypeError(f"a cell holds text, a number or a date, not {type(value).__name__}")
    # A spreadsheet number is a float; exported figures have at most 14 significant digits,
    # which a float keeps exactly.
    cell = sheet.cell(row, column, float(value) if isinstance(value, Decimal) else value)
    if number_format is not None:
        cell.number_format = number_format
    return cell


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    name = re.sub(r"[\[\]:*?/\\]", " ", ILLEGAL_CHARACTERS_RE.sub("", title)).strip()
    return name[:31].strip().strip("'") or "Sheet1"


def display_width(text: str) -> int:
    """Columns a text takes on screen: Chinese characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_width(widest: int) -> int:
    """A column width for its widest text: a margin, and neither too narrow nor too wide."""
    return min(max(widest + 2, 8), 60)


def set_column_widths(sheet: Any, widths: Sequence[int]) -> None:
    """Each column as wide as its widest text (see column_width), from the first column."""
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = column_width(width)


def plain(value: Decimal) -> str:
    """A Decimal written out without an exponent: 1E+3 as 1000."""
    return format(value, "f")


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- CSV -------------------------------------------------------------------------------------


def csv_cell(value: CsvValue) -> str:
    """A value as a CSV field: a number as its figure (-5 stays -5), a date as 2025-03-01, and
    text with an apostrophe in front when a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a CSV field is text, a number or a date, not a bool")
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        raise TypeError("a CSV field is a date, not a time: convert it to the reader's zone first")
    if isinstance(value, date):
        return value.isoformat()
    return "'" + value if looks_like_formula(value) else value


def csv_cell_text(field: str) -> str:
    """A CSV field as the text it stands for: the apostrophe `csv_cell` put in front of text a
    spreadsheet would take for a formula is taken off again, so a download imports back
    as it was."""
    if field.startswith("'") and looks_like_formula(field[1:]):
        return field[1:]
    return field


def csv_text(rows: Iterable[Sequence[CsvValue]]) -> str:
    """Rows as CSV text, every field through csv_cell, lines ending in CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def csv_bytes(rows: Iterable[Sequence[CsvValue]]) -> bytes:
    """Rows as a CSV file in UTF-8 with a byte order mark: Excel in China reads UTF-8 only
    after one."""
    return csv_text(rows).encode("utf-8-sig")
