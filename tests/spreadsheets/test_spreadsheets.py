"""The table reader every import shares: the header the caller names, the rows under it, and
cells read as the numbers, dates and years people write in a spreadsheet."""

import io
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from spreadsheets.cells import Cell, Figure, read_date, read_figure, read_year
from spreadsheets.reading import FileProblem, Table, header_key, header_lookup, read_table
from spreadsheets.writing import put_text, sheet_title, workbook_bytes

NAMES = header_lookup({"name": ("姓名", "name"), "age": ("年龄", "age"), "city": ("城市",)})


def two_columns(names: set[str]) -> bool:
    return len(names) >= 2


def xlsx(rows, *, merges=()) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    for cells in merges:
        sheet.merge_cells(cells)
    return workbook_bytes(book)


def test_the_table_is_what_lies_under_the_header_the_caller_recognises():
    data = xlsx(
        [
            ["名单"],  # a title: not a header
            [None, "姓名 ", "Age（岁）", "备注"],
            [1, "张三", 30, "x"],
            [2, None, None, "only a note"],  # nothing in a column of the table
            [3, "李四", 41],
        ]
    )
    table = read_table(data, NAMES, two_columns)
    assert table == Table(
        frozenset({"name", "age"}),
        [
            (3, {"name": Cell("张三"), "age": Cell(30)}),
            (5, {"name": Cell("李四"), "age": Cell(41)}),
        ],
    )


def test_a_merged_cell_gives_its_value_to_every_row_it_spans():
    data = xlsx([["城市", "姓名"], ["广州", "张三"], [None, "李四"]], merges=("A2:A3",))
    table = read_table(data, NAMES, two_columns)
    assert [cells["city"].value for _number, cells in table.rows] == ["广州", "广州"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", FileProblem.NOT_A_WORKBOOK),
        (b"PK\x03\x04 not really", FileProblem.NOT_A_WORKBOOK),
        (xlsx([]), FileProblem.EMPTY),
        (xlsx([["姓名", "年龄"]]), FileProblem.EMPTY),
        (xlsx([["姓名"], ["张三"]]), FileProblem.NO_HEADER),  # one column named: not enough
    ],
)
def test_why_there_is_no_table(data, problem):
    assert read_table(data, NAMES, two_columns) == problem


def test_a_percentage_cell_reads_as_the_percent_it_shows():
    book = Workbook()
    book.active.append(["姓名", "年龄"])
    book.active.append(["张三", 0.09])
    book.active["B2"].number_format = "0%"
    table = read_table(workbook_bytes(book), NAMES, two_columns)
    ((_number, cells),) = table.rows
    assert read_figure(cells["age"]) == Figure(D("9"), percent=True)


@pytest.mark.parametrize(
    ("value", "figure"),
    [
        (2500, Figure(D("2500"))),
        (23.7, Figure(D("23.7"))),
        (0.1 + 0.2, Figure(D("0.3"))),
        ("2,500.50", Figure(D("2500.50"))),
        ("¥ 2,500", Figure(D("2500"), currency=True)),
        ("￥2500", Figure(D("2500"), currency=True)),
        ("6%", Figure(D("6"), percent=True)),
        ("-1.5 ％", Figure(D("-1.5"), percent=True)),
        (" 7 ", Figure(D("7"))),
    ],
)
def test_a_figure_as_written(value, figure):
    assert read_figure(Cell(value)) == figure


@pytest.mark.parametrize(
    "value", ["abc", "2,50", "1,2345", "NaN", "Infinity", "2500元", True, date(2025, 1, 1)]
)
def test_not_a_figure(value):
    assert read_figure(Cell(value)) is None


@pytest.mark.parametrize(
    "value",
    [
        date(2025, 3, 1),
        datetime(2025, 3, 1, 0, 0),
        datetime(2025, 3, 1, 8, 30),
        "2025-03-01",
        "2025-3-1",
        "2025/3/1",
        "2025.03.01",
        "2025年3月1日",
        " 2025 年 3 月 1 日 ",
        "20250301",
        20250301,
    ],
)
def test_a_date_as_written(value):
    assert read_date(Cell(value)) == date(2025, 3, 1)


@pytest.mark.parametrize(
    "value",
    ["2025-02-30", "3/1/2025", "2025-03", "明年三月", "", 45717, 2025.5, True, "2025-03-01T08:00"],
)
def test_not_a_date(value):
    assert read_date(Cell(value)) is None


@pytest.mark.parametrize("value", [2026, 2026.0, "2026", "2026年", "2026 年度"])
def test_a_year_as_written(value):
    assert read_year(Cell(value)) == 2026


@pytest.mark.parametrize("value", [2026.5, "二〇二六", "26", 20260, True, date(2026, 1, 1)])
def test_not_a_year(value):
    assert read_year(Cell(value)) is None


def test_headers_compare_loosely():
    assert header_key("月最低工资（元）") == header_key("月最低工资") == "月最低工资"
    assert header_key(" Effective_From: ") == "effectivefrom"


def test_text_is_written_as_text_and_sheet_names_are_tidied():
    book = Workbook()
    put_text(book.active, 1, 1, "=SUM(A1:A9)\x01")
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    assert sheet["A1"].value == "=SUM(A1:A9)" and sheet["A1"].data_type == "s"
    assert len(sheet_title("最低工资 [2025/2026]: *?" * 3)) <= 31
    assert not set(sheet_title("a[b]c:d*e?f/g\\h")) & set("[]:*?/\\")
