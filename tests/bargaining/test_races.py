"""Two people saving at once: another request's write lands between this one's read and its
write (a session numbered the same, an offer for the same item, the same item added). The later
save is refused with a 409 and a message that says what happened, its input kept in the form,
never a database error; the other request's write stands."""

import html
import re

from sqlmodel import select

from bargaining import services
from bargaining.models import (
    Attendance,
    BargainingSession,
    NegotiationItem,
    NegotiationStatus,
    Offer,
    Representative,
    Side,
)
from bargaining.services.negotiations import ITEMS_CHANGED
from bargaining.services.rounds import OFFERS_CHANGED
from standards.vocabulary import ItemKind, Unit
from tests.bargaining.helpers import (
    hold,
    in_session,
    item_added_meanwhile,
    items,
    offer,
    offer_removed_meanwhile,
    offer_saved_meanwhile,
    refused,
    session_recorded_meanwhile,
    text,
)
from tests.conftest import id_of
from tests.two_browsers import version_shown

QUOTA = services.ItemRow(ItemKind.LABOUR_QUOTA, "餐具清洗员", Unit.PIECES_PER_HOUR)


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def form_error(page: str) -> str:
    found = re.search(r"data-form-error>(.*?)</div>", page, re.S)
    assert found is not None, "no message at the top of the form"
    return found.group(1)


def union_chief(session, negotiation) -> int:
    reps = services.representatives_of(session, negotiation, current_only=True)
    return next(id_of(r) for r in reps if r.side is Side.UNION and r.is_chief)


def offers_at(session, record, side) -> dict:
    session.expire_all()
    return {i: f"{v.normalize():f}" for i, v in services.offers_of(session, record, side).items()}


def item_rows(table, negotiation) -> list[services.ItemRow]:
    return [services.ItemRow(i.kind, i.job_category, i.unit) for i in items(table, negotiation)]


# --- a session ---------------------------------------------------------------------------------


def test_a_session_someone_else_recorded_meanwhile_is_refused(table, monkeypatch):
    """Both read that no session is on record and both record session 1: the later is refused
    (409) naming the session; the other's stands and nothing of this one is kept."""
    negotiation = table.seated()
    session_recorded_meanwhile(
        monkeypatch, negotiation, union_chief(table.session, negotiation), number=1
    )
    error = refused(hold, table, negotiation)
    assert error.status == 409 and "1" in text(error)
    table.session.expire_all()
    recorded = services.sessions_of(table.session, negotiation)
    assert [(s.number, s.place) for s in recorded] == [(1, "抢先登记的会场")]
    assert table.session.exec(select(Attendance)).first() is None
    assert negotiation.status is NegotiationStatus.ANSWERED


def test_the_session_form_says_so_and_keeps_the_input(client, login, session, table, monkeypatch):
    negotiation = table.seated()
    session.commit()
    reps = session.exec(select(Representative)).all()
    form = {
        "held_on": "2026-03-12",
        "place": "行业协会二楼会议室",
        "chair_side": "union",
        "attendee_ids": [str(r.id) for r in reps],
        "agenda": "工资标准",
        "minutes": "双方交换方案。",
    }
    session_recorded_meanwhile(monkeypatch, negotiation, union_chief(session, negotiation), 1)
    login(table.chair)
    response = client.post(f"/negotiations/{negotiation.id}/sessions/new", data=form)
    assert response.status_code == 409
    page = page_of(response)
    with client.application.test_request_context():
        from flask_babel import gettext

        expected = gettext(
            "Someone else recorded session %(n)s meanwhile: reload the page to see it, then "
            "record yours if it is still to be recorded.",
            n=1,
        )
    assert form_error(page).strip() == expected
    assert 'value="行业协会二楼会议室"' in page and "双方交换方案。</textarea>" in page
    assert session.exec(select(BargainingSession)).first() is None  # the request rolled back


# --- offers ------------------------------------------------------------------------------------


def test_an_offer_someone_else_of_the_side_saved_meanwhile_is_refused(table, monkeypatch):
    negotiation, record = in_session(table)
    chef, washer, _rise = items(table, negotiation)
    offer_saved_meanwhile(monkeypatch, record, Side.UNION, chef.id, value="3650")
    error = refused(
        offer, table, negotiation, record, Side.UNION, {chef.id: "3600", washer.id: "2800"}
    )
    assert error.status == 409 and text(error) == str(OFFERS_CHANGED)
    assert offers_at(table.session, record, Side.UNION) == {chef.id: "3650"}


def test_an_offer_someone_else_cleared_meanwhile_is_refused(table, monkeypatch):
    """This page changes the chef's offer that the other person has just cleared: the update
    finds no row to change, and is refused rather than lost or a server error."""
    negotiation, record = in_session(table)
    chef, _washer, _rise = items(table, negotiation)
    offer(table, negotiation, record, Side.UNION, {chef.id: "3600"})
    offer_removed_meanwhile(monkeypatch, record, Side.UNION, chef.id)
    error = refused(offer, table, negotiation, record, Side.UNION, {chef.id: "3700"})
    assert error.status == 409 and text(error) == str(OFFERS_CHANGED)
    assert offers_at(table.session, record, Side.UNION) == {}


def test_the_offers_form_says_so_and_keeps_the_input(client, login, session, table, monkeypatch):
    negotiation, record = in_session(table)
    chef, _washer, _rise = items(table, negotiation)
    session.commit()
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/sessions/1/offers/union"
    version = version_shown(client, url)
    offer_saved_meanwhile(monkeypatch, record, Side.UNION, chef.id, value="3650")
    response = client.post(url, data={f"item_{chef.id}": "3600"} | version)
    assert response.status_code == 409
    page = page_of(response)
    with client.application.test_request_context():
        assert form_error(page).strip() == str(OFFERS_CHANGED)
    assert 'value="3600"' in page
    assert session.exec(select(Offer)).first() is None  # the request rolled back


# --- items -------------------------------------------------------------------------------------


def test_an_item_someone_else_added_meanwhile_is_refused(table, monkeypatch):
    negotiation = table.request()
    item_added_meanwhile(monkeypatch, negotiation, QUOTA.kind, QUOTA.job_category, QUOTA.unit)
    error = refused(
        services.save_items,
        table.session,
        table.viewer(table.rep),
        negotiation,
        [*item_rows(table, negotiation), QUOTA],
    )
    assert (error.status, error.field) == (409, "items")
    assert text(error) == str(ITEMS_CHANGED)
    table.session.expire_all()
    listed = table.session.exec(select(NegotiationItem.job_category, NegotiationItem.position))
    assert sorted(listed) == [("", 2), ("厨师长", 0), ("餐具清洗员", 1), ("餐具清洗员", 99)]


def test_the_items_form_says_so_and_keeps_the_input(client, login, session, table, monkeypatch):
    negotiation = table.request()
    session.commit()
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/items"
    form = version_shown(client, url)
    item_added_meanwhile(monkeypatch, negotiation, QUOTA.kind, QUOTA.job_category, QUOTA.unit)
    for i, row in enumerate([*item_rows(table, negotiation), QUOTA]):
        form |= {
            f"rows-{i}-kind": row.kind.value,
            f"rows-{i}-job_category": row.job_category,
            f"rows-{i}-unit": row.unit.value,
        }
    response = client.post(url, data=form)
    assert response.status_code == 409
    page = page_of(response)
    with client.application.test_request_context():
        assert form_error(page).strip() == str(ITEMS_CHANGED)
    assert '<option selected value="labour_quota">' in page
    session.expire_all()
    assert len(session.exec(select(NegotiationItem)).all()) == 3  # the request rolled back
