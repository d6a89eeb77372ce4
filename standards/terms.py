"""An enterprise's own terms: kept from a workbook, and set against the sector standard."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from errors import DomainError
from organizations.models import Organization, OrgKind
from organizations.permissions import Viewer, can_edit_org, visible_clause
from organizations.rules import region_prefix
from organizations.services import covering_federation_ids
from standards import rules
from standards.models import SectorStandard, TermItem, TermSet
from standards.services import ItemData, checked_items, items_of, prepared


def can_keep_terms(viewer: Viewer, enterprise: Organization, covering: set[int]) -> bool:
    """An enterprise's terms are kept by its management and its union, the federation that covers
    it, and administrators."""
    if enterprise.kind != OrgKind.ENTERPRISE:
        return False
    if viewer.org_kind == OrgKind.UNION and viewer.enterprise_id == enterprise.id:
        return True
    return can_edit_org(viewer, enterprise, covering)


def save_term_set(
    session: Session,
    viewer: Viewer,
    enterprise: Organization,
    *,
    title: str,
    as_of: date,
    items: list[ItemData],
) -> TermSet:
    """Save an enterprise's terms; every item is checked first, as a standard's are."""
    if not can_keep_terms(viewer, enterprise, covering_federation_ids(session, enterprise)):
        raise DomainError(_l("You may not change this record."), status=403)
    if not title.strip():
        raise DomainError(_l("Enter a title."), field="title")
    terms = checked_items(items)
    term_set = TermSet(enterprise_id=enterprise.id or 0, title=title.strip(), as_of=as_of)
    session.add(term_set)
    session.flush()
    session.add_all(
        TermItem(
            term_set_id=term_set.id or 0,
            position=position,
            kind=term.kind,
            job_category=term.job_category or "",
            value=term.value,
            unit=term.unit,
        )
        for position, term in enumerate(terms)
    )
    session.flush()
    return term_set


def term_items_of(session: Session, term_set: TermSet) -> list[TermItem]:
    stmt = select(TermItem).where(TermItem.term_set_id == term_set.id)
    return list(session.exec(stmt.order_by(TermItem.position, TermItem.id)))


def comparable_term_sets(
    session: Session, viewer: Viewer, standard: SectorStandard
) -> list[tuple[TermSet, Organization]]:
    """The saved terms the viewer may see of enterprises the standard binds (its sector and
    area), newest first."""
    stmt = (
        select(TermSet, Organization)
        .join(Organization, Organization.id == TermSet.enterprise_id)
        .where(
            visible_clause(viewer, OrgKind.ENTERPRISE),
            Organization.kind == OrgKind.ENTERPRISE,
            Organization.sector_code == standard.sector_code,
            Organization.region_code.startswith(region_prefix(standard.region_code)),
        )
        .order_by(TermSet.as_of.desc(), TermSet.id.desc())
        .limit(200)
    )
    return [(term_set, org) for term_set, org in session.exec(stmt)]


def saved_terms(session: Session, term_set: TermSet) -> list[rules.Term]:
    return [
        rules.Term(t.kind, t.job_category or None, t.value, t.unit)
        for t in term_items_of(session, term_set)
    ]


def own_enterprise_id(viewer: Viewer) -> int | None:
    """The enterprise whose terms the viewer keeps as its own (its enterprise, or its union's)."""
    if viewer.org_kind == OrgKind.ENTERPRISE:
        return viewer.org_id
    if viewer.org_kind == OrgKind.UNION:
        return viewer.enterprise_id
    return None


def summarise_term_sets(
    session: Session, standard: SectorStandard
) -> dict[int, tuple[int, int, int, int]]:
    """For every saved term set of the enterprises the standard binds (its sector and area):
    how many of its items fall short, meet, better the standard, and how many it lacks. One
    streamed query, ordered by term set, and no objects beyond what the engine needs."""
    standard_items = prepared(items_of(session, standard))
    stmt = (
        select(
            TermItem.term_set_id,
            TermItem.kind,
            TermItem.job_category,
            TermItem.value,
            TermItem.unit,
        )
        .join(TermSet, TermSet.id == TermItem.term_set_id)
        .join(Organization, Organization.id == TermSet.enterprise_id)
        .where(
            Organization.sector_code == standard.sector_code,
            Organization.region_code.startswith(region_prefix(standard.region_code)),
        )
        .order_by(TermItem.term_set_id)
    )
    summaries: dict[int, tuple[int, int, int, int]] = {}
    current: int | None = None
    terms: list[rules.Term] = []
    for set_id, kind, category, value, unit in session.execute(
        stmt.execution_options(yield_per=20_000)
    ):
        if set_id != current:
            if current is not None:
                summaries[current] = rules.summarise(terms, standard_items)
            current, terms = set_id, []
        terms.append(rules.Term(kind, category or None, value, unit))
    if current is not None:
        summaries[current] = rules.summarise(terms, standard_items)
    return summaries
