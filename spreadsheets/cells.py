"""Spreadsheet cells read as people write them: a figure with its currency or percent sign, a
date, a year, text. Pure: no Flask, no database, not even openpyxl (spreadsheets.reading hands
the cells over); spreadsheets.writing writes cells that read back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True, slots=True)
class Cell:
    """What a cell holds, as openpyxl gives it."""

    value: object
    percent: bool = False  # a number shown as a percentage: Excel keeps 9 % as 0.09


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")
_CURRENCY_SIGNS = ("¥", "￥")
_PERCENT_SIGNS = ("%", "％")
# 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")  # 20250301
_YEAR_TEXT = re.compile(r"(\d{4})\s*(?:年度?)?")  # 2025, 2025年, 2025年度


@dataclass(frozen=True, slots=True)
class Figure:
    """A number read from a cell, with how it was written: a percentage (already times 100:
    "9%" and 0.09 shown as 9 % both read as 9) or with a currency sign."""

    value: Decimal
    percent: bool = False
    currency: bool = False


def finite_decimal(text: str) -> Decimal | None:
    """Text as typed read as a finite Decimal (spaces around it do not count); None when it is
    not a number, or is NaN or Infinity."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def is_blank(cell: Cell | None) -> bool:
    raw = None if cell is None else cell.value
    return raw is None or (isinstance(raw, str) and not raw.strip())


def read_figure(cell: Cell) -> Figure | None:
    """A cell as a finite number, or None when it is not one. Text may carry a currency sign
    in front, a percent sign behind and thousands separators; the caller decides which of
    these the column allows."""
    raw = cell.value
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
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
        number = finite_decimal(text)
        return None if number is None else Figure(number, percent, currency)
    number = finite_decimal(number_text(raw))
    if number is None:
        return None
    return Figure(number * 100, percent=True) if cell.percent else Figure(number)


def read_date(cell: Cell) -> date | None:
    """A cell as a date: a date cell (a time of day on it is dropped), or text such as
    2025-03-01, 2025/3/1, 2025年3月1日 or 20250301; None when it is none of these."""
    raw = cell.value
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    text = cell_text(cell)
    found = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:  # 2025-02-30
        return None


def read_year(cell: Cell) -> int | None:
    """A cell as a year written with four digits (2025, 2025年, 2025年度), or None."""
    raw = cell.value
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    found = _YEAR_TEXT.fullmatch(cell_text(cell))
    return int(found.group(1)) if found else None


def number_text(number: int | float) -> str:
    """A spreadsheet number as the decimal it stands for. A float goes through text, never
    Decimal(float), and to the 15 significant digits a spreadsheet keeps: 12.3 stays 12.3, and
    0.30000000000000004 (0.1 + 0.2 in a formula) or 9999999999.999901 (how openpyxl writes the
    float of 9999999999.9999) read as what they stand for."""
    return str(number) if isinstance(number, int) else format(number, ".15g")


def cell_text(cell: Cell | None) -> str:
    """A cell as the text it shows, trimmed."""
    raw = None if cell is None else cell.value
    if raw is None:
        return ""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        text = number_text(raw)
    elif isinstance(raw, datetime | date | time):
        text = raw.isoformat()
    else:
        text = str(raw)
    return text.replace("\x00", "").strip()
