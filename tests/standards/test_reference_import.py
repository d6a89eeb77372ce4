"""Minimum wages and wage guidelines imported from a workbook by an administrator (R14, R17):
every row checked under the rules of a figure entered by hand, each problem named by its row and
column, nothing saved while one remains; the export and the template read back."""

import io
import re
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import delete, select

from accounts.models import Role
from spreadsheets.reading import RowError
from standards.labels import reference_error_text
from standards.models import MinimumWage, WageGuideline
from standards.reference import LARGEST_MINIMUM_WAGE
from standards.reference_workbooks import (
    ERROR_CODES,
    GRADE_MAX_LENGTH,
    SOURCE_MAX_LENGTH,
    RegionNames,
    read_guideline_workbook,
    read_minimum_wage_workbook,
)

MW_HEADER = ["地区", "档次", "月最低工资（元）", "小时最低工资（元）", "执行日期"]
G_HEADER = ["地区", "年度", "下线", "基准线", "上线（预警线）"]
MW_PATH = "/reference/minimum-wages/import"
G_PATH = "/reference/wage-guidelines/import"


def xlsx(rows, *, formats=None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, path, data: bytes, filename="最低工资.xlsx"):
    return client.post(
        path,
        data={"workbook": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def field_errors(response) -> list[str]:
    """The problems listed beside the file field, as the user reads them."""
    page = response.get_data(as_text=True)
    block = re.search(r'data-field-error="workbook">(.*?)<div class="mt-1">', page, re.S)
    assert block, page[:2000]
    items = re.findall(r"<li>(.*?)</li>", block.group(1), re.S) or [block.group(1)]
    return [re.sub(r"\s+", " ", item).strip() for item in items]


def minimum_wages(session):
    return session.exec(
        select(MinimumWage).order_by(MinimumWage.region_code, MinimumWage.effective_from)
    ).all()


@pytest.fixture
def admin(client, login, make_user):
    return login(make_user(Role.ADMIN))


# --- minimum wages ---------------------------------------------------------------------------


def test_an_administrator_imports_minimum_wages_and_sees_how_many(client, admin, session):
    data = xlsx(
        [
            MW_HEADER,
            ["440600", "二类", 2280, 21.8, date(2027, 3, 1)],
            ["广东省汕头市", "三类", "2,050.50", None, "2027/3/1"],  # no hourly figure published
            ["佛山市", None, "¥2,300", "22", "2028年1月1日"],
        ]
    )
    response = upload(client, MW_PATH, data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reference/minimum-wages")
    assert "已添加最低工资标准 3 条。" in client.get("/reference/minimum-wages").get_data(
        as_text=True
    )
    saved = [
        (r.region_code, r.grade, r.monthly, r.hourly, r.effective_from)
        for r in minimum_wages(session)
    ]
    assert saved == [
        ("440500", "三类", D("2050.50"), None, date(2027, 3, 1)),
        ("440600", "二类", D("2280"), D("21.8"), date(2027, 3, 1)),
        ("440600", None, D("2300"), D("22"), date(2028, 1, 1)),
    ]


def test_english_headers_in_another_order_and_a_title_above_them(client, admin, session):
    data = xlsx(
        [
            ["2027 minimum wages of Guangdong"],
            ["Effective from", "Monthly", "Region", "Class", "Hourly", "Remarks"],
            ["20270101", 2600, "440100", "一类", 24.5, "ignored"],
            [datetime(2027, 1, 1, 0, 0), 2100, 130102, None, None, None],  # a code as a number
        ]
    )
    assert upload(client, MW_PATH, data).status_code == 302
    saved = [(r.region_code, r.monthly, r.hourly) for r in minimum_wages(session)]
    assert saved == [("130102", D("2100"), None), ("440100", D("2600"), D("24.5"))]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (["440100", "一类", "abc", None, "2027-01-01"], "第 2 行：月最低工资不是数字"),
        (["440100", "一类", -2500, None, "2027-01-01"], "第 2 行：月最低工资不能为负数"),
        (["440100", "一类", None, None, "2027-01-01"], "第 2 行：月最低工资未填写"),
        (["440100", "一类", "9%", None, "2027-01-01"], "第 2 行：月最低工资不是数字"),
        (["440100", "一类", 2500, "二十", "2027-01-01"], "第 2 行：小时最低工资不是数字"),
        (["440100", "一类", 2500, -1, "2027-01-01"], "第 2 行：小时最低工资不能为负数"),
        (["440100", "一类", 2500, None, "明年"], "第 2 行：执行日期不是日期"),
        (["440100", "一类", 2500, None, "2027-02-30"], "第 2 行：执行日期不是日期"),
        (["440100", "一类", 2500, None, 45717], "第 2 行：执行日期不是日期"),
        (["440100", "一类", 2500, None, None], "第 2 行：执行日期未填写"),
        (["999999", "一类", 2500, None, "2027-01-01"], "第 2 行：地区不是系统中已有的地区"),
        (["广州", "一类", 2500, None, "2027-01-01"], "第 2 行：地区不是系统中已有的地区"),
        ([None, "一类", 2500, None, "2027-01-01"], "第 2 行：地区未填写"),
        (["440100", "一" * 21, 2500, None, "2027-01-01"], "第 2 行：档次过长"),
        # The rules of a figure entered by hand, named by row and column.
        (["440100", "一类", 0, None, "2027-01-01"], "第 2 行，月最低工资：请填写大于零的数值。"),
        (["440100", "一类", 2500, 0, "2027-01-01"], "第 2 行，小时最低工资：请填写大于零的数值。"),
        (["440100", "一类", "2500.555", None, "2027-01-01"], "第 2 行，月最低工资：请填写低于"),
        (["440100", "一类", 1e9, None, "2027-01-01"], "第 2 行，月最低工资：请填写低于"),
    ],
)
def test_a_bad_row_is_named_with_its_column_and_nothing_is_saved(
    client, admin, session, row, problem
):
    response = upload(client, MW_PATH, xlsx([MW_HEADER, row]))
    assert response.status_code == 400
    errors = field_errors(response)
    assert len(errors) == 1 and errors[0].startswith(problem), errors
    assert "未保存任何内容" in response.get_data(as_text=True)
    assert minimum_wages(session) == []


def test_one_bad_row_among_good_ones_saves_nothing_and_every_problem_is_listed(
    client, admin, session
):
    data = xlsx(
        [
            MW_HEADER,
            ["440100", "一类", 2600, 24.5, "2027-01-01"],
            ["440300", "一类", "两千", 24.5, "2027-01-01"],
            ["440600", "二类", 2200, 21, "2027-01-01"],
            ["440400", "二类", 2200, 21, "someday"],
            ["440700", "三类", 0, None, "2027-01-01"],
        ]
    )
    response = upload(client, MW_PATH, data)
    assert response.status_code == 400
    assert field_errors(response) == [
        "第 3 行：月最低工资不是数字",
        "第 5 行：执行日期不是日期，请按 2025-03-01 的格式填写",
        "第 6 行，月最低工资：请填写大于零的数值。",
    ]
    assert minimum_wages(session) == []


def test_a_row_repeating_another_of_the_file_names_the_first(client, admin, session):
    data = xlsx(
        [
            MW_HEADER,
            ["440100", "一类", 2600, None, "2027-01-01"],
            ["440600", "二类", 2200, None, "2027-01-01"],
            ["广东省广州市", "一类", 2700, None, date(2027, 1, 1)],  # the same, written otherwise
            ["440100", "一类", 2800, None, "2028-01-01"],  # another date: fine
        ]
    )
    response = upload(client, MW_PATH, data)
    assert response.status_code == 400
    assert field_errors(response) == ["第 4 行与第 2 行的地区和执行日期重复。"]
    assert minimum_wages(session) == []


def test_a_figure_already_on_record_is_refused_not_overwritten(client, admin, session):
    session.add(
        MinimumWage(region_code="440100", effective_from=date(2027, 1, 1), monthly=D("2600"))
    )
    session.commit()
    data = xlsx(
        [
            MW_HEADER,
            ["440600", "二类", 2200, None, "2027-01-01"],
            ["440100", "一类", 9999, None, "2027-01-01"],
        ]
    )
    response = upload(client, MW_PATH, data)
    assert response.status_code == 409
    assert field_errors(response) == ["第 3 行，执行日期：本地区已有自该日起执行的最低工资标准。"]
    assert [(r.region_code, r.monthly) for r in minimum_wages(session)] == [("440100", D("2600"))]


def test_missing_columns_are_named(client, admin, session):
    response = upload(client, MW_PATH, xlsx([["地区", "档次"], ["440100", "一类"]]))
    assert response.status_code == 400
    assert field_errors(response) == [
        "表头中没有“月最低工资”列。",
        "表头中没有“执行日期”列。",
    ]
    response = upload(client, MW_PATH, xlsx([["档次", "月最低工资"], ["一类", 2500]]))
    assert field_errors(response) == ["表头中没有“地区”列。", "表头中没有“执行日期”列。"]
    response = upload(client, MW_PATH, xlsx([["最低工资"], ["440100 2500"]]))
    assert field_errors(response) == [
        "未找到表头行：请为各列写明名称，至少包括“地区”“月最低工资”和“执行日期”。"
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"hello", "最低工资.xlsx", "此文件不是 Excel 工作簿（.xlsx），或已加密保护。"),
        (b"", "最低工资.xlsx", "工作簿中没有数据行。"),
        (xlsx([MW_HEADER]), "最低工资.xlsx", "工作簿中没有数据行。"),
        (xlsx([MW_HEADER]), "最低工资.xls", "请选择 Excel 工作簿（.xlsx）。"),
        (b"0" * (5 * 1024 * 1024 + 1), "最低工资.xlsx", "工作簿不能超过 5 MB。"),
    ],
    ids=["not a workbook", "empty file", "header only", "xls", "over 5 MB"],
)
def test_a_bad_file_is_explained_beside_the_field(client, admin, session, data, filename, message):
    response = upload(client, MW_PATH, data, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert 'data-field-error="workbook"' in response.get_data(as_text=True)
    assert minimum_wages(session) == []


def test_no_file_at_all(client, admin):
    response = client.post(MW_PATH, data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "请选择要导入的工作簿。" in response.get_data(as_text=True)


def test_an_upload_above_the_request_limit_is_refused_with_a_page_saying_so(client, admin, app):
    huge = b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = upload(client, MW_PATH, huge)
    assert response.status_code == 413
    assert "上传的文件过大" in response.get_data(as_text=True)


def test_the_upload_page_offers_the_template_and_names_the_accepted_columns(client, admin):
    page = client.get(MW_PATH).get_data(as_text=True)
    assert "导入最低工资标准" in page
    assert 'href="/reference/minimum-wages/template.xlsx"' in page
    for name in ("地区代码", "行政区划代码", "档次", "class", "月最低工资", "monthly"):
        assert name in page
    for name in ("小时最低工资", "hourly", "执行日期", "生效日期", "effective from"):
        assert name in page
    listing = client.get("/reference/minimum-wages").get_data(as_text=True)
    assert 'href="/reference/minimum-wages/import"' in listing
    assert 'href="/reference/minimum-wages.xlsx"' in listing


def test_the_template_has_a_chinese_header_its_notes_aside_and_imports_nothing(
    client, admin, session
):
    response = client.get("/reference/minimum-wages/template.xlsx")
    assert response.status_code == 200
    assert response.content_type.startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.data))
    table, notes = book.worksheets
    assert [c.value for c in table[1]] == [
        "地区代码",
        "地区名称",
        "档次",
        "月最低工资（元）",
        "小时最低工资（元）",
        "执行日期",
        "来源",
    ]
    assert table.max_row == 1
    assert notes["A1"].value == "填写说明"
    texts = [row[0] for row in notes.iter_rows(values_only=True)]
    assert "440100" in texts  # an example row, on the sheet that is not imported
    # Sent back unchanged, the template has no rows: nothing is saved.
    again = upload(client, MW_PATH, response.data)
    assert field_errors(again) == ["工作簿中没有数据行。"]
    # With a row under its header, it imports.
    table.append(["440100", None, "一类", 2600, 24.5, "2027-01-01", "粤府函"])
    out = io.BytesIO()
    book.save(out)
    assert upload(client, MW_PATH, out.getvalue()).status_code == 302
    assert [(r.monthly, r.source) for r in minimum_wages(session)] == [(D("2600"), "粤府函")]


