"""Sector standards in and out of spreadsheets (R15): row-level problems, every one at once, and
nothing to save when there is one; the export reads back as it was written."""

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from spreadsheets.reading import MAX_ROWS, MAX_SHEET_ROWS, MAX_UNPACKED_BYTES, FileProblem, RowError
from standards.models import StandardItem
from standards.validation import LARGEST_VALUE, ProblemCode
from standards.vocabulary import KIND_RULES, Direction, ItemKind, Unit
from standards.workbooks import (
    ALL_CATEGORIES,
    ERROR_CODES,
    JOB_CATEGORY_MAX_LENGTH,
    MONEY_FORMAT,
    NOTE_MAX_LENGTH,
    NUMBER_FORMAT,
    ItemRow,
    ParsedWorkbook,
    WorkbookCode,
    read_standard_workbook,
    write_standard_csv,
    write_standard_workbook,
)
from tests.uploads.files import xlsx_broken_after, zip_bomb

K = ItemKind
U = Unit
HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER

ZH = ["岗位工种", "项目", "标准", "单位", "方向", "备注"]
EN = ["Job category", "Kind", "Value", "Unit", "Direction", "Note"]

ZH_KINDS = {
    K.MONTHLY_PAY_FLOOR: "月工资标准",
    K.HOURLY_RATE: "工时工价",
    K.PART_TIME_HOURLY_RATE: "非全日制小时工资",
    K.PIECE_RATE: "计件单价",
    K.LABOUR_QUOTA: "劳动定额",
    K.WEEKLY_HOURS: "周工作时间",
    K.ANNUAL_RISE: "年增长幅度",
    K.ALLOWANCE: "津贴",
}
EN_KINDS = {
    K.MONTHLY_PAY_FLOOR: "Monthly pay floor",
    K.HOURLY_RATE: "Hourly rate",
    K.PART_TIME_HOURLY_RATE: "Part-time hourly rate",
    K.PIECE_RATE: "Piece rate",
    K.LABOUR_QUOTA: "Labour quota",
    K.WEEKLY_HOURS: "Weekly hours",
    K.ANNUAL_RISE: "Annual rise",
    K.ALLOWANCE: "Allowance",
}
ZH_DIRECTIONS = {HIGHER: "越高越好", LOWER: "越低越好"}
EN_DIRECTIONS = {HIGHER: "higher is better", LOWER: "lower is better"}


