"""Reading a negotiation: the lists a viewer may see, its items, representatives, sessions and
offers (with the gap per item), the settlement, what keeps the sides from meeting, and its
deadlines from the reminders engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from bargaining import rules
from bargaining.models import (
    Attendance,
    BargainingSession,
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Offer,
    Representative,
    Settlement,
    SettlementStatus,
    SettlementValue,
    Side,
)
from bargaining.permissions import can_view_negotiation, visible_negotiations_clause
from errors import NotFound
from organizations.permissions import Viewer
from pagination import Page, paginate
from reminders.clock import Clock, Computed
from reminders.profiles import PeriodKind
from standards.labels import KIND_LABELS

Status = NegotiationStatus


def load(session: Session, viewer: Viewer, negotiation_id: int) -> Negotiation:
    """The negotiation if the viewer may see it; otherwise as if it did not exist."""
    negotiation = session.get(Negotiation, negotiation_id)
    if negotiation is None or not can_view_negotiation(viewer, negotiation):
        raise NotFound()
    return negotiation


def visible_negotiations(session: Session, viewer: Viewer, *, page: int, per_page: int) -> Page:
    stmt = (
        select(Negotiation)
        .where(visible_negotiations_clause(viewer))
        .order_by(col(Negotiation.updated_at).desc(), col(Negotiation.id).desc())
    )
    return paginate(session, stmt, page=page, per_page=per_page)


def items_of(session: Session, negotiation: Negotiation) -> list[NegotiationItem]:
    stmt = select(NegotiationItem).where(NegotiationItem.negotiation_id == negotiation.id)
    return list(session.exec(stmt.order_by(col(NegotiationItem.position), col(NegotiationItem.id))))


def item_label(item: NegotiationItem) -> str:
    kind = str(KIND_LABELS[item.kind])
    return f"{kind} · {item.job_category}" if item.job_category else kind


def representatives_of(
    session: Session, negotiation: Negotiation, *, current_only: bool = False
) -> list[Representative]:
    stmt = select(Representative).where(Representative.negotiation_id == negotiation.id)
    if current_only:
        stmt = stmt.where(col(Representative.vacated_on).is_(None))
    order = (col(Representative.side), col(Representative.is_chief).desc(), col(Representative.id))
    return list(session.exec(stmt.order_by(*order)))


def sessions_of(session: Session, negotiation: Negotiation) -> list[BargainingSession]:
    stmt = select(BargainingSession).where(BargainingSession.negotiation_id == negotiation.id)
    return list(session.exec(stmt.order_by(col(BargainingSession.number))))


def attendees_of(session: Session, bargaining_session: BargainingSession) -> list[Representative]:
    stmt = (
        select(Representative)
        .join(Attendance, col(Attendance.representative_id) == Representative.id)
        .where(Attendance.session_id == bargaining_session.id)
        .order_by(col(Representative.side), col(Representative.id))
    )
    return list(session.exec(stmt))


def members_of(reps: Sequence[Representative], side: Side) -> list[rules.Member]:
    return [
        rules.Member(r.name, r.phone, r.is_chief, r.is_expert)
        for r in reps
        if r.side is side and r.vacated_on is None
    ]


def readiness_problems(
    session: Session,
    negotiation: Negotiation,
    reps: Sequence[Representative] | None = None,
) -> list[rules.Problem]:
    """What keeps the sides from meeting now (R1–R3), from the current lists and recorder;
    `reps`, the negotiation's representatives if the caller has them already (a page does)."""
    if reps is None:
        current = representatives_of(session, negotiation, current_only=True)
    else:
        current = [r for r in reps if r.vacated_on is None]
    return rules.table_problems(
        members_of(current, Side.UNION),
        members_of(current, Side.EMPLOYER),
        negotiation.recorder_phone,
        negotiation.recorder_agreed_by,
    )


def proposed_chair_side(
    session: Session,
    negotiation: Negotiation,
    sessions: Sequence[BargainingSession] | None = None,
) -> Side:
    """R5: the side whose chief chairs the next session (`sessions`, its sessions in order, if
    the caller has them already)."""
    if sessions is None:
        sessions = sessions_of(session, negotiation)
    return rules.next_chair_side([s.chair_side for s in sessions], negotiation.requested_by)