def test_the_export_imports_back_as_it_was(client, admin, session):
    data = xlsx(
        [
            [*MW_HEADER, "来源"],
            ["440100", "一类", 2500, 23.7, "2025-03-01", "广东省人民政府通知"],
            ["440000", "四类", 1750.5, None, "2025-03-01", None],
            ["130102", None, 2200, 22, "2023-01-01", "=河北"],
        ]
    )
    assert upload(client, MW_PATH, data).status_code == 302
    before = [
        (r.region_code, r.grade, r.monthly, r.hourly, r.effective_from, r.source)
        for r in minimum_wages(session)
    ]
    exported = client.get("/reference/minimum-wages.xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data)).active
    assert sheet["B2"].value == "河北省石家庄市长安区" and sheet["D2"].value == 2200
    # Importing it over the same figures refuses every row; into an empty table it restores them.
    assert upload(client, MW_PATH, exported.data).status_code == 409
    session.exec(delete(MinimumWage))
    session.commit()
    assert upload(client, MW_PATH, exported.data).status_code == 302
    after = [
        (r.region_code, r.grade, r.monthly, r.hourly, r.effective_from, r.source)
        for r in minimum_wages(session)
    ]
    assert after == before


def test_a_region_name_that_contradicts_the_code_is_refused(client, admin, session):
    header = ["地区代码", "地区名称", "月最低工资", "执行日期"]
    data = xlsx([header, ["440100", "广东省深圳市", 2600, "2027-01-01"]])
    response = upload(client, MW_PATH, data)
    assert field_errors(response) == ["第 2 行：地区名称与地区代码所指的地区不一致"]
    data = xlsx([["地区名称", "月最低工资", "执行日期"], ["广东省深圳市", 2600, "2027-01-01"]])
    assert upload(client, MW_PATH, data).status_code == 302
    assert [r.region_code for r in minimum_wages(session)] == ["440300"]


def test_the_problems_read_in_english_when_english_is_chosen(client, admin, session):
    client.post("/language", data={"lang": "en", "next": "/"})
    response = upload(client, MW_PATH, xlsx([MW_HEADER, ["440100", "一类", "abc", None, "x"]]))
    assert field_errors(response) == [
        "Row 2: monthly minimum is not a number",
        "Row 2: effective from is not a date: write it as 2025-03-01",
    ]
    assert "Nothing was saved" in response.get_data(as_text=True)


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        MW_PATH,
        G_PATH,
        "/reference/minimum-wages/template.xlsx",
        "/reference/wage-guidelines/template.xlsx",
    ],
)
def test_only_administrators_import(client, login, make_user, path):
    assert client.get(path).status_code == 302  # anonymous: to the login page
    login(make_user(Role.FEDERATION_CHAIR))
    assert client.get(path).status_code == 403
    if path.endswith(".xlsx"):
        return  # a template is only read
    data = xlsx([MW_HEADER, ["440100", "一类", 2600, None, "2027-01-01"]])
    assert upload(client, path, data).status_code == 403


