"""Comments on articles: made by either side, followed across renumbering to later versions while
the article exists, resolved, and refused to outsiders."""

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from bargaining.models import Side
from contracts import comments, services
from contracts.models import Comment
from contracts.structure import parse
from db import utcnow
from errors import DomainError, NotFound
from tests.contracts.conftest import agree, relabelled, save, v1_of

TERM_START, TERM_END = date(2026, 5, 1), date(2027, 4, 30)


# --- comments ------------------------------------------------------------------------------------


def comment(table, user, agreement, record, label, body="请核对"):
    return comments.add_comment(
        table.session, table.viewer(user), agreement, record, article_label=label, body=body
    )


def placed(session, agreement, record):
    return {
        label: [(p.comment.body, p.made_on_number) for p in items]
        for label, items in comments.comments_on(session, agreement, record).items()
    }


def with_new_first_article(text_: str) -> str:
    first = text_.index("第一条")
    new = "第一条 双方坚持平等协商、诚实守信的原则。\n\n"
    return relabelled(text_[:first] + new + text_[first:])


def test_a_comment_follows_its_article_when_it_is_renumbered(session, table, agreement):
    v1 = v1_of(session, agreement)
    made = comment(table, table.rep, agreement, v1, "第一条", "请补充法律依据")
    assert (made.article_label, made.side, made.author_name) == (
        "第一条",
        Side.EMPLOYER,
        table.rep.display_name,
    )
    v2 = save(table, table.chair, agreement, 1, with_new_first_article(v1.text)).version
    assert parse(v2.text).by_label("第二条").body == parse(v1.text).by_label("第一条").body
    assert placed(session, agreement, v1) == {"第一条": [("请补充法律依据", 1)]}
    assert placed(session, agreement, v2) == {"第二条": [("请补充法律依据", 1)]}


def test_a_comment_is_gone_with_its_article(session, table, agreement):
    v1 = v1_of(session, agreement)
    comment(table, table.rep, agreement, v1, "第四条", "厨师长标准偏高")
    comment(table, table.chair, agreement, v1, "第十四条", "份数")
    v2 = save(table, table.chair, agreement, 1, with_new_first_article(v1.text)).version
    assert placed(session, agreement, v2) == {
        "第五条": [("厨师长标准偏高", 1)],
        "第十五条": [("份数", 1)],
    }
    article = parse(v2.text).by_label("第五条")
    without = relabelled(v2.text[: article.start] + v2.text[article.end :])
    v3 = save(table, table.chair, agreement, 2, without).version
    assert placed(session, agreement, v3) == {"第十四条": [("份数", 1)]}


def test_a_comment_made_on_a_later_version_is_not_shown_on_an_earlier_one(
    session, table, agreement
):
    v1 = v1_of(session, agreement)
    v2 = save(table, table.chair, agreement, 1, v1.text.replace("一式三份", "一式四份")).version
    comment(table, table.rep, agreement, v2, "第十四条", "四份")
    assert placed(session, agreement, v1) == {}
    assert placed(session, agreement, v2) == {"第十四条": [("四份", 2)]}


def test_resolving_a_comment(session, table, agreement):
    made = comment(table, table.rep, agreement, v1_of(session, agreement), "第四条")
    assert made.resolved_at is None
    comments.resolve_comment(session, table.viewer(table.chair), agreement, made)
    stored = session.get(Comment, made.id)
    assert stored.resolved_at is not None
    assert stored.resolved_by_name == table.chair.display_name
    with pytest.raises(DomainError) as error:
        comments.resolve_comment(session, table.viewer(table.rep), agreement, stored)
    assert error.value.status == 409


def test_outsiders_neither_comment_nor_resolve(session, table, agreement):
    v1 = v1_of(session, agreement)
    with pytest.raises(DomainError) as error:
        comment(table, table.bureau, agreement, v1, "第四条")
    assert error.value.status == 403
    made = comment(table, table.chair, agreement, v1, "第四条")
    with pytest.raises(DomainError) as error:
        comments.resolve_comment(session, table.viewer(table.stranger), agreement, made)
    assert error.value.status == 403
    assert session.get(Comment, made.id).resolved_at is None


