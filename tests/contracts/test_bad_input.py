"""Bad input through the agreement pages: an empty text, a 5 MB text, files that are not Word
documents or are encrypted, control characters and mixed line endings, markup in a text, and
junk in every form. Each is refused beside its field (or stored, normalised), never a 500, and
nothing is half saved."""

import io
import re
import zipfile

import pytest
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlmodel import func, select

from contracts import chain, services
from contracts.diff import changed_characters, diff_texts
from contracts.labels import DOCX_ERRORS
from contracts.models import AgreementVersion
from contracts.structure import MAX_TEXT_CHARS
from contracts.wordfiles import WageLabels, write_docx


def text_of(response):
    return response.get_data(as_text=True)


def field_error(page: str, name: str) -> str:
    """The error shown beside a field, or "" when there is none."""
    match = re.search(rf'data-field-error="{name}">([^<]*)<', page)
    return match.group(1) if match else ""


def count_versions(session) -> int:
    return session.exec(select(func.count()).select_from(AgreementVersion)).one()


def message(app, lazy) -> str:
    """A message as the pages show it (in the default language), escaped."""
    with app.test_request_context():
        return str(escape(str(lazy)))


@pytest.fixture
def v1(session, agreement):
    return services.version(session, agreement, 1)


def edit(client, agreement, text, base="1"):
    return client.post(f"/agreements/{agreement.id}/edit", data={"base_number": base, "text": text})


@pytest.mark.parametrize("empty", ["", "   \r\n\t", "\x07\x1b\u200b\r\n"])
def test_an_empty_text_is_refused_beside_the_field(client, login, session, table, agreement, empty):
    login(table.chair)
    response = edit(client, agreement, empty)
    assert response.status_code == 400
    assert field_error(text_of(response), "text")
    assert count_versions(session) == 1


def test_a_5_mb_text_is_refused_naming_the_limit_and_kept(client, login, session, table, agreement):
    login(table.chair)
    huge = "第一条 " + "工资" * (5 * 1024 * 1024 // 6)  # 5 MB in UTF-8, 1.7 million characters
    assert len(huge.encode()) > 5 * 1000 * 1000
    response = edit(client, agreement, huge)
    assert response.status_code == 413
    page = text_of(response)
    assert f"{MAX_TEXT_CHARS:,}" in field_error(page, "text")
    assert huge[:1000] in page  # what was typed comes back in the text box
    assert count_versions(session) == 1


def test_control_characters_and_line_endings_alone_are_no_change(
    client, login, session, table, agreement, v1
):
    login(table.chair)
    lines = v1.text.split("\n")
    endings = ["\r\n", "\r", "\n", "\u2028"]
    mixed = "".join(line + endings[k % 4] for k, line in enumerate(lines))
    mixed = "\ufeff" + mixed.replace("第二条", "第二条\x07").replace("第三条", "\x0b第三条")
    response = edit(client, agreement, mixed)
    assert response.status_code == 400
    assert field_error(text_of(response), "text")  # nothing changed since version 1
    assert count_versions(session) == 1


def test_mixed_line_endings_never_show_as_a_change(client, login, session, table, agreement, v1):
    """A Windows paste with one real change: the stored text has "\\n" only, and the comparison
    shows that one change and nothing about line endings."""
    login(table.chair)
    typed = (
        v1.text.replace("一式三份", "一式四份").replace("\n", "\r\n").replace("\r\n\r\n", "\r\r", 3)
    )
    assert edit(client, agreement, typed + "\x1f").status_code == 302
    v2 = services.version(session, agreement, 2)
    assert "\r" not in v2.text and "\x1f" not in v2.text
    assert v2.text == v1.text.replace("一式三份", "一式四份")
    ops = diff_texts(v1.text, v2.text)
    assert changed_characters(ops) == 2  # 三 → 四
    for view in ("inline", "side"):
        page = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2&view={view}"))
        changes = re.findall(r'<(del|ins) class="diff-(?:del|ins)">([^<]*)<', page)
        assert changes == [("del", "三"), ("ins", "四")], view


def test_markup_in_a_text_is_shown_as_text_on_every_page(
    client, login, session, table, agreement, v1
):
    login(table.chair)
    hostile = v1.text.replace("一式三份", "一式三份<script>alert(1)</script><b>粗</b>")
    assert edit(client, agreement, hostile).status_code == 302
    pages = [
        f"/agreements/{agreement.id}/versions/2",
        f"/agreements/{agreement.id}/compare?old=1&new=2",
        f"/agreements/{agreement.id}/compare?old=1&new=2&view=side",
        f"/agreements/{agreement.id}/compare?old=1&new=2&view=side&all=1",
    ]
    for path in pages:
        page = text_of(client.get(path))
        assert "<script>alert(1)" not in page and "<b>粗</b>" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


def import_docx(client, agreement, data: bytes, name: str = "草案.docx"):
    return client.post(
        f"/agreements/{agreement.id}/import",
        data={"base_number": "1", "document": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"%PDF-1.7 a PDF renamed", "草案.docx", "not_docx"),
        ("第一条 纯文本".encode(), "草案.docx", "not_docx"),
        (OLE + "WordDocument".encode("utf-16-le") + bytes(64), "草案.docx", "not_docx"),
        (OLE + "EncryptedPackage".encode("utf-16-le") + bytes(64), "草案.docx", "encrypted"),
    ],
    ids=["pdf", "text", "doc", "encrypted"],
)
def test_a_file_that_is_no_readable_word_document_is_refused_beside_the_field(
    app, client, login, session, table, agreement, data, name, code
):
    login(table.chair)
    response = import_docx(client, agreement, data, name)
    assert response.status_code == 400
    assert field_error(text_of(response), "document") == message(app, DOCX_ERRORS[code])
    assert count_versions(session) == 1


