"""Who reaches which bargaining page, route by route: an anonymous visitor is sent to log in; the
people of another organisation and of a bureau find nothing (404), GET or POST, and nothing
changes; administrators read but do not act; each side enters only its own representatives and
offers (403 for the other side's)."""

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from accounts.models import Role
from bargaining import services
from bargaining.models import (
    BargainingSession,
    Negotiation,
    NegotiationItem,
    Offer,
    Representative,
    Settlement,
    Side,
)
from organizations.models import OrgKind
from tests.bargaining.conftest import TODAY
from tests.two_browsers import version_shown


@pytest.fixture
def at_the_table(table):
    """A negotiation in session: both sides seated, session 1 held with both sides' offers, and
    the employer side's proposal awaiting the union side."""
    negotiation = table.seated()
    record = services.record_session(
        table.session, table.viewer(table.chair), negotiation,
        table.session_data(negotiation), today=TODAY,
    )  # fmt: skip
    items = services.items_of(table.session, negotiation)
    for side, user, values in (
        (Side.UNION, table.chair, ["3600", "2800", "10"]),
        (Side.EMPLOYER, table.rep, ["3200", "2550", "6"]),
    ):
        services.save_offers(
            table.session, table.viewer(user), negotiation, record, side,
            {item.id: value for item, value in zip(items, values, strict=True)},
        )  # fmt: skip
    services.propose_settlement(
        table.session, table.viewer(table.rep), negotiation,
        {item.id: value for item, value in zip(items, ["3400", "2650", "8"], strict=True)},
        effective_from=date(2026, 5, 1), effective_to=None,
    )  # fmt: skip
    table.session.commit()
    reps = services.representatives_of(table.session, negotiation)
    settlement = services.settlement_of(table.session, negotiation)
    return {
        "n": negotiation.id,
        "item": items[0].id,
        "items": [item.id for item in items],
        "reps": [r.id for r in reps],
        "union_rep": next(r.id for r in reps if r.side is Side.UNION),
        "employer_rep": next(r.id for r in reps if r.side is Side.EMPLOYER),
        "settlement": settlement.id,
    }


# Every route that names a negotiation, with the method it is reached by.
ROUTES = [
    ("GET", "/negotiations/{n}"),
    ("GET", "/negotiations/{n}/request.docx"),
    ("GET", "/negotiations/{n}/answer.docx"),
    ("GET", "/negotiations/{n}/items/{item}/chart.png"),
    ("GET", "/negotiations/{n}/items/{item}/chart.svg"),
    ("GET", "/negotiations/{n}/answer"),
    ("POST", "/negotiations/{n}/answer"),
    ("GET", "/negotiations/{n}/items"),
    ("POST", "/negotiations/{n}/items"),
    ("GET", "/negotiations/{n}/end"),
    ("POST", "/negotiations/{n}/end"),
    ("GET", "/negotiations/{n}/representatives/union"),
    ("POST", "/negotiations/{n}/representatives/union"),
    ("GET", "/negotiations/{n}/representatives/employer"),
    ("POST", "/negotiations/{n}/representatives/employer"),
    ("GET", "/negotiations/{n}/representatives/{union_rep}/vacate"),
    ("POST", "/negotiations/{n}/representatives/{employer_rep}/vacate"),
    ("GET", "/negotiations/{n}/recorder"),
    ("POST", "/negotiations/{n}/recorder"),
    ("POST", "/negotiations/{n}/recorder/agree"),
    ("GET", "/negotiations/{n}/sessions/new"),
    ("POST", "/negotiations/{n}/sessions/new"),
    ("GET", "/negotiations/{n}/sessions/1"),
    ("GET", "/negotiations/{n}/sessions/1/offers/union"),
    ("POST", "/negotiations/{n}/sessions/1/offers/union"),
    ("GET", "/negotiations/{n}/sessions/1/offers/employer"),
    ("POST", "/negotiations/{n}/sessions/1/offers/employer"),
    ("GET", "/negotiations/{n}/settlement"),
    ("POST", "/negotiations/{n}/settlement"),
    ("POST", "/negotiations/{n}/settlement/{settlement}/accept"),
]
ROUTE_IDS = [f"{method} {path}" for method, path in ROUTES]


def newcomer(phone: str) -> dict:
    return {"rows-0-name": "新代表", "rows-0-affiliation": "单位 职务", "rows-0-phone": phone}


def figures(ids: dict, values: list[str]) -> dict:
    return {f"item_{item}": value for item, value in zip(ids["items"], values, strict=True)}


