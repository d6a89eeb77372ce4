"""Refusals through the client: an action button refused (agreeing to the recorder, accepting a
settlement) shows the negotiation page again with the message and a 4xx status; two people
saving a side's list at once, both naming a chief, get R1 with their input kept. Never a 500,
nothing kept."""

import html
import re
from datetime import date

import pytest
from sqlmodel import select

from bargaining.forms import NOT_ON_RECORD
from bargaining.models import NegotiationStatus, Representative, Settlement, SettlementStatus, Side
from standards.models import SectorStandard
from tests.bargaining.helpers import (
    SUSPENSION,
    chief_saved_meanwhile,
    end,
    hold,
    in_session,
    propose,
)
from tests.two_browsers import version_shown


def text_of(response):
    return response.get_data(as_text=True)


def refusal_on_page(response, negotiation) -> str:
    """The message a refused button left at the top of the negotiation page."""
    page = text_of(response)
    assert "<h1" in page and negotiation.title in page, page[:2000]  # the negotiation page
    found = re.search(r"data-form-error>(.*?)</div>", page, re.S)
    assert found is not None, "no message on the page"
    return found.group(1)


def test_agreeing_to_a_recorder_nobody_has_named_is_refused_on_the_page(
    client, login, session, table
):
    """R3: there is nothing to agree to yet: 409 and the page with the rule, not a redirect."""
    negotiation = table.answered()
    table.session.commit()
    login(table.rep)
    response = client.post(f"/negotiations/{negotiation.id}/recorder/agree")
    assert response.status_code == 409
    assert "R3" in refusal_on_page(response, negotiation)
    session.refresh(negotiation)
    assert negotiation.recorder_employer_agrees is False and negotiation.recorder_phone is None


def test_accepting_while_bargaining_is_suspended_is_refused_on_the_page(
    client, login, session, table
):
    """R6: agreement is reached at the table, not during a suspension: 409 and the page with the
    rule; the proposal stays open and no draft standard is made."""
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    hold(table, negotiation, held_on=date(2026, 3, 13), chair_side=Side.EMPLOYER, **SUSPENSION)
    table.session.commit()
    login(table.rep)
    response = client.post(f"/negotiations/{negotiation.id}/settlement/{proposal.id}/accept")
    assert response.status_code == 409
    assert "R6" in refusal_on_page(response, negotiation)
    assert session.get(Settlement, proposal.id).status is SettlementStatus.PROPOSED
    assert session.get(type(negotiation), negotiation.id).status is NegotiationStatus.SUSPENDED
    assert session.exec(select(SectorStandard)).first() is None


def test_accepting_after_the_negotiation_has_ended_is_refused_on_the_page(
    client, login, session, table
):
    """The other side ended the negotiation after the proposal: accepting it is refused with
    the rule (R4: a new bargaining is a new request), 400 and the page, nothing made."""
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.EMPLOYER)
    end(table, negotiation, NegotiationStatus.FAILED, side=Side.EMPLOYER)
    table.session.commit()
    login(table.chair)
    response = client.post(f"/negotiations/{negotiation.id}/settlement/{proposal.id}/accept")
    assert response.status_code == 400
    assert "R4" in refusal_on_page(response, negotiation)
    assert session.get(type(negotiation), negotiation.id).status is NegotiationStatus.FAILED
    assert session.exec(select(SectorStandard)).first() is None


def test_a_chief_saved_by_someone_else_meanwhile_is_refused_with_r1_and_kept(
    client, login, session, table, monkeypatch
):
    """Two people save the union side's list at once, both naming a chief: the second is told
    R1 (409) with its list kept in the form, not a server error."""
    negotiation = table.answered()
    table.session.commit()
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/representatives/union"
    version = version_shown(client, url)  # the form is loaded, then the other one saves
    assert version
    chief_saved_meanwhile(monkeypatch, negotiation, Side.UNION, "抢先首席")
    form = version | {
        "rows-0-name": "何秀英", "rows-0-affiliation": "工会", "rows-0-phone": "13911110000",
        "rows-0-is_chief": "y",
        "rows-1-name": "李明", "rows-1-affiliation": "工会", "rows-1-phone": "13911110001",
        "rows-2-name": "张华", "rows-2-affiliation": "工会", "rows-2-phone": "13911110002",
    }  # fmt: skip
    response = client.post(url, data=form)
    assert response.status_code == 409
    page = text_of(response)
    assert "R1：每方只有一名首席代表，而在此期间已有他人为这一方保存了首席代表" in page
    assert all(name in page for name in ("何秀英", "李明", "张华"))  # the input kept
    # Nothing of this list is kept (the request rolls back, and with it, in this test only, the
    # other person's list, which here shares its transaction).
    assert session.exec(select(Representative)).first() is None


@pytest.mark.parametrize("tampered", ["²", "-1", "0", "7x", str(2**31)])
def test_a_line_whose_hidden_id_is_not_a_record_id_is_refused_beside_it_and_kept(
    app, client, login, session, table, tampered
):
    """A representative's id travels in the page; one that is not an id ("²" passes isdigit but
    not int) is refused beside its line with a 400 and the list kept, never a 500 and never read
    as a newcomer."""
    negotiation = table.answered()
    table.session.commit()
    login(table.chair)
    form = {
        "rows-0-member_id": tampered,
        "rows-0-name": "何秀英", "rows-0-affiliation": "工会", "rows-0-phone": "13911110000",
        "rows-0-is_chief": "y",
        "rows-1-name": "李明", "rows-1-affiliation": "工会", "rows-1-phone": "13911110001",
        "rows-2-name": "张华", "rows-2-affiliation": "工会", "rows-2-phone": "13911110002",
    }  # fmt: skip
    response = client.post(f"/negotiations/{negotiation.id}/representatives/union", data=form)
    assert response.status_code == 400
    page = text_of(response)
    beside = re.search(r'data-field-error="rows-0-member_id">(.*?)</div>', page, re.S)
    with app.test_request_context():  # the page's language
        assert beside is not None and str(NOT_ON_RECORD) in html.unescape(beside.group(1))
    assert all(name in page for name in ("何秀英", "李明", "张华"))  # the input kept
    assert session.exec(select(Representative)).first() is None


def test_accepting_a_proposal_a_later_one_replaced_says_so_on_the_page(
    client, login, session, table
):
    """The union side accepts from a page left open while the employer side proposed again:
    409 and the service's message on the negotiation page (was a bare 404); the later proposal
    stays open and no draft standard is made."""
    negotiation, _ = in_session(table)
    first = propose(table, negotiation, Side.EMPLOYER, chef="3300")
    second = propose(table, negotiation, Side.EMPLOYER, chef="3350")
    table.session.commit()
    login(table.chair)
    response = client.post(f"/negotiations/{negotiation.id}/settlement/{first.id}/accept")
    assert response.status_code == 409
    assert refusal_on_page(response, negotiation).strip() == "此方案已被后来的方案取代。"
    assert session.get(Settlement, second.id).status is SettlementStatus.PROPOSED
    assert session.exec(select(SectorStandard)).first() is None


def test_accepting_another_negotiations_proposal_finds_nothing(client, login, session, table):
    negotiation, _ = in_session(table)
    other = table.seated(year=2027)
    hold(table, other)
    proposal = propose(table, other, Side.EMPLOYER)
    table.session.commit()
    login(table.chair)
    response = client.post(f"/negotiations/{negotiation.id}/settlement/{proposal.id}/accept")
    assert response.status_code == 404
    assert session.get(Settlement, proposal.id).status is SettlementStatus.PROPOSED
