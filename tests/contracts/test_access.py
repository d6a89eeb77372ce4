"""Who reaches which agreement page: every route, for an anonymous visitor (sent to log in), for
people of other organisations (a bureau reviewer, another federation's chair: not found), for an
administrator (reads everything, changes nothing) and for the parties."""

import pytest
from sqlmodel import func, select

from contracts import comments, editing, services
from contracts.models import AgreementVersion, Comment
from contracts.wordfiles import WageLabels, write_docx

GET, POST = "get", "post"


@pytest.fixture
def world(session, table, agreement):
    """The agreement with a second version (from the other side) and a comment on version 2."""
    v1 = services.version(session, agreement, 1)
    editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=1,
        text=v1.text.replace("一式三份", "一式四份"), note="企业方意见",
    )  # fmt: skip
    record = services.version(session, agreement, 2)
    comment = comments.add_comment(
        session, table.viewer(table.rep), agreement, record, article_label="第四条", body="请核对"
    )
    session.commit()
    return {"a": agreement.id, "n": agreement.negotiation_id, "c": comment.id, "text": v1.text}


def routes(world):
    """(method, path, form data) of every agreement route, with valid-looking input."""
    a, text = world["a"], world["text"]
    docx = write_docx("草案", text.replace("一式三份", "一式五份"), [], WageLabels())
    return [
        (GET, "/agreements", None),
        (GET, f"/negotiations/{world['n']}/agreement", None),
        (POST, f"/negotiations/{world['n']}/agreement",
         {"term_start": "2026-05-01", "term_end": "2027-04-30"}),
        (GET, f"/agreements/{a}", None),
        (GET, f"/agreements/{a}/versions/1", None),
        (GET, f"/agreements/{a}/versions/2.docx", None),
        (GET, f"/agreements/{a}/versions/2.pdf", None),
        (GET, f"/agreements/{a}/compare?old=1&new=2", None),
        (GET, f"/agreements/{a}/compare?old=1&new=2&view=side", None),
        (GET, f"/agreements/{a}/redline.docx?old=1&new=2", None),
        (POST, f"/agreements/{a}/versions/2/comments", {"article_label": "第一条", "body": "意见"}),
        (POST, f"/agreements/{a}/comments/{world['c']}/resolve", {"back": "2"}),
        (GET, f"/agreements/{a}/edit", None),
        (POST, f"/agreements/{a}/edit", {"base_number": "2", "text": text + "补充。"}),
        (POST, f"/agreements/{a}/resolve",
         {"base_number": "1", "theirs_number": "2", "mine": text + "补充。"}),
        (GET, f"/agreements/{a}/import", None),
        (POST, f"/agreements/{a}/import",
         {"base_number": "2", "document": (docx, "草案.docx")}),
    ]  # fmt: skip


def send(client, method, path, data):
    if method == GET:
        return client.get(path)
    if data and "document" in data:
        import io

        payload, name = data["document"]
        data = data | {"document": (io.BytesIO(payload), name)}
        return client.post(path, data=data, content_type="multipart/form-data")
    return client.post(path, data=data)


def snapshot(session):
    versions = session.exec(select(func.count()).select_from(AgreementVersion)).one()
    return versions, [(c.id, c.resolved_at) for c in session.exec(select(Comment)).all()]


def test_an_anonymous_visitor_is_sent_to_log_in_everywhere(client, session, world):
    before = snapshot(session)
    for method, path, data in routes(world):
        response = send(client, method, path, data)
        assert response.status_code == 302, (method, path)
        assert "/login" in response.headers["Location"], (method, path)
    assert snapshot(session) == before


@pytest.mark.parametrize("who", ["bureau", "stranger"])
def test_people_of_other_organisations_find_nothing(client, login, session, table, world, who):
    login(getattr(table, who))
    before = snapshot(session)
    for method, path, data in routes(world):
        response = send(client, method, path, data)
        if path == "/agreements":
            assert response.status_code == 200
            assert "海珠区餐饮" not in response.get_data(as_text=True)
            continue
        assert response.status_code in (403, 404), (method, path, response.status_code)
    assert snapshot(session) == before


def test_an_administrator_reads_everything_and_changes_nothing(
    client, login, session, table, world
):
    login(table.admin)
    before = snapshot(session)
    for method, path, data in routes(world):
        response = send(client, method, path, data)
        if method == GET and not path.endswith(("/edit", "/import")):
            expected = 302 if path == f"/agreements/{world['a']}" else 200  # to the newest
            assert response.status_code == expected, (method, path, response.status_code)
        else:
            assert response.status_code == 403, (method, path, response.status_code)
    assert snapshot(session) == before


def test_the_parties_reach_every_page(client, login, session, table, world):
    login(table.chair)
    for method, path, data in routes(world):
        if method == GET and "/negotiations/" not in path:
            response = send(client, method, path, data)
            assert response.status_code in (200, 302), (path, response.status_code)
    # The negotiation has its agreement: drafting another is refused, not a crash.
    response = client.post(
        f"/negotiations/{world['n']}/agreement",
        data={"term_start": "2026-05-01", "term_end": "2027-04-30"},
    )
    assert response.status_code == 409
