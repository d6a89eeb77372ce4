"""Reading organisations: the acting viewer, search, loading what a viewer may see, the parties an
organisation is linked to (union, chair, people, covering federations, filing bureau), reference
data. Changes live in records (records and people), coverage and home (the home page)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from accounts.models import User
from errors import NotFound
from organizations import rules
from organizations.models import (
    Coverage,
    CoverageStatus,
    Organization,
    OrgKind,
    Person,
    Position,
    Region,
    Sector,
)
from organizations.permissions import Viewer, visible_clause
from organizations.search import name_condition
from pagination import Page, paginate


def viewer_for(session: Session, user: User) -> Viewer:
    org = session.get(Organization, user.organization_id)
    assert org is not None, "every account belongs to an organisation"
    jurisdiction = bureau_jurisdiction(session, org) if org.kind == OrgKind.BUREAU else frozenset()
    return Viewer(
        user_id=user.id or 0,
        role=user.role,
        org_id=org.id or 0,
        org_kind=org.kind,
        enterprise_id=org.enterprise_id,
        jurisdiction=jurisdiction,
    )


def search_organizations(
    session: Session, viewer: Viewer, *, kind: OrgKind, query: str, page: int, per_page: int
) -> Page:
    """One page of the organisations of a kind that the viewer may see, by name or credit code.
    Rows carry only the listed columns (id, name, credit_code, headcount, region_name)."""
    org = Organization
    # sqlmodel's select is typed for at most four columns: SQLAlchemy's, the same at run time.
    stmt: sa.Select[*tuple[Any, ...]] = sa.select(
        col(org.id),
        col(org.name),
        col(org.credit_code),
        col(org.headcount),
        col(Region.name).label("region_name"),
    ).join(Region, col(Region.code) == org.region_code)
    stmt = stmt.where(col(Organization.kind) == kind, visible_clause(viewer, kind))
    if query and rules.looks_like_credit_code(query):
        # A range on the unique index; LIKE 'x%' cannot use it under PostgreSQL's collations.
        code = rules.normalise_credit_code(query)
        starts_the_code = and_(
            col(Organization.credit_code) >= code,
            col(Organization.credit_code) < code + "Z",
            col(Organization.credit_code).startswith(code, autoescape=True),
        )
        stmt = stmt.where(or_(starts_the_code, name_condition(session, query)))  # "KFC", "1988"
    elif query:
        stmt = stmt.where(name_condition(session, query))
    stmt = stmt.order_by(col(Organization.name), col(Organization.id))
    return paginate(session, stmt, page=page, per_page=per_page)


def get_visible(session: Session, viewer: Viewer, org_id: int) -> Organization:
    org = session.exec(
        select(Organization).where(Organization.id == org_id, visible_clause(viewer))
    ).first()
    if org is None:
        raise NotFound()
    return org


def covering_federation_ids(session: Session, org: Organization) -> set[int]:
    """The federations whose coverage of the enterprise (or of the union's enterprise) is in
    force: accepted, not merely requested."""
    enterprise_id = org.enterprise_id if org.kind == OrgKind.UNION else org.id
    if org.kind not in (OrgKind.ENTERPRISE, OrgKind.UNION) or enterprise_id is None:
        return set()
    rows = session.exec(
        select(Coverage.federation_id).where(
            Coverage.enterprise_id == enterprise_id, Coverage.status == CoverageStatus.ACCEPTED
        )
    )
    return set(rows)


def covering_federations(session: Session, viewer: Viewer, org: Organization) -> list[Organization]:
    ids = covering_federation_ids(session, org)
    if not ids:
        return []
    stmt = select(Organization).where(col(Organization.id).in_(ids), visible_clause(viewer))
    return list(session.exec(stmt.order_by(Organization.name)))


def union_of(session: Session, enterprise: Organization) -> Organization | None:
    return session.exec(
        select(Organization).where(
            Organization.kind == OrgKind.UNION, Organization.enterprise_id == enterprise.id
        )
    ).first()


def chair_of(session: Session, org: Organization) -> Person | None:
    return session.exec(
        select(Person).where(Person.organization_id == org.id, Person.position == Position.CHAIR)
    ).first()


def people_of(session: Session, org: Organization) -> list[Person]:
    return list(
        session.exec(
            select(Person).where(Person.organization_id == org.id).order_by(col(Person.id))
        )
    )


def filing_bureau(session: Session, org: Organization) -> Organization | None:
    """The labour bureau an organisation files with: its own area's, else the nearest above."""
    chain = rules.region_ancestors(org.region_code)
    bureaus = session.exec(
        select(Organization).where(
            Organization.kind == OrgKind.BUREAU, col(Organization.region_code).in_(chain)
        )
    ).all()
    by_region = {b.region_code: b for b in sorted(bureaus, key=lambda b: b.id or 0, reverse=True)}
    return next((by_region[code] for code in chain if code in by_region), None)


def bureau_jurisdiction(session: Session, bureau: Organization) -> frozenset[str]:
    """The region codes whose organisations file with this bureau (none nearer to them exists)."""
    bureau_regions = set(
        session.exec(select(Organization.region_code).where(Organization.kind == OrgKind.BUREAU))
    )
    province = bureau.region_code[:2]
    candidates = session.exec(select(Region.code).where(Region.code.startswith(province)))
    return frozenset(
        code
        for code in candidates
        if rules.region_contains(bureau.region_code, code)
        and next(c for c in rules.region_ancestors(code) if c in bureau_regions)
        == bureau.region_code
    )


def regions(session: Session) -> list[Region]:
    return list(session.exec(select(Region).order_by(Region.code)))


def sectors(session: Session) -> list[Sector]:
    return list(session.exec(select(Sector).order_by(Sector.code)))


def associations(session: Session) -> list[Organization]:
    stmt = select(Organization).where(Organization.kind == OrgKind.ASSOCIATION)
    return list(session.exec(stmt.order_by(Organization.name)))


def visible_or_none(session: Session, viewer: Viewer, org_id: int | None) -> Organization | None:
    """The record if the viewer may see it; None otherwise (or when there is none)."""
    if org_id is None:
        return None
    try:
        return get_visible(session, viewer, org_id)
    except NotFound:
        return None
