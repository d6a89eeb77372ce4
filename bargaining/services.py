"""Bargaining use cases: open a negotiation with a written request, answer it, name each side's
representatives and the recorder, record sessions and each side's offers, settle on one set of
values (which makes a draft sector standard), or end it. Each takes the acting viewer, checks the
rules (R1–R6, R14), changes, and flushes; the request commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlmodel import Session, select

from bargaining import rules
from bargaining.labels import problem_message
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
    Topic,
)
from bargaining.permissions import (
    REQUESTING_KINDS,
    SIDE_ROLES,
    can_act_for,
    can_view_negotiation,
    side_of_viewer,
    visible_negotiations_clause,
)
from db import utcnow
from errors import DomainError, NotFound
from organizations.models import Coverage, Organization, OrgKind
from organizations.permissions import Viewer
from pagination import Page, paginate
from reminders.deadlines import Clock, Computed
from reminders.profiles import PeriodKind
from standards.labels import FIELD_LABELS, KIND_LABELS, PROBLEM_MESSAGES
from standards.services import ItemData, StandardData, save_draft_standard
from standards.validation import JOB_CATEGORY_MAX_LENGTH, item_problems, parse_amount
from standards.vocabulary import KIND_RULES, ItemKind, Unit

Status = NegotiationStatus


def _refuse(problems: Sequence[rules.Problem], field: str | None = None) -> None:
    """Raise one DomainError naming every problem (and the first rule) when there are any."""
    if problems:
        raise DomainError(
            "; ".join(problem_message(p) for p in problems),
            field=field,
            rule=next((p.rule for p in problems if p.rule), None),
        )


def _check_open(negotiation: Negotiation) -> None:
    if negotiation.status in rules.FINAL:
        _refuse([rules.Problem("R4", rules.Code.CLOSED, {"status": negotiation.status.value})])


def _move(negotiation: Negotiation, target: NegotiationStatus) -> None:
    """The one place a status changes, along the graph of rules.TRANSITIONS."""
    if not rules.can_move(negotiation.status, target):
        _check_open(negotiation)
        raise DomainError(
            _l(
                "A negotiation cannot go from “%(current)s” to “%(target)s”.",
                current=negotiation.status.value,
                target=target.value,
            ),
            status=409,
        )
    negotiation.status = target
    negotiation.updated_at = utcnow()


def _acting_side(viewer: Viewer, negotiation: Negotiation) -> Side:
    side = side_of_viewer(viewer, negotiation)
    if side is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    return side


# --- reading ---------------------------------------------------------------------------------


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
        .order_by(Negotiation.updated_at.desc(), Negotiation.id.desc())
    )
    return paginate(session, stmt, page=page, per_page=per_page)


def items_of(session: Session, negotiation: Negotiation) -> list[NegotiationItem]:
    stmt = select(NegotiationItem).where(NegotiationItem.negotiation_id == negotiation.id)
    return list(session.exec(stmt.order_by(NegotiationItem.position, NegotiationItem.id)))


def representatives_of(
    session: Session, negotiation: Negotiation, *, current_only: bool = False
) -> list[Representative]:
    stmt = select(Representative).where(Representative.negotiation_id == negotiation.id)
    if current_only:
        stmt = stmt.where(Representative.vacated_on.is_(None))  # type: ignore[union-attr]
    order = (Representative.side, Representative.is_chief.desc(), Representative.id)  # type: ignore[attr-defined]
    return list(session.exec(stmt.order_by(*order)))


def sessions_of(session: Session, negotiation: Negotiation) -> list[BargainingSession]:
    stmt = select(BargainingSession).where(BargainingSession.negotiation_id == negotiation.id)
    return list(session.exec(stmt.order_by(BargainingSession.number)))


def attendees_of(session: Session, bargaining_session: BargainingSession) -> list[Representative]:
    stmt = (
        select(Representative)
        .join(Attendance, Attendance.representative_id == Representative.id)
        .where(Attendance.session_id == bargaining_session.id)
        .order_by(Representative.side, Representative.id)
    )
    return list(session.exec(stmt))


def _members(reps: Sequence[Representative], side: Side) -> list[rules.Member]:
    return [
        rules.Member(r.name, r.phone, r.is_chief, r.is_expert)
        for r in reps
        if r.side is side and r.vacated_on is None
    ]


def readiness_problems(session: Session, negotiation: Negotiation) -> list[rules.Problem]:
    """What keeps the sides from meeting now (R1–R3), from the current lists and recorder."""
    current = representatives_of(session, negotiation, current_only=True)
    return rules.table_problems(
        _members(current, Side.UNION),
        _members(current, Side.EMPLOYER),
        negotiation.recorder_phone,
    )


# --- opening and answering -------------------------------------------------------------------


@dataclass(frozen=True)
class RequestData:
    counterpart_id: int
    topic: Topic
    year: int
    title: str
    request_sent_on: date
    request_received_on: date
    request_text: str


def counterparts(session: Session, viewer: Viewer) -> list[Organization]:
    """Whom the viewer's organisation may ask to bargain: a federation asks its trade association
    or one of the enterprises it covers (the sector's lead enterprises); an association asks the
    federations it is the counterpart of."""
    if viewer.org_kind == OrgKind.FEDERATION:
        own = session.get(Organization, viewer.org_id)
        covered = select(Coverage.enterprise_id).where(Coverage.federation_id == viewer.org_id)
        stmt = select(Organization).where(
            (Organization.id == (own.counterpart_id if own else None))
            | (Organization.id.in_(covered) & (Organization.kind == OrgKind.ENTERPRISE))  # type: ignore[union-attr]
        )
    elif viewer.org_kind == OrgKind.ASSOCIATION:
        stmt = select(Organization).where(
            Organization.kind == OrgKind.FEDERATION,
            Organization.counterpart_id == viewer.org_id,
        )
    else:
        return []
    return list(session.exec(stmt.order_by(Organization.kind, Organization.name)))


def start_negotiation(
    session: Session, viewer: Viewer, data: RequestData, *, today: date
) -> Negotiation:
    """Open a negotiation with the written request (R4) of the viewer's side."""
    side = REQUESTING_KINDS.get(viewer.org_kind)
    if side is None or viewer.role not in SIDE_ROLES[side]:
        raise DomainError(
            _l("Only a federation or a trade association asks to bargain."), status=403
        )
    counterpart = next(
        (o for o in counterparts(session, viewer) if o.id == data.counterpart_id), None
    )
    if counterpart is None:
        raise DomainError(_l("Choose the other party from the list."), field="counterpart_id")
    if not data.title.strip():
        raise DomainError(_l("Enter a title."), field="title")
    if not data.request_text.strip():
        raise DomainError(
            _l("R4: the request is made in writing: enter its text."),
            field="request_text",
            rule="R4",
        )
    if data.request_sent_on > today:
        raise DomainError(_l("The request cannot be sent after today."), field="request_sent_on")
    if data.request_received_on > today:
        raise DomainError(
            _l("The request cannot be received after today."), field="request_received_on"
        )
    if data.request_received_on < data.request_sent_on:
        raise DomainError(
            _l("The request cannot be received before it was sent."), field="request_received_on"
        )
    federation = session.get(Organization, viewer.org_id if side is Side.UNION else counterpart.id)
    assert federation is not None
    if federation.sector_code is None:
        raise DomainError(_l("The federation has no sector: an administrator sets it first."))
    union_id, employer_id = (
        (viewer.org_id, counterpart.id or 0)
        if side is Side.UNION
        else (counterpart.id or 0, viewer.org_id)
    )
    open_already = session.exec(
        select(Negotiation.id).where(
            Negotiation.union_org_id == union_id,
            Negotiation.employer_org_id == employer_id,
            Negotiation.topic == data.topic,
            Negotiation.year == data.year,
            Negotiation.status.not_in(rules.FINAL),  # type: ignore[attr-defined]
        )
    ).first()
    if open_already is not None:
        raise DomainError(
            _l("These parties are already negotiating this topic for this year."),
            field="topic",
            status=409,
        )
    negotiation = Negotiation(
        union_org_id=union_id,
        employer_org_id=employer_id,
        sector_code=federation.sector_code,
        region_code=federation.region_code,
        topic=data.topic,
        year=data.year,
        title=data.title.strip(),
        requested_by=side,
        request_sent_on=data.request_sent_on,
        request_received_on=data.request_received_on,
        request_text=data.request_text.strip(),
        created_by_id=viewer.user_id,
    )
    session.add(negotiation)
    session.flush()
    return negotiation


def answer_request(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    *,
    answered_on: date,
    text: str,
    agrees: bool,
    today: date,
) -> None:
    """The other side's written answer (R4): agreeing opens bargaining; refusing (which needs a
    good reason, given in the text) ends it as failed."""
    side = _acting_side(viewer, negotiation)
    if side is negotiation.requested_by:
        raise DomainError(_l("R4: the other side answers the request."), rule="R4", status=403)
    if not text.strip():
        raise DomainError(
            _l("R4: the answer is made in writing: enter its text."), field="text", rule="R4"
        )
    if answered_on > today:
        raise DomainError(_l("The answer cannot be dated after today."), field="answered_on")
    _refuse(
        rules.answer_problems(negotiation.status, answered_on, negotiation.request_received_on),
        "answered_on",
    )
    negotiation.answered_on = answered_on
    negotiation.answer_text = text.strip()
    negotiation.answer_agrees = agrees
    _move(negotiation, Status.ANSWERED)
    if not agrees:
        _move(negotiation, Status.FAILED)
        negotiation.ended_on = answered_on
        negotiation.end_reason = text.strip()
    session.flush()


# --- items under negotiation -----------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    kind: ItemKind
    job_category: str
    unit: Unit


def save_items(
    session: Session, viewer: Viewer, negotiation: Negotiation, rows: Sequence[ItemRow]
) -> None:
    """The items under negotiation, as one list either side keeps: new ones are added, those
    left out removed, except any that already has an offer."""
    _acting_side(viewer, negotiation)
    _check_open(negotiation)
    problems: list[str] = []
    wanted: dict[tuple[ItemKind, str], ItemRow] = {}
    for number, row in enumerate(rows, start=1):
        category = row.job_category.strip()
        if len(category) > JOB_CATEGORY_MAX_LENGTH:
            problems.append(
                str(
                    _l(
                        "Line %(n)s: a job category has at most %(count)s characters.",
                        n=number,
                        count=JOB_CATEGORY_MAX_LENGTH,
                    )
                )
            )
        if row.unit not in KIND_RULES[row.kind].units:
            problems.append(
                str(
                    _l(
                        "Line %(n)s: %(unit)s is not a unit for %(kind)s.",
                        n=number,
                        unit=row.unit.value,
                        kind=KIND_LABELS[row.kind],
                    )
                )
            )
        key = (row.kind, category)
        if key in wanted:
            problems.append(str(_l("Line %(n)s: this item is listed twice.", n=number)))
        wanted[key] = row
    if not rows:
        problems.append(str(_l("List at least one item to negotiate.")))
    if problems:
        raise DomainError("; ".join(problems), field="items")
    existing = {(i.kind, i.job_category): i for i in items_of(session, negotiation)}
    offered = set(
        session.exec(
            select(Offer.item_id)
            .join(BargainingSession, BargainingSession.id == Offer.session_id)
            .where(BargainingSession.negotiation_id == negotiation.id)
        )
    )
    for key, item in existing.items():
        if key not in wanted:
            if item.id in offered:
                raise DomainError(
                    _l(
                        "%(item)s has offers already and stays under negotiation.",
                        item=item_label(item),
                    ),
                    field="items",
                )
            session.delete(item)
    session.flush()
    for position, (key, row) in enumerate(wanted.items()):
        item = existing.get(key)
        if item is None:
            item = NegotiationItem(
                negotiation_id=negotiation.id or 0,
                kind=row.kind,
                job_category=key[1],
                unit=row.unit,
                direction=KIND_RULES[row.kind].direction,
            )
        elif item.unit != row.unit and item.id in offered:
            raise DomainError(
                _l("%(item)s has offers already: its unit stays.", item=item_label(item)),
                field="items",
            )
        item.unit = row.unit
        item.position = position
        session.add(item)
    negotiation.updated_at = utcnow()
    session.flush()


def item_label(item: NegotiationItem) -> str:
    kind = str(KIND_LABELS[item.kind])
    return f"{kind} · {item.job_category}" if item.job_category else kind


# --- representatives and the recorder --------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """A line of a side's list as entered: an existing representative's id, or None if new."""

    id: int | None
    name: str
    affiliation: str
    phone: str
    is_chief: bool
    is_expert: bool


def save_representatives(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    side: Side,
    rows: Sequence[MemberRow],
    *,
    today: date,
) -> None:
    """A side's current list of representatives, entered by that side's people: R1–R3 on the
    list as it would stand. Someone who leaves is recorded with `vacate`, not dropped."""
    if not can_act_for(viewer, negotiation, side):
        raise DomainError(_l("Only a side's own people name its representatives."), status=403)
    _check_open(negotiation)
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        if not row.name.strip() or not row.affiliation.strip():
            problems.append(str(_l("Line %(n)s: enter the name and the unit and post.", n=number)))
        if not 7 <= len(rules.phone_key(row.phone)) <= 15:
            problems.append(str(_l("Line %(n)s: enter a phone number (7 to 15 digits).", n=number)))
    if problems:
        raise DomainError("; ".join(problems), field="members")
    everyone = representatives_of(session, negotiation, current_only=True)
    current = {r.id: r for r in everyone if r.side is side}
    unknown = [row.id for row in rows if row.id is not None and row.id not in current]
    if unknown:
        raise DomainError(_l("The list changed meanwhile: reload the page."), status=409)
    kept = [r for r in current.values() if r.id not in {row.id for row in rows}]
    members = [rules.Member(r.name, r.phone, r.is_chief, r.is_expert) for r in kept] + [
        rules.Member(row.name.strip(), row.phone.strip(), row.is_chief, row.is_expert)
        for row in rows
    ]
    _refuse(
        rules.side_problems(members, _members(everyone, side.other), negotiation.recorder_phone),
        "members",
    )
    # Chiefs are unique per side in the database: unset before set, then flush in two steps.
    for row in rows:
        if row.id is not None:
            current[row.id].is_chief = False
    session.flush()
    for row in rows:
        rep = (
            current[row.id]
            if row.id is not None
            else Representative(
                negotiation_id=negotiation.id or 0,
                side=side,
                appointed_on=today,
                name="",
                affiliation="",
                phone="",
            )
        )
        rep.name = row.name.strip()
        rep.affiliation = row.affiliation.strip()
        rep.phone = row.phone.strip()
        rep.is_chief = row.is_chief
        rep.is_expert = row.is_expert
        session.add(rep)
    negotiation.updated_at = utcnow()
    session.flush()


def vacate(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    representative: Representative,
    *,
    on: date,
    reason: str,
    today: date,
) -> None:
    """A representative leaves (R1): dated, with the reason; the side refills within the period."""
    if representative.negotiation_id != negotiation.id:
        raise NotFound()
    if not can_act_for(viewer, negotiation, representative.side):
        raise DomainError(_l("Only a side's own people name its representatives."), status=403)
    _check_open(negotiation)
    if representative.vacated_on is not None:
        raise DomainError(_l("This place is vacant already."), status=409)
    if on < representative.appointed_on or on > today:
        raise DomainError(
            _l(
                "The date lies between the appointment (%(start)s) and today.",
                start=representative.appointed_on.isoformat(),
            ),
            field="vacated_on",
        )
    if not reason.strip():
        raise DomainError(_l("Enter the reason."), field="reason")
    representative.vacated_on = on
    representative.vacancy_reason = reason.strip()
    negotiation.updated_at = utcnow()
    session.flush()


def name_recorder(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    *,
    name: str,
    phone: str,
    affiliation: str,
) -> None:
    """R3: the recorder both sides name, who is not a representative."""
    _acting_side(viewer, negotiation)
    _check_open(negotiation)
    if not name.strip():
        raise DomainError(_l("Enter the name."), field="name")
    if not 7 <= len(rules.phone_key(phone)) <= 15:
        raise DomainError(_l("Enter a phone number (7 to 15 digits)."), field="phone")
    current = representatives_of(session, negotiation, current_only=True)
    _refuse(
        rules.recorder_problems(
            phone, _members(current, Side.UNION), _members(current, Side.EMPLOYER)
        ),
        "phone",
    )
    negotiation.recorder_name = name.strip()
    negotiation.recorder_phone = phone.strip()
    negotiation.recorder_affiliation = affiliation.strip() or None
    negotiation.updated_at = utcnow()
    session.flush()


# --- sessions and offers ---------------------------------------------------------------------


def proposed_chair_side(session: Session, negotiation: Negotiation) -> Side:
    """R5: the side whose chief chairs the next session."""
    return rules.next_chair_side(
        [s.chair_side for s in sessions_of(session, negotiation)], negotiation.requested_by
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
    _acting_side(viewer, negotiation)
    _check_open(negotiation)
    if not data.place.strip():
        raise DomainError(_l("Enter the place."), field="place")
    if not data.agenda.strip():
        raise DomainError(_l("Enter the agenda."), field="agenda")
    _refuse(readiness_problems(session, negotiation))
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
    _refuse(problems, "held_on")
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
    session.add(record)
    session.flush()
    session.add_all(
        Attendance(session_id=record.id or 0, representative_id=i) for i in set(data.attendee_ids)
    )
    if negotiation.status is not Status.IN_SESSION:
        _move(negotiation, Status.IN_SESSION)
    if data.suspended:
        _move(negotiation, Status.SUSPENDED)
    session.flush()
    return record


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


def _checked_values(
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


def save_offers(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    record: BargainingSession,
    side: Side,
    entered: dict[int, str],
) -> None:
    """One side's offers at a session, as one table: entered by that side's people only."""
    if record.negotiation_id != negotiation.id:
        raise NotFound()
    if not can_act_for(viewer, negotiation, side):
        raise DomainError(_l("Only a side's own people enter its offers."), status=403)
    _check_open(negotiation)
    values = _checked_values(items_of(session, negotiation), entered, all_required=False)
    existing = {
        o.item_id: o
        for o in session.exec(
            select(Offer).where(Offer.session_id == record.id, Offer.side == side)
        )
    }
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
    negotiation.updated_at = utcnow()
    session.flush()


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

    @property
    def latest_gap(self) -> rules.Gap | None:
        return next((c.gap for c in reversed(self.cells) if c.gap is not None), None)


def offer_table(
    session: Session, negotiation: Negotiation, sessions: Sequence[BargainingSession] | None = None
) -> list[OfferRow]:
    """Per item, every session's union and employer offers and the gap between them."""
    sessions = list(sessions) if sessions is not None else sessions_of(session, negotiation)
    offers: dict[tuple[int, int, Side], Decimal] = {}
    if sessions:
        stmt = select(Offer.session_id, Offer.item_id, Offer.side, Offer.value).where(
            Offer.session_id.in_([s.id for s in sessions])  # type: ignore[union-attr]
        )
        for session_id, item_id, side, value in session.exec(stmt):
            offers[(session_id, item_id, side)] = value
    rows = []
    for item in items_of(session, negotiation):
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


def offers_of(session: Session, record: BargainingSession, side: Side) -> dict[int, Decimal]:
    stmt = select(Offer.item_id, Offer.value).where(
        Offer.session_id == record.id, Offer.side == side
    )
    return dict(session.exec(stmt).all())


# --- settling and ending ---------------------------------------------------------------------


def settlement_of(session: Session, negotiation: Negotiation) -> Settlement | None:
    """The latest proposal (or the accepted one)."""
    stmt = select(Settlement).where(
        Settlement.negotiation_id == negotiation.id,
        Settlement.status != SettlementStatus.REPLACED,
    )
    return session.exec(stmt.order_by(Settlement.id.desc())).first()


def settlement_values(session: Session, settlement: Settlement) -> dict[int, Decimal]:
    stmt = select(SettlementValue.item_id, SettlementValue.value).where(
        SettlementValue.settlement_id == settlement.id
    )
    return dict(session.exec(stmt).all())


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
    side = _acting_side(viewer, negotiation)
    _check_open(negotiation)
    _check_at_the_table(negotiation)
    items = items_of(session, negotiation)
    values = _checked_values(items, entered, all_required=True)
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
    negotiation.updated_at = utcnow()
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
    """R14 on the values as a standard, without keeping it: a savepoint rolled back."""
    nested = session.begin_nested()
    try:
        save_draft_standard(
            session,
            _standard_data(negotiation, effective_from, effective_to),
            _standard_items(items, values),
            federation_id=negotiation.union_org_id,
        )
    except DomainError as error:
        nested.rollback()
        raise DomainError(error.message, field="values", rule="R14") from error
    nested.rollback()


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
    side = _acting_side(viewer, negotiation)
    _check_open(negotiation)
    if (
        settlement.negotiation_id != negotiation.id
        or settlement.status is not SettlementStatus.PROPOSED
    ):
        raise DomainError(_l("This proposal is no longer open."), status=409)
    latest = settlement_of(session, negotiation)
    if latest is None or latest.id != settlement.id:
        raise DomainError(_l("A later proposal replaced this one."), status=409)
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
    _move(negotiation, Status.AGREED)
    negotiation.ended_on = today
    negotiation.standard_id = standard.id
    session.flush()


def end_negotiation(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    outcome: NegotiationStatus,
    *,
    on: date,
    reason: str,
    today: date,
) -> None:
    """The requesting side withdraws its request, or either side records that bargaining failed;
    both are final."""
    side = _acting_side(viewer, negotiation)
    _check_open(negotiation)
    if outcome not in (Status.FAILED, Status.WITHDRAWN):
        raise DomainError(_l("Choose how it ended."), field="outcome")
    if outcome is Status.WITHDRAWN and side is not negotiation.requested_by:
        raise DomainError(
            _l("Only the side that asked to bargain withdraws its request."), field="outcome"
        )
    if not reason.strip():
        raise DomainError(_l("Enter the reason."), field="reason")
    if on < negotiation.request_sent_on or on > today:
        raise DomainError(
            _l(
                "The date lies between the request (%(start)s) and today.",
                start=negotiation.request_sent_on.isoformat(),
            ),
            field="ended_on",
        )
    _move(negotiation, outcome)
    negotiation.ended_on = on
    negotiation.end_reason = reason.strip()
    session.flush()


def answer_deadline(clock: Clock, negotiation: Negotiation) -> Computed:
    """R4: the last day for the written answer, by the area's profile and the calendar."""
    return clock.due(negotiation.region_code, PeriodKind.ANSWER, negotiation.request_received_on)


def answer_overdue(negotiation: Negotiation, deadline: Computed, today: date) -> bool:
    return negotiation.status is Status.REQUESTED and today > deadline.due_on


def refill_deadline(clock: Clock, negotiation: Negotiation, vacated_on: date) -> Computed:
    """R1 (集体合同规定 第31条): the last day to fill a representative's vacancy."""
    return clock.due(negotiation.region_code, PeriodKind.VACANCY_REFILL, vacated_on)


def count_open(session: Session, viewer: Viewer) -> int:
    stmt = (
        select(func.count())
        .select_from(Negotiation)
        .where(
            visible_negotiations_clause(viewer),
            Negotiation.status.not_in(rules.FINAL),  # type: ignore[attr-defined]
        )
    )
    return session.exec(stmt).one()