# What a POST sends, given the fixture's ids: what would change something if it were let through
# (test_the_posted_data_changes_something_for_those_allowed shows it does).
POSTED = {
    "/negotiations/{n}/answer": lambda ids: {
        "answered_on": "2026-03-10", "agrees": "no", "text": "不同意",
    },
    "/negotiations/{n}/end": lambda ids: {
        "outcome": "failed", "ended_on": "2026-03-20", "reason": "分歧",
    },
    "/negotiations/{n}/recorder": lambda ids: {"name": "某人", "phone": "13688880000"},
    "/negotiations/{n}/items": lambda ids: {
        "rows-0-kind": "monthly_pay_floor", "rows-0-job_category": "厨师长", "rows-0-unit": "元/月",
        "rows-1-kind": "monthly_pay_floor", "rows-1-job_category": "餐具清洗员",
        "rows-1-unit": "元/月",
        "rows-2-kind": "annual_rise", "rows-2-unit": "%",
        "rows-3-kind": "labour_quota", "rows-3-job_category": "餐具清洗员",
        "rows-3-unit": "件/小时",
    },
    "/negotiations/{n}/representatives/union": lambda ids: newcomer("13666660001"),
    "/negotiations/{n}/representatives/employer": lambda ids: newcomer("13666660002"),
    "/negotiations/{n}/representatives/{union_rep}/vacate": lambda ids: {
        "vacated_on": "2026-03-20", "reason": "调离本单位",
    },
    "/negotiations/{n}/representatives/{employer_rep}/vacate": lambda ids: {
        "vacated_on": "2026-03-20", "reason": "调离本单位",
    },
    "/negotiations/{n}/sessions/new": lambda ids: {
        "held_on": "2026-03-13", "place": "协会会议室", "chair_side": "employer",
        "attendee_ids": [str(r) for r in ids["reps"]], "agenda": "工资标准",
    },
    "/negotiations/{n}/sessions/1/offers/union": lambda ids: figures(ids, ["3650", "2800", "10"]),
    "/negotiations/{n}/sessions/1/offers/employer": lambda ids: figures(
        ids, ["3250", "2550", "6"]
    ),
    "/negotiations/{n}/settlement": lambda ids: figures(ids, ["3450", "2650", "8"])
    | {"effective_from": "2026-05-01"},
}  # fmt: skip


def changes(session) -> tuple:
    """What a refused request must leave as it was."""
    session.expire_all()
    counts = tuple(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Representative, BargainingSession, Offer, Settlement, NegotiationItem)
    )
    rows = tuple(
        tuple(sorted(session.exec(stmt).all()))
        for stmt in (
            select(
                Negotiation.status,
                Negotiation.recorder_name,
                Negotiation.recorder_union_agrees,
                Negotiation.recorder_employer_agrees,
            ),
            select(col(Representative.id), col(Representative.vacated_on)),
            select(col(Offer.id), col(Offer.value)),
            select(col(Settlement.id), col(Settlement.status)),
        )
    )
    return counts, rows


def call(client, method, path, ids, **version):
    url = path.format(**ids)
    if method == "GET":
        return client.get(url)
    return client.post(url, data=POSTED.get(path, lambda ids: {})(ids) | version)


# Who may send each POST; the rest of the suite shows everyone else is refused.
ALLOWED = {
    "/negotiations/{n}/end": "chair",
    "/negotiations/{n}/recorder": "chair",
    "/negotiations/{n}/items": "chair",
    "/negotiations/{n}/representatives/union": "chair",
    "/negotiations/{n}/representatives/employer": "rep",
    "/negotiations/{n}/representatives/{employer_rep}/vacate": "rep",
    "/negotiations/{n}/sessions/new": "chair",
    "/negotiations/{n}/sessions/1/offers/union": "chair",
    "/negotiations/{n}/sessions/1/offers/employer": "rep",
    "/negotiations/{n}/settlement": "chair",
    "/negotiations/{n}/settlement/{settlement}/accept": "chair",
}
# Refused by the negotiation's stage whoever sends them: it was answered, and both sides agreed
# to the recorder, before the table was laid.
STAGE_REFUSES = {"/negotiations/{n}/answer", "/negotiations/{n}/recorder/agree"}


def test_every_post_is_shown_to_change_something_or_said_to_be_refused_by_the_stage():
    posts = {path for method, path in ROUTES if method == "POST"}
    assert posts == set(ALLOWED) | STAGE_REFUSES


@pytest.mark.parametrize("path", sorted(ALLOWED))
def test_the_posted_data_changes_something_for_those_allowed(
    client, login, session, table, at_the_table, path
):
    """The data the refusal tests send is not empty or idle: from the right person it changes
    what `changes` reads, so a refusal that let it through would be seen."""
    login(getattr(table, ALLOWED[path]))
    before = changes(session)
    version = version_shown(client, path.format(**at_the_table))  # an edit page's, opened first
    response = call(client, "POST", path, at_the_table, **version)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert changes(session) != before


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=ROUTE_IDS)
def test_an_anonymous_visitor_is_sent_to_log_in(client, session, at_the_table, method, path):
    before = changes(session)
    response = call(client, method, path, at_the_table)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert changes(session) == before


