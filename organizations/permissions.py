"""Who sees and who edits which organisation. An account sees what its organisation is party to.

`visible_clause` is the one definition of visibility: list pages filter by it and detail pages load
through it, so a record outside it is a 404 whichever way it is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from accounts.models import Role
from organizations.models import Coverage, Organization, OrgKind


@dataclass(frozen=True)
class Viewer:
    """The acting user with the facts about their organisation that permissions need."""

    user_id: int
    role: Role
    org_id: int
    org_kind: OrgKind
    enterprise_id: int | None = None  # a union's enterprise
    jurisdiction: frozenset[str] = field(default_factory=frozenset)  # a bureau's region codes

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


# Labour bureaus and superior unions are public authorities: every account may look them up.
PUBLIC_KINDS = (OrgKind.BUREAU, OrgKind.SUPERIOR_UNION)
FEDERATION_ROLES = frozenset({Role.FEDERATION_CHAIR, Role.FEDERATION_STAFF})
# Roles that may edit their own organisation's record and people.
OWN_ORG_EDITORS = frozenset(
    {
        Role.FEDERATION_CHAIR,
        Role.FEDERATION_STAFF,
        Role.ASSOCIATION_REP,
        Role.UNION_CHAIR,
        Role.ENTERPRISE_MANAGER,
        Role.BUREAU_REVIEWER,
    }
)


def _covered_by(federation_id: int) -> ColumnElement[bool]:
    covered = select(Coverage.enterprise_id).where(Coverage.federation_id == federation_id)
    return or_(
        and_(Organization.kind == OrgKind.ENTERPRISE, Organization.id.in_(covered)),
        and_(Organization.kind == OrgKind.UNION, Organization.enterprise_id.in_(covered)),
    )


def _covering(enterprise_id: int) -> ColumnElement[bool]:
    return Organization.id.in_(
        select(Coverage.federation_id).where(Coverage.enterprise_id == enterprise_id)
    )


def visible_clause(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.is_admin:
        return true()
    org = Organization
    clauses: list[ColumnElement[bool]] = [org.id == viewer.org_id, org.kind.in_(PUBLIC_KINDS)]
    kind = viewer.org_kind
    if kind == OrgKind.FEDERATION:
        counterpart = select(org.counterpart_id).where(org.id == viewer.org_id).scalar_subquery()
        clauses += [_covered_by(viewer.org_id), org.id == counterpart]
    elif kind == OrgKind.ASSOCIATION:
        federations = select(org.id).where(
            org.kind == OrgKind.FEDERATION, org.counterpart_id == viewer.org_id
        )
        covered = select(Coverage.enterprise_id).where(Coverage.federation_id.in_(federations))
        clauses += [org.id.in_(federations), org.id.in_(covered)]
    elif kind == OrgKind.ENTERPRISE:
        clauses += [
            and_(org.kind == OrgKind.UNION, org.enterprise_id == viewer.org_id),
            _covering(viewer.org_id),
        ]
    elif kind == OrgKind.UNION and viewer.enterprise_id is not None:
        clauses += [org.id == viewer.enterprise_id, _covering(viewer.enterprise_id)]
    elif kind == OrgKind.BUREAU:
        clauses.append(
            and_(org.region_code.in_(sorted(viewer.jurisdiction)), org.kind != OrgKind.BUREAU)
            if viewer.jurisdiction
            else false()
        )
    return or_(*clauses)


def can_edit_org(viewer: Viewer, org: Organization, covering_federation_ids: set[int]) -> bool:
    """Admins edit any record; an organisation's own people edit it; a federation keeps the
    records of the enterprises it covers and of their unions up to date."""
    if viewer.is_admin:
        return True
    if org.id == viewer.org_id:
        return viewer.role in OWN_ORG_EDITORS
    if viewer.role in FEDERATION_ROLES and org.kind in (OrgKind.ENTERPRISE, OrgKind.UNION):
        return viewer.org_id in covering_federation_ids
    return False


def can_create_org(viewer: Viewer, kind: OrgKind) -> bool:
    if viewer.is_admin:
        return True
    return viewer.role in FEDERATION_ROLES and kind in (OrgKind.ENTERPRISE, OrgKind.UNION)


def can_manage_coverage(viewer: Viewer, federation: Organization) -> bool:
    if viewer.is_admin:
        return True
    return viewer.role in FEDERATION_ROLES and federation.id == viewer.org_id


def can_manage_accounts(viewer: Viewer) -> bool:
    return viewer.is_admin
