"""Agreement use cases: loading an agreement the viewer may see (contracts.permissions says who),
making a sector agreement from an agreed negotiation, and reading and appending its versions (a
hash chain). Saving an edit is in contracts.editing, verifying the chain in contracts.chain,
comments in contracts.comments. Each takes the acting viewer; the request commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from accounts.models import User
from audit import trail
from bargaining import services as bargaining
from bargaining.models import Negotiation, NegotiationStatus, Side, Topic
from bargaining.permissions import party_clause
from contracts import labels, rules
from contracts.articles import article_label_map
from contracts.diff import WageRow
from contracts.models import (
    Agreement,
    AgreementKind,
    AgreementLevel,
    AgreementVersion,
)
from contracts.permissions import (
    can_view_agreement,
    drafting_side,
    side_of_viewer,
    visible_agreements_clause,
)
from contracts.structure import MAX_TEXT_CHARS, normalise
from contracts.template import starting_text
from db import utcnow
from errors import DomainError, NotFound
from organizations.models import Organization
from organizations.permissions import Viewer

# --- who (contracts.permissions decides) ---------------------------------------------------------


def load(session: Session, viewer: Viewer, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or not can_view_agreement(viewer, agreement):
        raise NotFound()
    return agreement


def visible_agreements(session: Session, viewer: Viewer) -> list[Agreement]:
    stmt = select(Agreement).where(visible_agreements_clause(viewer))
    return list(
        session.exec(stmt.order_by(col(Agreement.created_at).desc(), col(Agreement.id).desc()))
    )


def author_name(session: Session, viewer: Viewer) -> str:
    user = session.get(User, viewer.user_id)
    return user.display_name if user is not None else ""


# --- a sector agreement from an agreed negotiation ------------------------------------------------


def agreed_without_agreement(session: Session, viewer: Viewer) -> list[Negotiation]:
    """The agreed negotiations of the viewer's organisation that have no agreement yet."""
    made = select(col(Agreement.negotiation_id)).where(col(Agreement.negotiation_id).is_not(None))
    stmt = select(Negotiation).where(
        Negotiation.status == NegotiationStatus.AGREED,
        col(Negotiation.id).not_in(made),
    )
    stmt = stmt.where(party_clause(viewer, Negotiation))
    return list(session.exec(stmt.order_by(col(Negotiation.ended_on).desc())))


def agreed_values(session: Session, negotiation: Negotiation) -> list[WageRow]:
    """The values both sides accepted, as the agreement's wage table."""
    settlement = bargaining.settlement_of(session, negotiation)
    if settlement is None:
        return []
    values = bargaining.settlement_values(session, settlement)
    return [
        WageRow(item.kind.value, item.job_category, values[item.id or 0], item.unit.value)
        for item in bargaining.items_of(session, negotiation)
        if (item.id or 0) in values
    ]


KIND_OF_TOPIC = {
    Topic.SPECIAL_WAGE: AgreementKind.SPECIAL_WAGE,
    Topic.LABOUR_STANDARDS: AgreementKind.OTHER_SPECIAL,
    Topic.COMPREHENSIVE: AgreementKind.COLLECTIVE,
}


def create_from_negotiation(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    *,
    term_start: date,
    term_end: date,
) -> Agreement:
    """The sector agreement of an agreed negotiation: its parties, the agreed values as the wage
    table, and a starting text from the template, as version 1."""
    if negotiation.status is not NegotiationStatus.AGREED:
        raise DomainError(_l("Only an agreed negotiation becomes an agreement."), status=409)
    side = drafting_side(viewer, negotiation)
    if side is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    session.execute(
        select(Negotiation.id).where(Negotiation.id == negotiation.id).with_for_update()
    )  # a double click drafts one agreement: the second waits, then finds it
    existing = session.exec(
        select(Agreement.id).where(Agreement.negotiation_id == negotiation.id)
    ).first()
    if existing is not None:
        raise DomainError(_l("This negotiation has its agreement already."), status=409)
    _check_term(term_start, term_end)
    union = session.get(Organization, negotiation.union_org_id)
    employer = session.get(Organization, negotiation.employer_org_id)
    assert union is not None and employer is not None
    kind = KIND_OF_TOPIC[negotiation.topic]
    agreement = Agreement(
        kind=kind,
        level=AgreementLevel.SECTOR,
        title=negotiation.title,
        union_org_id=negotiation.union_org_id,
        employer_org_id=negotiation.employer_org_id,
        negotiation_id=negotiation.id,
        sector_code=negotiation.sector_code,
        region_code=negotiation.region_code,
        term_start=term_start,
        term_end=term_end,
        created_by_id=viewer.user_id,
    )
    session.add(agreement)
    session.flush()
    trail.record(session, actor=viewer, action=labels.AGREEMENT_CREATED, subject=agreement)
    rows = agreed_values(session, negotiation)
    text = starting_text(
        kind=kind,
        union=union.name,
        employer=employer.name,
        term_start=term_start,
        term_end=term_end,
        rows=rows,
    )
    append_version(
        session,
        viewer,
        agreement,
        text,
        rows,
        note=str(_l("From the template")),
        source="template",
        side=side,
    )
    return agreement


def _check_term(start: date, end: date) -> None:
    problem = rules.term_problem(start, end)
    if problem == "too_short":
        raise DomainError(_l("R9: a term is at least one year."), field="term_end", rule="R9")
    if problem == "too_long":
        raise DomainError(_l("R9: a term is at most three years."), field="term_end", rule="R9")


