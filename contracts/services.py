"""Agreement use cases: make a sector agreement from an agreed negotiation, save versions (merging
with what was saved meanwhile, never losing an edit), verify the hash chain, and comment on
articles. Each takes the acting viewer; the request commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from accounts.models import Role, User
from bargaining import services as bargaining
from bargaining.models import Negotiation, NegotiationStatus, Side, Topic
from contracts import rules
from contracts.diff import WageRow, match_articles
from contracts.merge import Merged, WageConflict, merge, merge_wages
from contracts.models import (
    Agreement,
    AgreementKind,
    AgreementLevel,
    AgreementVersion,
    Comment,
)
from contracts.structure import MAX_TEXT_CHARS, normalise, parse
from contracts.template import starting_text
from db import utcnow
from errors import DomainError, NotFound
from organizations.models import Organization
from organizations.permissions import FEDERATION_ROLES, Viewer
from standards.validation import item_problems
from standards.vocabulary import KIND_RULES, ItemKind

SIDE_ROLES: dict[Side, frozenset[Role]] = {
    Side.UNION: FEDERATION_ROLES | {Role.UNION_CHAIR},
    Side.EMPLOYER: frozenset({Role.ASSOCIATION_REP, Role.ENTERPRISE_MANAGER}),
}


# --- who -----------------------------------------------------------------------------------------


def can_view(viewer: Viewer, agreement: Agreement) -> bool:
    return viewer.is_admin or agreement.side_of(viewer.org_id) is not None


def side_of_viewer(viewer: Viewer, agreement: Agreement) -> Side | None:
    side = agreement.side_of(viewer.org_id)
    return side if side is not None and viewer.role in SIDE_ROLES[side] else None


def load(session: Session, viewer: Viewer, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or not can_view(viewer, agreement):
        raise NotFound()
    return agreement


def visible_agreements(session: Session, viewer: Viewer) -> list[Agreement]:
    stmt = select(Agreement)
    if not viewer.is_admin:
        stmt = stmt.where(
            (Agreement.union_org_id == viewer.org_id) | (Agreement.employer_org_id == viewer.org_id)
        )
    return list(session.exec(stmt.order_by(Agreement.created_at.desc(), Agreement.id.desc())))


def _author(session: Session, viewer: Viewer) -> str:
    user = session.get(User, viewer.user_id)
    return user.display_name if user is not None else ""


# --- a sector agreement from an agreed negotiation ------------------------------------------------


def agreed_without_agreement(session: Session, viewer: Viewer) -> list[Negotiation]:
    """The agreed negotiations of the viewer's organisation that have no agreement yet."""
    made = select(Agreement.negotiation_id).where(Agreement.negotiation_id.is_not(None))  # type: ignore[union-attr]
    stmt = select(Negotiation).where(
        Negotiation.status == NegotiationStatus.AGREED,
        Negotiation.id.not_in(made),  # type: ignore[union-attr]
    )
    if not viewer.is_admin:
        stmt = stmt.where(
            (Negotiation.union_org_id == viewer.org_id)
            | (Negotiation.employer_org_id == viewer.org_id)
        )
    return list(session.exec(stmt.order_by(Negotiation.ended_on.desc())))


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
    side = negotiation.side_of(viewer.org_id)
    if side is None or viewer.role not in SIDE_ROLES[side]:
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
    rows = agreed_values(session, negotiation)
    text = starting_text(
        kind=kind,
        union=union.name,
        employer=employer.name,
        term_start=term_start,
        term_end=term_end,
        rows=rows,
    )
    _append(
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
    stmt = select(AgreementVersion).where(AgreementVersion.agreement_id == agreement.id)
    return list(session.exec(stmt.order_by(AgreementVersion.number)))


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
    return session.exec(stmt.order_by(AgreementVersion.number.desc())).first()  # type: ignore[attr-defined]


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


def _append(
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
        author_name=_author(session, viewer),
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


def _lock(session: Session, agreement: Agreement) -> None:
    """Hold the agreement's row until the request commits, so that two saves at one time take
    turns (PostgreSQL: FOR UPDATE; SQLite writes are serialised by BEGIN IMMEDIATE already), and
    read what was saved before the lock."""
    session.execute(select(Agreement.id).where(Agreement.id == agreement.id).with_for_update())
    session.refresh(agreement)


@dataclass(frozen=True)
class SaveOutcome:
    """What saving an edit did: saved (perhaps merged with versions saved meanwhile), or found
    conflicts for the user to resolve (nothing saved)."""

    version: AgreementVersion | None
    merged_with: list[AgreementVersion]
    merge: Merged | None
    latest_number: int
    wage_conflicts: list[WageConflict] = field(default_factory=list)

    @property
    def conflicts(self) -> bool:
        return self.version is None


def signed_number(session: Session, agreement: Agreement) -> int | None:
    """The number of a signed version, if any: after signature (R8) the text is closed."""
    return session.exec(
        select(AgreementVersion.number).where(
            AgreementVersion.agreement_id == agreement.id,
            AgreementVersion.signed_at.is_not(None),  # type: ignore[union-attr]
        )
    ).first()


def check_editable(session: Session, viewer: Viewer, agreement: Agreement) -> Side:
    side = side_of_viewer(viewer, agreement)
    if side is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    _lock(session, agreement)
    signed = signed_number(session, agreement)
    if signed is not None:
        raise DomainError(
            _l("R8: version %(n)s is signed; the text can no longer be changed.", n=signed),
            rule="R8",
            status=409,
        )
    return side


def save_edit(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    *,
    base_number: int,
    text: str,
    note: str,
    rows: Sequence[WageRow] | None = None,
    source: str = "edit",
) -> SaveOutcome:
    """Save the text (and wage table) edited from version `base_number`. When others saved since,
    their changes and this edit are merged; changes that overlap come back as conflicts, and
    nothing is saved. `rows` None keeps the base version's wage table."""
    side = check_editable(session, viewer, agreement)
    text = checked_text(text)
    base = version(session, agreement, base_number)
    newest = latest(session, agreement)
    assert newest is not None
    base_rows = rules.wage_rows(base.wage_table)
    mine_rows = base_rows if rows is None else list(rows)
    if newest.number == base.number:
        if text == base.text and mine_rows == base_rows:
            raise DomainError(
                _l("Nothing changed since version %(n)s.", n=base.number), field="text"
            )
        saved = _append(
            session, viewer, agreement, text, mine_rows,
            note=note, source=source, side=side, base_number=base.number,
        )  # fmt: skip
        return SaveOutcome(saved, [], None, saved.number)
    meanwhile = [v for v in versions_of(session, agreement) if v.number > base.number]
    result = merge(base.text, newest.text, text)
    rows_merged, wage_conflicts = merge_wages(
        base_rows, rules.wage_rows(newest.wage_table), mine_rows
    )
    if not result.clean or wage_conflicts:
        return SaveOutcome(None, meanwhile, result, newest.number, wage_conflicts)
    if result.text() == newest.text and rows_merged == rules.wage_rows(newest.wage_table):
        raise DomainError(
            _l("Version %(n)s already holds these changes.", n=newest.number),
            field="text",
            status=409,
        )
    merged_note = note.strip() or str(_l("Merged with version %(n)s", n=newest.number))
    saved = _append(
        session, viewer, agreement, result.text(), rows_merged,
        note=merged_note, source=source, side=side, base_number=base.number,
    )  # fmt: skip
    return SaveOutcome(saved, meanwhile, result, saved.number)


def save_resolution(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    *,
    base_number: int,
    theirs_number: int,
    mine: str,
    mine_rows: Sequence[WageRow],
    choices: dict[int, str],
    wage_choices: dict[tuple[str, str], str],
    note: str,
) -> tuple[SaveOutcome, str, list[WageRow]]:
    """The user's choice for each conflict between their edit (from `base_number`) and version
    `theirs_number` — a text for each text conflict, "theirs" or "mine" for each wage-table row —
    saved as an edit of `theirs_number` (merged again if more came since). Returns the outcome
    with the resolved text and wage table."""
    check_editable(session, viewer, agreement)
    mine = checked_text(mine)
    base = version(session, agreement, base_number)
    theirs = version(session, agreement, theirs_number)
    try:
        resolved = merge(base.text, theirs.text, mine).text(choices)
    except KeyError as exc:
        raise DomainError(_l("Choose a text for every conflict."), field="choices") from exc
    theirs_rows = rules.wage_rows(theirs.wage_table)
    rows, conflicts = merge_wages(rules.wage_rows(base.wage_table), theirs_rows, mine_rows)
    take_theirs = {
        (c.kind, c.job_category)
        for c in conflicts
        if wage_choices.get((c.kind, c.job_category)) == "theirs"
    }
    if any((c.kind, c.job_category) not in wage_choices for c in conflicts):
        raise DomainError(_l("Choose a value for every conflict."), field="choices")
    by_key = {(r.kind, r.job_category): r for r in theirs_rows}
    resolved_rows: list[WageRow] = []
    for row in rows:
        key = (row.kind, row.job_category)
        if key not in take_theirs:
            resolved_rows.append(row)
        elif key in by_key:  # their value (a row they removed stays removed)
            resolved_rows.append(by_key[key])
    kept = {(r.kind, r.job_category) for r in resolved_rows}
    resolved_rows += [by_key[key] for key in take_theirs if key in by_key and key not in kept]
    outcome = save_edit(
        session, viewer, agreement,
        base_number=theirs.number, text=resolved, note=note, rows=resolved_rows,
    )  # fmt: skip
    return outcome, resolved, resolved_rows


def returned_wage_rows(raw: str, base: AgreementVersion, theirs: AgreementVersion) -> list[WageRow]:
    """The user's wage table as the resolve form sends it back: rows of the base or the other
    version only, in their units, each figure checked as on the edit form. Anything else is a
    tampered form (400)."""
    known = {
        (r.kind, r.job_category): r.unit
        for r in (*rules.wage_rows(base.wage_table), *rules.wage_rows(theirs.wage_table))
    }
    refused = DomainError(_l("The form was altered; open the page again."), status=400)
    try:
        rows = rules.wage_rows(raw)
    except (ValueError, KeyError, TypeError, ArithmeticError, AttributeError) as exc:
        raise refused from exc
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.kind, row.job_category)
        if known.get(key) != row.unit or key in seen or not row.value.is_finite():
            raise refused
        kind = ItemKind(row.kind)
        if item_problems(kind, row.unit, KIND_RULES[kind].direction, row.value):
            raise refused
        seen.add(key)
    return rows


# --- the chain -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    agreement_id: int
    number: int
    problem: str


def verify_chain(session: Session) -> tuple[int, list[ChainBreak]]:
    """Re-compute every version's hashes in order, and each agreement's head (its newest
    version): (versions checked, the breaks found)."""
    breaks: list[ChainBreak] = []
    checked = 0
    heads = {a.id: a for a in session.exec(select(Agreement))}
    last: dict[int, AgreementVersion] = {}
    stmt = select(AgreementVersion).order_by(AgreementVersion.agreement_id, AgreementVersion.number)
    previous: AgreementVersion | None = None
    for record in session.exec(stmt):
        checked += 1
        if previous is not None and previous.agreement_id != record.agreement_id:
            previous = None
        breaks += _link_breaks(record, previous)
        last[record.agreement_id] = previous = record
    for agreement_id, agreement in heads.items():
        newest = last.get(agreement_id or 0)
        if newest is None and agreement.head_number == 0:
            continue
        if (
            newest is None
            or newest.number != agreement.head_number
            or newest.chain_sha256 != agreement.head_sha256
        ):
            breaks.append(
                ChainBreak(
                    agreement_id or 0,
                    agreement.head_number,
                    f"the newest version is missing (found {newest.number if newest else 0})",
                )
            )
    return checked, breaks


def _link_breaks(record: AgreementVersion, previous: AgreementVersion | None) -> list[ChainBreak]:
    def broken(problem: str) -> ChainBreak:
        return ChainBreak(record.agreement_id, record.number, problem)

    found: list[ChainBreak] = []
    expected_number = previous.number + 1 if previous else 1
    if record.number != expected_number:
        found.append(broken(f"expected version {expected_number}"))
    if rules.sha256(record.text) != record.text_sha256:
        found.append(broken("text altered"))
    if rules.sha256(record.wage_table) != record.wage_sha256:
        found.append(broken("wage table altered"))
    previous_sha = previous.chain_sha256 if previous else None
    if record.previous_sha256 != previous_sha:
        found.append(broken("link to the previous version broken"))
    expected = rules.chain_hash(
        record.agreement_id,
        previous_sha,
        record.number,
        record.text_sha256,
        record.wage_sha256,
        record_meta(record),
    )
    if record.chain_sha256 != expected:
        found.append(broken("chain hash does not match"))
    return found


# --- comments ------------------------------------------------------------------------------------


def add_comment(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    record: AgreementVersion,
    *,
    article_label: str,
    body: str,
) -> Comment:
    side = side_of_viewer(viewer, agreement)
    if side is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    if record.agreement_id != agreement.id:
        raise NotFound()
    if parse(record.text).by_label(article_label) is None:
        raise DomainError(_l("Choose an article of this version."), field="article_label")
    if not body.strip():
        raise DomainError(_l("Write the comment."), field="body")
    if len(body) > 5000:
        raise DomainError(_l("A comment has at most 5,000 characters."), field="body")
    comment = Comment(
        agreement_id=agreement.id or 0,
        version_id=record.id or 0,
        article_label=article_label,
        author_id=viewer.user_id,
        author_name=_author(session, viewer),
        side=side,
        body=body.strip(),
    )
    session.add(comment)
    session.flush()
    return comment


def resolve_comment(
    session: Session, viewer: Viewer, agreement: Agreement, comment: Comment
) -> None:
    if comment.agreement_id != agreement.id:
        raise NotFound()
    if side_of_viewer(viewer, agreement) is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    if comment.resolved_at is not None:
        raise DomainError(_l("This comment is resolved already."), status=409)
    comment.resolved_at = utcnow()
    comment.resolved_by_name = _author(session, viewer)
    session.flush()


@dataclass(frozen=True)
class PlacedComment:
    comment: Comment
    label: str  # the article's label in the version shown (it may have been renumbered)
    made_on_number: int


def comments_on(
    session: Session, agreement: Agreement, record: AgreementVersion
) -> dict[str, list[PlacedComment]]:
    """The comments made on this version or an earlier one, by the label of the article they
    concern in this version. An article is followed from version to version (renumbered or
    moved, it is still itself); a comment whose article is gone is not shown."""
    comments = list(
        session.exec(
            select(Comment).where(Comment.agreement_id == agreement.id).order_by(Comment.created_at)
        )
    )
    if not comments:
        return {}
    chain = [v for v in versions_of(session, agreement) if v.number <= record.number]
    number_of = {v.id: v.number for v in chain}

    def step(k: int) -> dict[str, str]:
        """Labels in version chain[k] → labels in chain[k + 1], as stored when it was saved."""
        return json.loads(chain[k + 1].label_map or "{}")

    placed: dict[str, list[PlacedComment]] = {}
    for comment in comments:
        origin = number_of.get(comment.version_id)
        if origin is None:
            continue  # made on a later version
        label: str | None = comment.article_label
        for k in range(origin - 1, len(chain) - 1):
            label = step(k).get(label or "")
            if label is None:
                break
        if label is not None:
            placed.setdefault(label, []).append(PlacedComment(comment, label, origin))
    return placed


def article_label_map(old_text: str, new_text: str) -> dict[str, str]:
    """Each article's label in the old text → its label in the new one (when it is still there)."""
    from contracts.diff import diff_texts

    old_structure, new_structure = parse(old_text), parse(new_text)
    if old_text == new_text:
        return {a.label: a.label for a in old_structure.articles}
    pairs = match_articles(old_structure, new_structure, diff_texts(old_text, new_text))
    return {old_structure.articles[i].label: new_structure.articles[j].label for i, j in pairs}
