"""Opening a negotiation with a written request, answering it (R4), the items under negotiation
(R15), and ending it as failed or withdrawn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from bargaining import rules
from bargaining.models import (
    BargainingSession,
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Offer,
    Side,
    Topic,
)
from bargaining.permissions import REQUESTING_KINDS, can_start_negotiations
from bargaining.services import queries
from bargaining.services.guards import (
    acting_side,
    check_open,
    deadlines_changed,
    move,
    refuse,
    touch,
    written_or_refused,
)
from bargaining.services.queries import item_label, items_of
from concurrency import Record, claim_edit, version_of
from errors import DomainError
from organizations.models import Coverage, CoverageStatus, Organization, OrgKind
from organizations.permissions import Viewer
from standards.labels import KIND_LABELS
from standards.validation import JOB_CATEGORY_MAX_LENGTH
from standards.vocabulary import KIND_RULES, ItemKind, Unit

Status = NegotiationStatus
ITEMS_CHANGED = _l(
    "Someone else changed the items meanwhile: reload the page to see the list as it stands "
    "now, then save yours again."
)


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
        covered = select(Coverage.enterprise_id).where(
            Coverage.federation_id == viewer.org_id, Coverage.status == CoverageStatus.ACCEPTED
        )
        stmt = select(Organization).where(
            (col(Organization.id) == (own.counterpart_id if own else None))
            | (col(Organization.id).in_(covered) & (col(Organization.kind) == OrgKind.ENTERPRISE))
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
    if side is None or not can_start_negotiations(viewer):
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
            col(Negotiation.status).not_in(rules.FINAL),
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
    deadlines_changed(session, negotiation)
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
    side = acting_side(viewer, negotiation)
    if side is negotiation.requested_by:
        raise DomainError(_l("R4: the other side answers the request."), rule="R4", status=403)
    if not text.strip():
        raise DomainError(
            _l("R4: the answer is made in writing: enter its text."), field="text", rule="R4"
        )
    if answered_on > today:
        raise DomainError(_l("The answer cannot be dated after today."), field="answered_on")
    refuse(
        rules.answer_problems(negotiation.status, answered_on, negotiation.request_received_on),
        "answered_on",
    )
    negotiation.answered_on = answered_on
    negotiation.answer_text = text.strip()
    negotiation.answer_agrees = agrees
    move(negotiation, Status.ANSWERED, actor=viewer)
    if not agrees:
        move(negotiation, Status.FAILED, actor=viewer, reason=text.strip())
        negotiation.ended_on = answered_on
        negotiation.end_reason = text.strip()
    deadlines_changed(session, negotiation)


@dataclass(frozen=True)
class ItemRow:
    kind: ItemKind
    job_category: str
    unit: Unit


def _item_key(kind: ItemKind, category: str) -> str:
    return f"{kind.value}|{category}"


def _item_words(kind: ItemKind, category: str) -> str:
    return f"{KIND_LABELS[kind]} · {category}" if category else str(KIND_LABELS[kind])


def _stored_items(session: Session, negotiation: Negotiation) -> dict[str, str]:
    return {
        _item_key(i.kind, i.job_category): i.unit.value
        for i in queries.items_of(session, negotiation)
    }


def items_version(session: Session, negotiation: Negotiation) -> str:
    """The version of the list of items that the items form is based on."""
    record = Record("items", str(negotiation.id))
    return version_of(session, record, _stored_items(session, negotiation))


def _claim_items(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    rows: Sequence[ItemRow],
    based_on: str | None,
) -> None:
    """A list based on one someone else has saved since is refused with both (StaleEdit)."""
    listed = {(row.kind, row.job_category.strip()): row.unit.value for row in rows}
    shown = {(i.kind, i.job_category) for i in queries.items_of(session, negotiation)}
    claim_edit(
        session,
        Record("items", str(negotiation.id)),
        based_on,
        stored=lambda: _stored_items(session, negotiation),
        theirs={_item_key(*key): unit for key, unit in listed.items()},
        labels={_item_key(*key): _item_words(*key) for key in [*shown, *listed]},
        actor_id=viewer.user_id,
    )


def save_items(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    rows: Sequence[ItemRow],
    *,
    based_on: str | None = None,
) -> None:
    """The items under negotiation, as one list either side keeps: new ones are added, those
    left out removed, except any that already has an offer. A form based on a list someone
    else has saved since is refused with both (StaleEdit)."""
    acting_side(viewer, negotiation)
    check_open(negotiation)
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
    _claim_items(session, viewer, negotiation, rows, based_on)
    existing = {(i.kind, i.job_category): i for i in items_of(session, negotiation)}
    offered = set(
        session.exec(
            select(Offer.item_id)
            .join(BargainingSession, col(BargainingSession.id) == Offer.session_id)
            .where(BargainingSession.negotiation_id == negotiation.id)
        )
    )
    # Every refusal before the first write.
    for key, item in existing.items():
        if item.id not in offered:
            continue
        if key not in wanted:
            raise DomainError(
                _l(
                    "%(item)s has offers already and stays under negotiation.",
                    item=item_label(item),
                ),
                field="items",
            )
        if wanted[key].unit != item.unit:
            raise DomainError(
                _l("%(item)s has offers already: its unit stays.", item=item_label(item)),
                field="items",
            )
    with written_or_refused(session, DomainError(ITEMS_CHANGED, field="items", status=409)):
        for key, item in existing.items():
            if key not in wanted:
                session.delete(item)
        session.flush()
        for position, (key, row) in enumerate(wanted.items()):
            item = existing.get(key) or NegotiationItem(
                negotiation_id=negotiation.id or 0,
                kind=row.kind,
                job_category=key[1],
                unit=row.unit,
                direction=KIND_RULES[row.kind].direction,
            )
            item.unit = row.unit
            item.position = position
            session.add(item)
    touch(negotiation)
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
    side = acting_side(viewer, negotiation)
    check_open(negotiation)
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
    move(negotiation, outcome, actor=viewer, reason=reason.strip())
    negotiation.ended_on = on
    negotiation.end_reason = reason.strip()
    deadlines_changed(session, negotiation)
