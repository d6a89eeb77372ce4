"""Who sees an agreement and who speaks for its parties (contracts.permissions): pure functions
over the Viewer."""

from types import SimpleNamespace

import pytest

from accounts.models import Role
from bargaining.models import Side
from contracts.permissions import (
    SIGNATORY_ROLES,
    can_edit_agreement,
    can_see_negotiation_agreement,
    can_view_agreement,
    drafting_side,
    side_of_viewer,
)
from organizations.models import OrgKind
from organizations.permissions import Viewer

UNION, ENTERPRISE, OTHER = 10, 20, 30
# An enterprise's own agreement: its union and its management are the parties.
AGREEMENT = SimpleNamespace(union_org_id=UNION, employer_org_id=ENTERPRISE)


def viewer(role: Role, org_id: int, kind: OrgKind) -> Viewer:
    return Viewer(user_id=1, role=role, org_id=org_id, org_kind=kind)


UNION_CHAIR = viewer(Role.UNION_CHAIR, UNION, OrgKind.UNION)
MANAGER = viewer(Role.ENTERPRISE_MANAGER, ENTERPRISE, OrgKind.ENTERPRISE)
ADMIN = viewer(Role.ADMIN, OTHER, OrgKind.SUPERIOR_UNION)
OUTSIDER = viewer(Role.UNION_CHAIR, OTHER, OrgKind.UNION)
REVIEWER_OF_A_PARTY = viewer(Role.BUREAU_REVIEWER, ENTERPRISE, OrgKind.BUREAU)


@pytest.mark.parametrize(
    ("who", "sees", "side"),
    [
        (UNION_CHAIR, True, Side.UNION),
        (MANAGER, True, Side.EMPLOYER),
        (ADMIN, True, None),
        (OUTSIDER, False, None),
        (REVIEWER_OF_A_PARTY, True, None),
    ],
    ids=["union-chair", "manager", "admin", "outsider", "wrong-role"],
)
def test_who_sees_an_agreement_and_who_edits_it(who, sees, side):
    assert can_view_agreement(who, AGREEMENT) is sees
    assert can_see_negotiation_agreement(who, AGREEMENT) is sees
    assert side_of_viewer(who, AGREEMENT) is side
    assert drafting_side(who, AGREEMENT) is side
    assert can_edit_agreement(who, AGREEMENT) is (side is not None)


def test_a_union_chair_speaks_for_the_union_side_of_an_agreement():
    assert Role.UNION_CHAIR in SIGNATORY_ROLES[Side.UNION]
    assert {Role.FEDERATION_CHAIR, Role.FEDERATION_STAFF} <= SIGNATORY_ROLES[Side.UNION]
    assert SIGNATORY_ROLES[Side.EMPLOYER] == {Role.ASSOCIATION_REP, Role.ENTERPRISE_MANAGER}