def xlsx(
    rows: Sequence[Sequence[Any]],
    *,
    merges: tuple[str, ...] = (),
    formats: dict[str, str] | None = None,
) -> bytes:
    """A workbook as a user might make one: the rows from A1, None for an empty cell."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    for cells in merges:
        sheet.merge_cells(cells)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def item(row, kind, job_category, value, unit, note=None):
    return ItemRow(row, kind, job_category, D(value), unit, KIND_RULES[kind].direction, note)


def error(row, column, code, first_row=None):
    return RowError(row, column, code, first_row)


def file_error(code):
    return ParsedWorkbook([], [RowError(None, None, code)])


def read(rows, **options):
    return read_standard_workbook(xlsx(rows, **options))


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_member(workbook: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one member replaced (or added)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members[name] = data
    return _zip(members)


GOOD = xlsx([ZH, ["厨师长", "月工资标准", 2184, "元/月"]])


# --- reading good sheets ---------------------------------------------------------------------


def test_a_sheet_with_chinese_headers_reads_row_by_row():
    parsed = read(
        [
            ZH,
            ["厨师长", "月工资标准", 2184, "元/月", "越高越好", "中心城区"],
            ["服务员", "工时工价", 12.55, "元/小时", None, None],
            ["包装工", "计件单价", "0.035", "元/件", "higher", None],
            ["包装工", "劳动定额", 40, "件/小时", "越低越好", None],
            [None, "周工作时间", 40, "小时/周", None, None],
            [None, "年增长幅度", 9, "%", None, "不低于"],
            ["厨师长", "津贴", 200, "元/月", None, None],
        ]
    )
    assert parsed.errors == []
    assert parsed.items == [
        item(2, K.MONTHLY_PAY_FLOOR, "厨师长", "2184", U.YUAN_PER_MONTH, "中心城区"),
        item(3, K.HOURLY_RATE, "服务员", "12.55", U.YUAN_PER_HOUR),
        item(4, K.PIECE_RATE, "包装工", "0.035", U.YUAN_PER_PIECE),
        item(5, K.LABOUR_QUOTA, "包装工", "40", U.PIECES_PER_HOUR),
        item(6, K.WEEKLY_HOURS, "", "40", U.HOURS_PER_WEEK),
        item(7, K.ANNUAL_RISE, "", "9", U.PERCENT, "不低于"),
        item(8, K.ALLOWANCE, "厨师长", "200", U.YUAN_PER_MONTH),
    ]


def test_a_sheet_with_english_headers_and_stored_names_reads_the_same():
    parsed = read(
        [
            ["  JOB CATEGORY ", "item", "value", "Unit", "direction", "Notes"],
            ["Head chef", "monthly_pay_floor", 2184, "元/月", "higher_is_better", None],
            ["Head chef", "Hourly rate", 12.55, "yuan/hour", "Higher is better", None],
            ["Packer", "labour_quota", 300, "pieces/day", "lower_is_better", "per shift"],
        ]
    )
    assert parsed.errors == []
    assert parsed.items == [
        item(2, K.MONTHLY_PAY_FLOOR, "Head chef", "2184", U.YUAN_PER_MONTH),
        item(3, K.HOURLY_RATE, "Head chef", "12.55", U.YUAN_PER_HOUR),
        item(4, K.LABOUR_QUOTA, "Packer", "300", U.PIECES_PER_DAY, "per shift"),
    ]


def test_the_header_may_sit_under_a_title_and_rows_keep_their_excel_numbers():
    parsed = read(
        [
            ["武汉市餐饮行业岗位工资标准"],
            [],
            ["岗位", "类别", "数值（元）", "单位"],
            ["厨师长", "月工资标准", 2184, "元/月"],
            [],
            [],
            ["餐具清洗员", "月工资标准", 1196, "元/月"],
        ]
    )
    assert parsed.errors == []
    assert [found.row for found in parsed.items] == [4, 7]


def test_the_wuhan_catering_standard_of_2011():
    """DOMAIN.md: head chef 2184 (central districts) / 1819 (outer), dishwasher 1196 / 996 a
    month, and a yearly rise of at least 9 %, in a table laid out as unions lay them out."""
    parsed = read(
        [
            ["武汉市餐饮行业工资专项集体合同 附件：岗位工资标准"],
            ["单位：元"],
            ["序号", "岗位工种", "标准项目", "金额", "单位", "备注"],
            [1, "厨师长（中心城区）", "月工资标准", "¥2,184.00", "元/月", None],
            [2, "厨师长（远城区）", "月最低工资", 1819, "元／月", None],
            [3, "餐具清洗员（中心城区）", "月工资标准", "1,196", "元每月", "约为最低工资的130%"],
            [4, "餐具清洗员（远城区）", "月工资标准", 996, None, None],
            [5, "全部", "工资增长", "9%", "％", "年增长幅度不低于"],
        ]
    )
    assert parsed.errors == []
    assert parsed.items == [
        item(4, K.MONTHLY_PAY_FLOOR, "厨师长（中心城区）", "2184", U.YUAN_PER_MONTH),
        item(5, K.MONTHLY_PAY_FLOOR, "厨师长（远城区）", "1819", U.YUAN_PER_MONTH),
        item(
            6,
            K.MONTHLY_PAY_FLOOR,
            "餐具清洗员（中心城区）",
            "1196",
            U.YUAN_PER_MONTH,
            "约为最低工资的130%",
        ),
        item(7, K.MONTHLY_PAY_FLOOR, "餐具清洗员（远城区）", "996", U.YUAN_PER_MONTH),
        item(8, K.ANNUAL_RISE, "", "9", U.PERCENT, "年增长幅度不低于"),
    ]


@pytest.mark.parametrize(
    ("kind", "cell", "expected"),
    [
        ("月工资标准", 2184, "2184"),
        ("月工资标准", 2184.0, "2184"),
        ("月工资标准", "2184", "2184"),
        ("月工资标准", " 2184.50 ", "2184.50"),
        ("月工资标准", "¥2,184.00", "2184.00"),
        ("月工资标准", "￥ 2184", "2184"),
        ("月工资标准", "2,184", "2184"),
        ("月工资标准", "1,234,567.5", "1234567.5"),
        ("月工资标准", 0, "0"),
        ("工时工价", 12.3, "12.3"),
        ("年增长幅度", "9%", "9"),
        ("年增长幅度", "9.5 ％", "9.5"),
        ("年增长幅度", 9, "9"),
    ],
)
def test_values_as_numbers_or_as_people_type_them(kind, cell, expected):
    parsed = read([ZH, ["", kind, cell]])
    assert parsed.errors == []
    assert parsed.items[0].value == D(expected)


@pytest.mark.parametrize(
    ("cell", "number_format", "expected"), [(0.09, "0%", "9"), (0.095, "0.0%", "9.5")]
)
def test_a_percentage_cell_is_read_as_the_percentage_it_shows(cell, number_format, expected):
    # Typing 9% into Excel stores 0.09 shown through a percent format.
    parsed = read([ZH, ["", "年增长幅度", cell]], formats={"C2": number_format})
    assert parsed.errors == []
    assert parsed.items[0].value == D(expected)


def test_a_figure_saved_with_seventeen_digits_reads_as_the_fifteen_a_spreadsheet_shows():
    # Excel saves a formula's result, such as 0.1 + 0.2, with the float's every digit.
    with zipfile.ZipFile(io.BytesIO(GOOD)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode()
    noisy = sheet.replace("<v>2184</v>", "<v>2184.0000000000005</v>")
    assert noisy != sheet
    parsed = read_standard_workbook(_with_member(GOOD, "xl/worksheets/sheet1.xml", noisy.encode()))
    assert parsed.errors == []
    assert str(parsed.items[0].value) == "2184"


def test_a_percentage_is_no_figure_for_a_monthly_pay_floor():
    parsed = read([ZH, ["", "月工资标准", 21.84]], formats={"C2": "0%"})
    assert parsed == ParsedWorkbook([], [error(2, "value", "not_a_number")])


@pytest.mark.parametrize(
    ("kind", "cell", "unit"),
    [
        ("月工资标准", "元/月", U.YUAN_PER_MONTH),
        ("月工资标准", "元／月", U.YUAN_PER_MONTH),
        ("月工资标准", "元每月", U.YUAN_PER_MONTH),
        ("月工资标准", "元 / 月", U.YUAN_PER_MONTH),
        ("工时工价", "元/小时", U.YUAN_PER_HOUR),
        ("工时工价", "元/时", U.YUAN_PER_HOUR),
        ("劳动定额", "件/天", U.PIECES_PER_DAY),
        ("劳动定额", "件/日", U.PIECES_PER_DAY),
        ("年增长幅度", "%", U.PERCENT),
        ("年增长幅度", "％", U.PERCENT),
        ("年增长幅度", "百分比", U.PERCENT),
        # An empty unit cell takes the kind's only unit.
        ("月工资标准", None, U.YUAN_PER_MONTH),
        ("计件单价", None, U.YUAN_PER_PIECE),
        ("周工作时间", None, U.HOURS_PER_WEEK),
        ("年增长幅度", None, U.PERCENT),
    ],
)
def test_units_as_people_write_them(kind, cell, unit):
    parsed = read([ZH, ["厨师", kind, 10, cell]])
    assert parsed.errors == []
    assert parsed.items[0].unit == unit


def test_without_a_direction_column_each_item_takes_its_kind_s_direction():
    parsed = read(
        [["项目", "标准", "单位"], ["劳动定额", 40, "件/小时"], ["月工资标准", 2184, None]]
    )
    assert parsed.errors == []
    assert [found.direction for found in parsed.items] == [LOWER, HIGHER]


@pytest.mark.parametrize("cell", ["全部", "所有岗位", "All", "all job categories", "", None])
def test_a_job_category_cell_may_say_every_job_category(cell):
    parsed = read([ZH, [cell, "周工作时间", 40]])
    assert parsed.items[0].job_category == ""


def test_a_merged_job_category_names_every_row_it_covers():
    parsed = read(
        [
            ZH,
            ["厨师长", "月工资标准", 2184],
            [None, "工时工价", 12.55],
            [None, "津贴", 200],
            [None, "周工作时间", 40],
        ],
        merges=("A2:A4",),
    )
    assert parsed.errors == []
    assert [(found.row, found.job_category) for found in parsed.items] == [
        (2, "厨师长"),
        (3, "厨师长"),
        (4, "厨师长"),
        (5, ""),
    ]


def test_columns_the_standard_does_not_use_are_left_alone():
    parsed = read(
        [
            ["序号", "项目", "标准", "说明"],
            [1, "月工资标准", 2184, "x"],
            [2, None, None, "just a remark beside the table"],
        ]
    )
    assert parsed.errors == []
    assert len(parsed.items) == 1


# --- bad rows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["", "年增长幅度", 150, "%"], error(2, "value", ProblemCode.ABOVE_MAXIMUM)),
        (["", "年增长幅度", "150%"], error(2, "value", ProblemCode.ABOVE_MAXIMUM)),
        (["", "周工作时间", 169], error(2, "value", ProblemCode.ABOVE_MAXIMUM)),
        (["", "月工资标准", 10**10], error(2, "value", ProblemCode.ABOVE_MAXIMUM)),
        (["厨师", "工时工价", 12.55, "元/月"], error(2, "unit", ProblemCode.UNIT_NOT_FOR_KIND)),
        (["厨师", "月工资标准", 2184, "元"], error(2, "unit", ProblemCode.UNIT_NOT_FOR_KIND)),
        (
            ["包装工", "劳动定额", 40, "件/小时", "越高越好"],
            error(2, "direction", ProblemCode.WRONG_DIRECTION),
        ),
        (
            ["厨师", "月工资标准", 2184, "元/月", "越低越好"],
            error(2, "direction", ProblemCode.WRONG_DIRECTION),
        ),
        (
            ["厨师", "月工资标准", 2184, "元/月", "sideways"],
            error(2, "direction", ProblemCode.WRONG_DIRECTION),
        ),
        (["厨师", "月工资标准", "abc"], error(2, "value", ProblemCode.NOT_A_NUMBER)),
        (["厨师", "月工资标准", "-5"], error(2, "value", ProblemCode.NEGATIVE)),
        (["厨师", "月工资标准", -5], error(2, "value", ProblemCode.NEGATIVE)),
        (["厨师", "月工资标准", "NaN"], error(2, "value", ProblemCode.NOT_A_NUMBER)),
        (["厨师", "月工资标准", "2,18"], error(2, "value", ProblemCode.NOT_A_NUMBER)),
        (["厨师", "月工资标准", True], error(2, "value", ProblemCode.NOT_A_NUMBER)),
        (["厨师", "月工资标准", "9%"], error(2, "value", ProblemCode.NOT_A_NUMBER)),
        (["", "年增长幅度", "¥9"], error(2, "value", ProblemCode.NOT_A_NUMBER)),
        (["厨师", "月工资标准", None, "元/月"], error(2, "value", ProblemCode.MISSING)),
        (["包装工", "劳动定额", 40], error(2, "unit", ProblemCode.MISSING)),
        (["厨师", "奖金", 100], error(2, "kind", WorkbookCode.UNKNOWN_KIND)),
        (["厨师", None, 100], error(2, "kind", ProblemCode.MISSING)),
        (["厨" * 51, "月工资标准", 2184], error(2, "job_category", WorkbookCode.TOO_LONG)),
        (["厨师", "月工资标准", 2184, None, None, "注" * 201], error(2, "note", "too_long")),
    ],
)
def test_a_bad_row_is_named_with_its_column(row, expected):
    parsed = read([ZH, row])
    assert parsed == ParsedWorkbook([], [expected])


def test_a_row_with_several_problems_has_them_all_in_column_order():
    parsed = read([ZH, ["厨" * 51, "劳动定额", "abc", "元/月", "越高越好", "注" * 201]])
    assert parsed.errors == [
        error(2, "job_category", "too_long"),
        error(2, "value", "not_a_number"),
        error(2, "unit", "unit_not_for_kind"),
        error(2, "direction", "wrong_direction"),
        error(2, "note", "too_long"),
    ]


def test_a_row_of_an_unknown_kind_still_has_its_other_problems_named():
    parsed = read([ZH, ["厨师", "奖金", "-5", "元/年", "sideways"]])
    assert parsed.errors == [
        error(2, "kind", "unknown_kind"),
        error(2, "value", "negative"),
        error(2, "unit", "unit_not_for_kind"),
        error(2, "direction", "wrong_direction"),
    ]


def test_every_problem_of_a_file_comes_at_once_with_the_rows_excel_shows():
    parsed = read(
        [
            ["武汉市餐饮行业岗位工资标准（草案）"],
            ZH,
            ["", "年增长幅度", 150, "%"],
            ["厨师", "工时工价", 12.55, "元/月"],
            ["包装工", "劳动定额", 40, "件/小时", "越高越好"],
            ["服务员", "月工资标准", "abc"],
            ["收银员", "月工资标准", "-5"],
            ["厨师", "奖金", 300],
            ["厨师长", "月工资标准", 2184, "元/月"],
            [None, None, None, None, None, None],
            ["厨师长", "月工资标准", 2200, "元/月"],
            ["装配工", "劳动定额", 300],
            [],
            ["餐具清洗员", "月工资标准", 1196, "元/月"],
        ]
    )
    assert parsed.errors == [
        error(3, "value", "above_maximum"),
        error(4, "unit", "unit_not_for_kind"),
        error(5, "direction", "wrong_direction"),
        error(6, "value", "not_a_number"),
        error(7, "value", "negative"),
        error(8, "kind", "unknown_kind"),
        error(11, None, "duplicate_item", first_row=9),
        error(12, "unit", "missing"),
    ]
    # The rows without problems, for the record; the caller saves nothing while errors remain.
    assert [found.row for found in parsed.items] == [9, 14]
    assert {found.code for found in parsed.errors} <= ERROR_CODES


def test_a_duplicate_names_the_first_row_even_when_written_differently():
    parsed = read(
        [
            ZH,
            ["", "周工作时间", 40],
            ["厨师", "月工资标准", 2184],
            ["全部", "weekly_hours", 40],
            ["厨师 ", "月最低工资", 2184],
        ]
    )
    assert parsed.errors == [
        error(4, None, "duplicate_item", first_row=2),
        error(5, None, "duplicate_item", first_row=3),
    ]


def test_the_length_limits_are_those_of_the_database_columns():
    columns = StandardItem.__table__.columns
    assert columns["job_category"].type.length == JOB_CATEGORY_MAX_LENGTH
    assert columns["note"].type.length == NOTE_MAX_LENGTH
    assert (columns["value"].type.precision, columns["value"].type.scale) == (14, 4)
    assert D("1e10") > LARGEST_VALUE == D("9999999999.9999")


def test_the_error_codes_are_the_workbook_codes_and_the_item_problem_codes():
    assert {
        "not_a_workbook",
        "empty",
        "no_header",
        "too_many_rows",
        "too_large_unpacked",
        "unknown_kind",
        "duplicate_item",
        "too_long",
        "missing",
        "not_a_number",
        "negative",
        "above_maximum",
        "too_precise",
        "unit_not_for_kind",
        "wrong_direction",
    } == ERROR_CODES


# --- bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),  # .xls, or an encrypted .xlsx
        "岗位工种,项目,标准\r\n厨师长,月工资标准,2184\r\n".encode(),  # a CSV
        _zip({"readme.txt": b"not a workbook"}),
        GOOD[: len(GOOD) // 2],
        GOOD[:-10],
        _with_member(GOOD, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"),
        _with_member(GOOD, "xl/workbook.xml", b"\x00\x01garbage"),
        _with_member(GOOD, "xl/styles.xml", b"<styleSheet"),
        bytes(50 * 1024 * 1024),  # a 50 MB upload of anything else
    ],
    ids=[
        "nothing",
        "text",
        "png",
        "ole",
        "csv",
        "other zip",
        "half",
        "truncated end",
        "broken sheet",
        "broken workbook part",
        "broken styles",
        "50 MB",
    ],
)
def test_bytes_that_are_not_a_workbook_give_one_error_and_no_exception(data):
    assert read_standard_workbook(data) == file_error("not_a_workbook")


def test_a_cell_whose_style_does_not_exist_is_a_broken_file_not_a_crash():
    with zipfile.ZipFile(io.BytesIO(GOOD)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode()
    broken = sheet.replace('<c r="C2"', '<c r="C2" s="999"')
    assert broken != sheet
    data = _with_member(GOOD, "xl/worksheets/sheet1.xml", broken.encode())
    assert read_standard_workbook(data) == file_error("not_a_workbook")


def test_a_workbook_that_would_unpack_to_too_much_is_not_opened():
    padding = {"xl/media/padding.bin": bytes(MAX_UNPACKED_BYTES)}
    with zipfile.ZipFile(io.BytesIO(GOOD)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    data = _zip(members | padding)
    assert len(data) < MAX_UNPACKED_BYTES // 100  # a small upload that inflates
    assert read_standard_workbook(data) == file_error("too_large_unpacked")


def test_a_workbook_squeezed_tighter_than_any_table_is_refused_under_the_size_limit():
    data = zip_bomb(GOOD, MAX_UNPACKED_BYTES // 2)
    assert read_standard_workbook(data) == file_error("too_large_unpacked")


def test_over_the_row_limit_is_refused_without_reading_the_rest_of_the_sheet():
    """The sheet breaks off after its last row: a reader that stops at the row limit never
    gets there (one that read the whole sheet first would call the file unreadable)."""
    rows = [ZH] + [[f"岗位{n}", "月工资标准", 2000 + n, "元/月"] for n in range(MAX_ROWS + 1)]
    assert read_standard_workbook(xlsx_broken_after(rows)) == file_error("too_many_rows")
    assert read_standard_workbook(xlsx_broken_after(rows[:5])) == file_error("not_a_workbook")


def test_more_than_the_row_limit_is_refused_whole():
    rows = [ZH] + [[f"岗位{n}", "月工资标准", 2000 + n, "元/月"] for n in range(MAX_ROWS + 1)]
    assert read(rows) == file_error("too_many_rows")
    parsed = read(rows[:-1])
    assert parsed.errors == []
    assert len(parsed.items) == MAX_ROWS
    assert parsed.items[-1].row == MAX_ROWS + 1


def test_a_cell_far_below_the_table_is_refused_rather_than_read_for_ever():
    workbook = load_workbook(io.BytesIO(GOOD))
    workbook.active.cell(MAX_SHEET_ROWS + 1, 1, "x")
    out = io.BytesIO()
    workbook.save(out)
    assert read_standard_workbook(out.getvalue()) == file_error("too_many_rows")


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([], "empty"),
        ([[None], [None, None]], "empty"),
        ([ZH], "empty"),
        ([["武汉市餐饮行业岗位工资标准"], ZH, [], []], "empty"),
        ([["岗位工种", "项目", "单位"], ["厨师", "月工资标准", "元/月"]], "no_header"),
        ([["a", "b"], [1, 2]], "no_header"),
        ([[f"说明第{n}行"] for n in range(10)] + [ZH, ["", "月工资标准", 2184]], "no_header"),
    ],
)
def test_a_sheet_without_a_table(rows, code):
    assert read(rows) == file_error(code)


def test_the_header_may_come_after_nine_lines_of_preamble():
    rows = [[f"说明第{n}行"] for n in range(9)] + [ZH, ["", "月工资标准", 2184]]
    assert read(rows).items == [item(11, K.MONTHLY_PAY_FLOOR, "", "2184", U.YUAN_PER_MONTH)]


def test_only_the_first_worksheet_is_read():
    workbook = Workbook()
    workbook.active.append(ZH)
    workbook.active.append(["", "月工资标准", 2184])
    other = workbook.create_sheet("其他")
    other.append(ZH)
    other.append(["", "奖金", 1])
    out = io.BytesIO()
    workbook.save(out)
    assert read_standard_workbook(out.getvalue()).errors == []


# --- writing, and reading back what was written ----------------------------------------------

WUHAN = [
    ("厨师长", "月工资标准", D("2184"), "元/月", "越高越好", "中心城区"),
    ("厨师长", "月工资标准（远城区）", D("1819"), "元/月", "越高越好", None),
    ("餐具清洗员", "工时工价", D("6.8736"), "元/小时", "越高越好", None),
    ("包装工", "计件单价", D("0.035"), "元/件", "越高越好", "=SUM(A1:A9)"),
    ("", "年增长幅度", D("9"), "%", "越高越好", "不低于"),
]


def test_the_workbook_export_lays_out_a_title_a_bold_frozen_header_and_numbers():
    data = write_standard_workbook("武汉市餐饮行业岗位工资标准", WUHAN, ZH)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "武汉市餐饮行业岗位工资标准"
    assert sheet["A1"].font.bold
    assert [cell.value for cell in sheet[2]] == ZH
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet["C3"].value == 2184 and sheet["C3"].data_type == "n"
    assert sheet["C3"].number_format == MONEY_FORMAT
    assert sheet["C5"].value == pytest.approx(6.8736)
    assert sheet["C7"].value == 9 and sheet["C7"].number_format == NUMBER_FORMAT
    # Text is text, even when a spreadsheet would take it for a formula.
    assert sheet["F6"].value == "=SUM(A1:A9)" and sheet["F6"].data_type == "s"
    assert sheet["A7"].value is None
    # Wide enough for the Chinese text: two columns a character, and a margin.
    assert sheet.column_dimensions["A"].width >= 2 * len("餐具清洗员")
    assert sheet.column_dimensions["B"].width >= 2 * len("月工资标准（远城区）")
    assert sheet.max_row == 2 + len(WUHAN)


def test_a_title_that_excel_would_refuse_as_a_sheet_name_is_tidied():
    data = write_standard_workbook("标准 [2011/2012]: 武汉市餐饮行业*岗位工资标准？" * 2, [], ZH)
    sheet = load_workbook(io.BytesIO(data)).active
    assert len(sheet.title) <= 31
    assert not set(sheet.title) & set("[]:*?/\\")


def test_headers_must_name_all_six_columns():
    with pytest.raises(ValueError, match="6 labels"):
        write_standard_workbook("t", WUHAN, ZH[:5])
    with pytest.raises(ValueError, match="6 labels"):
        write_standard_csv(WUHAN, [*ZH, "多"])


@pytest.mark.parametrize(
    ("headers", "kinds", "directions"),
    [(ZH, ZH_KINDS, ZH_DIRECTIONS), (EN, EN_KINDS, EN_DIRECTIONS)],
    ids=["zh", "en"],
)
def test_what_is_written_reads_back(headers, kinds, directions):
    items = [
        item(3, K.MONTHLY_PAY_FLOOR, "厨师长", "2184", U.YUAN_PER_MONTH, "中心城区"),
        item(4, K.HOURLY_RATE, "餐具清洗员", "6.8736", U.YUAN_PER_HOUR),
        item(5, K.PIECE_RATE, "包装工", "0.035", U.YUAN_PER_PIECE, "=SUM(A1:A9)"),
        item(6, K.LABOUR_QUOTA, "包装工", "300", U.PIECES_PER_DAY),
        item(7, K.WEEKLY_HOURS, "", "40", U.HOURS_PER_WEEK),
        item(8, K.ANNUAL_RISE, "", "9", U.PERCENT, "不低于"),
        item(9, K.ALLOWANCE, "厨师长", "1234567.5", U.YUAN_PER_MONTH),
        item(10, K.MONTHLY_PAY_FLOOR, "主管", "9999999999.9999", U.YUAN_PER_MONTH),
    ]
    rows = [_export_row(found, kinds, directions) for found in items]
    parsed = read_standard_workbook(write_standard_workbook("标准", rows, headers))
    assert parsed == ParsedWorkbook(items, [])


def test_labels_in_another_language_read_back_when_given():
    headers = ["Stelle", "Art", "Betrag", "Einheit", "Richtung", "Bemerkung"]
    kinds = {"Mindestmonatslohn": K.MONTHLY_PAY_FLOOR}
    directions = {"höher ist besser": HIGHER}
    rows = [("Koch", "Mindestmonatslohn", D("2184"), "元/月", "höher ist besser", None)]
    data = write_standard_workbook("Standard", rows, headers)
    assert read_standard_workbook(data) == file_error("no_header")
    parsed = read_standard_workbook(
        data, headers=headers, kind_labels=kinds, direction_labels=directions
    )
    assert parsed == ParsedWorkbook(
        [item(3, K.MONTHLY_PAY_FLOOR, "Koch", "2184", U.YUAN_PER_MONTH)], []
    )


def _export_row(found, kinds, directions):
    return (
        found.job_category,
        kinds[found.kind],
        found.value,
        found.unit.value,
        directions[found.direction],
        found.note,
    )


def _loose(text):
    """As the reader compares names: case, spaces, underscores and hyphens do not count."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