@pytest.mark.parametrize("label", ["第十五条", "第一章", ""])
def test_a_comment_on_a_label_not_in_the_version_is_refused(session, table, agreement, label):
    with pytest.raises(DomainError) as error:
        comment(table, table.chair, agreement, v1_of(session, agreement), label)
    assert error.value.field == "article_label"
    assert session.exec(select(func.count()).select_from(Comment)).one() == 0


def test_an_empty_comment_is_refused(session, table, agreement):
    with pytest.raises(DomainError) as error:
        comment(table, table.chair, agreement, v1_of(session, agreement), "第四条", " \n ")
    assert error.value.field == "body"


def test_a_version_of_another_agreement_is_not_found(session, table, agreement):
    other = services.create_from_negotiation(
        session, table.viewer(table.chair), agree(table),
        term_start=TERM_START, term_end=date(2027, 5, 31),
    )  # fmt: skip
    with pytest.raises(NotFound):
        comment(table, table.chair, agreement, v1_of(session, other), "第四条")


# --- the comment form sent back with an error ---------------------------------------------------


def test_a_refused_comment_shows_the_page_as_it_was_r8_badge_and_no_edit_buttons(
    client, login, session, table, agreement
):
    """Version 1 is signed: the page sent back with the error shows the R8 badge and, as the
    page itself does, no Edit or Import button, with the article chosen kept."""
    v1 = v1_of(session, agreement)
    v1.signed_at = utcnow()
    session.commit()
    login(table.chair)
    page = client.get(f"/agreements/{agreement.id}/versions/1").get_data(as_text=True)
    assert "第 1 版已签字" in page and f"/agreements/{agreement.id}/edit" not in page
    response = client.post(
        f"/agreements/{agreement.id}/versions/1/comments",
        data={"article_label": "第三条", "body": ""},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field-error="body"' in page
    assert '<option selected value="第三条">' in page
    assert "第 1 版已签字" in page
    assert f"/agreements/{agreement.id}/edit" not in page
    assert f"/agreements/{agreement.id}/import" not in page


def test_a_comment_form_sent_by_someone_who_may_not_comment_is_a_403(
    client, login, session, table, agreement
):
    """An administrator reads agreements but is no side's: even a form with an error is a 403,
    not the page with buttons they cannot use."""
    login(table.admin)
    for body in ("", "意见"):
        response = client.post(
            f"/agreements/{agreement.id}/versions/1/comments",
            data={"article_label": "第一条", "body": body},
        )
        assert response.status_code == 403, body
    assert session.exec(select(func.count()).select_from(Comment)).one() == 0


def test_each_label_map_is_decoded_once_and_the_versions_read_once(
    monkeypatch, client, login, session, table, agreement
):
    """Three comments on version 1 followed to version 4 pass through three label maps: each is
    decoded once, not once per comment; the version page reads the list of versions once."""
    v1 = v1_of(session, agreement)
    for label in ("第一条", "第二条", "第三条"):
        comment(table, table.rep, agreement, v1, label)
    text = v1.text
    for number, change in enumerate(("一式四份", "一式五份", "一式六份"), start=1):
        text = text.replace(text[text.index("一式") : text.index("一式") + 4], change)
        save(table, table.chair, agreement, number, text)
    session.commit()
    v4 = services.version(session, agreement, 4)
    decoded: list[str] = []
    real_loads = comments.json.loads
    monkeypatch.setattr(comments.json, "loads", lambda raw: decoded.append(raw) or real_loads(raw))
    found = comments.comments_on(session, agreement, v4, services.versions_of(session, agreement))
    monkeypatch.undo()
    assert set(found) == {"第一条", "第二条", "第三条"}
    assert len(decoded) == 3

    reads: list[int] = []
    real_versions_of = services.versions_of

    def counting(db, of):
        reads.append(of.id)
        return real_versions_of(db, of)

    monkeypatch.setattr(services, "versions_of", counting)
    monkeypatch.setattr(comments, "versions_of", counting)
    login(table.chair)
    page = client.get(f"/agreements/{agreement.id}/versions/4").get_data(as_text=True)
    assert page.count("请核对") == 3
    assert reads == [agreement.id]
