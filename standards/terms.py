"""An enterprise's own terms: kept from a workbook, and set against the sector standard."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, LargeBinary, cast, func, literal_column
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import table_of
from errors import DomainError
from organizations.models import Organization, OrgKind
from organizations.permissions import Viewer, can_edit_org, visible_clause
from organizations.rules import region_prefix
from organizations.services import covering_federation_ids
from standards import bulk, rules
from standards.models import SectorStandard, TermLayout, TermSet
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
    keys_text, amounts = bulk.pack_terms(
        [rules.Term(t.kind, t.job_category, t.value, t.unit) for t in terms]
    )
    term_set = TermSet(
        enterprise_id=enterprise.id or 0,
        title=title.strip(),
        as_of=as_of,
        layout_id=layout_id(session, keys_text),
        amounts=amounts,
    )
    session.add(term_set)
    session.flush()
    return term_set


def layout_id(session: Session, keys_text: str) -> int:
    """The stored layout with these keys, added if it is new. Two requests adding the same new
    layout at once: the second's insert fails on the digest and it reads the first's row."""
    digest = bulk.layout_digest(keys_text)
    stmt = select(TermLayout.id).where(TermLayout.digest == digest)
    found = session.exec(stmt).first()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            layout = TermLayout(digest=digest, item_keys=keys_text)
            session.add(layout)
    except IntegrityError:
        return session.exec(stmt).one() or 0
    return layout.id or 0


def comparable_term_sets(
    session: Session, viewer: Viewer, standard: SectorStandard
) -> list[tuple[TermSet, Organization]]:
    """The saved terms the viewer may see of enterprises the standard binds (its sector and
    area), newest first."""
    stmt = (
        select(TermSet, Organization)
        .join(Organization, col(Organization.id) == TermSet.enterprise_id)
        .where(
            visible_clause(viewer, OrgKind.ENTERPRISE),
            Organization.kind == OrgKind.ENTERPRISE,
            Organization.sector_code == standard.sector_code,
            Organization.region_code.startswith(region_prefix(standard.region_code)),
        )
        .order_by(col(TermSet.as_of).desc(), col(TermSet.id).desc())
        .limit(200)
    )
    return [(term_set, org) for term_set, org in session.exec(stmt)]


def saved_terms(session: Session, term_set: TermSet) -> list[rules.Term]:
    layout = session.get(TermLayout, term_set.layout_id)
    assert layout is not None, "a term set's layout is a foreign key"
    return bulk.unpack_terms(layout.item_keys, term_set.amounts)


def own_enterprise_id(viewer: Viewer) -> int | None:
    """The enterprise whose terms the viewer keeps as its own (its enterprise, or its union's)."""
    if viewer.org_kind == OrgKind.ENTERPRISE:
        return viewer.org_id
    if viewer.org_kind == OrgKind.UNION:
        return viewer.enterprise_id
    return None


def summarise_term_sets(
    session: Session, standard: SectorStandard, only: Collection[int] | None = None
) -> dict[int, tuple[int, int, int, int]]:
    """For every saved term set of the enterprises the standard binds (its sector and area), or
    those of them in *only*: how many of its items fall short, meet, better the standard, and
    how many it lacks. Sets are read packed, a layout at a time, and compared in bulk
    (standards.bulk)."""
    standard_items = prepared(items_of(session, standard))
    thresholds = bulk.scaled_values(standard_items)
    by_layout = _packed_by_layout(session, standard, only)
    layouts = table_of(TermLayout)
    summaries: dict[int, tuple[int, int, int, int]] = {}
    layout_ids = sorted(by_layout)
    for start in range(0, len(layout_ids), 500):
        chunk = layout_ids[start : start + 500]
        for layout, keys in session.connection().execute(
            select(layouts.c.id, layouts.c.item_keys).where(layouts.c.id.in_(chunk))
        ):
            plan = bulk.plan_layout(bulk.parse_layout(keys), standard_items, thresholds)
            set_ids, joined = by_layout[layout]
            counts = bulk.summarise_joined(plan, joined, len(set_ids))
            summaries.update(zip(set_ids, counts, strict=True))
    return summaries


def _packed_by_layout(
    session: Session, standard: SectorStandard, only: Collection[int] | None
) -> dict[int, tuple[list[int], bytes]]:
    """The saved sets of the enterprises the standard binds, by layout: their ids, and their
    packed figures one after another in the same order.

    The database concatenates each layout's figures itself (two aggregates of one group read its
    rows in the same order), so a thousand rows come back instead of 50,000, and Core rows, not
    ORM ones. Nothing is sorted: 50,000 rows of figures overflow PostgreSQL's sort memory and
    spill to disk."""
    sets, organizations = table_of(TermSet), table_of(Organization)
    binds = [
        organizations.c.sector_code == standard.sector_code,
        organizations.c.region_code.startswith(region_prefix(standard.region_code)),
    ]
    if only is not None:
        binds.append(sets.c.id.in_(list(only)))
    joined = sets.join(organizations, organizations.c.id == sets.c.enterprise_id)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        ids: ColumnElement[Any] = func.array_agg(sets.c.id)
        figures: Any = func.string_agg(sets.c.amounts, literal_column("''::bytea"))
    else:  # SQLite, the other database the app runs on
        # group_concat appends a BLOB's bytes as they are (NULs too, in a UTF-8 database, which
        # is what SQLite creates); read back as a BLOB they are the figures, unchanged.
        ids = func.group_concat(sets.c.id)
        figures = cast(func.group_concat(sets.c.amounts, literal_column("''")), LargeBinary)
    grouped = (
        select(sets.c.layout_id, ids, figures)
        .select_from(joined)
        .where(*binds)
        .group_by(sets.c.layout_id)
    )
    return {
        layout: (_ids(set_ids), bytes(packed))
        for layout, set_ids, packed in connection.execute(grouped).all()
    }


def _ids(found: list[int] | str) -> list[int]:
    """array_agg gives a list; group_concat a comma-separated text."""
    return list(map(int, found.split(","))) if isinstance(found, str) else list(found)
