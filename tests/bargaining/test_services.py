"""The bargaining services on a session (no client): the written request and answer (R4), the
chiefs chairing in turn (R5), suspension (R6), offers (R15), and who sees and who starts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from bargaining import services
from bargaining.models import (
    NegotiationStatus,
    Offer,
    Side,
    Topic,
)
from errors import NotFound
from tests.bargaining.conftest import TODAY
from tests.bargaining.helpers import (
    SUSPENSION,
    answer,
    current,
    end,
    hold,
    in_session,
    items,
    name_recorder,
    offer,
    refused,
    request_data,
    save_side,
    snapshot,
    text,
)

Status = NegotiationStatus
ANSWERED_ON = date(2026, 3, 10)
SETTLED_FROM, SETTLED_TO = date(2026, 5, 1), date(2027, 4, 30)


# --- R4: the written request and answer --------------------------------------------------------


def test_the_requesting_side_cannot_answer_its_own_request(table):
    """The other side answers (第32条)."""
    negotiation = table.request()
    before = snapshot(table.session)
    error = refused(answer, table, negotiation, user=table.chair)
    assert error.status == 403 and "R4" in text(error)
    assert snapshot(table.session) == before


def test_an_answer_cannot_come_before_the_request_was_received(table):
    negotiation = table.request()  # received 2026-03-03
    before = snapshot(table.session)
    error = refused(answer, table, negotiation, answered_on=date(2026, 3, 2))
    assert "R4" in text(error) and "2026-03-03" in text(error)
    assert snapshot(table.session) == before


def test_an_answer_on_the_day_of_receipt_opens_bargaining(table):
    negotiation = table.request()
    answer(table, negotiation, answered_on=date(2026, 3, 3))
    assert (negotiation.status, negotiation.answered_on) == (Status.ANSWERED, date(2026, 3, 3))
    assert (negotiation.answer_text, negotiation.answer_agrees) == ("同意协商。", True)


def test_a_request_is_answered_once(table):
    negotiation = table.answered()
    before = snapshot(table.session)
    error = refused(answer, table, negotiation, answered_on=TODAY, wording="再次答复。")
    assert "R4" in text(error)
    assert snapshot(table.session) == before
    assert negotiation.answer_text == "同意协商。"


def test_a_declined_request_ends_the_negotiation_as_failed_with_the_reason(table):
    """Refusing needs a good reason, given in writing: it ends the negotiation."""
    negotiation = table.request()
    reason = "协会正在换届，无法组成协商代表。"
    answer(table, negotiation, agrees=False, wording=reason)
    assert negotiation.status is Status.FAILED
    assert (negotiation.ended_on, negotiation.end_reason) == (ANSWERED_ON, reason)
    assert negotiation.answer_agrees is False


def test_no_session_is_held_before_the_written_answer(table):
    negotiation = table.request()
    for side in Side:
        save_side(table, negotiation, side, table.members(side))
    name_recorder(table, negotiation)
    before = snapshot(table.session)
    error = refused(hold, table, negotiation)
    assert "R4" in text(error)
    assert snapshot(table.session) == before
    assert negotiation.status is Status.REQUESTED


def test_a_session_cannot_be_dated_before_the_request_was_received(table):
    negotiation = table.seated()
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, held_on=date(2026, 3, 2))
    assert "R4" in text(error) and "2026-03-03" in text(error)
    assert snapshot(table.session) == before


def test_a_session_on_the_day_of_the_answer_is_held(table):
    negotiation = table.seated()
    assert hold(table, negotiation, held_on=ANSWERED_ON).held_on == ANSWERED_ON


def test_a_session_cannot_be_dated_before_the_written_answer(table):
    """Sessions begin after the written answer (第32条, and the service's own R4 message): a
    session dated 2026-03-09 is before the answer of 2026-03-10, though after the request."""
    negotiation = table.seated()
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, held_on=date(2026, 3, 9))
    assert "R4" in text(error) and "2026-03-10" in text(error)
    assert snapshot(table.session) == before


def test_a_request_cannot_be_received_after_today(table):
    """The date of receipt is a past event; the answer period runs from it."""
    before = snapshot(table.session)
    error = refused(
        services.start_negotiation,
        table.session,
        table.viewer(table.chair),
        request_data(
            table.association,
            request_sent_on=TODAY,
            request_received_on=TODAY + timedelta(days=30),
        ),
        today=TODAY,
    )
    assert error.field == "request_received_on"
    assert snapshot(table.session) == before


# --- R5: the chiefs chair in turn --------------------------------------------------------------


def association_asks(table):
    """The trade association asks, the federation answers; both sides and the recorder named."""
    negotiation = services.start_negotiation(
        table.session,
        table.viewer(table.rep),
        request_data(table.federation),
        today=TODAY,
    )
    answer(table, negotiation, user=table.chair)
    for side in Side:
        save_side(table, negotiation, side, table.members(side))
    name_recorder(table, negotiation)
    return negotiation


@pytest.mark.parametrize(
    ("open_negotiation", "turns"),
    [
        pytest.param(lambda t: t.seated(), [Side.UNION, Side.EMPLOYER, Side.UNION], id="union"),
        pytest.param(association_asks, [Side.EMPLOYER, Side.UNION, Side.EMPLOYER], id="employer"),
    ],
)
def test_the_chiefs_chair_in_turn_from_the_side_that_asked(table, open_negotiation, turns):
    """第34条: the chiefs chair in turn; the side that asked to bargain chairs first."""
    negotiation = open_negotiation(table)
    chiefs = {r.side: r.id for r in current(table, negotiation, Side.UNION) if r.is_chief} | {
        r.side: r.id for r in current(table, negotiation, Side.EMPLOYER) if r.is_chief
    }
    held = []
    for day, side in enumerate(turns, start=11):
        assert services.proposed_chair_side(table.session, negotiation) is side
        held.append(hold(table, negotiation, held_on=date(2026, 3, day), chair_side=side))
    assert [(s.chair_side, s.chair_id) for s in held] == [(side, chiefs[side]) for side in turns]


@pytest.mark.parametrize(
    ("sessions_before", "wrong_chair"),
    [(0, Side.EMPLOYER), (1, Side.UNION), (2, Side.EMPLOYER)],
)
def test_a_session_chaired_out_of_turn_is_refused(table, sessions_before, wrong_chair):
    negotiation = table.seated()
    for day in range(sessions_before):
        hold(table, negotiation, held_on=date(2026, 3, 11 + day))
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, held_on=TODAY, chair_side=wrong_chair)
    assert "R5" in text(error)
    assert snapshot(table.session) == before


def test_the_chief_who_chairs_attends(table):
    negotiation = table.seated()
    everyone = [r.id for r in services.representatives_of(table.session, negotiation)]
    chief = next(r for r in current(table, negotiation, Side.UNION) if r.is_chief)
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, attendee_ids=[i for i in everyone if i != chief.id])
    assert "R5" in text(error)
    assert snapshot(table.session) == before


# --- R6: suspension ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "missing",
    [
        pytest.param({"resume_on": None}, id="no date"),
        pytest.param({"resume_on": date(2026, 3, 12)}, id="resumes the same day"),
        pytest.param({"resume_place": ""}, id="no place"),
        pytest.param({"resume_topics": "  "}, id="no topics"),
    ],
)
def test_a_suspension_agrees_when_where_and_on_what_bargaining_resumes(table, missing):
    """第35条: the next time, place and topics are agreed and recorded."""
    negotiation = table.seated()
    before = snapshot(table.session)
    error = refused(hold, table, negotiation, **(SUSPENSION | missing))
    assert "R6" in text(error)
    assert snapshot(table.session) == before


def test_a_suspension_pauses_bargaining_until_the_next_session(table):
    negotiation = table.seated()
    record = hold(table, negotiation, **SUSPENSION)
    assert negotiation.status is Status.SUSPENDED
    assert (record.resume_on, record.resume_place, record.resume_topics) == (
        date(2026, 3, 19),
        "区总工会会议室",
        "厨师长工资标准",
    )
    hold(table, negotiation, held_on=date(2026, 3, 19))
    assert negotiation.status is Status.IN_SESSION


# --- offers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("whose", ["another negotiation's", "no"])
def test_an_offer_is_for_an_item_under_this_negotiation(table, whose):
    """R15: the sides bargain over this negotiation's items only."""
    negotiation, record = in_session(table)
    other = table.request(topic=Topic.COMPREHENSIVE)
    item_id = services.items_of(table.session, other)[0].id if whose != "no" else 999_999
    before = snapshot(table.session)
    error = refused(
        services.save_offers,
        table.session,
        table.viewer(table.chair),
        negotiation,
        record,
        Side.UNION,
        {item_id: "3600"},
    )
    assert "R15" in text(error) and error.rule == "R15"
    assert snapshot(table.session) == before


@pytest.mark.parametrize("value", ["-1", "三千六", "abc"])
def test_an_offer_is_a_figure_not_below_zero(table, value):
    negotiation, record = in_session(table)
    chef, washer, _ = items(table, negotiation)
    before = snapshot(table.session)
    error = refused(
        offer, table, negotiation, record, Side.UNION, {chef.id: value, washer.id: "2800"}
    )
    assert "厨师长" in text(error) and "餐具清洗员" not in text(error)
    assert snapshot(table.session) == before


def test_a_side_enters_only_its_own_offers(table):
    negotiation, record = in_session(table)
    chef, _, _ = items(table, negotiation)
    before = snapshot(table.session)
    error = refused(
        offer, table, negotiation, record, Side.UNION, {chef.id: "3200"}, user=table.rep
    )
    assert error.status == 403
    assert snapshot(table.session) == before


@pytest.mark.parametrize("who", ["bureau", "stranger"])
def test_others_cannot_find_the_negotiation(table, who):
    negotiation = table.request()
    with pytest.raises(NotFound):
        services.load(table.session, table.viewer(getattr(table, who)), negotiation.id)


@pytest.mark.parametrize("who", ["chair", "rep", "admin"])
def test_the_parties_and_administrators_find_the_negotiation(table, who):
    negotiation = table.request()
    assert services.load(table.session, table.viewer(getattr(table, who)), negotiation.id) is (
        negotiation
    )


def test_offers_entered_again_replace_the_earlier_ones(table):
    negotiation, record = in_session(table)
    chef, washer, _ = items(table, negotiation)
    offer(table, negotiation, record, Side.UNION, {chef.id: "3600", washer.id: "2800"})
    offer(table, negotiation, record, Side.UNION, {chef.id: "3500", washer.id: ""})
    assert services.offers_of(table.session, record, Side.UNION) == {chef.id: Decimal("3500")}
    assert table.session.exec(select(func.count()).select_from(Offer)).one() == 1


def test_the_offer_table_gives_each_sides_offer_and_the_gap(table):
    """The gap is the employer's offer minus the union's, and that as a share of the union's:
    3200 against 3600 is −400, −11.1 %."""
    negotiation, record = in_session(table)
    chef, washer, rise = items(table, negotiation)
    offer(
        table, negotiation, record, Side.UNION, {chef.id: "3600", washer.id: "2800", rise.id: "10"}
    )
    offer(table, negotiation, record, Side.EMPLOYER, {chef.id: "3200", rise.id: "10"})
    rows = {row.item.id: row for row in services.offer_table(table.session, negotiation)}
    [cell] = rows[chef.id].cells
    assert cell.session.id == record.id
    assert (cell.union, cell.employer) == (Decimal("3600"), Decimal("3200"))
    assert (cell.gap.amount, cell.gap.percent) == (Decimal("-400"), Decimal("-11.1"))
    assert rows[washer.id].cells[0].gap is None  # the employer made no offer
    assert rows[rise.id].cells[0].gap.closed


# --- who sees and who starts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [("chair", True), ("rep", True), ("admin", True), ("bureau", False), ("stranger", False)],
)
def test_the_parties_and_administrators_list_the_negotiation(table, who, sees):
    negotiation = table.request()
    page = services.visible_negotiations(
        table.session, table.viewer(getattr(table, who)), page=1, per_page=50
    )
    assert (negotiation.id in [n.id for n in page.items]) is sees


def test_a_bureau_cannot_ask_to_bargain(table):
    before = snapshot(table.session)
    error = refused(
        services.start_negotiation,
        table.session,
        table.viewer(table.bureau),
        request_data(table.association),
        today=TODAY,
    )
    assert error.status == 403
    assert snapshot(table.session) == before


def test_the_association_asks_the_federation_it_faces(table):
    """The employers' side may make the written request; the union side is the federation."""
    negotiation = services.start_negotiation(
        table.session,
        table.viewer(table.rep),
        request_data(table.federation),
        today=TODAY,
    )
    assert (negotiation.union_org_id, negotiation.employer_org_id) == (
        table.federation.id,
        table.association.id,
    )
    assert (negotiation.requested_by, negotiation.status) == (Side.EMPLOYER, Status.REQUESTED)
    assert negotiation.sector_code == table.federation.sector_code


def test_the_same_parties_negotiate_a_topic_once_a_year(table):
    first = table.request()
    before = snapshot(table.session)
    error = refused(table.request)
    assert error.status == 409
    assert snapshot(table.session) == before

    assert table.request(year=2027).year == 2027
    end(table, first, Status.WITHDRAWN)
    assert table.request().status is Status.REQUESTED