def test_others_see_the_export_but_not_the_import(client, login, make_user, session):
    login(make_user(Role.BUREAU_REVIEWER))
    listing = client.get("/reference/minimum-wages").get_data(as_text=True)
    assert "/reference/minimum-wages/import" not in listing
    assert "/reference/minimum-wages.xlsx" in listing
    assert client.get("/reference/minimum-wages.xlsx").status_code == 200
    data = xlsx([MW_HEADER, ["440100", "一类", 2600, None, "2027-01-01"]])
    assert upload(client, MW_PATH, data).status_code == 403
    assert minimum_wages(session) == []


# --- wage guidelines -------------------------------------------------------------------------


def guidelines(session):
    return [
        (g.region_code, g.year, g.lower, g.baseline, g.upper)
        for g in session.exec(
            select(WageGuideline).order_by(WageGuideline.region_code, WageGuideline.year)
        )
    ]


def test_an_administrator_imports_guidelines_a_baseline_alone_included(client, admin, session):
    data = xlsx(
        [
            G_HEADER,
            ["440100", 2026, 3.5, 6, 9],
            ["河北省", "2026年", None, "7%", None],  # a baseline only
            ["440300", "2026", -1, 0.05, 0.08],  # 5 % and 8 % as percentage cells
        ],
        formats={"D4": "0%", "E4": "0.0%"},
    )
    response = upload(client, G_PATH, data, "指导线.xlsx")
    assert response.status_code == 302
    assert "已添加工资指导线 3 条。" in client.get("/reference/wage-guidelines").get_data(
        as_text=True
    )
    assert guidelines(session) == [
        ("130000", 2026, None, D("7"), None),
        ("440100", 2026, D("3.5"), D("6"), D("9")),
        ("440300", 2026, D("-1"), D("5"), D("8")),
    ]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (["440100", 2026, 7, 6, 9], "第 3 行，基准线：指导线应为下线 ≤ 基准线 ≤ 上线，请核对。"),
        (["440100", 2026, None, 6, 5], "第 3 行，基准线：指导线应为下线 ≤ 基准线 ≤ 上线，请核对。"),
        (["440100", 2026, None, None, None], "第 3 行，基准线："),
        (["440100", 2026, None, 6, 150], "第 3 行，上线：指导线应在 -100% 与 100% 之间。"),
        (
            ["440100", 2026, None, "6.125", None],
            "第 3 行，基准线：工资指导线各线最多保留两位小数。",
        ),
        (["440100", 2026, None, "六", None], "第 3 行：基准线不是数字"),
        (["440100", 2026, None, "¥6", None], "第 3 行：基准线不是数字"),
        (["440100", "明年", None, 6, None], "第 3 行：年度不是年度"),
        (["440100", 2026.5, None, 6, None], "第 3 行：年度不是年度"),
        (["440100", None, None, 6, None], "第 3 行：年度未填写"),
        (["440100", 1800, None, 6, None], "第 3 行，年度：请填写 1990 至 2100 之间的年度。"),
        (["珠江市", 2026, None, 6, None], "第 3 行：地区不是系统中已有的地区"),
    ],
)
def test_a_bad_guideline_row_is_named_and_nothing_is_saved(client, admin, session, row, problem):
    data = xlsx([G_HEADER, ["440300", 2026, 3, 6, 9], row])  # a good row, then the bad one
    response = upload(client, G_PATH, data)
    assert response.status_code == 400
    errors = field_errors(response)
    assert len(errors) == 1 and errors[0].startswith(problem), errors
    assert guidelines(session) == []


