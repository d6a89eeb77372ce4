"""Resolving conflicts through the pages: every choice ends in a saved version, or in a page that
says the result is a version already saved and links to it, never in a refusal."""

from sqlmodel import select

from contracts import editing
from contracts.models import AgreementVersion


def text_of(response):
    return response.get_data(as_text=True)


def numbers(session):
    return [
        v.number for v in session.exec(select(AgreementVersion).order_by(AgreementVersion.number))
    ]


def their_edit(session, table, agreement, base_number, text):
    editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=base_number, text=text, note=""
    )
    session.commit()


def conflicting(client, agreement, mine):
    response = client.post(
        f"/agreements/{agreement.id}/edit", data={"base_number": "1", "text": mine}
    )
    assert response.status_code == 409 and 'data-testid="conflict"' in text_of(response)


def test_their_text_everywhere_says_the_result_is_their_version_and_links_to_it(
    client, login, session, agreement, table
):
    v1 = session.exec(select(AgreementVersion)).one()
    their_edit(session, table, agreement, 1, v1.text.replace("3400元", "3300元"))
    login(table.chair)
    mine = v1.text.replace("3400元", "3600元")
    conflicting(client, agreement, mine)
    response = client.post(
        f"/agreements/{agreement.id}/resolve",
        data={"base_number": "1", "theirs_number": "2", "mine": mine, "choice_0": "theirs"},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "你的选择所得结果与第 2 版完全相同" in page
    assert f'href="/agreements/{agreement.id}/versions/2"' in page
    assert numbers(session) == [1, 2]  # nothing saved, and no refusal


def test_their_text_everywhere_after_a_further_version_names_the_newest(
    client, login, session, agreement, table
):
    """While I resolved against version 2, version 3 came (elsewhere in the text): their text
    chosen everywhere gives version 3, which the page names."""
    v1 = session.exec(select(AgreementVersion)).one()
    their_edit(session, table, agreement, 1, v1.text.replace("3400元", "3300元"))
    login(table.chair)
    mine = v1.text.replace("3400元", "3600元")
    conflicting(client, agreement, mine)
    v2 = session.exec(select(AgreementVersion).where(AgreementVersion.number == 2)).one()
    their_edit(session, table, agreement, 2, v2.text.replace("一式三份", "一式四份"))
    response = client.post(
        f"/agreements/{agreement.id}/resolve",
        data={"base_number": "1", "theirs_number": "2", "mine": mine, "choice_0": "theirs"},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "第 3 版" in page and f'href="/agreements/{agreement.id}/versions/3"' in page
    assert numbers(session) == [1, 2, 3]


def test_their_text_in_the_conflict_keeps_my_other_changes_as_a_new_version(
    client, login, session, agreement, table
):
    v1 = session.exec(select(AgreementVersion)).one()
    their_edit(session, table, agreement, 1, v1.text.replace("3400元", "3300元"))
    login(table.chair)
    mine = v1.text.replace("3400元", "3600元").replace("一式三份", "一式四份")
    conflicting(client, agreement, mine)
    response = client.post(
        f"/agreements/{agreement.id}/resolve",
        data={"base_number": "1", "theirs_number": "2", "mine": mine, "choice_0": "theirs"},
    )
    assert response.status_code == 302
    newest = session.exec(select(AgreementVersion).where(AgreementVersion.number == 3)).one()
    assert "3300元" in newest.text and "一式四份" in newest.text