# --- versions ------------------------------------------------------------------------------------


def versions_of(session: Session, agreement: Agreement) -> list[AgreementVersion]:
    """The versions in order, for lists: their texts and wage tables are loaded only when read
    (thirty versions of a long agreement are megabytes that a list of authors never shows)."""
    stmt = (
        select(AgreementVersion)
        .where(AgreementVersion.agreement_id == agreement.id)
        .options(defer(AgreementVersion.text), defer(AgreementVersion.wage_table))  # type: ignore[arg-type]
    )
    return list(session.exec(stmt.order_by(col(AgreementVersion.number))))


def version(session: Session, agreement: Agreement, number: int) -> AgreementVersion:
    found = session.exec(
        select(AgreementVersion).where(
            AgreementVersion.agreement_id == agreement.id, AgreementVersion.number == number
        )
    ).first()
    if found is None:
        raise NotFound()
    return found


def latest(session: Session, agreement: Agreement) -> AgreementVersion | None:
    stmt = select(AgreementVersion).where(AgreementVersion.agreement_id == agreement.id)
    return session.exec(stmt.order_by(col(AgreementVersion.number).desc())).first()


def checked_text(raw: str) -> str:
    """The text as stored, or a DomainError: not empty, within the size limit."""
    if len(raw) > MAX_TEXT_CHARS * 2:  # before normalising a huge paste
        raise _too_long()
    text = normalise(raw)
    if not text.strip():
        raise DomainError(_l("The text is empty."), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise _too_long()
    return text


def _too_long() -> DomainError:
    return DomainError(
        _l("A text may have at most %(limit)s characters.", limit=f"{MAX_TEXT_CHARS:,}"),
        field="text",
        status=413,
    )


def append_version(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    text: str,
    rows: Sequence[WageRow],
    *,
    note: str,
    source: str,
    side: Side | None,
    base_number: int | None = None,
) -> AgreementVersion:
    """The next version, linked into the chain; the agreement's row is locked by the caller."""
    previous = latest(session, agreement)
    number = previous.number + 1 if previous else 1
    wage = rules.wage_json(rows)
    text_sha, wage_sha = rules.sha256(text), rules.sha256(wage)
    previous_sha = previous.chain_sha256 if previous else None
    record = AgreementVersion(
        agreement_id=agreement.id or 0,
        number=number,
        base_number=base_number
        if base_number is not None
        else (previous.number if previous else None),
        author_id=viewer.user_id,
        author_name=author_name(session, viewer),
        side=side,
        note=note.strip()[:500],
        source=source,
        text=text,
        wage_table=wage,
        text_sha256=text_sha,
        wage_sha256=wage_sha,
        previous_sha256=previous_sha,
        label_map=json.dumps(
            article_label_map(previous.text, text) if previous else {}, ensure_ascii=False
        ),
        created_at=utcnow(),
        chain_sha256="",
    )
    record.chain_sha256 = rules.chain_hash(
        agreement.id or 0, previous_sha, number, text_sha, wage_sha, record_meta(record)
    )
    agreement.head_number, agreement.head_sha256 = number, record.chain_sha256
    session.add_all([record, agreement])
    session.flush()
    merged = previous is not None and record.base_number not in (None, previous.number)
    trail.record(
        session,
        actor=viewer,
        action=labels.VERSION_MERGED if merged else labels.VERSION_SAVED,
        subject=agreement,
        part=record,
        number=number,
        source=source,
        merged_with=previous.number if previous is not None else None,
    )
    return record


def record_meta(record: AgreementVersion) -> str:
    """The record of a version as its chain hash covers it (see rules.version_meta)."""
    return rules.version_meta(
        author_name=record.author_name,
        side=record.side.value if record.side else None,
        note=record.note,
        source=record.source,
        base_number=record.base_number,
        created_at=record.created_at,
    )


def lock(session: Session, agreement: Agreement) -> None:
    """Hold the agreement's row until the request commits, so that two saves at one time take
    turns (PostgreSQL: FOR UPDATE; SQLite writes are serialised by BEGIN IMMEDIATE already), and
    read what was saved before the lock."""
    session.execute(select(Agreement.id).where(Agreement.id == agreement.id).with_for_update())
    session.refresh(agreement)


def signed_number(session: Session, agreement: Agreement) -> int | None:
    """The number of a signed version, if any: after signature (R8) the text is closed."""
    return session.exec(
        select(AgreementVersion.number).where(
            AgreementVersion.agreement_id == agreement.id,
            col(AgreementVersion.signed_at).is_not(None),
        )
    ).first()


def editor_side(viewer: Viewer, agreement: Agreement) -> Side:
    """The viewer's side, if they are one of the sides' people who may change the text (else a
    403)."""
    side = side_of_viewer(viewer, agreement)
    if side is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    return side


def check_editable(
    session: Session, viewer: Viewer, agreement: Agreement, *, for_update: bool = True
) -> Side:
    """The viewer's side if they may change the text now: one of the sides' people (403) and no
    version signed (R8, 409). `for_update` holds the agreement's row for the save that follows
    (once per request); a page that only shows the form takes no lock."""
    side = editor_side(viewer, agreement)
    if for_update:
        lock(session, agreement)
    signed = signed_number(session, agreement)
    if signed is not None:
        raise DomainError(
            _l("R8: version %(n)s is signed; the text can no longer be changed.", n=signed),
            rule="R8",
            status=409,
        )
    return side