def test_guideline_duplicates_in_the_file_and_on_record(client, admin, session):
    session.add(WageGuideline(region_code="440300", year=2026, baseline=D("6")))
    session.commit()
    data = xlsx(
        [
            G_HEADER,
            ["440100", 2026, 3, 6, 9],
            ["广东省广州市", "2026年度", 3, 6, 9],
            ["440300", 2026, None, 6.5, None],
        ]
    )
    response = upload(client, G_PATH, data)
    assert response.status_code == 400
    assert field_errors(response) == [
        "第 3 行与第 2 行的地区和年度重复。",
        "第 4 行，年度：本地区该年度已有工资指导线。",
    ]
    assert guidelines(session) == [("440300", 2026, None, D("6"), None)]


def test_a_guideline_header_without_any_line_or_year(client, admin):
    response = upload(client, G_PATH, xlsx([["地区", "来源"], ["440100", "文件"]]))
    assert field_errors(response) == [
        "表头中没有“年度”列。",
        "表头中没有任何一条指导线：请添加“基准线”“上线”或“下线”列。",
    ]


def test_the_guideline_export_and_template_read_back(client, admin, session):
    data = xlsx([G_HEADER, ["440100", 2026, 3.5, 6, 9], ["130000", 2025, None, 7, None]])
    assert upload(client, G_PATH, data).status_code == 302
    before = guidelines(session)
    exported = client.get("/reference/wage-guidelines.xlsx").data
    session.exec(delete(WageGuideline))
    session.commit()
    assert upload(client, G_PATH, exported).status_code == 302
    assert guidelines(session) == before
    template = load_workbook(
        io.BytesIO(client.get("/reference/wage-guidelines/template.xlsx").data)
    )
    assert [c.value for c in template.active[1]] == [
        "地区代码",
        "地区名称",
        "年度",
        "下线（%）",
        "基准线（%）",
        "上线（%）",
        "来源",
    ]