@pytest.mark.parametrize("path", ["/negotiations", "/negotiations/new"])
def test_an_anonymous_visitor_is_sent_to_log_in_from_the_list_and_the_request(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def outsider(table, make_org, make_user):
    """People of organisations that are not party to the negotiation."""
    other_association = make_org(OrgKind.ASSOCIATION, name="广州市天河区餐饮行业协会")
    return {
        "bureau": table.bureau,
        "other federation": table.stranger,
        "other association": make_user(Role.ASSOCIATION_REP, other_association),
        "enterprise": make_user(Role.ENTERPRISE_MANAGER),
    }


@pytest.mark.parametrize("who", ["bureau", "other federation", "other association", "enterprise"])
@pytest.mark.parametrize(("method", "path"), ROUTES, ids=ROUTE_IDS)
def test_others_find_nothing_and_change_nothing(
    client, login, session, at_the_table, outsider, who, method, path
):
    session.commit()
    login(outsider[who])
    before = changes(session)
    response = call(client, method, path, at_the_table)
    assert response.status_code == 404
    assert changes(session) == before


@pytest.mark.parametrize("who", ["bureau", "other federation", "other association", "enterprise"])
def test_the_list_shows_others_nothing(client, login, session, table, outsider, who):
    table.request()
    session.commit()
    login(outsider[who])
    response = client.get("/negotiations")
    assert response.status_code == 200
    assert "2026年度海珠区餐饮行业工资集体协商" not in response.get_data(as_text=True)
    client.post("/logout")
    login(table.rep)  # a party finds it, by the same words
    listing = client.get("/negotiations").get_data(as_text=True)
    assert "2026年度海珠区餐饮行业工资集体协商" in listing


@pytest.mark.parametrize(("who", "status"), [("bureau", 403), ("enterprise", 403)])
def test_only_a_federation_or_an_association_asks_to_bargain(
    client, login, session, outsider, who, status
):
    session.commit()
    login(outsider[who])
    assert client.get("/negotiations/new").status_code == status


READ_ONLY = [
    ("GET", "/negotiations/{n}"),
    ("GET", "/negotiations/{n}/request.docx"),
    ("GET", "/negotiations/{n}/answer.docx"),
    ("GET", "/negotiations/{n}/items/{item}/chart.png"),
    ("GET", "/negotiations/{n}/items/{item}/chart.svg"),
    ("GET", "/negotiations/{n}/sessions/1"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=ROUTE_IDS)
def test_an_administrator_reads_everything_and_enters_nothing(
    client, login, session, table, at_the_table, method, path
):
    login(table.admin)
    before = changes(session)
    response = call(client, method, path, at_the_table)
    if (method, path) in READ_ONLY:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
    assert changes(session) == before


OTHER_SIDES = {
    "chair": [  # the union side's chair, on the employer side's pages
        "/negotiations/{n}/representatives/employer",
        "/negotiations/{n}/representatives/{employer_rep}/vacate",
        "/negotiations/{n}/sessions/1/offers/employer",
        "/negotiations/{n}/answer",  # the union side asked: the employer side answers
    ],
    "rep": [
        "/negotiations/{n}/representatives/union",
        "/negotiations/{n}/representatives/{union_rep}/vacate",
        "/negotiations/{n}/sessions/1/offers/union",
    ],
}


@pytest.mark.parametrize(
    ("who", "path"), [(who, path) for who, paths in OTHER_SIDES.items() for path in paths]
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_side_enters_only_its_own_representatives_and_offers(
    client, login, session, table, at_the_table, who, path, method
):
    login(getattr(table, who))
    before = changes(session)
    response = call(client, method, path, at_the_table)
    assert response.status_code == 403
    assert changes(session) == before


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("chair", "/negotiations/{n}/representatives/union"),
        ("chair", "/negotiations/{n}/sessions/1/offers/union"),
        ("rep", "/negotiations/{n}/representatives/employer"),
        ("rep", "/negotiations/{n}/sessions/1/offers/employer"),
    ],
)
def test_a_side_opens_its_own_tables(client, login, table, at_the_table, who, path):
    login(getattr(table, who))
    assert client.get(path.format(**at_the_table)).status_code == 200


def test_the_side_that_made_a_proposal_cannot_accept_it(
    client, login, session, table, at_the_table
):
    login(table.rep)  # the employer side proposed
    before = changes(session)
    response = client.post(
        "/negotiations/{n}/settlement/{settlement}/accept".format(**at_the_table)
    )
    assert response.status_code == 403
    assert changes(session) == before
