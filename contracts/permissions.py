"""Who sees an agreement and who acts on it: the two parties' people and administrators see it;
the people who speak for a party (SIGNATORY_ROLES) edit its text, comment and import drafts, and
make the agreement of an agreed negotiation; bureaus see nothing here. Pure, over the Viewer."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from accounts.models import Role
from bargaining.models import Negotiation, Side
from bargaining.permissions import party_clause, side_of, speaking_side
from contracts.models import Agreement
from organizations.permissions import EMPLOYER_ROLES, UNION_ROLES, Viewer

# The roles that speak for each party of an agreement: on the union side a federation's people,
# or the union's chair for an enterprise's own agreement.
SIGNATORY_ROLES: dict[Side, frozenset[Role]] = {
    Side.UNION: UNION_ROLES,
    Side.EMPLOYER: EMPLOYER_ROLES,
}


def can_view_agreement(viewer: Viewer, agreement: Agreement) -> bool:
    return viewer.is_admin or side_of(agreement, viewer.org_id) is not None


def visible_agreements_clause(viewer: Viewer) -> ColumnElement[bool]:
    return party_clause(viewer, Agreement)


def side_of_viewer(viewer: Viewer, agreement: Agreement) -> Side | None:
    """The party the viewer speaks for, if any: they may edit the text and comment."""
    return speaking_side(viewer, agreement, SIGNATORY_ROLES)


def can_edit_agreement(viewer: Viewer, agreement: Agreement) -> bool:
    """One of the sides' people (whether the text is still open, R8, is the services' check)."""
    return side_of_viewer(viewer, agreement) is not None


def can_see_negotiation_agreement(viewer: Viewer, negotiation: Negotiation) -> bool:
    """Who may open the page that makes a negotiation's agreement: its parties and admins."""
    return viewer.is_admin or side_of(negotiation, viewer.org_id) is not None


def drafting_side(viewer: Viewer, negotiation: Negotiation) -> Side | None:
    """The party of the negotiation the viewer speaks for, if any: they may make its
    agreement."""
    return speaking_side(viewer, negotiation, SIGNATORY_ROLES)
