"""Settling: one side proposes one value per item with the standard's period, checked against the
minimum wage (R14); when the other side accepts, the negotiation is agreed and the values become
a draft sector standard."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from audit import trail
from bargaining.labels import SETTLEMENT_ACCEPTED
from bargaining.models import (
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Settlement,
    SettlementStatus,
    SettlementValue,
)
from bargaining.services.guards import acting_side, check_open, deadlines_changed, move, touch
from bargaining.services.queries import items_of, offer_table, settlement_of, settlement_values
from bargaining.services.rounds import checked_values
from errors import DomainError, NotFound
from organizations.permissions import Viewer
from standards.services import (
    ItemData,
    StandardData,
    check_draft_standard,
    save_draft_standard,
)

Status = NegotiationStatus


def suggested_values(session: Session, negotiation: Negotiation) -> dict[int, Decimal]:
    """What to propose by default: per item, the latest session's value where both sides offered
    the same, else the latest employer offer, else the latest union offer."""
    suggestion: dict[int, Decimal] = {}
    for row in offer_table(session, negotiation):
        for cell in reversed(row.cells):
            if cell.gap is not None and cell.gap.closed:
                value = cell.union
            else:
                value = cell.employer if cell.employer is not None else cell.union
            if value is not None:
                suggestion[row.item.id or 0] = value
                break
    return suggestion


def _check_at_the_table(negotiation: Negotiation) -> None:
    """Agreement is reached in session: not before the first, nor while suspended (R6)."""
    if negotiation.status is Status.SUSPENDED:
        raise DomainError(
            _l("R6: bargaining is suspended; record the resumed session, then settle."),
            rule="R6",
            status=409,
        )
    if negotiation.status is not Status.IN_SESSION:
        raise DomainError(_l("Settle after at least one session."), status=409)


def propose_settlement(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    entered: dict[int, str],
    *,
    effective_from: date,
    effective_to: date | None,
) -> Settlement:
    """One side proposes the values to settle on, for every item, with the standard's period;
    R14 is checked now so the other side is never asked to accept what cannot stand."""
    side = acting_side(viewer, negotiation)
    check_open(negotiation)
    _check_at_the_table(negotiation)
    items = items_of(session, negotiation)
    values = checked_values(items, entered, all_required=True)
    if effective_to is not None and effective_to < effective_from:
        raise DomainError(_l("The end comes before the start."), field="effective_to")
    _check_standard(session, negotiation, items, values, effective_from, effective_to)
    previous = settlement_of(session, negotiation)
    if previous is not None and previous.status is SettlementStatus.PROPOSED:
        previous.status = SettlementStatus.REPLACED
        session.add(previous)
    settlement = Settlement(
        negotiation_id=negotiation.id or 0,
        proposed_by=side,
        proposed_by_user_id=viewer.user_id,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    session.add(settlement)
    session.flush()
    session.add_all(
        SettlementValue(settlement_id=settlement.id or 0, item_id=item_id, value=value)
        for item_id, value in values.items()
    )
    touch(negotiation)
    session.flush()
    return settlement


def _standard_data(
    negotiation: Negotiation, effective_from: date, effective_to: date | None
) -> StandardData:
    return StandardData(
        negotiation.sector_code,
        negotiation.region_code,
        negotiation.title,
        effective_from,
        effective_to,
    )


def _standard_items(items: Sequence[NegotiationItem], values: dict[int, Decimal]) -> list[ItemData]:
    return [
        ItemData(item.kind, item.job_category, values[item.id or 0], item.unit, item.direction)
        for item in items
    ]


def _check_standard(
    session: Session,
    negotiation: Negotiation,
    items: Sequence[NegotiationItem],
    values: dict[int, Decimal],
    effective_from: date,
    effective_to: date | None,
) -> None:
    """R14 on the values as the draft standard they would make, saving nothing."""
    try:
        check_draft_standard(
            session,
            _standard_data(negotiation, effective_from, effective_to),
            _standard_items(items, values),
        )
    except DomainError as error:
        raise DomainError(error.message, field="values", rule="R14") from error


def accept_settlement(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    settlement: Settlement,
    *,
    today: date,
) -> None:
    """The other side accepts the proposal: the negotiation is agreed and its values become a
    draft sector standard (checked against the minimum wage, R14)."""
    side = acting_side(viewer, negotiation)
    check_open(negotiation)
    if settlement.negotiation_id != negotiation.id:
        raise NotFound()
    latest = settlement_of(session, negotiation)
    if settlement.status is SettlementStatus.REPLACED or (latest and latest.id != settlement.id):
        raise DomainError(_l("A later proposal replaced this one."), status=409)
    if settlement.status is not SettlementStatus.PROPOSED:
        raise DomainError(_l("This proposal is no longer open."), status=409)
    _check_at_the_table(negotiation)
    if side is settlement.proposed_by:
        raise DomainError(
            _l("The other side accepts a proposal, not the side that made it."), status=403
        )
    items = items_of(session, negotiation)
    values = settlement_values(session, settlement)
    if set(values) != {item.id for item in items}:
        raise DomainError(_l("The items changed since this proposal: propose again."), status=409)
    try:
        standard = save_draft_standard(
            session,
            _standard_data(negotiation, settlement.effective_from, settlement.effective_to),
            _standard_items(items, values),
            federation_id=negotiation.union_org_id,
        )
    except DomainError as error:
        raise DomainError(error.message, rule="R14") from error
    settlement.status = SettlementStatus.ACCEPTED
    settlement.accepted_by_user_id = viewer.user_id
    settlement.accepted_on = today
    move(negotiation, Status.AGREED, actor=viewer)
    trail.record(
        session, actor=viewer, action=SETTLEMENT_ACCEPTED, subject=negotiation, part=settlement
    )
    negotiation.ended_on = today
    negotiation.standard_id = standard.id
    deadlines_changed(session, negotiation)
