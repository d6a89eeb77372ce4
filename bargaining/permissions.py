"""Who sees a negotiation and who acts for each side: the two parties' people and administrators
see it; a side's own people enter that side's representatives and offers; bureaus see nothing.
Also what every record with two parties (a negotiation, an agreement) shares: the side an
organisation is, and the records an organisation is party to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import ColumnElement, or_, true

from accounts.models import Role
from bargaining.models import Negotiation, Side
from organizations.models import OrgKind
from organizations.permissions import EMPLOYER_ROLES, FEDERATION_ROLES, Viewer

# The roles that speak for each side's organisation at the table. The union side of a
# negotiation is a federation (REQUESTING_KINDS and the counterparts a request may name).
SIDE_ROLES: dict[Side, frozenset[Role]] = {
    Side.UNION: FEDERATION_ROLES,
    Side.EMPLOYER: EMPLOYER_ROLES,
}
# Who may open a negotiation with a written request: a federation, or a trade association.
REQUESTING_KINDS: dict[OrgKind, Side] = {
    OrgKind.FEDERATION: Side.UNION,
    OrgKind.ASSOCIATION: Side.EMPLOYER,
}


class Parties(Protocol):
    """A record between two parties: a negotiation, an agreement."""

    union_org_id: int
    employer_org_id: int


def side_of(parties: Parties, org_id: int | None) -> Side | None:
    """The side the organisation is on, or None when it is no party."""
    if org_id == parties.union_org_id:
        return Side.UNION
    if org_id == parties.employer_org_id:
        return Side.EMPLOYER
    return None


def speaking_side(
    viewer: Viewer, parties: Parties, roles: Mapping[Side, frozenset[Role]]
) -> Side | None:
    """The side the viewer acts for, if any: their organisation is that party and their role is
    one of `roles` of that side."""
    side = side_of(parties, viewer.org_id)
    return side if side is not None and viewer.role in roles[side] else None


def party_clause(viewer: Viewer, record: Any) -> ColumnElement[bool]:
    """The rows of `record` (a table with two parties) the viewer sees: all for an
    administrator, else those their organisation is party to."""
    if viewer.is_admin:
        return true()
    return or_(record.union_org_id == viewer.org_id, record.employer_org_id == viewer.org_id)


def visible_negotiations_clause(viewer: Viewer) -> ColumnElement[bool]:
    return party_clause(viewer, Negotiation)


def can_view_negotiation(viewer: Viewer, negotiation: Negotiation) -> bool:
    return viewer.is_admin or side_of(negotiation, viewer.org_id) is not None


def side_of_viewer(viewer: Viewer, negotiation: Negotiation) -> Side | None:
    """The side the viewer acts for, if any: their organisation is that party and their role
    speaks for it at the table."""
    return speaking_side(viewer, negotiation, SIDE_ROLES)


def can_act_for(viewer: Viewer, negotiation: Negotiation, side: Side) -> bool:
    return side_of_viewer(viewer, negotiation) is side


def can_start_negotiations(viewer: Viewer) -> bool:
    """A federation's or a trade association's people who speak at the table may send a
    written request (R4)."""
    side = REQUESTING_KINDS.get(viewer.org_kind)
    return side is not None and viewer.role in SIDE_ROLES[side]
