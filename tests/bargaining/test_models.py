"""The negotiation's status graph held by the model itself: whatever code sets a status, it moves
only along TRANSITIONS, and a failed or withdrawn negotiation stays ended."""

import pytest

from bargaining.models import TRANSITIONS, NegotiationStatus
from workflow.machine import TransitionError

S = NegotiationStatus


def test_a_move_along_the_graph_is_kept(table):
    negotiation = table.answered()
    negotiation.status = S.IN_SESSION
    negotiation.status = S.SUSPENDED
    negotiation.status = S.IN_SESSION
    table.session.flush()
    table.session.expire(negotiation)
    assert negotiation.status is S.IN_SESSION


@pytest.mark.parametrize("target", [S.REQUESTED, S.ANSWERED, S.IN_SESSION, S.SUSPENDED, S.AGREED])
def test_a_failed_negotiation_cannot_be_set_open_again(table, target):
    negotiation = table.request()
    negotiation.status = S.FAILED
    table.session.commit()  # expired: the guard reads the stored status back
    with pytest.raises(TransitionError):
        negotiation.status = target
    table.session.rollback()
    assert negotiation.status is S.FAILED


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in S for t in S if t is not c and t not in TRANSITIONS[c]],
)
def test_every_move_off_the_graph_is_refused(table, current, target):
    negotiation = table.request()
    negotiation.__dict__["status"] = current  # as if loaded with this status
    with pytest.raises(TransitionError):
        negotiation.status = target
    table.session.rollback()


def test_setting_the_same_status_again_changes_nothing(table):
    negotiation = table.request()
    negotiation.status = S.REQUESTED
    assert negotiation.status is S.REQUESTED
