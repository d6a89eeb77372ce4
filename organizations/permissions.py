"""Who sees and who edits which organisation. An account sees what its organisation is party to.

`visible_clause` is the one definition of visibility: list pages filter by it and detail pages load
through it, so a record outside it is a 404 whichever way it is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlmodel import col

from accounts.models import Role, is_admin_role
from organizations.models import OPEN_COVERAGE, Coverage, CoverageStatus, Organization, OrgKind

FORBIDDEN = _l("You may not change this record.")


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
        return is_admin_role(self.role)


# Labour bureaus and superior unions are public authorities: every account may look them up.
PUBLIC_KINDS = (OrgKind.BUREAU, OrgKind.SUPERIOR_UNION)
FEDERATION_ROLES = frozenset({Role.FEDERATION_CHAIR, Role.FEDERATION_STAFF})
# The roles that speak for a party of a negotiation or an agreement (bargaining.permissions,
# contracts.permissions): an employer side's association or enterprise, a union side's federation
# or (for an enterprise's own agreement) its union.
EMPLOYER_ROLES = frozenset({Role.ASSOCIATION_REP, Role.ENTERPRISE_MANAGER})
UNION_ROLES = FEDERATION_ROLES | {Role.UNION_CHAIR}
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


Branch = tuple[frozenset[OrgKind], ColumnElement[bool]]
ALL_KINDS = frozenset(OrgKind)


def _branches(viewer: Viewer) -> list[Branch]:
    """What the viewer sees, as (the kinds a branch can match, the condition on such a record)."""
    org = Organization
    own = frozenset({viewer.org_kind})
    branches: list[Branch] = [
        (own, col(org.id) == viewer.org_id),
        (frozenset(PUBLIC_KINDS), true()),
    ]
    kind = viewer.org_kind
    # Coverage opens an enterprise to a federation once accepted: a request alone opens nothing.
    in_force = col(Coverage.status) == CoverageStatus.ACCEPTED
    if kind == OrgKind.FEDERATION:
        covered = select(col(Coverage.enterprise_id)).where(
            col(Coverage.federation_id) == viewer.org_id, in_force
        )
        counterpart = (
            select(col(org.counterpart_id)).where(col(org.id) == viewer.org_id).scalar_subquery()
        )
        branches += [
            (frozenset({OrgKind.ENTERPRISE}), col(org.id).in_(covered)),
            (frozenset({OrgKind.UNION}), col(org.enterprise_id).in_(covered)),
            (frozenset({OrgKind.ASSOCIATION}), col(org.id) == counterpart),
        ]
    elif kind == OrgKind.ASSOCIATION:
        federations = select(col(org.id)).where(
            col(org.kind) == OrgKind.FEDERATION, col(org.counterpart_id) == viewer.org_id
        )
        covered = select(col(Coverage.enterprise_id)).where(
            col(Coverage.federation_id).in_(federations), in_force
        )
        branches += [
            (frozenset({OrgKind.FEDERATION}), col(org.counterpart_id) == viewer.org_id),
            (frozenset({OrgKind.ENTERPRISE}), col(org.id).in_(covered)),
        ]
    elif kind in (OrgKind.ENTERPRISE, OrgKind.UNION):
        enterprise_id = viewer.org_id if kind == OrgKind.ENTERPRISE else viewer.enterprise_id
        if enterprise_id is not None:
            # An enterprise sees the federations that cover it and those that ask to.
            covering = select(col(Coverage.federation_id)).where(
                col(Coverage.enterprise_id) == enterprise_id,
                col(Coverage.status).in_(OPEN_COVERAGE),
            )
            branches += [
                (frozenset({OrgKind.ENTERPRISE}), col(org.id) == enterprise_id),
                (frozenset({OrgKind.UNION}), col(org.enterprise_id) == enterprise_id),
                (frozenset({OrgKind.FEDERATION}), col(org.id).in_(covering)),
            ]
    elif kind == OrgKind.BUREAU and viewer.jurisdiction:
        in_area = col(org.region_code).in_(sorted(viewer.jurisdiction))
        branches.append((ALL_KINDS - {OrgKind.BUREAU}, in_area))
    return branches


def visible_clause(viewer: Viewer, kind: OrgKind | None = None) -> ColumnElement[bool]:
    """The records the viewer may see. Given the kind the query is limited to, only the branches
    that can match it are kept, so a federation's enterprise list is one indexed lookup."""
    if viewer.is_admin:
        return true()
    if kind is not None:
        clauses = [clause for kinds, clause in _branches(viewer) if kind in kinds]
        return or_(*clauses) if clauses else false()
    org = Organization
    return or_(*(and_(col(org.kind).in_(kinds), clause) for kinds, clause in _branches(viewer)))


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


def can_decide_coverage(viewer: Viewer, coverage: Coverage) -> bool:
    """A federation's request to cover an enterprise is answered by the chair of that enterprise's
    union, or approved by an administrator. A request that reached no enterprise has no one to
    answer it."""
    if coverage.enterprise_id is None:
        return False
    if viewer.is_admin:
        return True
    return (
        viewer.role == Role.UNION_CHAIR
        and viewer.org_kind == OrgKind.UNION
        and viewer.enterprise_id == coverage.enterprise_id
    )