# --- the readers, without a request ------------------------------------------------------------

REGIONS = RegionNames.of(
    [
        ("440000", "广东省", "广东省"),
        ("440100", "广州市", "广东省广州市"),
        ("130102", "长安区", "河北省石家庄市长安区"),
        ("610116", "长安区", "陕西省西安市长安区"),
    ]
)


def test_a_region_is_found_by_code_full_name_or_a_name_no_other_region_has():
    assert REGIONS.find("440100") == REGIONS.find(" 广东省广州市 ") == REGIONS.find("广州市")
    assert REGIONS.find("广东省") == "440000"
    assert REGIONS.find("河北省石家庄市长安区") == "130102"
    assert REGIONS.find("长安区") == ""  # two of them: the code is needed
    assert REGIONS.find("广州") is None


def test_an_ambiguous_region_name_is_a_row_problem():
    data = xlsx([MW_HEADER, ["长安区", None, 2200, None, "2023-01-01"]])
    parsed = read_minimum_wage_workbook(data, REGIONS)
    assert parsed.rows == []
    assert parsed.errors == [RowError(2, "region", "ambiguous_region")]


def test_the_reader_keeps_the_rows_without_problems_for_the_record():
    data = xlsx(
        [
            MW_HEADER,
            ["440100", "一类", 2500, 23.7, "2025-03-01"],
            ["440000", "四类", "x", None, "2025-03-01"],
        ]
    )
    parsed = read_minimum_wage_workbook(data, REGIONS)
    assert [(row, d.region_code, d.monthly, d.hourly) for row, d in parsed.rows] == [
        (2, "440100", D("2500"), D("23.7"))
    ]
    assert parsed.errors == [RowError(3, "monthly", "not_a_number")]