def load_session(session: Session, negotiation: Negotiation, number: int) -> BargainingSession:
    record = session.exec(
        select(BargainingSession).where(
            BargainingSession.negotiation_id == negotiation.id,
            BargainingSession.number == number,
        )
    ).first()
    if record is None:
        raise NotFound()
    return record


def entered_offers(session: Session, record: BargainingSession, side: Side) -> dict[int, Offer]:
    """A side's offers at a session, by item id."""
    stmt = select(Offer).where(Offer.session_id == record.id, Offer.side == side)
    return {offer.item_id: offer for offer in session.exec(stmt)}


def offers_of(session: Session, record: BargainingSession, side: Side) -> dict[int, Decimal]:
    return {item_id: o.value for item_id, o in entered_offers(session, record, side).items()}


@dataclass(frozen=True)
class OfferCell:
    session: BargainingSession
    union: Decimal | None
    employer: Decimal | None
    gap: rules.Gap | None


@dataclass(frozen=True)
class OfferRow:
    item: NegotiationItem
    label: str
    cells: list[OfferCell]


def offer_table(
    session: Session,
    negotiation: Negotiation,
    sessions: Sequence[BargainingSession] | None = None,
    items: Sequence[NegotiationItem] | None = None,
) -> list[OfferRow]:
    """Per item, every session's union and employer offers and the gap between them (the
    sessions and items in order, if the caller has them already)."""
    sessions = list(sessions) if sessions is not None else sessions_of(session, negotiation)
    items = list(items) if items is not None else items_of(session, negotiation)
    offers: dict[tuple[int, int, Side], Decimal] = {}
    if sessions:
        stmt = select(
            col(Offer.session_id), col(Offer.item_id), col(Offer.side), col(Offer.value)
        ).where(col(Offer.session_id).in_([s.id for s in sessions]))
        for session_id, item_id, side, value in session.exec(stmt):
            offers[(session_id, item_id, side)] = value
    rows = []
    for item in items:
        cells = []
        for record in sessions:
            union = offers.get((record.id or 0, item.id or 0, Side.UNION))
            employer = offers.get((record.id or 0, item.id or 0, Side.EMPLOYER))
            gap = (
                rules.offer_gap(union, employer)
                if union is not None and employer is not None
                else None
            )
            cells.append(OfferCell(record, union, employer, gap))
        rows.append(OfferRow(item, item_label(item), cells))
    return rows


def settlement_of(session: Session, negotiation: Negotiation) -> Settlement | None:
    """The latest proposal (or the accepted one)."""
    stmt = select(Settlement).where(
        Settlement.negotiation_id == negotiation.id,
        Settlement.status != SettlementStatus.REPLACED,
    )
    return session.exec(stmt.order_by(col(Settlement.id).desc())).first()


def load_settlement(session: Session, negotiation: Negotiation, settlement_id: int) -> Settlement:
    """One of the negotiation's proposals, whatever became of it."""
    settlement = session.get(Settlement, settlement_id)
    if settlement is None or settlement.negotiation_id != negotiation.id:
        raise NotFound()
    return settlement


def settlement_values(session: Session, settlement: Settlement) -> dict[int, Decimal]:
    stmt = select(col(SettlementValue.item_id), col(SettlementValue.value)).where(
        SettlementValue.settlement_id == settlement.id
    )
    return dict(session.exec(stmt).all())


def answer_deadline(clock: Clock, negotiation: Negotiation) -> Computed:
    """R4: the last day for the written answer, by the area's profile and the calendar."""
    return clock.due(negotiation.region_code, PeriodKind.ANSWER, negotiation.request_received_on)


def answer_overdue(negotiation: Negotiation, deadline: Computed, today: date) -> bool:
    return negotiation.status is Status.REQUESTED and today > deadline.due_on


def refill_deadline(clock: Clock, negotiation: Negotiation, vacated_on: date) -> Computed:
    """R1 (集体合同规定 第31条): the last day to fill a representative's vacancy."""
    return clock.due(negotiation.region_code, PeriodKind.VACANCY_REFILL, vacated_on)
