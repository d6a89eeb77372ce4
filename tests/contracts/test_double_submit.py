"""A create form of agreements sent twice (a double click, a resent page): one agreement, one
comment; the second answer leads to what the first made, with a note saying so."""

from urllib.parse import unquote

from sqlmodel import func, select

from contracts.models import Agreement, Comment
from tests.contracts.conftest import agree
from tests.two_browsers import hidden, page_of

SENT_TWICE = "此表单提交了两次，只在第一次保存了一份。"


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def test_the_new_agreement_form_sent_twice_drafts_one_agreement(client, login, session, table):
    negotiation = agree(table)
    session.commit()
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/agreement"
    data = {
        "form_token": hidden(client.get(url), "form_token"),
        "term_start": "2026-05-01",
        "term_end": "2027-04-30",
    }
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 302
    assert count(session, Agreement) == 1
    assert second.headers["Location"] == first.headers["Location"]
    assert SENT_TWICE in page_of(client.get(second.headers["Location"], follow_redirects=True))


def test_a_comment_sent_twice_is_one_comment(client, login, session, table, agreement):
    login(table.chair)
    page = client.get(f"/agreements/{agreement.id}/versions/1")
    data = {"form_token": hidden(page, "form_token"), "article_label": "第三条", "body": "请核对"}
    url = f"/agreements/{agreement.id}/versions/1/comments"
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 302
    assert count(session, Comment) == 1
    assert second.headers["Location"] == first.headers["Location"]
    assert unquote(second.headers["Location"]).endswith("#article-第三条")
    assert SENT_TWICE in page_of(client.get(second.headers["Location"]))
