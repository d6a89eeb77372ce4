"""The agreement pages through the client: drafting from an agreed negotiation, editing and
merging, comparing, comments, Word and PDF files, and refusals of bad input."""

import json
import re

from sqlmodel import select

from contracts import editing
from contracts.models import AgreementVersion, Comment
from tests.contracts.conftest import relabelled


def text_of(response):
    return response.get_data(as_text=True)


def test_an_agreement_from_an_agreed_negotiation(client, login, session, table):
    from tests.contracts.conftest import agree

    negotiation = agree(table)
    session.commit()
    login(table.chair)
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    assert f"/negotiations/{negotiation.id}/agreement" in page
    form = text_of(client.get(f"/negotiations/{negotiation.id}/agreement"))
    assert "2026-05-01" in form and "3,400.00" in form
    response = client.post(
        f"/negotiations/{negotiation.id}/agreement",
        data={"term_start": "2026-05-01", "term_end": "2027-04-30"},
    )
    assert response.status_code == 302, text_of(response)[:3000]
    version = session.exec(select(AgreementVersion)).one()
    assert "第一条" in version.text and "3400元" in version.text
    page = text_of(client.get(response.headers["Location"], follow_redirects=True))
    assert "第一章 总则" in page and "3,400.00" in page


def test_edit_compare_comment(client, login, session, agreement, table):
    login(table.chair)
    v1 = session.exec(select(AgreementVersion)).one()
    text = v1.text.replace("3400元", "3500元")
    response = client.post(
        f"/agreements/{agreement.id}/edit",
        data={"base_number": "1", "text": text, "note": "厨师长上调"},
    )
    assert response.status_code == 302, text_of(response)[:2000]
    page = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2"))
    assert "3400 → 3500 元（+2.9%）" in page
    assert 'data-testid="outside-changed"' not in page  # an article changed, nothing else
    side = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2&view=side"))
    assert 'class="diff-del">3400</del>' in side
    response = client.post(
        f"/agreements/{agreement.id}/versions/2/comments",
        data={"article_label": "第四条", "body": "<b>请核对</b>"},
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/agreements/{agreement.id}/versions/2"))
    assert "&lt;b&gt;请核对&lt;/b&gt;" in page


def test_a_stale_edit_is_merged_or_shown_as_a_conflict(client, login, session, agreement, table):
    from contracts import editing

    v1 = session.exec(select(AgreementVersion)).one()
    editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=1,
        text=v1.text.replace("3400元", "3300元"), note="企业方意见",
    )  # fmt: skip
    session.commit()
    login(table.chair)
    # A change elsewhere merges.
    response = client.post(
        f"/agreements/{agreement.id}/edit",
        data={"base_number": "1", "text": v1.text.replace("一式三份", "一式四份")},
    )
    assert response.status_code == 302
    latest = session.exec(select(AgreementVersion).order_by(AgreementVersion.number.desc())).first()
    assert "3300元" in latest.text and "一式四份" in latest.text
    # The same figure changed differently: a conflict, nothing saved, my text kept.
    mine = v1.text.replace("3400元", "3600元")
    response = client.post(
        f"/agreements/{agreement.id}/edit", data={"base_number": "1", "text": mine}
    )
    assert response.status_code == 409
    page = text_of(response)
    assert "3300" in page and "3600" in page
    count = len(session.exec(select(AgreementVersion)).all())
    response = client.post(
        f"/agreements/{agreement.id}/resolve",
        data={
            "base_number": "1",
            "theirs_number": str(latest.number),
            "mine": mine,
            "choice_0": "mine",
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    newest = session.exec(select(AgreementVersion).order_by(AgreementVersion.number.desc())).first()
    assert newest.number == count + 1 and "3600元" in newest.text and "一式四份" in newest.text


def test_the_wage_table_is_edited_and_merged_row_by_row(client, login, session, agreement, table):
    """A figure of the wage table both sides changed is a conflict; one side's change merges."""
    from contracts import editing, rules, services

    v1 = session.exec(select(AgreementVersion)).one()
    rows = rules.wage_rows(v1.wage_table)
    assert [str(r.value) for r in rows] == ["3400", "2650", "8"]
    theirs = [rows[0].__class__(r.kind, r.job_category, r.value, r.unit) for r in rows]
    theirs[0] = theirs[0].__class__(
        rows[0].kind, rows[0].job_category, rows[0].value + 100, rows[0].unit
    )
    editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=1,
        text=v1.text, note="", rows=theirs,
    )  # fmt: skip
    session.commit()
    login(table.chair)
    form = text_of(client.get(f"/agreements/{agreement.id}/edit"))
    assert 'value="3500"' in form  # the newest version's table
    # From version 1: the washer's figure merges with their chef's figure.
    data = {"base_number": "1", "text": v1.text, "wage_0": "3400", "wage_1": "2700", "wage_2": "8"}
    assert client.post(f"/agreements/{agreement.id}/edit", data=data).status_code == 302
    newest = services.latest(session, agreement)
    assert [str(r.value) for r in rules.wage_rows(newest.wage_table)] == ["3500", "2700", "8"]
    # From version 1 again: the chef's figure changed on both sides, differently.
    data = {"base_number": "1", "text": v1.text, "wage_0": "3450", "wage_1": "2650", "wage_2": "8"}
    response = client.post(f"/agreements/{agreement.id}/edit", data=data)
    assert response.status_code == 409
    assert 'data-testid="wage-conflict"' in text_of(response)
    # A figure that is not a number is refused beside its field, the input kept.
    data["wage_0"] = "三千"
    response = client.post(f"/agreements/{agreement.id}/edit", data=data)
    assert response.status_code == 400 and 'value="三千"' in text_of(response)


def test_word_and_pdf_files_of_a_version_and_a_redline(client, login, session, agreement, table):
    import io

    from docx import Document

    login(table.chair)
    page = text_of(client.get(f"/agreements/{agreement.id}/versions/1"))
    assert f"/agreements/{agreement.id}/versions/1.docx" in page
    assert f"/agreements/{agreement.id}/versions/1.pdf" in page
    response = client.get(f"/agreements/{agreement.id}/versions/1.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "第一条" in text
    pdf = client.get(f"/agreements/{agreement.id}/versions/1.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    v1 = session.exec(select(AgreementVersion)).one()
    client.post(
        f"/agreements/{agreement.id}/edit",
        data={"base_number": "1", "text": v1.text.replace("一式三份", "一式四份")},
    )
    compare = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2"))
    assert f"/agreements/{agreement.id}/redline.docx?old=1&amp;new=2" in compare
    redline = client.get(f"/agreements/{agreement.id}/redline.docx?old=1&new=2")
    assert redline.status_code == 200
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(redline.data)).read("word/document.xml").decode()
    assert "<w:del " in xml and "<w:ins " in xml and "三" in xml and "四" in xml


def test_a_word_draft_becomes_a_version(client, login, session, agreement, table):
    import io

    from contracts import rules
    from contracts.wordfiles import WageLabels, write_docx

    v1 = session.exec(select(AgreementVersion)).one()
    draft = write_docx("草案", v1.text.replace("一式三份", "一式五份"), [], WageLabels())
    login(table.rep)
    response = client.post(
        f"/agreements/{agreement.id}/import",
        data={"base_number": "1", "document": (io.BytesIO(draft), "草案.docx"), "note": "企业方"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, text_of(response)[:2000]
    newest = session.exec(select(AgreementVersion).order_by(AgreementVersion.number.desc())).first()
    assert newest.number == 2 and newest.source == "docx" and "一式五份" in newest.text
    assert rules.wage_rows(newest.wage_table) == rules.wage_rows(v1.wage_table)
    page = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2"))
    assert 'class="diff-del">三</del><ins class="diff-ins">五</ins>' in page


def test_a_file_that_is_not_a_word_document_is_refused_beside_the_field(
    client, login, agreement, table
):
    import io

    login(table.chair)
    response = client.post(
        f"/agreements/{agreement.id}/import",
        data={"document": (io.BytesIO(b"PK\x03\x04 not really"), "draft.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "data-field-error" in text_of(response) or "invalid-feedback" in text_of(response)


def test_a_tampered_resolve_form_is_refused_and_nothing_saved(
    client, login, session, agreement, table
):
    from contracts import editing

    v1 = session.exec(select(AgreementVersion)).one()
    editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=1,
        text=v1.text.replace("3400元", "3300元"), note="",
    )  # fmt: skip
    session.commit()
    login(table.chair)
    for wages in (
        "not json",
        '[{"kind": "bogus", "job_category": "", "value": "1", "unit": "%"}]',
        *(
            json.dumps(
                [
                    {
                        "kind": "monthly_pay_floor",
                        "job_category": "厨师长",
                        "value": v,
                        "unit": "元/月",
                    }
                ]
            )
            for v in ("NaN", "-5", "1e999999")
        ),
    ):
        response = client.post(
            f"/agreements/{agreement.id}/resolve",
            data={
                "base_number": "1",
                "theirs_number": "2",
                "mine": v1.text.replace("3400元", "3600元"),
                "mine_wages": wages,
                "choice_0": "mine",
            },
        )
        assert response.status_code == 400, wages
    assert len(session.exec(select(AgreementVersion)).all()) == 2


def test_comparing_with_a_version_that_does_not_exist_is_404(client, login, agreement, table):
    login(table.chair)
    assert client.get(f"/agreements/{agreement.id}/compare?old=1&new=9").status_code == 404
    # An old number that is no number is left out: the default comparison is shown.
    response = client.get(f"/agreements/{agreement.id}/compare?old=x&new=1")
    assert response.status_code == 200
    assert "第 1 版 → 第 1 版" in text_of(response)
    assert client.get(f"/agreements/{agreement.id}/versions/9").status_code == 404


def test_a_text_without_articles_is_stored_and_the_summary_says_so(
    client, login, session, agreement, table
):
    login(table.chair)
    response = client.post(
        f"/agreements/{agreement.id}/edit",
        data={"base_number": "1", "text": "双方约定：月工资不低于3400元。\r\n其余按原合同执行。"},
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2"))
    no_articles = re.search(r'data-testid="no-articles">([^<]*)<', page)
    assert no_articles is not None
    assert no_articles.group(1).startswith("第 2 版中未找到条款")  # version 2, not version 1


def test_a_comment_stays_on_its_article_in_later_versions_until_resolved(
    client, login, session, agreement, table
):
    """Made on 第四条 of version 1; version 2 inserts an article before it, so it is 第五条
    there, and the comment is shown under 第五条, naming the version and label it was made on.
    The other side resolves it; version 3 removes the article, and the comment goes with it."""
    v1 = session.exec(select(AgreementVersion)).one()
    login(table.rep)
    response = client.post(
        f"/agreements/{agreement.id}/versions/1/comments",
        data={"article_label": "第四条", "body": "厨师长标准请再议"},
    )
    assert response.status_code == 302
    first = v1.text.index("第一条")
    inserted = v1.text[:first] + "第一条 双方坚持平等协商。\n\n" + v1.text[first:]
    login(table.chair)
    assert (
        client.post(
            f"/agreements/{agreement.id}/edit",
            data={"base_number": "1", "text": relabelled(inserted)},
        ).status_code
        == 302
    )
    page = text_of(client.get(f"/agreements/{agreement.id}/versions/2"))
    article = page[page.index('id="article-第五条"') : page.index('id="article-第六条"')]
    assert "厨师长标准请再议" in article
    assert "针对第 1 版" in article  # "on version 1"
    assert "(第四条)" in article  # the label it was made on
    comment_id = session.exec(select(Comment)).one().id
    response = client.post(
        f"/agreements/{agreement.id}/comments/{comment_id}/resolve",
        data={"back": "2", "article": "第五条"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/agreements/{agreement.id}/versions/2#article-%E7%AC%AC%E4%BA%94%E6%9D%A1"
    ), response.headers["Location"]  # back to 第五条 on version 2
    assert session.exec(select(Comment)).one().resolved_at is not None
    page = text_of(client.get(f"/agreements/{agreement.id}/versions/2"))
    article = page[page.index('id="article-第五条"') : page.index('id="article-第六条"')]
    assert "厨师长标准请再议" in article and "/resolve" not in article  # resolved: no button
    v2 = session.exec(select(AgreementVersion).where(AgreementVersion.number == 2)).one()
    start = v2.text.index("第五条")
    without = v2.text[:start] + v2.text[v2.text.index("第六条") :]
    assert (
        client.post(
            f"/agreements/{agreement.id}/edit", data={"base_number": "2", "text": without}
        ).status_code
        == 302
    )
    assert "厨师长标准请再议" not in text_of(client.get(f"/agreements/{agreement.id}/versions/3"))
    assert "厨师长标准请再议" in text_of(client.get(f"/agreements/{agreement.id}/versions/2"))


def test_a_resolve_form_sent_without_a_choice_keeps_what_was_typed(
    client, login, session, agreement, table
):
    v1 = session.exec(select(AgreementVersion)).one()
    editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=1,
        text=v1.text.replace("3400元", "3300元"), note="",
    )  # fmt: skip
    session.commit()
    login(table.chair)
    mine = v1.text.replace("3400元", "3600元")
    response = client.post(
        f"/agreements/{agreement.id}/resolve",
        data={"base_number": "1", "theirs_number": "2", "mine": mine},  # no choice made
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "3600元" in page and 'data-testid="conflict"' in page
    assert len(session.exec(select(AgreementVersion)).all()) == 2


def test_side_by_side_shows_the_changed_articles_or_the_whole_text(
    client, login, session, agreement, table
):
    v1 = session.exec(select(AgreementVersion)).one()
    login(table.chair)
    text = v1.text.replace("一式三份", "一式四份")
    client.post(f"/agreements/{agreement.id}/edit", data={"base_number": "1", "text": text})
    changed = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2&view=side"))
    whole = text_of(client.get(f"/agreements/{agreement.id}/compare?old=1&new=2&view=side&all=1"))
    table_of = lambda page: page[page.index('data-testid="diff-side"') :]  # noqa: E731
    assert "一式" in table_of(changed) and "第一条" not in table_of(changed)
    assert "第一条" in table_of(whole) and "一式" in table_of(whole)


def test_text_under_a_heading_outside_any_article_is_shown_and_compared(
    client, login, session, agreement, table
):
    """A chapter's opening paragraph and an appendix under a closing chapter are saved text:
    the version page shows them, and the side-by-side comparison shows their changes."""
    v1 = session.exec(select(AgreementVersion)).one()
    login(table.chair)
    text = v1.text.replace("第一章 总则\n", "第一章 总则\n本章规定订立本合同的依据。\n")
    text += "第七章 附件\n附件一 岗位工资标准说明\n"
    response = client.post(
        f"/agreements/{agreement.id}/edit", data={"base_number": "1", "text": text}
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/agreements/{agreement.id}/versions/2"))
    assert "本章规定订立本合同的依据。" in page and "附件一 岗位工资标准说明" in page
    changed = text.replace("依据", "根据").replace("说明", "细则")
    response = client.post(
        f"/agreements/{agreement.id}/edit", data={"base_number": "2", "text": changed}
    )
    assert response.status_code == 302
    side = text_of(client.get(f"/agreements/{agreement.id}/compare?old=2&new=3&view=side"))
    side = side[side.index('data-testid="diff-side"') :]
    assert re.findall(r'<(del|ins) class="diff-(?:del|ins)">([^<]*)<', side) == [
        ("del", "依"), ("ins", "根"), ("del", "说明"), ("ins", "细则"),
    ]  # fmt: skip
    assert "第一条" not in side  # unchanged articles are not drawn
    summary = text_of(client.get(f"/agreements/{agreement.id}/compare?old=2&new=3"))
    assert 'data-testid="outside-changed"' in summary


def test_the_agreement_words_are_template_globals_not_a_context_processor_of_every_page(app):
    from contracts.labels import AGREEMENT_KINDS

    assert app.jinja_env.globals["AGREEMENT_KINDS"] is AGREEMENT_KINDS
    assert callable(app.jinja_env.globals["contract_downloads"])
    processors = [p for ps in app.template_context_processors.values() for p in ps]
    assert not [p for p in processors if p.__module__.startswith("contracts.")]
