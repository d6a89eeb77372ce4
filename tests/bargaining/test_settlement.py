"""Settling (R14) and ending: a proposal for every item checked against the minimum wage, the
other side's acceptance making a draft standard, and the final statuses that nothing reopens."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event

from bargaining import services
from bargaining.models import (
    NegotiationStatus,
    SettlementStatus,
    Side,
)
from organizations.models import Organization
from standards import services as standards
from standards.models import SectorStandard, StandardStatus
from standards.permissions import can_view_standard
from standards.vocabulary import ItemKind
from tests.bargaining.conftest import TODAY
from tests.bargaining.helpers import (
    SUSPENSION,
    accept,
    answer,
    current,
    end,
    ended_message,
    extra,
    hold,
    in_session,
    items,
    name_recorder,
    offer,
    propose,
    refused,
    save_side,
    snapshot,
    text,
)

Status = NegotiationStatus
ANSWERED_ON = date(2026, 3, 10)
SETTLED_FROM, SETTLED_TO = date(2026, 5, 1), date(2027, 4, 30)


# --- settlement --------------------------------------------------------------------------------


def test_a_proposal_below_the_minimum_wage_is_refused(table):
    """R14: the dishwasher's 2400 a month is below Guangzhou's 2500."""
    negotiation, _ = in_session(table)
    before = snapshot(table.session)
    error = refused(propose, table, negotiation, Side.UNION, washer="2400")
    assert error.rule == "R14" and "R14" in text(error)
    assert "餐具清洗员" in text(error) and "厨师长" not in text(error)
    assert snapshot(table.session) == before


@pytest.mark.parametrize("washer", ["2400", "2500"], ids=["refused", "proposed"])
def test_a_proposal_is_checked_as_a_standard_without_writing_one(table, washer):
    """R14 is checked on the values as the draft standard they would make, and nothing of a
    standard is written to check them (it was saved in a savepoint and rolled back)."""
    negotiation, _ = in_session(table)
    written: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO"):
            written.append(statement.split()[2].strip('"'))

    connection = table.session.connection()
    event.listen(connection, "before_cursor_execute", note)
    try:
        if washer == "2400":
            refused(propose, table, negotiation, Side.UNION, washer=washer)
        else:
            propose(table, negotiation, Side.UNION, washer=washer)
    finally:
        event.remove(connection, "before_cursor_execute", note)
    assert not {"sector_standard", "standard_item"} & set(written), written
    assert ("settlement" in written) is (washer == "2500")  # the listener sees the writes


def test_a_proposal_at_the_minimum_wage_stands(table):
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION, washer="2500")
    _, washer, _ = items(table, negotiation)
    assert services.settlement_values(table.session, proposal)[washer.id] == Decimal("2500")
    assert proposal.status is SettlementStatus.PROPOSED


def test_a_proposal_names_a_value_for_every_item(table):
    negotiation, _ = in_session(table)
    _, _, rise = items(table, negotiation)
    before = snapshot(table.session)
    error = refused(propose, table, negotiation, Side.UNION, rise=None)
    assert services.item_label(rise) in text(error)
    assert snapshot(table.session) == before


def test_an_accepted_proposal_agrees_the_negotiation_and_makes_a_draft_standard(table):
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    accept(table, negotiation, proposal, Side.EMPLOYER)
    assert negotiation.status is Status.AGREED and negotiation.ended_on == TODAY
    assert proposal.status is SettlementStatus.ACCEPTED and proposal.accepted_on == TODAY
    standard = table.session.get(SectorStandard, negotiation.standard_id)
    assert standard.status is StandardStatus.DRAFT
    assert standard.federation_id == table.federation.id
    assert (standard.effective_from, standard.effective_to) == (SETTLED_FROM, SETTLED_TO)
    assert {
        (i.kind, i.job_category): i.value for i in standards.items_of(table.session, standard)
    } == {
        (ItemKind.MONTHLY_PAY_FLOOR, "厨师长"): Decimal("3400"),
        (ItemKind.MONTHLY_PAY_FLOOR, "餐具清洗员"): Decimal("2650"),
        (ItemKind.ANNUAL_RISE, ""): Decimal("8"),
    }


@pytest.mark.parametrize(("who", "sees"), [("chair", True), ("rep", False), ("bureau", False)])
def test_the_agreed_draft_is_the_federations_alone(table, who, sees):
    """A draft standard is not in force: only its federation sees it until it is published."""
    negotiation, _ = in_session(table)
    accept(table, negotiation, propose(table, negotiation, Side.UNION), Side.EMPLOYER)
    standard = table.session.get(SectorStandard, negotiation.standard_id)
    viewer = table.viewer(getattr(table, who))
    region = table.session.get(Organization, viewer.org_id).region_code
    assert can_view_standard(viewer, region, standard) is sees
    page = standards.visible_standards(table.session, viewer, region, page=1, per_page=50)
    assert (standard.id in [s.id for s in page.items]) is sees


def test_the_proposing_side_cannot_accept_its_own_proposal(table):
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    before = snapshot(table.session)
    error = refused(accept, table, negotiation, proposal, Side.UNION)
    assert error.status == 403
    assert snapshot(table.session) == before


def test_a_later_proposal_replaces_the_earlier_one(table):
    negotiation, _ = in_session(table)
    first = propose(table, negotiation, Side.UNION, chef="3600")
    second = propose(table, negotiation, Side.EMPLOYER, chef="3300")
    assert first.status is SettlementStatus.REPLACED
    assert services.settlement_of(table.session, negotiation).id == second.id
    before = snapshot(table.session)
    error = refused(accept, table, negotiation, first, Side.EMPLOYER)
    assert error.status == 409 and text(error) == "此方案已被后来的方案取代。"
    assert snapshot(table.session) == before

    accept(table, negotiation, second, Side.UNION)
    standard = table.session.get(SectorStandard, negotiation.standard_id)
    chef_value = next(
        i.value for i in standards.items_of(table.session, standard) if i.job_category == "厨师长"
    )
    assert chef_value == Decimal("3300")


def test_a_proposal_is_not_accepted_while_bargaining_is_suspended(table):
    """Agreement comes from a session in progress (the status graph: suspended → in session,
    failed or withdrawn only). Accepting during a suspension is refused with nothing kept: no
    draft standard, the proposal still open."""
    negotiation, _ = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    hold(table, negotiation, held_on=date(2026, 3, 13), chair_side=Side.EMPLOYER, **SUSPENSION)
    before = snapshot(table.session)
    refused(accept, table, negotiation, proposal, Side.EMPLOYER)
    assert snapshot(table.session) == before


# --- the status graph --------------------------------------------------------------------------


def _answer(table, negotiation, record, proposal):
    answer(table, negotiation)


def _session(table, negotiation, record, proposal):
    hold(table, negotiation, held_on=date(2026, 3, 13), chair_side=Side.EMPLOYER)


def _offers(table, negotiation, record, proposal):
    chef, _, _ = items(table, negotiation)
    offer(table, negotiation, record, Side.UNION, {chef.id: "3600"})


def _representatives(table, negotiation, record, proposal):
    save_side(table, negotiation, Side.UNION, [extra(table, Side.UNION, 3)])


def _vacancy(table, negotiation, record, proposal):
    leaving = current(table, negotiation, Side.UNION)[-1]
    services.vacate(
        table.session,
        table.viewer(table.chair),
        negotiation,
        leaving,
        on=TODAY,
        reason="调离",
        today=TODAY,
    )


def _recorder(table, negotiation, record, proposal):
    name_recorder(table, negotiation, phone="13600000000")


def _settlement(table, negotiation, record, proposal):
    propose(table, negotiation, Side.EMPLOYER)


def _acceptance(table, negotiation, record, proposal):
    accept(table, negotiation, proposal, Side.EMPLOYER)


def _ending(table, negotiation, record, proposal):
    end(table, negotiation, Status.FAILED, side=Side.EMPLOYER)


@pytest.mark.parametrize("outcome", [Status.FAILED, Status.WITHDRAWN])
@pytest.mark.parametrize(
    "action",
    [
        _answer,
        _session,
        _offers,
        _representatives,
        _vacancy,
        _recorder,
        _settlement,
        _acceptance,
        _ending,
    ],
    ids=lambda action: action.__name__.strip("_"),
)
def test_an_ended_negotiation_cannot_be_changed_or_reopened(table, outcome, action):
    """Failure and withdrawal are final: nothing more is recorded, nothing reopens it."""
    negotiation, record = in_session(table)
    proposal = propose(table, negotiation, Side.UNION)
    end(table, negotiation, outcome)
    before = snapshot(table.session)
    error = refused(action, table, negotiation, record, proposal)
    assert ended_message(outcome) in text(error)
    assert snapshot(table.session) == before
    assert negotiation.status is outcome


@pytest.mark.parametrize(
    ("side", "outcome"),
    [(Side.UNION, Status.WITHDRAWN), (Side.UNION, Status.FAILED), (Side.EMPLOYER, Status.FAILED)],
)
def test_a_negotiation_ends_with_its_date_and_reason(table, side, outcome):
    """The side that asked withdraws; either side records that bargaining failed."""
    negotiation, _ = in_session(table)
    end(table, negotiation, outcome, side=side, reason="双方分歧过大。")
    assert negotiation.status is outcome
    assert (negotiation.ended_on, negotiation.end_reason) == (TODAY, "双方分歧过大。")


def test_only_the_requesting_side_withdraws(table):
    negotiation = table.answered()  # the federation asked
    before = snapshot(table.session)
    error = refused(end, table, negotiation, Status.WITHDRAWN, side=Side.EMPLOYER)
    assert error.field == "outcome"
    assert snapshot(table.session) == before


def test_an_ending_needs_a_reason(table):
    negotiation = table.answered()
    before = snapshot(table.session)
    error = refused(end, table, negotiation, Status.FAILED, reason="  ")
    assert error.field == "reason"
    assert snapshot(table.session) == before


def test_an_agreed_negotiation_cannot_be_withdrawn(table):
    negotiation, _ = in_session(table)
    accept(table, negotiation, propose(table, negotiation, Side.UNION), Side.EMPLOYER)
    before = snapshot(table.session)
    error = refused(end, table, negotiation, Status.WITHDRAWN)
    assert ended_message(Status.AGREED) in text(error)
    assert snapshot(table.session) == before
