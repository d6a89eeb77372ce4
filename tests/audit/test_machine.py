"""The status machine: moves off the table are refused (with words, or as a defect), and every
move it makes is recorded with its actor, before, after and reason."""

from enum import StrEnum

import pytest
from sqlmodel import select

from audit.models import AuditEntry
from bargaining.models import NEGOTIATION_MACHINE, NegotiationStatus
from contracts.models import AGREEMENT_MACHINE, AgreementStatus
from workflow.machine import Machine, TransitionError, TransitionRefused, transition

S = NegotiationStatus


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


def test_a_table_whose_move_leads_off_it_is_refused_when_declared():
    with pytest.raises(ValueError, match="off the table"):
        Machine("colour", {Colour.RED: frozenset({"blue"})})


def test_a_status_left_out_of_the_table_is_refused_when_declared():
    """Its words would never be asked for: the history would show its bare code."""
    with pytest.raises(ValueError, match="left out"):
        Machine("colour", {Colour.RED: frozenset()})


def test_a_status_without_words_is_refused_when_described():
    machine = Machine("colour", {Colour.RED: frozenset({Colour.GREEN}), Colour.GREEN: frozenset()})
    with pytest.raises(ValueError, match="without words"):
        machine.describe("Colour", {Colour.RED: "red"})


def test_every_status_of_negotiations_and_agreements_has_words():
    assert set(NEGOTIATION_MACHINE.labels) == set(NegotiationStatus)
    assert set(AGREEMENT_MACHINE.labels) == set(AgreementStatus)


def test_final_statuses_are_those_with_no_move():
    assert {s for s in S if NEGOTIATION_MACHINE.is_final(s)} == {S.AGREED, S.FAILED, S.WITHDRAWN}


def test_transition_moves_and_records_who_from_where_to_where_and_why(table, session):
    negotiation = table.request()
    viewer = table.viewer(table.chair)
    transition(negotiation, S.WITHDRAWN, actor=viewer, reason="双方另行约定")
    session.flush()
    assert negotiation.status is S.WITHDRAWN
    row = session.exec(
        select(AuditEntry)
        .where(AuditEntry.subject_type == "negotiation")
        .where(AuditEntry.subject_id == negotiation.id)
        .where(AuditEntry.action == "status_changed")
    ).one()
    assert (row.before, row.after, row.reason) == ("requested", "withdrawn", "双方另行约定")
    assert (row.actor_id, row.organization_id) == (table.chair.id, table.federation.id)
    assert row.at is not None


def test_transition_refuses_a_move_off_the_table_with_a_409_naming_both_statuses(table, session):
    negotiation = table.request()
    with pytest.raises(TransitionRefused) as refused:
        transition(negotiation, S.AGREED, actor=table.viewer(table.chair))
    assert refused.value.status == 409
    message = str(refused.value.message)
    assert str(NEGOTIATION_MACHINE.label(S.REQUESTED)) in message
    assert str(NEGOTIATION_MACHINE.label(S.AGREED)) in message
    assert negotiation.status is S.REQUESTED
    count = session.exec(select(AuditEntry).where(AuditEntry.action == "status_changed")).all()
    assert count == []


def test_setting_a_status_off_the_table_directly_is_a_defect_caught_by_the_guard(table):
    negotiation = table.request()
    with pytest.raises(TransitionError):
        negotiation.status = S.AGREED
    negotiation.status = S.ANSWERED  # on the table: allowed


def test_a_final_status_has_no_way_out(table):
    negotiation = table.request()
    transition(negotiation, S.WITHDRAWN, actor=None)
    for target in S:
        if target is not S.WITHDRAWN:
            with pytest.raises(TransitionRefused):
                transition(negotiation, target, actor=None)


def test_the_bargaining_use_cases_record_their_moves(table, session):
    negotiation = table.answered()
    moves = session.exec(
        select(AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.subject_id == negotiation.id)
        .where(AuditEntry.subject_type == "negotiation")
        .where(AuditEntry.action == "status_changed")
        .order_by(AuditEntry.id)
    ).all()
    assert [tuple(m) for m in moves] == [("requested", "answered")]
