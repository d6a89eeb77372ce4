"""Who sees a negotiation and who acts for each side: the two parties' people and administrators
see it; a side's own people enter that side's representatives and offers; bureaus see nothing."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from accounts.models import Role
from bargaining.models import Negotiation, Side
from organizations.models import OrgKind
from organizations.permissions import FEDERATION_ROLES, Viewer

# The roles that speak for each side's organisation at the table.
SIDE_ROLES: dict[Side, frozenset[Role]] = {
    Side.UNION: FEDERATION_ROLES,
    Side.EMPLOYER: frozenset({Role.ASSOCIATION_REP, Role.ENTERPRISE_MANAGER}),
}
# Who may open a negotiation with a written request: a federation, or a trade association.
REQUESTING_KINDS: dict[OrgKind, Side] = {
    OrgKind.FEDERATION: Side.UNION,
    OrgKind.ASSOCIATION: Side.EMPLOYER,
}


def visible_negotiations_clause(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.is_admin:
        return true()
    return or_(
        Negotiation.union_org_id == viewer.org_id, Negotiation.employer_org_id == viewer.org_id
    )


def can_view_negotiation(viewer: Viewer, negotiation: Negotiation) -> bool:
    return viewer.is_admin or negotiation.side_of(viewer.org_id) is not None


def side_of_viewer(viewer: Viewer, negotiation: Negotiation) -> Side | None:
    """The side the viewer acts for, if any: their organisation is that party and their role
    speaks for it."""
    side = negotiation.side_of(viewer.org_id)
    if side is None or viewer.role not in SIDE_ROLES[side]:
        return None
    return side


def can_act_for(viewer: Viewer, negotiation: Negotiation, side: Side) -> bool:
    return side_of_viewer(viewer, negotiation) is side


def can_start_negotiations(viewer: Viewer) -> bool:
    side = REQUESTING_KINDS.get(viewer.org_kind)
    return side is not None and viewer.role in SIDE_ROLES[side]
