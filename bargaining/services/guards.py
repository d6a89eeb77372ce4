"""The guards every bargaining use case goes through: refusing with the rules a change breaks, a
closed negotiation, the status graph, the side the acting person speaks for, and writes that
another request may have overtaken."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from bargaining import rules
from bargaining.labels import problem_message
from bargaining.models import Negotiation, NegotiationStatus, Side
from bargaining.permissions import side_of_viewer
from db import utcnow
from errors import DomainError
from organizations.permissions import Viewer
from reminders.deadlines import refresh
from workflow.machine import transition


def refuse(problems: Sequence[rules.Problem], field: str | None = None) -> None:
    """Raise one DomainError naming every problem (and the first rule) when there are any."""
    if problems:
        raise DomainError(
            "; ".join(problem_message(p) for p in problems),
            field=field,
            rule=next((p.rule for p in problems if p.rule), None),
        )


def check_open(negotiation: Negotiation) -> None:
    if negotiation.status in rules.FINAL:
        refuse([rules.Problem("R4", rules.Code.CLOSED, {"status": negotiation.status.value})])


def move(
    negotiation: Negotiation,
    target: NegotiationStatus,
    *,
    actor: Viewer | None,
    reason: str | None = None,
) -> None:
    """The one place a status changes, along the graph of models.TRANSITIONS, through the status
    machine (which refuses a move off the graph and records the move in the audit trail)."""
    if not rules.can_move(negotiation.status, target):
        check_open(negotiation)
    transition(negotiation, target, actor=actor, reason=reason)
    touch(negotiation)


def touch(negotiation: Negotiation) -> None:
    """The one place a negotiation is stamped as changed (its list shows the latest first): every
    use case that changes it or anything of it (its items, people, sessions, offers, proposals)
    calls this, or `move`, which does."""
    negotiation.updated_at = utcnow()


@contextmanager
def written_or_refused(session: Session, error: DomainError) -> Iterator[None]:
    """The writes made inside, in a savepoint (as `db.save_or_refuse`, for writes that also
    change and delete): a unique key that another request took meanwhile, or a row it changed or
    removed, becomes `error`, and the rest of the transaction stands. Make every change inside
    the block: opening a savepoint flushes what is pending first."""
    try:
        with session.begin_nested():
            yield
            session.flush()
    except (IntegrityError, StaleDataError) as exc:
        raise error from exc


def acting_side(viewer: Viewer, negotiation: Negotiation) -> Side:
    side = side_of_viewer(viewer, negotiation)
    if side is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    return side


def deadlines_changed(session: Session, negotiation: Negotiation) -> None:
    """Bring the negotiation's legal clocks in the reminders' table (the answer, the vacancies)
    in step now, in this transaction, so reminders and deadline lists never lag the record."""
    session.flush()
    refresh(session, f"negotiation:{negotiation.id}")