_TEXT = st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x00")


@st.composite
def item_sets(draw):
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(ItemKind),
                st.one_of(
                    st.just(""),
                    st.sampled_from(["厨师长", "厨师", "餐具清洗员", "服务员", "Head chef"]),
                    st.text(_TEXT, min_size=1, max_size=JOB_CATEGORY_MAX_LENGTH)
                    .map(str.strip)
                    .filter(lambda text: text and _loose(text) not in ALL_CATEGORIES),
                ),
            ),
            max_size=12,
            unique=True,
        )
    )
    found = []
    for row, (kind, job_category) in enumerate(keys, start=3):
        rule = KIND_RULES[kind]
        value = draw(
            st.decimals(
                min_value=0,
                max_value=min(rule.maximum or LARGEST_VALUE, LARGEST_VALUE),
                places=draw(st.integers(0, 4)),
                allow_nan=False,
                allow_infinity=False,
            )
        )
        note = draw(
            st.none()
            | st.text(_TEXT, max_size=NOTE_MAX_LENGTH).map(str.strip).map(lambda t: t or None)
        )
        unit = draw(st.sampled_from(sorted(rule.units)))
        found.append(ItemRow(row, kind, job_category, value, unit, rule.direction, note))
    return found


@settings(max_examples=60, deadline=None)
@given(
    items=item_sets(),
    labels=st.sampled_from(
        [
            (ZH, ZH_KINDS, ZH_DIRECTIONS),
            (EN, EN_KINDS, EN_DIRECTIONS),
            (EN, {kind: kind.value for kind in ItemKind}, {d: d.value for d in Direction}),
        ]
    ),
)
def test_any_set_of_items_reads_back_as_written(items, labels):
    headers, kinds, directions = labels
    rows = [_export_row(found, kinds, directions) for found in items]
    parsed = read_standard_workbook(write_standard_workbook("标准", rows, headers))
    if items:
        assert parsed == ParsedWorkbook(items, [])
    else:
        assert parsed == file_error("empty")


