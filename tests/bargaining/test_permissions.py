"""Who sees a negotiation and who speaks for each side (bargaining.permissions): pure functions
over the Viewer, and the side an organisation is on, which agreements share."""

from types import SimpleNamespace

import pytest

from accounts.models import Role
from bargaining.models import Side
from bargaining.permissions import (
    SIDE_ROLES,
    can_act_for,
    can_start_negotiations,
    can_view_negotiation,
    side_of,
    side_of_viewer,
)
from organizations.models import OrgKind
from organizations.permissions import Viewer

FEDERATION, ASSOCIATION, OTHER = 10, 20, 30
TABLE = SimpleNamespace(union_org_id=FEDERATION, employer_org_id=ASSOCIATION)


def viewer(role: Role, org_id: int, kind: OrgKind) -> Viewer:
    return Viewer(user_id=1, role=role, org_id=org_id, org_kind=kind)


CHAIR = viewer(Role.FEDERATION_CHAIR, FEDERATION, OrgKind.FEDERATION)
STAFF = viewer(Role.FEDERATION_STAFF, FEDERATION, OrgKind.FEDERATION)
REP = viewer(Role.ASSOCIATION_REP, ASSOCIATION, OrgKind.ASSOCIATION)
ADMIN = viewer(Role.ADMIN, OTHER, OrgKind.SUPERIOR_UNION)
OUTSIDER = viewer(Role.FEDERATION_CHAIR, OTHER, OrgKind.FEDERATION)
REVIEWER_OF_A_PARTY = viewer(Role.BUREAU_REVIEWER, ASSOCIATION, OrgKind.BUREAU)


def test_the_side_of_an_organisation():
    assert side_of(TABLE, FEDERATION) is Side.UNION
    assert side_of(TABLE, ASSOCIATION) is Side.EMPLOYER
    assert side_of(TABLE, OTHER) is None
    assert side_of(TABLE, None) is None


@pytest.mark.parametrize(
    ("who", "sees", "side"),
    [
        (CHAIR, True, Side.UNION),
        (STAFF, True, Side.UNION),
        (REP, True, Side.EMPLOYER),
        (ADMIN, True, None),  # sees everything, speaks for no one
        (OUTSIDER, False, None),
        (REVIEWER_OF_A_PARTY, True, None),  # of a party, in a role that does not speak for it
    ],
    ids=["chair", "staff", "association", "admin", "outsider", "wrong-role"],
)
def test_who_sees_a_negotiation_and_who_speaks_for_a_side(who, sees, side):
    assert can_view_negotiation(who, TABLE) is sees
    assert side_of_viewer(who, TABLE) is side
    assert can_act_for(who, TABLE, Side.UNION) is (side is Side.UNION)
    assert can_act_for(who, TABLE, Side.EMPLOYER) is (side is Side.EMPLOYER)


def test_at_the_table_the_union_side_is_a_federations_people():
    assert SIDE_ROLES[Side.UNION] == {Role.FEDERATION_CHAIR, Role.FEDERATION_STAFF}
    assert SIDE_ROLES[Side.EMPLOYER] == {Role.ASSOCIATION_REP, Role.ENTERPRISE_MANAGER}


@pytest.mark.parametrize(
    ("who", "may"),
    [
        (CHAIR, True),
        (STAFF, True),
        (REP, True),
        (viewer(Role.ENTERPRISE_MANAGER, OTHER, OrgKind.ENTERPRISE), False),
        (viewer(Role.UNION_CHAIR, OTHER, OrgKind.UNION), False),
        (viewer(Role.ASSOCIATION_REP, OTHER, OrgKind.ENTERPRISE), False),
        (ADMIN, False),
    ],
    ids=["chair", "staff", "association", "enterprise", "union", "rep-of-enterprise", "admin"],
)
def test_who_may_send_a_written_request(who, may):
    assert can_start_negotiations(who) is may
