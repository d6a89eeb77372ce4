"""The template's text and the Word and PDF wage tables name every item kind in Chinese."""

import io
from datetime import date
from decimal import Decimal

from docx import Document

from contracts import editing, rules
from contracts.diff import WageRow
from contracts.models import AgreementKind
from contracts.template import ITEM_NAMES, starting_text
from standards.vocabulary import ItemKind
from tests.contracts.conftest import v1_of

PART_TIME = WageRow("part_time_hourly_rate", "钟点工", Decimal("24.5"), "元/小时")


def test_every_item_kind_has_its_chinese_name():
    assert set(ITEM_NAMES) == {kind.value for kind in ItemKind}
    assert ITEM_NAMES["part_time_hourly_rate"] == "非全日制小时工资"
    assert all(not name.isascii() for name in ITEM_NAMES.values())


def test_the_template_names_a_part_time_hourly_rate_in_chinese():
    text = starting_text(
        kind=AgreementKind.SPECIAL_WAGE,
        union="海珠区餐饮行业工会联合会",
        employer="海珠区餐饮行业协会",
        term_start=date(2026, 5, 1),
        term_end=date(2027, 4, 30),
        rows=[PART_TIME],
    )
    assert "非全日制小时工资（钟点工）为24.5元/小时。" in text
    assert "part_time" not in text


def test_the_word_wage_table_names_a_part_time_hourly_rate_in_chinese(
    client, login, session, table, agreement
):
    v1 = v1_of(session, agreement)
    rows = [*rules.wage_rows(v1.wage_table), PART_TIME]
    editing.save_edit(
        session, table.viewer(table.chair), agreement,
        base_number=1, text=v1.text, note="", rows=rows,
    )  # fmt: skip
    session.commit()
    login(table.chair)
    response = client.get(f"/agreements/{agreement.id}/versions/2.docx")
    assert response.status_code == 200
    wage_table = Document(io.BytesIO(response.data)).tables[-1]
    cells = [[cell.text for cell in row.cells] for row in wage_table.rows]
    assert ["钟点工", "非全日制小时工资", "24.5", "元/小时"] in cells
    assert not any("part_time" in text for row in cells for text in row)