def test_the_csv_export_parses_back_to_the_same_text():
    text = write_standard_csv(WUHAN, ZH)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert not text.startswith("\ufeff")  # the view adds the BOM when it encodes
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ZH,
        ["厨师长", "月工资标准", "2184", "元/月", "越高越好", "中心城区"],
        ["厨师长", "月工资标准（远城区）", "1819", "元/月", "越高越好", ""],
        ["餐具清洗员", "工时工价", "6.8736", "元/小时", "越高越好", ""],
        # A spreadsheet would run text starting with "=" as a formula: it is quoted.
        ["包装工", "计件单价", "0.035", "元/件", "越高越好", "'=SUM(A1:A9)"],
        ["", "年增长幅度", "9", "%", "越高越好", "不低于"],
    ]


def test_csv_values_keep_their_decimals_and_never_use_an_exponent():
    rows = [
        ("", "月工资标准", D("2184.00"), "元/月", "越高越好", None),
        ("", "周工作时间", D("4E+1"), "小时/周", "越低越好", 'a "quoted", note'),
    ]
    parsed = list(csv.reader(io.StringIO(write_standard_csv(rows, EN), newline="")))
    assert [row[2] for row in parsed[1:]] == ["2184.00", "40"]
    assert parsed[2][5] == 'a "quoted", note'


def test_each_row_is_known_by_the_kind_it_names_so_its_errors_can_say_what_it_allows():
    parsed = read(
        [
            ["岗位工种", "项目", "数值", "单位"],
            ["点心师", "劳动定额", 40, None],
            ["厨师", "不知道", 1, "元/月"],
            ["钟点工", "非全日制小时工资", 23.7, None],
        ]
    )
    assert parsed.kinds == {2: K.LABOUR_QUOTA, 4: K.PART_TIME_HOURLY_RATE}
    assert parsed.items == [item(4, K.PART_TIME_HOURLY_RATE, "钟点工", "23.7", U.YUAN_PER_HOUR)]
    assert error(2, "unit", ProblemCode.MISSING) in parsed.errors


def test_the_file_problems_are_those_a_standard_reports():
    assert {str(problem) for problem in FileProblem} <= {str(code) for code in WorkbookCode}