def test_a_guideline_line_may_be_negative_but_not_a_sum_of_money():
    data = xlsx([G_HEADER, ["440000", 2009, "-2%", 0, "￥1"]])
    parsed = read_guideline_workbook(data, REGIONS)
    assert parsed.errors == [RowError(2, "upper", "not_a_number")]


FILE_CODES = {"not_a_workbook", "empty", "no_header", "too_many_rows"}
HEADER_CODES = {"missing_column", "no_line_column"}


def test_every_error_code_has_words():
    assert FILE_CODES | HEADER_CODES <= ERROR_CODES
    for kind in ("minimum_wage", "guideline"):
        for code in ERROR_CODES:
            row = None if code in FILE_CODES | HEADER_CODES else 7
            text = reference_error_text(kind, row, "monthly", code, 2)
            assert text and code not in text, (kind, code, text)
            assert row is None or text.startswith("第 7 行")


def test_the_length_and_size_limits_are_those_of_the_database_columns():
    columns = MinimumWage.__table__.columns
    assert columns["grade"].type.length == GRADE_MAX_LENGTH
    assert columns["source"].type.length == SOURCE_MAX_LENGTH
    assert WageGuideline.__table__.columns["source"].type.length == SOURCE_MAX_LENGTH
    monthly = columns["monthly"].type
    largest = D(10) ** (monthly.precision - monthly.scale) - D(10) ** -monthly.scale
    assert largest == LARGEST_MINIMUM_WAGE
