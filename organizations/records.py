"""Creating and editing organisation records and their people, with every rule a record meets."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db import save_or_refuse, utcnow
from errors import DomainError
from organizations import rules
from organizations.coverage import check_coverage, grant_coverage
from organizations.models import Organization, OrgKind, Person, Position, Region, Sector
from organizations.permissions import FORBIDDEN, Viewer, can_create_org, can_edit_org
from organizations.services import chair_of, covering_federation_ids, union_of

ONE_CHAIR = _l("This organisation has a chair already.")


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
    """Create a record. A federation's staff creating an enterprise also start covering it (no
    request: the record is theirs). `viewer` None is the operator at the command line."""
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
    federation_registers = (
        kind == OrgKind.ENTERPRISE and home is not None and home.kind == OrgKind.FEDERATION
    )
    registrar = home if federation_registers else None
    if registrar is not None:
        check_coverage(session, registrar, data.region_code, data.sector_code)
    org = Organization(kind=kind, enterprise_id=enterprise.id if enterprise else None, **vars(data))
    _save(session, org)
    if registrar is not None:
        # The federation registered the enterprise itself: nobody else's record is taken over.
        grant_coverage(session, registrar, org, actor=viewer)
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
