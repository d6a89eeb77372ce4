"""Coverage is a request until the enterprise's union accepts it (or an administrator approves
it): until then the federation sees nothing of the enterprise, and its form answers the same way
whatever the credit code names."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event
from sqlmodel import select

from accounts.models import Role
from audit.models import AuditEntry
from organizations import coverage
from organizations.models import Coverage, CoverageStatus, Person, Position
from tests.conftest import valid_credit_code

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


def ask(client, federation, code: str, **kwargs):
    return client.post(
        f"/organizations/{federation.id}/coverage", data={"credit_code": code}, **kwargs
    )


def as_user(client, login, user) -> None:
    client.post("/logout")
    login(user)


def request_for(session, federation, enterprise) -> Coverage:
    session.expire_all()
    return session.exec(
        select(Coverage).where(
            Coverage.federation_id == federation.id, Coverage.enterprise_id == enterprise.id
        )
    ).one()


def enterprise_urls(enterprise, union, person) -> list[str]:
    return [
        f"/organizations/{enterprise.id}",
        f"/organizations/{enterprise.id}/edit",
        f"/organizations/{enterprise.id}/people/new",
        f"/organizations/{enterprise.id}/people/{person.id}",
        f"/organizations/{union.id}",
        f"/organizations/{union.id}/edit",
    ]


@pytest.fixture
def asked(client, login, session, world, make_user):
    """The federation asks, through its form, to cover the enterprise no one covers; that
    enterprise's union has a chair's account."""
    enterprise = world.uncovered
    session.delete(world.request)  # the world's own request: this one goes through the form
    person = Person(organization_id=enterprise.id, name="冯志强", position=Position.MANAGER)
    session.add(person)
    union_chair = make_user(Role.UNION_CHAIR, world.uncovered_union)
    session.commit()
    login(world.users["fed_chair"])
    response = ask(client, world.federation, enterprise.credit_code.lower())
    assert response.status_code == 302
    return {
        "request": request_for(session, world.federation, enterprise),
        "urls": enterprise_urls(enterprise, world.uncovered_union, person),
        "union_chair": union_chair,
    }


def test_a_request_opens_nothing_of_the_enterprise(client, session, world, asked, page):
    assert asked["request"].status == CoverageStatus.REQUESTED
    for url in asked["urls"]:
        assert client.get(url).status_code == 404, url
    edit = client.post(asked["urls"][1], data={"name": "被改掉的名字有限公司"})
    assert edit.status_code == 404
    # The federation's list shows the request by the code it typed, and not the enterprise.
    shown = page(client.get(f"/organizations/{world.federation.id}"))
    requests = shown.find(data_testid="coverage-requests")
    assert requests is not None and world.uncovered.credit_code in requests.text
    assert world.uncovered.name not in shown.text
    assert coverage.count_covered(session, world.federation.id) == 2


def test_the_union_accepts_on_its_home_page_and_the_federation_then_sees_the_enterprise(
    client, login, session, world, asked, page
):
    as_user(client, login, asked["union_chair"])
    home = page(client.get("/"))
    pending = home.find(data_testid="pending-requests")
    assert pending is not None and world.federation.name in pending.text
    accept = f"/coverage/{asked['request'].id}/accept"
    assert home.find("form", action=accept) is not None
    assert home.find("a", href=f"/coverage/{asked['request'].id}/decline") is not None
    assert client.post(accept).status_code == 302
    assert page(client.get("/")).find(data_testid="pending-requests") is None
    assert request_for(session, world.federation, world.uncovered).status == (
        CoverageStatus.ACCEPTED
    )
    as_user(client, login, world.users["fed_chair"])
    for url in asked["urls"]:
        assert client.get(url).status_code == 200, url


def test_accepting_twice_is_harmless(client, login, session, world, asked):
    as_user(client, login, asked["union_chair"])
    accept = f"/coverage/{asked['request'].id}/accept"
    assert client.post(accept).status_code == 302
    assert client.post(accept).status_code == 302
    assert request_for(session, world.federation, world.uncovered).status == (
        CoverageStatus.ACCEPTED
    )
    moves = session.exec(
        select(AuditEntry).where(
            AuditEntry.subject_type == "coverage",
            AuditEntry.subject_id == asked["request"].id,
            AuditEntry.action == "status_changed",
        )
    ).all()
    assert [(m.before, m.after) for m in moves] == [("requested", "accepted")]


def test_a_declined_request_opens_nothing_and_the_federation_reads_why(
    client, login, session, world, asked, page
):
    as_user(client, login, asked["union_chair"])
    decline = f"/coverage/{asked['request'].id}/decline"
    assert client.get(decline).status_code == 200
    empty = client.post(decline, data={"reason": ""})
    assert empty.status_code == 400 and "reason" in page(empty).field_errors()
    assert client.post(decline, data={"reason": "本企业已参加区域性协商"}).status_code == 302
    stored = request_for(session, world.federation, world.uncovered)
    assert (stored.status, stored.reason) == (CoverageStatus.DECLINED, "本企业已参加区域性协商")
    # An accept sent after the decline (a page left open) is refused and changes nothing.
    assert client.post(f"/coverage/{stored.id}/accept").status_code == 409
    as_user(client, login, world.users["fed_chair"])
    for url in asked["urls"]:
        assert client.get(url).status_code == 404, url
    requests = page(client.get(f"/organizations/{world.federation.id}")).find(
        data_testid="coverage-requests"
    )
    assert "本企业已参加区域性协商" in requests.text


def test_the_administrator_approves_on_the_enterprises_page(
    client, login, session, world, asked, page
):
    as_user(client, login, world.users["admin"])
    record = page(client.get(f"/organizations/{world.uncovered.id}"))
    approve = f"/coverage/{asked['request'].id}/accept"
    assert record.find("form", action=approve) is not None
    response = client.post(approve)
    assert response.headers["Location"].endswith(f"/organizations/{world.uncovered.id}")
    as_user(client, login, world.users["fed_chair"])
    for url in asked["urls"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("user", ["union_chair_a", "manager_a", "fed_chair", "other_fed_chair"])
def test_no_one_else_answers_a_request(client, login, session, world, asked, user):
    as_user(client, login, world.users[user])
    request_id = asked["request"].id
    assert client.post(f"/coverage/{request_id}/accept").status_code == 404
    assert client.get(f"/coverage/{request_id}/decline").status_code == 404
    assert client.post(f"/coverage/{request_id}/decline", data={"reason": "x"}).status_code == 404
    assert request_for(session, world.federation, world.uncovered).status == (
        CoverageStatus.REQUESTED
    )


def test_the_federation_withdraws_its_request(client, session, world, asked, page):
    withdraw = (
        f"/organizations/{world.federation.id}/coverage/requests/"
        f"{world.uncovered.credit_code}/withdraw"
    )
    shown = page(client.get(f"/organizations/{world.federation.id}"))
    assert shown.find("form", action=withdraw) is not None
    assert client.post(withdraw).status_code == 302
    assert request_for(session, world.federation, world.uncovered).status == (
        CoverageStatus.WITHDRAWN
    )
    assert client.post(withdraw).status_code == 404
    # It may ask again: a new request.
    assert ask(client, world.federation, world.uncovered.credit_code).status_code == 302


def test_every_coverage_change_is_in_the_audit_trail(client, login, session, world, asked):
    as_user(client, login, asked["union_chair"])
    client.post(f"/coverage/{asked['request'].id}/accept")
    as_user(client, login, world.users["fed_chair"])
    client.post(f"/organizations/{world.federation.id}/coverage/{world.uncovered.id}/remove")
    session.expire_all()
    rows = session.exec(
        select(AuditEntry)
        .where(AuditEntry.subject_type == "coverage", AuditEntry.subject_id == asked["request"].id)
        .order_by(AuditEntry.id)
    ).all()
    assert [(r.action, r.before, r.after, r.actor_id) for r in rows] == [
        ("coverage_requested", None, None, world.users["fed_chair"].id),
        ("status_changed", "requested", "accepted", asked["union_chair"].id),
        ("status_changed", "accepted", "ended", world.users["fed_chair"].id),
    ]
    assert rows[0].details == {"credit_code": world.uncovered.credit_code}


# --- the same answer whatever the code names -----------------------------------------------------


def answer_and_statements(app, client, federation, code: str) -> tuple[int, str, list[str]]:
    """The page the federation is shown (CSRF token left out) and the SQL the request ran."""
    statements: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:
        if "SAVEPOINT" not in statement:  # the test's own savepoint adds some
            statements.append(statement)

    engine = app.extensions["database"].engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        response = ask(client, federation, code)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    shown = client.get(response.headers["Location"]) if response.status_code == 302 else response
    html = CSRF.sub("", shown.get_data(as_text=True))
    return response.status_code, html, statements


@pytest.mark.parametrize(
    "hidden",
    [
        {},  # in the federation's area and sector: its union is asked
        {"sector_code": "F52"},  # another sector
        {"region_code": "440106"},  # another district
    ],
    ids=["in-scope", "other-sector", "other-area"],
)
def test_an_unknown_code_and_a_hidden_enterprise_get_the_same_answer(
    app, client, login, session, world, make_enterprise, hidden
):
    login(world.users["fed_chair"])
    code = valid_credit_code()
    unregistered = session.begin_nested()
    unknown = answer_and_statements(app, client, world.federation, code)
    unregistered.rollback()
    enterprise = make_enterprise(name="广州市海珠区隐藏餐饮有限公司", credit_code=code, **hidden)
    session.commit()
    registered = answer_and_statements(app, client, world.federation, code)
    assert registered[0] == unknown[0] == 302
    assert registered[1] == unknown[1]  # byte for byte
    assert registered[2] == unknown[2]  # the same statements, in the same order
    assert enterprise.name not in registered[1]
    assert client.get(f"/organizations/{enterprise.id}").status_code == 404


def test_the_administrators_home_heads_the_requests_of_every_enterprise(
    client, login, world, asked, page
):
    """The administrator's home lists requests to cover any enterprise: its heading does not
    call them requests to cover 'this enterprise' (it read '覆盖本企业的申请' on the home page);
    the enterprise's own page does."""

    def heading(shown):
        card = shown.find(id="requests")
        assert card is not None
        return next(h.text for h in shown.find_all("h2") if h.within(card))

    as_user(client, login, world.users["admin"])
    assert heading(page(client.get("/"))) == "待答复的覆盖申请"
    assert heading(page(client.get(f"/organizations/{world.uncovered.id}"))) == "覆盖本企业的申请"
