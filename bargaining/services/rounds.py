"""Sessions (rounds) of bargaining (R5, R6) and each side's offers at them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from bargaining import rules
from bargaining.models import (
    Attendance,
    BargainingSession,
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Offer,
    Side,
)
from bargaining.permissions import can_act_for
from bargaining.services.guards import (
    acting_side,
    check_open,
    move,
    refuse,
    touch,
    written_or_refused,
)
from bargaining.services.queries import (
    entered_offers,
    item_label,
    items_of,
    offers_of,
    readiness_problems,
    representatives_of,
    sessions_of,
)
from concurrency import Record, Values, claim_edit, version_of
from db import save_or_refuse, utcnow
from errors import DomainError, NotFound
from organizations.permissions import Viewer
from standards.labels import FIELD_LABELS, PROBLEM_MESSAGES
from standards.validation import item_problems, parse_amount

Status = NegotiationStatus
OFFERS_CHANGED = _l(
    "Someone else saved this side's offers at this session meanwhile: reload the page to see "
    "them, then save yours again."
)


@dataclass(frozen=True)
class SessionData:
    held_on: date
    place: str
    chair_side: Side
    attendee_ids: Sequence[int]
    agenda: str
    minutes: str
    suspended: bool = False
    resume_on: date | None = None
    resume_place: str | None = None
    resume_topics: str | None = None


def record_session(
    session: Session, viewer: Viewer, negotiation: Negotiation, data: SessionData, *, today: date
) -> BargainingSession:
    """A session held (R5), with who attended; with a suspension (R6) the negotiation waits for
    the agreed resumption, otherwise it is in session."""
    acting_side(viewer, negotiation)
    check_open(negotiation)
    if not data.place.strip():
        raise DomainError(_l("Enter the place."), field="place")
    if not data.agenda.strip():
        raise DomainError(_l("Enter the agenda."), field="agenda")
    refuse(readiness_problems(session, negotiation))
    previous = sessions_of(session, negotiation)
    current = {r.id: r for r in representatives_of(session, negotiation, current_only=True)}
    if any(i not in current for i in data.attendee_ids):
        raise DomainError(
            _l("Choose the attendees from the current representatives."), field="attendee_ids"
        )
    chief = next(r for r in current.values() if r.side is data.chair_side and r.is_chief)
    problems = rules.session_problems(
        status=negotiation.status,
        held_on=data.held_on,
        today=today,
        request_received_on=negotiation.request_received_on,
        previous_held_on=previous[-1].held_on if previous else None,
        answered_on=negotiation.answered_on,
        chair_side=data.chair_side,
        expected_chair_side=rules.next_chair_side(
            [s.chair_side for s in previous], negotiation.requested_by
        ),
        chair_attends=chief.id in data.attendee_ids,
        suspended=data.suspended,
        resume_on=data.resume_on,
        resume_place=data.resume_place,
        resume_topics=data.resume_topics,
    )
    refuse(problems, "held_on")
    record = BargainingSession(
        negotiation_id=negotiation.id or 0,
        number=len(previous) + 1,
        held_on=data.held_on,
        place=data.place.strip(),
        chair_side=data.chair_side,
        chair_id=chief.id or 0,
        agenda=data.agenda.strip(),
        minutes=data.minutes.strip(),
        suspended=data.suspended,
        resume_on=data.resume_on if data.suspended else None,
        resume_place=(data.resume_place or "").strip() or None if data.suspended else None,
        resume_topics=(data.resume_topics or "").strip() or None if data.suspended else None,
    )
    save_or_refuse(
        session,
        DomainError(
            _l(
                "Someone else recorded session %(n)s meanwhile: reload the page to see it, then "
                "record yours if it is still to be recorded.",
                n=record.number,
            ),
            status=409,
        ),
        record,
    )
    session.add_all(
        Attendance(session_id=record.id or 0, representative_id=i) for i in set(data.attendee_ids)
    )
    if negotiation.status is not Status.IN_SESSION:
        move(negotiation, Status.IN_SESSION, actor=viewer)
    if data.suspended:
        move(negotiation, Status.SUSPENDED, actor=viewer)
    touch(negotiation)  # a further session in session moves nothing, but is a change
    session.flush()
    return record


def checked_values(
    items: Sequence[NegotiationItem], entered: dict[int, str], *, all_required: bool
) -> dict[int, Decimal]:
    """Each entered figure checked as a standard item's would be; blank means no figure."""
    by_id = {item.id: item for item in items}
    problems: list[str] = []
    values: dict[int, Decimal] = {}
    for item_id, raw in entered.items():
        item = by_id.get(item_id)
        if item is None:
            raise DomainError(
                _l("R15: an offer is for an item under negotiation; this one is not."),
                field="values",
                rule="R15",
            )
        if not raw.strip():
            continue  # no figure for this item
        found = item_problems(item.kind, item.unit, item.direction, raw)
        if found:
            problems += [
                f"R15: {item_label(item)}: {FIELD_LABELS[p.field]} {PROBLEM_MESSAGES[p.code]}"
                for p in found
            ]
            continue
        value = parse_amount(raw)
        assert value is not None
        values[item_id] = value
    if all_required:
        problems += [
            str(_l("%(item)s: enter the agreed value.", item=item_label(item)))
            for item in items
            if item.id not in values and not any(item_label(item) in p for p in problems)
        ]
    if problems:
        raise DomainError("; ".join(problems), field="values", rule="R15")
    return values


def _figure(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _offers_record(record: BargainingSession, side: Side) -> Record:
    return Record("offers", f"{record.id}:{side.value}")


def _stored_offers(session: Session, record: BargainingSession, side: Side) -> Values:
    return {f"item_{i}": _figure(v) for i, v in offers_of(session, record, side).items()}


def offers_version(session: Session, record: BargainingSession, side: Side) -> str:
    """The version of a side's offers at a session that its offers form is based on."""
    return version_of(session, _offers_record(record, side), _stored_offers(session, record, side))


def save_offers(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    record: BargainingSession,
    side: Side,
    entered: dict[int, str],
    *,
    based_on: str | None = None,
) -> None:
    """One side's offers at a session, as one table: entered by that side's people only. A form
    based on offers someone else has saved since is refused with both (StaleEdit)."""
    if record.negotiation_id != negotiation.id:
        raise NotFound()
    if not can_act_for(viewer, negotiation, side):
        raise DomainError(_l("Only a side's own people enter its offers."), status=403)
    check_open(negotiation)
    items = items_of(session, negotiation)
    values = checked_values(items, entered, all_required=False)
    claim_edit(
        session,
        _offers_record(record, side),
        based_on,
        stored=lambda: _stored_offers(session, record, side),
        theirs={f"item_{i}": _figure(v) for i, v in values.items()},
        labels={f"item_{item.id}": item_label(item) for item in items},
        actor_id=viewer.user_id,
    )
    existing = entered_offers(session, record, side)
    with written_or_refused(session, DomainError(OFFERS_CHANGED, status=409)):
        for item_id, offer in existing.items():
            if item_id not in values:
                session.delete(offer)
        for item_id, value in values.items():
            offer = existing.get(item_id) or Offer(
                session_id=record.id or 0, side=side, item_id=item_id, value=value
            )
            offer.value = value
            offer.entered_by_id = viewer.user_id
            offer.entered_at = utcnow()
            session.add(offer)
    touch(negotiation)
    session.flush()
