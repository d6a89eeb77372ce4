"""The articles against the wage table: an article that names a job category of the table with
another amount is a warning on save and on the version page (rules.amount_mismatches)."""

from decimal import Decimal as D

import pytest
from sqlmodel import select

from contracts.consistency import consistency_problems
from contracts.diff import WageRow
from contracts.models import AgreementVersion
from contracts.rules import AmountMismatch, amount_mismatches

ROWS = [
    WageRow("monthly_pay_floor", "厨师长", D("3400"), "元/月"),
    WageRow("monthly_pay_floor", "厨师", D("3200"), "元/月"),
    WageRow("monthly_pay_floor", "服务员", D("2750.00"), "元/月"),
    WageRow("hourly_rate", "服务员", D("16"), "元/小时"),
    WageRow("monthly_pay_floor", "餐具清洗员", D("2650"), "元/月"),
    WageRow("annual_rise", "", D("8"), "%"),
]


def found(text: str) -> list[tuple[str, D, str]]:
    return [
        (m.job_category, m.written, m.unit) for m in amount_mismatches([("第四条", text)], ROWS)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "服务员月工资标准为2750元。",  # equal
        "服务员2,750元。",  # thousands separator
        "服务员２７５０元。",  # full-width digits
        "服务员２，７５０元。",
        "服务员2750.00元。",
        "厨师长3400元；厨师3200元。",  # 厨师长 is not 厨师
        "洗碗工2000元。",  # a category the table does not name
        "服务员加班费每小时30元。",  # overtime pay is not the pay standard
        "服务员2750元，另发放交通补贴200元。",
        "服务员工资每年增加100元。",  # a rise by so much
        "服务员每小时16元。",  # the hourly row
        "服务员16元/小时。",
        "餐具清洗员每小时15元。",  # no hourly row for the category: nothing to hold it against
        "服务员2750元，服务员每月休息四天。",  # named twice, once with an amount
        "工资年增长幅度不低于8%。",  # not an amount in yuan
        "服务员的工资另行协商。",  # no amount
    ],
)
def test_an_article_that_agrees_with_the_table_or_names_no_amount_of_it(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("服务员月工资不低于2800元。", [("服务员", D("2800"), "元/月")]),
        ("服务员2,800 元。", [("服务员", D("2800"), "元/月")]),
        ("服务员２８００元。", [("服务员", D("2800"), "元/月")]),
        ("服务员2750.5元。", [("服务员", D("2750.5"), "元/月")]),
        ("服务员每小时18元。", [("服务员", D("18"), "元/小时")]),
        ("服务员18元/小时。", [("服务员", D("18"), "元/小时")]),
        ("厨师长3500元；厨师3200元。", [("厨师长", D("3500"), "元/月")]),
        ("厨师长3400元；厨师3400元。", [("厨师", D("3400"), "元/月")]),
        # named twice: each mention is checked
        ("服务员2750元；试用期满后，服务员2800元。", [("服务员", D("2800"), "元/月")]),
        ("服务员2800元，加班费每小时30元。", [("服务员", D("2800"), "元/月")]),
    ],
)
def test_an_amount_the_table_does_not_hold_is_a_mismatch(text, expected):
    assert found(text) == expected


def test_an_amount_is_read_from_the_first_digit_of_its_figure_never_after_a_separator():
    """1234,567元 is a figure written wrong, not 567元. (Reading from each separator on is also
    what made a long run of 1,000,000,… cost the square of its length on every version page.)"""
    assert found("服务员1234,567元。") == []
    assert found("服务员1,234,567元。") == [("服务员", D("1234567"), "元/月")]
    assert found("服务员" + "1" + ",000" * 20_000) == []  # no 元: no amount


def test_a_mismatch_names_its_article_and_the_table_figures():
    assert amount_mismatches([("第五条", "服务员2800元。")], ROWS) == [
        AmountMismatch("第五条", "服务员", D("2800"), "元/月", (D("2750.00"),))
    ]
    assert amount_mismatches([("第五条", "服务员2800元。")], []) == []


def test_a_version_names_its_problems_in_words(app, session, agreement):
    version = session.exec(select(AgreementVersion)).one()
    with app.test_request_context():
        assert consistency_problems(version) == []  # the template's text agrees with its table
        version.text = version.text.replace("厨师长3400元", "厨师长3,500元")
        assert consistency_problems(version) == [
            "第四条写明厨师长为 3,500 元/月，工资标准表中为 3,400 元/月。"
        ]
    session.rollback()


def test_saving_a_text_that_disagrees_with_the_table_warns_and_the_version_page_shows_it(
    client, login, session, agreement, table
):
    v1 = session.exec(select(AgreementVersion)).one()
    login(table.chair)
    page = client.get(f"/agreements/{agreement.id}/versions/1").get_data(as_text=True)
    assert 'data-testid="consistency"' not in page
    text = v1.text.replace("厨师长3400元", "厨师长3500元")
    response = client.post(
        f"/agreements/{agreement.id}/edit",
        data={"base_number": "1", "text": text},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "已保存为第 2 版。" in page
    assert "请核对金额：条文与工资标准表不一致。" in page  # the warning on save
    assert "第四条写明厨师长为 3,500 元/月，工资标准表中为 3,400 元/月。" in page
    assert session.exec(select(AgreementVersion).where(AgreementVersion.number == 2)).one()
    again = client.get(f"/agreements/{agreement.id}/versions/2").get_data(as_text=True)
    assert 'data-testid="consistency"' in again and "3,500 元/月" in again
    assert "请核对金额" not in again  # the flash was shown once; the page keeps the list
