"""Organisation use cases: search, create and edit, coverage, people, the filing bureau."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from accounts.models import User
from db import save_or_refuse, utcnow
from errors import DomainError, NotFound
from organizations import rules
from organizations.models import Coverage, Organization, OrgKind, Person, Position, Region, Sector
from organizations.permissions import (
    Viewer,
    can_create_org,
    can_edit_org,
    can_manage_coverage,
    visible_clause,
)
from organizations.search import name_condition
from pagination import Page, paginate

FORBIDDEN = _l("You may not change this record.")
ONE_CHAIR = _l("This organisation has a chair already.")


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


# --- reading -----------------------------------------------------------------------------------


def search_organizations(
    session: Session, viewer: Viewer, *, kind: OrgKind, query: str, page: int, per_page: int
) -> Page:
    """One page of the organisations of a kind that the viewer may see, by name or credit code.
    Rows carry only the listed columns (id, name, credit_code, headcount, region_name)."""
    org = Organization
    stmt = select(
        org.id, org.name, org.credit_code, org.headcount, Region.name.label("region_name")
    ).join(Region, Region.code == org.region_code)
    stmt = stmt.where(Organization.kind == kind, visible_clause(viewer, kind))
    if query and rules.looks_like_credit_code(query):
        # A range on the unique index; LIKE 'x%' cannot use it under PostgreSQL's collations.
        code = rules.normalise_credit_code(query)
        starts_the_code = and_(
            Organization.credit_code >= code,
            Organization.credit_code < code + "Z",
            Organization.credit_code.startswith(code, autoescape=True),
        )
        stmt = stmt.where(or_(starts_the_code, name_condition(session, query)))  # "KFC", "1988"
    elif query:
        stmt = stmt.where(name_condition(session, query))
    stmt = stmt.order_by(Organization.name, Organization.id)
    return paginate(session, stmt, page=page, per_page=per_page)


def get_visible(session: Session, viewer: Viewer, org_id: int) -> Organization:
    org = session.exec(
        select(Organization).where(Organization.id == org_id, visible_clause(viewer))
    ).first()
    if org is None:
        raise NotFound()
    return org


def covering_federation_ids(session: Session, org: Organization) -> set[int]:
    enterprise_id = org.enterprise_id if org.kind == OrgKind.UNION else org.id
    if org.kind not in (OrgKind.ENTERPRISE, OrgKind.UNION) or enterprise_id is None:
        return set()
    rows = session.exec(
        select(Coverage.federation_id).where(Coverage.enterprise_id == enterprise_id)
    )
    return set(rows)


def covering_federations(session: Session, viewer: Viewer, org: Organization) -> list[Organization]:
    ids = covering_federation_ids(session, org)
    if not ids:
        return []
    stmt = select(Organization).where(Organization.id.in_(ids), visible_clause(viewer))
    return list(session.exec(stmt.order_by(Organization.name)))


def covered_enterprises(
    session: Session, viewer: Viewer, federation: Organization, *, page: int, per_page: int
) -> Page:
    """The covered enterprises the viewer may see (an enterprise sees itself among them)."""
    stmt = (
        select(Organization)
        .join(Coverage, Coverage.enterprise_id == Organization.id)
        .where(
            Coverage.federation_id == federation.id,
            visible_clause(viewer, OrgKind.ENTERPRISE),
        )
        .order_by(Organization.name, Organization.id)
    )
    return paginate(session, stmt, page=page, per_page=per_page)


def count_covered(session: Session, federation_id: int) -> int:
    stmt = select(func.count()).select_from(Coverage).where(Coverage.federation_id == federation_id)
    return session.exec(stmt).one()


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
        session.exec(select(Person).where(Person.organization_id == org.id).order_by(Person.id))
    )


def filing_bureau(session: Session, org: Organization) -> Organization | None:
    """The labour bureau an organisation files with: its own area's, else the nearest above."""
    chain = rules.region_ancestors(org.region_code)
    bureaus = session.exec(
        select(Organization).where(
            Organization.kind == OrgKind.BUREAU, Organization.region_code.in_(chain)
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


# --- writing -----------------------------------------------------------------------------------


@dataclass
class OrgData:
    name: str
    region_code: str
    credit_code: str | None = None
    sector_code: str | None = None
    address: str | None = None
    phone: str | None = None
    legal_representative: str | None = None
    headcount: int | None = None
    women_headcount: int | None = None
    counterpart_id: int | None = None


def _check(session: Session, kind: OrgKind, data: OrgData, org_id: int | None) -> None:
    """Every rule a record must meet, whichever page or command it comes from."""
    name = data.name.strip()
    if not name:
        raise DomainError(_l("Enter a name."), field="name")
    region = session.get(Region, data.region_code)
    if region is None:
        raise DomainError(_l("Choose a region from the list."), field="region_code")
    if data.sector_code and session.get(Sector, data.sector_code) is None:
        raise DomainError(_l("Choose a sector from the list."), field="sector_code")
    same_name = select(Organization.id).where(Organization.kind == kind, Organization.name == name)
    if session.exec(same_name.where(Organization.id != (org_id or 0))).first() is not None:
        raise DomainError(_l("An organisation of this kind has this name already."), field="name")
    if kind == OrgKind.FEDERATION:
        divisions = [session.get(Region, code) for code in rules.region_ancestors(region.code)]
        written = rules.area_names([d.name for d in reversed(divisions) if d is not None])
        problem = rules.federation_name_problem(name, [*written, region.full_name])
        if problem is not None:
            raise DomainError(
                _l(
                    "R18: a federation's name is its administrative area, then its region or "
                    "sector, then 工会联合会 — e.g. %(example)s.",
                    example=f"{region.name}餐饮行业工会联合会",
                ),
                field="name",
                rule="R18",
            )
    if kind == OrgKind.ENTERPRISE:
        if not data.credit_code:
            raise DomainError(_l("An enterprise needs its credit code."), field="credit_code")
        if data.headcount is None:
            raise DomainError(_l("Enter the headcount."), field="headcount")
    if data.credit_code:
        problem = rules.credit_code_problem(data.credit_code)
        if problem is not None:
            raise DomainError(CREDIT_CODE_MESSAGES[problem], field="credit_code")
        taken = select(Organization.id).where(Organization.credit_code == data.credit_code)
        if session.exec(taken.where(Organization.id != (org_id or 0))).first() is not None:
            raise DomainError(
                _l("Another organisation is registered with this credit code."),
                field="credit_code",
            )
    if data.headcount is not None and data.headcount < 0:
        raise DomainError(_l("The headcount cannot be negative."), field="headcount")
    if data.women_headcount is not None:
        if data.women_headcount < 0:
            raise DomainError(_l("The number cannot be negative."), field="women_headcount")
        if data.headcount is None or data.women_headcount > data.headcount:
            raise DomainError(
                _l("Women workers cannot outnumber the headcount."), field="women_headcount"
            )
    if data.counterpart_id is not None:
        counterpart = session.get(Organization, data.counterpart_id)
        if counterpart is None or counterpart.kind != OrgKind.ASSOCIATION:
            raise DomainError(_l("Choose a trade association."), field="counterpart_id")


CREDIT_CODE_MESSAGES = {
    "length": _l("A unified social credit code has 18 characters."),
    "characters": _l(
        "A unified social credit code uses digits and capital letters except I, O, S, V and Z, "
        "with the area code in characters 3–8."
    ),
    "check": _l("This credit code's check character is wrong: check it against the licence."),
}


def _clean(data: OrgData) -> OrgData:
    def text(value: str | None) -> str | None:
        value = (value or "").strip()
        return value or None

    return OrgData(
        name=data.name.strip(),
        region_code=data.region_code,
        credit_code=rules.normalise_credit_code(data.credit_code) if data.credit_code else None,
        sector_code=data.sector_code or None,
        address=text(data.address),
        phone=text(data.phone),
        legal_representative=text(data.legal_representative),
        headcount=data.headcount,
        women_headcount=data.women_headcount,
        counterpart_id=data.counterpart_id,
    )


def _save(session: Session, org: Organization) -> Organization:
    """Flush inside a savepoint, so a race on a unique column becomes the user's message."""
    try:
        with session.begin_nested():
            session.add(org)
            session.flush()
    except IntegrityError as error:
        raise DomainError(
            _l("Another organisation is registered with this name or credit code."),
            field="credit_code" if "credit_code" in str(error.orig) else "name",
            status=409,
        ) from error
    return org


def new_record_defaults(
    session: Session, viewer: Viewer, kind: OrgKind, enterprise: Organization | None
) -> dict[str, object]:
    """What a new record's form starts with: a union takes its enterprise's name and place; a
    federation registers enterprises of its own area and sector."""
    if enterprise is not None:
        return {
            "name": f"{enterprise.name}工会委员会",
            "region_code": enterprise.region_code,
            "sector_code": enterprise.sector_code,
            "address": enterprise.address,
        }
    home = session.get(Organization, viewer.org_id)
    if kind == OrgKind.ENTERPRISE and home is not None and home.kind == OrgKind.FEDERATION:
        return {"region_code": home.region_code, "sector_code": home.sector_code}
    return {}


def create_organization(
    session: Session,
    viewer: Viewer | None,
    kind: OrgKind,
    data: OrgData,
    *,
    enterprise: Organization | None = None,
    chair_name: str | None = None,
) -> Organization:
    """Create a record. A federation's staff creating an enterprise also start covering it.
    `viewer` None is the operator at the command line."""
    if viewer is not None and not can_create_org(viewer, kind):
        raise DomainError(FORBIDDEN, status=403)
    data = _clean(data)
    if kind == OrgKind.UNION:
        if enterprise is None or enterprise.kind != OrgKind.ENTERPRISE:
            raise DomainError(_l("A union belongs to an enterprise."))
        if union_of(session, enterprise) is not None:
            raise DomainError(_l("This enterprise has a union already."))
        if viewer is not None and not can_edit_org(
            viewer, enterprise, covering_federation_ids(session, enterprise)
        ):
            raise DomainError(FORBIDDEN, status=403)
    _check(session, kind, data, None)
    home = session.get(Organization, viewer.org_id) if viewer is not None else None
    covers = kind == OrgKind.ENTERPRISE and home is not None and home.kind == OrgKind.FEDERATION
    if covers:
        assert home is not None
        check_coverage(session, home, data.region_code, data.sector_code)
    org = Organization(kind=kind, enterprise_id=enterprise.id if enterprise else None, **vars(data))
    _save(session, org)
    if covers:
        session.add(Coverage(federation_id=viewer.org_id, enterprise_id=org.id))
    if chair_name:
        set_chair(session, org, chair_name)
    session.flush()
    return org


def update_organization(
    session: Session,
    viewer: Viewer,
    org: Organization,
    data: OrgData,
    *,
    chair_name: str | None = None,
) -> Organization:
    covering = covering_federation_ids(session, org)
    if not can_edit_org(viewer, org, covering):
        raise DomainError(FORBIDDEN, status=403)
    data = _clean(data)
    _check(session, org.kind, data, org.id)
    _check_placement_change(session, viewer, org, data, covering)
    for key, value in vars(data).items():
        setattr(org, key, value)
    org.updated_at = utcnow()
    _save(session, org)
    if chair_name is not None:
        set_chair(session, org, chair_name)
    return org


# Where a record sits decides who sees it: a bureau's region is its jurisdiction, a federation's
# counterpart sees its enterprises. Only an administrator moves records, except that a federation
# may correct the area or sector of the enterprises it covers, within its own.
PLACEMENT_FIELDS = ("region_code", "sector_code", "counterpart_id")


def _check_placement_change(
    session: Session, viewer: Viewer, org: Organization, data: OrgData, covering: set[int]
) -> None:
    changed = [f for f in PLACEMENT_FIELDS if getattr(data, f) != getattr(org, f)]
    if not changed or viewer.is_admin:
        return
    keeper = (
        viewer.org_kind == OrgKind.FEDERATION
        and org.kind in (OrgKind.ENTERPRISE, OrgKind.UNION)
        and viewer.org_id in covering
        and "counterpart_id" not in changed
    )
    if keeper:
        federation = session.get(Organization, viewer.org_id)
        assert federation is not None
        check_coverage(session, federation, data.region_code, data.sector_code)
        return
    raise DomainError(
        _l("Only an administrator can change this. Ask yours if it is wrong."), field=changed[0]
    )


def visible_or_none(session: Session, viewer: Viewer, org_id: int | None) -> Organization | None:
    """The record if the viewer may see it; None otherwise (or when there is none)."""
    if org_id is None:
        return None
    try:
        return get_visible(session, viewer, org_id)
    except NotFound:
        return None


def set_chair(session: Session, org: Organization, name: str) -> Person | None:
    """Name the organisation's chair (for a union: the union chair, who leads its bargaining)."""
    name = name.strip()
    chair = chair_of(session, org)
    if not name:
        return chair
    if chair is None:
        chair = Person(organization_id=org.id or 0, name=name, position=Position.CHAIR)
    else:
        chair.name = name
    save_or_refuse(session, DomainError(ONE_CHAIR, field="chair_name", status=409), chair)
    return chair


def check_coverage(
    session: Session, federation: Organization, region_code: str, sector_code: str | None
) -> None:
    """Refuse an enterprise that lies outside the federation's area or sector."""
    problem = rules.coverage_problem(
        federation.region_code, federation.sector_code, region_code, sector_code
    )
    if problem == "area":
        region = session.get(Region, federation.region_code)
        raise DomainError(
            _l(
                "%(federation)s covers enterprises in %(area)s only.",
                federation=federation.name,
                area=region.full_name if region else federation.region_code,
            ),
            field="region_code",
        )
    if problem == "sector":
        sector = session.get(Sector, federation.sector_code) if federation.sector_code else None
        raise DomainError(
            _l(
                "%(federation)s covers the %(sector)s sector only.",
                federation=federation.name,
                sector=sector.name if sector else federation.sector_code,
            ),
            field="sector_code",
        )


def add_coverage(
    session: Session, viewer: Viewer, federation: Organization, credit_code: str
) -> Organization:
    if not can_manage_coverage(viewer, federation):
        raise DomainError(FORBIDDEN, status=403)
    code = rules.normalise_credit_code(credit_code)
    enterprise = session.exec(
        select(Organization).where(
            Organization.credit_code == code, Organization.kind == OrgKind.ENTERPRISE
        )
    ).first()
    if enterprise is None:
        raise DomainError(
            _l("No enterprise is registered with this credit code. Create it first."),
            field="credit_code",
        )
    if session.get(Coverage, (federation.id, enterprise.id)) is not None:
        raise DomainError(
            _l("This federation covers that enterprise already."), field="credit_code"
        )
    try:
        check_coverage(session, federation, enterprise.region_code, enterprise.sector_code)
    except DomainError as error:
        error.field = "credit_code"
        raise
    try:
        with session.begin_nested():
            session.add(
                Coverage(federation_id=federation.id or 0, enterprise_id=enterprise.id or 0)
            )
    except IntegrityError as error:  # the same link, saved meanwhile by someone else
        raise DomainError(
            _l("This federation covers that enterprise already."), field="credit_code", status=409
        ) from error
    return enterprise


def remove_coverage(
    session: Session, viewer: Viewer, federation: Organization, enterprise_id: int
) -> None:
    if not can_manage_coverage(viewer, federation):
        raise DomainError(FORBIDDEN, status=403)
    link = session.get(Coverage, (federation.id, enterprise_id))
    if link is None:
        raise NotFound()
    session.delete(link)
    session.flush()


@dataclass
class PersonData:
    name: str
    position: Position
    title: str | None = None
    phone: str | None = None
    email: str | None = None


def save_person(
    session: Session,
    viewer: Viewer,
    org: Organization,
    data: PersonData,
    person: Person | None = None,
) -> Person:
    if not can_edit_org(viewer, org, covering_federation_ids(session, org)):
        raise DomainError(FORBIDDEN, status=403)
    if not data.name.strip():
        raise DomainError(_l("Enter a name."), field="name")
    if data.position == Position.CHAIR:
        chair = chair_of(session, org)
        if chair is not None and chair.id != (person.id if person else None):
            raise DomainError(
                _l("%(name)s is this organisation's chair already.", name=chair.name),
                field="position",
            )
    if person is None:
        person = Person(organization_id=org.id or 0, name="", position=data.position)
    person.name = data.name.strip()
    person.position = data.position
    person.title = (data.title or "").strip() or None
    person.phone = (data.phone or "").strip() or None
    person.email = (data.email or "").strip() or None
    save_or_refuse(session, DomainError(ONE_CHAIR, field="position", status=409), person)
    return person


def delete_person(session: Session, viewer: Viewer, org: Organization, person: Person) -> None:
    if not can_edit_org(viewer, org, covering_federation_ids(session, org)):
        raise DomainError(FORBIDDEN, status=403)
    session.delete(person)
    session.flush()


# --- the home page -------------------------------------------------------------------------------


@dataclass
class PartySummary:
    """What the viewer's organisation is party to, for the home page."""

    org: Organization
    region: Region | None
    sector: Sector | None
    chair: Person | None
    counterpart: Organization | None = None
    covered_count: int = 0
    covered_sample: list[Organization] | None = None
    federations: list[Organization] | None = None
    union: Organization | None = None
    enterprise: Organization | None = None
    bureau: Organization | None = None
    jurisdiction_count: int = 0


def party_summary(session: Session, viewer: Viewer) -> PartySummary:
    org = session.get(Organization, viewer.org_id)
    assert org is not None
    summary = PartySummary(
        org=org,
        region=session.get(Region, org.region_code),
        sector=session.get(Sector, org.sector_code) if org.sector_code else None,
        chair=chair_of(session, org),
    )
    if org.kind == OrgKind.FEDERATION:
        summary.counterpart = (
            session.get(Organization, org.counterpart_id) if org.counterpart_id else None
        )
        summary.covered_count = count_covered(session, org.id or 0)
        summary.covered_sample = covered_enterprises(session, viewer, org, page=1, per_page=8).items
    elif org.kind == OrgKind.ASSOCIATION:
        summary.federations = list(
            session.exec(
                select(Organization)
                .where(
                    Organization.kind == OrgKind.FEDERATION, Organization.counterpart_id == org.id
                )
                .order_by(Organization.name)
            )
        )
    elif org.kind in (OrgKind.ENTERPRISE, OrgKind.UNION):
        enterprise = session.get(Organization, org.enterprise_id) if org.enterprise_id else org
        summary.enterprise = enterprise
        summary.union = union_of(session, enterprise) if enterprise else None
        summary.federations = covering_federations(session, viewer, org)
        summary.bureau = filing_bureau(session, org)
    elif org.kind == OrgKind.BUREAU:
        summary.jurisdiction_count = session.exec(
            select(func.count())
            .select_from(Organization)
            .where(
                Organization.kind == OrgKind.ENTERPRISE,
                Organization.region_code.in_(sorted(viewer.jurisdiction)),
            )
        ).one()
    if org.kind in (OrgKind.FEDERATION, OrgKind.ASSOCIATION):
        summary.bureau = filing_bureau(session, org)
    return summary
