"""What the bargaining pages show, worked out for the templates: the negotiation with its sides,
deadlines, sessions and offers; the letters and the convergence chart from the recorded data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlmodel import Session, col, select

from bargaining import rules, services
from bargaining.labels import SIDE_LABELS, STATUS_LABELS, TOPIC_LABELS, problem_message
from bargaining.models import (
    BargainingSession,
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Representative,
    Settlement,
    SettlementStatus,
    Side,
)
from bargaining.permissions import side_of_viewer
from organizations.models import Organization, Region, Sector
from organizations.permissions import Viewer
from reminders.clock import Clock, Computed
from reminders.deadlines import deadlines_of
from reminders.models import Deadline
from reminders.profiles import Period, PeriodKind
from standards.models import SectorStandard
from standards.services import figure
from standards.vocabulary import Unit

# Packages above bargaining add links to a negotiation's page (contracts: the agreement made
# from it), registered by app.py: bargaining never imports them.
OutcomeLink = Callable[[Session, Negotiation], "tuple[str, str] | None"]
outcome_links: list[OutcomeLink] = []
BLANK_ROWS = 3


# --- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    negotiation: Negotiation
    union: str
    employer: str
    deadline: date | None  # the answer's, while it is awaited
    overdue: bool


def list_rows(session: Session, negotiations: Sequence[Negotiation], today: date) -> list[ListRow]:
    ids = {n.union_org_id for n in negotiations} | {n.employer_org_id for n in negotiations}
    names = {o.id: o.name for o in _orgs(session, ids)}
    rows = []
    clock = Clock(session)
    for n in negotiations:
        awaiting = n.answered_on is None and n.status not in rules.FINAL
        deadline = services.answer_deadline(clock, n)
        rows.append(
            ListRow(
                n,
                names.get(n.union_org_id, ""),
                names.get(n.employer_org_id, ""),
                deadline.due_on if awaiting else None,
                services.answer_overdue(n, deadline, today),
            )
        )
    return rows


def _orgs(session: Session, ids: set[int]) -> list[Organization]:
    if not ids:
        return []
    return list(session.exec(select(Organization).where(col(Organization.id).in_(ids))))


# --- the negotiation page --------------------------------------------------------------------


@dataclass(frozen=True)
class RepresentativeLine:
    representative: Representative
    refill_by: date | None = None  # a vacancy's refill deadline
    refilled_on: date | None = None  # when the side appointed someone in the vacant seat
    refill_overdue: bool = False  # still vacant after the deadline

    @property
    def refilled_late(self) -> bool:
        return (
            self.refilled_on is not None
            and self.refill_by is not None
            and (self.refilled_on > self.refill_by)
        )


@dataclass(frozen=True)
class SideView:
    side: Side
    label: str
    organization: Organization
    current: list[RepresentativeLine]
    vacated: list[RepresentativeLine]
    can_edit: bool


@dataclass(frozen=True)
class SettlementView:
    settlement: Settlement
    values: list[tuple[str, Decimal, Unit]]
    can_accept: bool


@dataclass
class NegotiationPage:
    negotiation: Negotiation
    status_label: str
    topic_label: str
    sector: Sector | None
    region: Region | None
    viewer_side: Side | None
    sides: list[SideView]
    answer_deadline: Computed
    answer_overdue: bool
    answer_period: Period
    refill_period: Period
    can_answer: bool
    readiness: list[str]
    sessions: list[BargainingSession]
    items: list[NegotiationItem]
    offer_rows: list[services.OfferRow]
    chart_items: list[NegotiationItem]
    chart_item: NegotiationItem | None
    chart_alt: str
    settlement: SettlementView | None
    standard: SectorStandard | None
    is_open: bool
    proposed_chair: Side | None
    recorder_waiting: list[str] = field(default_factory=list)  # sides yet to agree to the recorder
    can_agree_to_recorder: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)  # every legal clock, as reminded


def negotiation_page(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    *,
    today: date,
    chart_item_id: int | None,
) -> NegotiationPage:
    viewer_side = side_of_viewer(viewer, negotiation)
    clock = Clock(session)
    answer = services.answer_deadline(clock, negotiation)
    reps = services.representatives_of(session, negotiation)
    orgs = {
        o.id: o for o in _orgs(session, {negotiation.union_org_id, negotiation.employer_org_id})
    }
    sides = []
    for side in Side:
        lines = _lines(clock, negotiation, [r for r in reps if r.side is side], today)
        sides.append(
            SideView(
                side,
                str(SIDE_LABELS[side]),
                orgs[negotiation.org_of(side)],
                [line for line in lines if line.representative.vacated_on is None],
                [line for line in lines if line.representative.vacated_on is not None],
                viewer_side is side and negotiation.status not in rules.FINAL,
            )
        )
    sessions = services.sessions_of(session, negotiation)
    items = services.items_of(session, negotiation)
    rows = services.offer_table(session, negotiation, sessions, items)
    chart_items = [
        r.item for r in rows if any(c.union is not None or c.employer is not None for c in r.cells)
    ]
    chart_item = next(
        (i for i in chart_items if i.id == chart_item_id), chart_items[0] if chart_items else None
    )
    is_open = negotiation.status not in rules.FINAL
    return NegotiationPage(
        negotiation=negotiation,
        status_label=str(STATUS_LABELS[negotiation.status]),
        topic_label=str(TOPIC_LABELS[negotiation.topic]),
        sector=session.get(Sector, negotiation.sector_code),
        region=session.get(Region, negotiation.region_code),
        viewer_side=viewer_side,
        sides=sides,
        answer_deadline=answer,
        answer_overdue=services.answer_overdue(negotiation, answer, today),
        answer_period=clock.period(negotiation.region_code, PeriodKind.ANSWER),
        refill_period=clock.period(negotiation.region_code, PeriodKind.VACANCY_REFILL),
        can_answer=viewer_side is not None
        and viewer_side is not negotiation.requested_by
        and negotiation.answered_on is None
        and is_open,
        readiness=readiness(session, negotiation, reps) if is_open else [],
        sessions=sessions,
        items=items,
        offer_rows=rows,
        chart_items=chart_items,
        chart_item=chart_item,
        chart_alt=_chart_alt(rows, chart_item),
        settlement=_settlement_view(session, negotiation, items, viewer_side),
        standard=session.get(SectorStandard, negotiation.standard_id)
        if negotiation.standard_id
        else None,
        is_open=is_open,
        deadlines=deadlines_of(session, f"negotiation:{negotiation.id}"),
        proposed_chair=services.proposed_chair_side(session, negotiation, sessions)
        if is_open
        else None,
        recorder_waiting=[
            str(SIDE_LABELS[side])
            for side in Side
            if negotiation.recorder_phone and side not in negotiation.recorder_agreed_by
        ],
        can_agree_to_recorder=is_open
        and viewer_side is not None
        and bool(negotiation.recorder_phone)
        and viewer_side not in negotiation.recorder_agreed_by,
        links=[link for make in outcome_links if (link := make(session, negotiation))],
    )


def _lines(
    clock: Clock, negotiation: Negotiation, reps: Sequence[Representative], today: date
) -> list[RepresentativeLine]:
    """One side's representatives; a vacancy with its refill deadline and whether, and when, the
    side filled it (R1, 第31条)."""
    appointed_on = {r.id: r.appointed_on for r in reps}
    lines = []
    for rep in reps:
        if rep.vacated_on is None:
            lines.append(RepresentativeLine(rep))
            continue
        refill_by = services.refill_deadline(clock, negotiation, rep.vacated_on).due_on
        refilled_on = appointed_on.get(rep.filled_by_id) if rep.filled_by_id else None
        overdue = refilled_on is None and today > refill_by
        lines.append(RepresentativeLine(rep, refill_by, refilled_on, overdue))
    return lines


def readiness(
    session: Session, negotiation: Negotiation, reps: Sequence[Representative] | None = None
) -> list[str]:
    problems = services.readiness_problems(session, negotiation, reps)
    return [problem_message(p) for p in problems]


def _settlement_view(
    session: Session,
    negotiation: Negotiation,
    items: list[NegotiationItem],
    viewer_side: Side | None,
) -> SettlementView | None:
    proposal = services.settlement_of(session, negotiation)
    if proposal is None:
        return None
    values = services.settlement_values(session, proposal)
    return SettlementView(
        proposal,
        [
            (services.item_label(i), values[i.id or 0], i.unit)
            for i in items
            if (i.id or 0) in values
        ],
        can_accept=proposal.status is SettlementStatus.PROPOSED
        and viewer_side is not None
        and viewer_side is not proposal.proposed_by
        and negotiation.status is NegotiationStatus.IN_SESSION,
    )


def _chart_alt(rows: list[services.OfferRow], item: NegotiationItem | None) -> str:
    row = next((r for r in rows if item is not None and r.item.id == item.id), None)
    if row is None:
        return ""
    offered = [c for c in row.cells if c.union is not None or c.employer is not None]
    first, last = offered[0], offered[-1]
    # As the chart draws it: an offer stands until its side replaces it.
    union = next((c.union for c in reversed(offered) if c.union is not None), None)
    employer = next((c.employer for c in reversed(offered) if c.employer is not None), None)
    return _(
        "%(item)s (%(unit)s): from %(union0)s (union) and %(employer0)s (employer) at session "
        "%(first)s to %(union1)s and %(employer1)s at session %(last)s; the gap is now %(gap)s.",
        item=row.label,
        unit=row.item.unit.value,
        union0=_shown(first.union),
        employer0=_shown(first.employer),
        first=first.session.number,
        union1=_shown(last.union),
        employer1=_shown(last.employer),
        last=last.session.number,
        gap=_shown(employer - union) if union is not None and employer is not None else "—",
    )


def _shown(value: Decimal | None) -> str:
    return figure(value) if value is not None else "—"


# --- a session -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionPage:
    negotiation: Negotiation
    record: BargainingSession
    chair: Representative | None
    attendees: list[Representative]
    offers: list[tuple[NegotiationItem, str, Decimal | None, Decimal | None, rules.Gap | None]]
    viewer_side: Side | None
    is_open: bool


def session_page(
    session: Session, viewer: Viewer, negotiation: Negotiation, record: BargainingSession
) -> SessionPage:
    union = services.offers_of(session, record, Side.UNION)
    employer = services.offers_of(session, record, Side.EMPLOYER)
    offers = []
    for item in services.items_of(session, negotiation):
        u, e = union.get(item.id or 0), employer.get(item.id or 0)
        gap = rules.offer_gap(u, e) if u is not None and e is not None else None
        offers.append((item, services.item_label(item), u, e, gap))
    return SessionPage(
        negotiation,
        record,
        session.get(Representative, record.chair_id),
        services.attendees_of(session, record),
        offers,
        side_of_viewer(viewer, negotiation),
        negotiation.status not in rules.FINAL,
    )


# --- forms -----------------------------------------------------------------------------------


def fill_item_rows(form: FlaskForm, items: Sequence[NegotiationItem]) -> None:
    rows: Any = form.rows
    while len(rows):
        rows.pop_entry()
    for item in items:
        rows.append_entry(
            {"kind": item.kind.value, "job_category": item.job_category, "unit": item.unit.value}
        )
    for _blank in range(BLANK_ROWS + (5 if not items else 0)):
        rows.append_entry()


def fill_member_rows(form: FlaskForm, reps: Sequence[Representative]) -> None:
    rows: Any = form.rows
    while len(rows):
        rows.pop_entry()
    for rep in reps:
        rows.append_entry(
            {
                "member_id": rep.id,
                "name": rep.name,
                "affiliation": rep.affiliation,
                "phone": rep.phone,
                "is_chief": rep.is_chief,
                "is_expert": rep.is_expert,
            }
        )
    for _blank in range(max(BLANK_ROWS, 3 - len(reps))):
        rows.append_entry()


def figure_defaults(values: dict[int, Decimal]) -> dict[str, Any]:
    return {f"item_{item_id}": _plain(value) for item_id, value in values.items()}


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def entered_figures(form: FlaskForm, items: Sequence[NegotiationItem]) -> dict[int, str]:
    """The figures as typed, by item id, with any sent for an item not under negotiation (the
    service refuses those, R15)."""
    entered = {item.id or 0: (form[f"item_{item.id}"].data or "") for item in items}
    return {**getattr(form, "unknown_items", {}), **entered}


def next_session_defaults(
    session: Session, negotiation: Negotiation, today: date
) -> dict[str, Any]:
    """What the session form starts with: today at the last session's place, or, after a
    suspension, the resumption the sides agreed (R6): its date (once it has come), place and
    topics as the agenda."""
    sessions = services.sessions_of(session, negotiation)
    last = sessions[-1] if sessions else None
    if last is not None and last.suspended:
        resume_on = last.resume_on if last.resume_on and last.resume_on <= today else today
        return {
            "held_on": resume_on,
            "place": last.resume_place or last.place,
            "agenda": last.resume_topics or "",
        }
    return {"held_on": today, "place": last.place if last else ""}


def default_start(negotiation: Negotiation) -> date:
    """The standard's start to suggest: 1 January of the negotiation's year."""
    return date(negotiation.year, 1, 1)
