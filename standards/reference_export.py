"""Local minimum wages and yearly wage guidelines (R14, R17) written as .xlsx: the list on record,
or an empty template with its instructions, in the layout standards.reference_workbooks reads
back. Pure: no Flask, no database; the caller passes the rows and the words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from spreadsheets.writing import (
    display_width,
    put_text,
    put_value,
    set_column_widths,
    sheet_title,
    workbook_bytes,
)
from standards.reference_workbooks import (
    GUIDELINE_COLUMNS,
    GUIDELINE_HEADERS,
    LINE_COLUMNS,
    MINIMUM_WAGE_COLUMNS,
    MINIMUM_WAGE_HEADERS,
    header_labels,
)

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
NUMBER_FORMAT = "General"

# region code, region full name, class, monthly, hourly, effective from, source
MinimumWageRow = tuple[str, str, str | None, Decimal, Decimal | None, date, str | None]
# region code, region full name, year, lower, baseline, upper, source
GuidelineRow = tuple[str, str, int, Decimal | None, Decimal | None, Decimal | None, str | None]

_Value = str | Decimal | date | int | None


def write_minimum_wage_workbook(
    rows: Sequence[MinimumWageRow],
    *,
    title: str,
    notes: Sequence[str] = (),
    examples: Sequence[MinimumWageRow] = (),
) -> bytes:
    """An .xlsx of minimum wages: the bold header frozen on the first row, then a row per
    figure, amounts as numbers and dates as dates. read_minimum_wage_workbook reads it back.
    With `notes`, a second sheet carries them and the `examples` under the same header (the
    template's instructions): only the first sheet is read, so an example is never imported."""
    formats = {"monthly": MONEY_FORMAT, "hourly": MONEY_FORMAT, "effective_from": DATE_FORMAT}
    return _write(MINIMUM_WAGE_HEADERS, MINIMUM_WAGE_COLUMNS, formats, rows, title, notes, examples)


def write_guideline_workbook(
    rows: Sequence[GuidelineRow],
    *,
    title: str,
    notes: Sequence[str] = (),
    examples: Sequence[GuidelineRow] = (),
) -> bytes:
    """An .xlsx of wage guidelines in the same way, lines as plain numbers of percent (6 for
    6 %). read_guideline_workbook reads it back."""
    formats = dict.fromkeys(("year", *LINE_COLUMNS), NUMBER_FORMAT)
    return _write(GUIDELINE_HEADERS, GUIDELINE_COLUMNS, formats, rows, title, notes, examples)


def _write(
    headers: Mapping[str, Sequence[str]],
    order: Sequence[str],
    formats: Mapping[str, str],
    rows: Sequence[Sequence[_Value]],
    title: str,
    notes: Sequence[str],
    examples: Sequence[Sequence[_Value]],
) -> bytes:
    """The table on the first sheet, titled `title`, its header frozen; with `notes`, a second
    sheet of the notes, one a row, the first in bold as the sheet's title, then the examples."""
    workbook = Workbook()
    labels = header_labels(headers, order)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(title)
    set_column_widths(sheet, _put_rows(sheet, 1, labels, order, rows, formats))
    sheet.freeze_panes = "A2"
    if notes:
        sheet = workbook.create_sheet(sheet_title(notes[0]))
        for number, note in enumerate(notes, start=1):
            put_text(sheet, number, 1, note).font = Font(bold=number == 1)
        widths = _put_rows(sheet, len(notes) + 2, labels, order, examples, formats)
        set_column_widths(sheet, widths)
    return workbook_bytes(workbook)


def _put_rows(
    sheet: Any,
    first_row: int,
    labels: Sequence[str],
    order: Sequence[str],
    rows: Sequence[Sequence[_Value]],
    formats: Mapping[str, str],
) -> list[int]:
    """The bold header on `first_row` and the rows under it; the width each column needs."""
    widths = [display_width(label) for label in labels]
    for column, label in enumerate(labels, start=1):
        put_text(sheet, first_row, column, label).font = Font(bold=True)
    for number, row in enumerate(rows, start=first_row + 1):
        for column, (name, value) in enumerate(zip(order, row, strict=True), start=1):
            if value is None or value == "":
                continue
            put_value(sheet, number, column, value, formats.get(name, NUMBER_FORMAT))
            shown = value.isoformat() if isinstance(value, date) else str(value)
            widths[column - 1] = max(widths[column - 1], display_width(shown) + 1)
    return widths