def test_a_zip_bomb_is_refused_as_too_large_when_unpacked(
    app, client, login, session, table, agreement
):
    """A small .docx whose document unpacks past the 50 MB limit is refused for its size, not
    taken for something that is no Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (51 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    login(table.chair)
    response = import_docx(client, agreement, out.getvalue())
    assert response.status_code == 413
    error = field_error(text_of(response), "document")
    assert error == message(app, DOCX_ERRORS["too_large_unpacked"])
    assert "50 MB" in error and error != message(app, DOCX_ERRORS["not_docx"])
    assert count_versions(session) == 1


def test_a_file_without_the_docx_ending_is_refused(client, login, session, table, agreement, v1):
    login(table.chair)
    data = write_docx("草案", v1.text, [], WageLabels())
    response = import_docx(client, agreement, data, "草案.pdf")
    assert response.status_code == 400 and field_error(text_of(response), "document")
    assert count_versions(session) == 1


def test_a_word_document_without_articles_is_stored_and_compared(
    client, login, session, table, agreement
):
    login(table.chair)
    data = write_docx(
        "会议纪要", "双方约定月工资不低于3500元。\n\n其余条款另行协商。\n", [], WageLabels()
    )
    assert import_docx(client, agreement, data).status_code == 302
    assert "3500元" in services.version(session, agreement, 2).text
    page = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2"))
    assert 'data-testid="no-articles"' in page
    assert text_of(client.get(f"/agreements/{agreement.id}/versions/2")).count("3500") >= 1


@pytest.mark.parametrize("base", ["²", "x", "0", "2", "99999999999999999999", ""])
def test_an_import_from_no_version_of_the_agreement_is_refused_beside_the_field(
    app, client, login, session, table, agreement, v1, base
):
    """A "²" passes str.isdigit() but int() refuses it; 2 is no version yet: each is a 400 with the
    message beside the version chosen, the note kept and nothing saved."""
    login(table.chair)
    data = write_docx("草案", v1.text.replace("一式三份", "一式五份"), [], WageLabels())
    response = client.post(
        f"/agreements/{agreement.id}/import",
        data={"base_number": base, "document": (io.BytesIO(data), "草案.docx"), "note": "企业方稿"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = text_of(response)
    with app.test_request_context():  # a translation is trusted markup: shown unescaped
        expected = str(_l("Choose one of this agreement's versions."))
    assert field_error(page, "base_number") == expected
    assert 'value="企业方稿"' in page
    assert re.search(r'<select[^>]*name="base_number"[^>]*>\s*<option[^>]*value="1"', page)
    assert count_versions(session) == 1


JUNK = ["", "x", "²", "-1", "0", "99999999999999999999", "1.5", "\x00", "第一条" * 1000]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_every_form_is_never_a_server_error(
    client, login, session, table, agreement, v1, junk
):
    """Whatever comes in a field, the answer is a page or a refusal, and every saved version is
    whole: the chain verifies."""
    login(table.chair)
    a = agreement.id
    # A real Word draft, so that the import reaches its version number and note.
    draft = write_docx("草案", v1.text.replace("一式三份", "一式五份"), [], WageLabels())
    posts = [
        (f"/agreements/{a}/edit", {"base_number": junk, "text": junk, "note": junk}),
        (f"/agreements/{a}/edit", {"base_number": "1", "text": "第一条 改。", "wage_0": junk}),
        (f"/agreements/{a}/resolve", {"base_number": junk, "theirs_number": junk, "mine": junk}),
        (f"/agreements/{a}/resolve",
         {"base_number": "1", "theirs_number": "1", "mine": "第一条", "mine_wages": junk}),
        (f"/agreements/{a}/versions/1/comments", {"article_label": junk, "body": junk}),
        (f"/agreements/{a}/comments/1/resolve", {"back": junk}),
        (f"/agreements/{a}/import",
         {"base_number": junk, "note": junk, "document": (io.BytesIO(draft), "草案.docx")}),
        (f"/negotiations/{agreement.negotiation_id}/agreement",
         {"term_start": junk, "term_end": junk}),
    ]  # fmt: skip
    for path, data in posts:
        response = client.post(path, data=data)
        assert response.status_code < 500, (path, data, response.status_code)
    gets = [
        f"/agreements/{a}/compare?old={junk}&new={junk}&view={junk}",
        f"/agreements/{a}/redline.docx?old={junk}&new=1",
        f"/agreements/{a}/versions/1?article={junk}",
    ]
    for path in gets:
        assert client.get(path).status_code in (200, 400, 404), path
    assert chain.verify_chain(session)[1] == []


@pytest.mark.parametrize("figure", ["三千", "-5", "1e999999", "NaN", "3400.123456"])
def test_a_wage_figure_that_is_no_amount_is_refused_beside_it(
    client, login, session, table, agreement, v1, figure
):
    login(table.chair)
    data = {"base_number": "1", "text": v1.text, "wage_0": figure, "wage_1": "2650", "wage_2": "8"}
    response = client.post(f"/agreements/{agreement.id}/edit", data=data)
    assert response.status_code == 400
    assert field_error(text_of(response), "wage_0")
    assert f'value="{figure}"' in text_of(response)
    assert count_versions(session) == 1


def test_a_pay_figure_below_the_minimum_wage_is_refused_r14(
    client, login, session, table, agreement, v1
):
    """Guangzhou's minimum wage is 2,500 a month from 2025-03-01: the chef's 2,400 falls 100
    short of it during the agreement's term."""
    login(table.chair)
    data = {"base_number": "1", "text": v1.text, "wage_0": "2400", "wage_1": "2650", "wage_2": "8"}
    response = client.post(f"/agreements/{agreement.id}/edit", data=data)
    assert response.status_code == 400
    error = field_error(text_of(response), "wage_0")
    assert "R14" in error and "2,400.00" in error and "2,500.00" in error and "100.00" in error
    assert 'value="2400"' in text_of(response)
    assert count_versions(session) == 1
    data["wage_0"] = "2500"  # at the minimum: saved
    assert client.post(f"/agreements/{agreement.id}/edit", data=data).status_code == 302
    assert count_versions(session) == 2
