"""A version downloaded as Word and imported again through the pages: unchanged, it is the same
version (nothing to save); edited in Word, the new version holds that edit and nothing else."""

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from sqlmodel import func, select

from contracts import rules
from contracts.models import AgreementVersion


def text_of(response):
    return response.get_data(as_text=True)


def download(client, agreement, number: int) -> bytes:
    response = client.get(f"/agreements/{agreement.id}/versions/{number}.docx")
    assert response.status_code == 200
    return response.data


def upload(client, agreement, data: bytes, base: int = 1):
    return client.post(
        f"/agreements/{agreement.id}/import",
        data={"base_number": str(base), "document": (io.BytesIO(data), "草案.docx")},
        content_type="multipart/form-data",
    )


def field_error(page: str, name: str) -> str:
    match = re.search(rf'data-field-error="{name}">([^<]*)<', page)
    return match.group(1) if match else ""


def count(session) -> int:
    return session.exec(select(func.count()).select_from(AgreementVersion)).one()


def saved(data: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    data.save(buffer)
    return buffer.getvalue()


def test_an_unchanged_download_imports_as_no_change(client, login, session, agreement, table):
    login(table.chair)
    response = upload(client, agreement, download(client, agreement, 1))
    assert response.status_code >= 400  # refused: the same text and table as version 1
    assert field_error(text_of(response), "document") == "与第 1 版相比没有改动。"
    assert count(session) == 1


def test_a_download_edited_in_word_saves_only_that_edit(client, login, session, agreement, table):
    v1 = session.exec(select(AgreementVersion)).one()
    login(table.chair)
    document = Document(io.BytesIO(download(client, agreement, 1)))
    article = next(p for p in document.paragraphs if "厨师长3400元" in p.text)
    for run in article.runs:
        run.text = run.text.replace("厨师长3400元", "厨师长3500元")
    document.tables[0].rows[1].cells[2].paragraphs[0].runs[0].text = "3500"
    response = upload(client, agreement, saved(document))
    assert response.status_code == 302, text_of(response)[:2000]
    v2 = session.exec(select(AgreementVersion).where(AgreementVersion.number == 2)).one()
    assert v2.text == v1.text.replace("厨师长3400元", "厨师长3500元")
    before, after = rules.wage_rows(v1.wage_table), rules.wage_rows(v2.wage_table)
    assert [r.value for r in after] == [3500, *(r.value for r in before[1:])]
    assert [(r.kind, r.job_category, r.unit) for r in after] == [
        (r.kind, r.job_category, r.unit) for r in before
    ]


def test_a_wage_table_whose_rows_were_changed_in_word_is_refused_beside_the_file(
    client, login, session, agreement, table
):
    login(table.chair)
    document = Document(io.BytesIO(download(client, agreement, 1)))
    grid = document.tables[0]
    grid._tbl.remove(grid.rows[-1]._tr)  # a row deleted in Word
    response = upload(client, agreement, saved(document))
    assert response.status_code == 400
    assert field_error(text_of(response), "document").startswith("无法读取文档中的工资标准表")
    assert count(session) == 1
