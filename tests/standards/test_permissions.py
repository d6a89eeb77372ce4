"""Who reads and who keeps sector standards and the reference figures (standards.permissions):
pure functions over the Viewer."""

from types import SimpleNamespace

import pytest

from accounts.models import Role
from organizations.models import OrgKind
from organizations.permissions import Viewer
from standards.models import StandardStatus
from standards.permissions import (
    can_edit_standards,
    can_keep_reference_figures,
    can_start_standards,
    can_view_standard,
)

HAIZHU, GUANGZHOU, GUANGDONG, SHENZHEN = "440105", "440100", "440000", "440300"
FEDERATION = 7


def viewer(role: Role, kind: OrgKind = OrgKind.FEDERATION, org_id: int = FEDERATION) -> Viewer:
    return Viewer(user_id=1, role=role, org_id=org_id, org_kind=kind)


def standard(status: StandardStatus = StandardStatus.IN_FORCE, region: str = GUANGZHOU):
    return SimpleNamespace(status=status, region_code=region, federation_id=FEDERATION)


CHAIR = viewer(Role.FEDERATION_CHAIR)
ADMIN = viewer(Role.ADMIN, OrgKind.SUPERIOR_UNION, org_id=1)
MANAGER = viewer(Role.ENTERPRISE_MANAGER, OrgKind.ENTERPRISE, org_id=2)


@pytest.mark.parametrize(
    ("where", "sees"),
    [(HAIZHU, True), (GUANGZHOU, True), (GUANGDONG, True), (SHENZHEN, False)],
    ids=["within", "same-area", "above", "elsewhere"],
)
def test_a_standard_in_force_is_read_within_and_above_its_area(where, sees):
    assert can_view_standard(MANAGER, where, standard()) is sees
    assert can_view_standard(ADMIN, where, standard()) is True


def test_a_draft_is_its_federations_alone():
    draft = standard(StandardStatus.DRAFT)
    assert can_view_standard(CHAIR, GUANGZHOU, draft) is True
    assert can_view_standard(MANAGER, GUANGZHOU, draft) is False
    other_federation = viewer(Role.FEDERATION_CHAIR, org_id=8)
    assert can_view_standard(other_federation, GUANGZHOU, draft) is False


@pytest.mark.parametrize(
    ("who", "may"),
    [
        (CHAIR, True),
        (viewer(Role.FEDERATION_STAFF), True),
        (ADMIN, True),
        (MANAGER, False),
        (viewer(Role.UNION_CHAIR, OrgKind.UNION, org_id=3), False),
        (viewer(Role.BUREAU_REVIEWER, OrgKind.BUREAU, org_id=4), False),
    ],
    ids=["chair", "staff", "admin", "manager", "union", "bureau"],
)
def test_who_keeps_standards_at_all(who, may):
    assert can_start_standards(who) is may


def test_a_federation_keeps_the_standards_of_its_own_sector_and_area():
    federation = SimpleNamespace(kind=OrgKind.FEDERATION, region_code=GUANGZHOU, sector_code="H62")

    def may(who, region=HAIZHU, sector="H62", org=federation):
        return can_edit_standards(who, org, region_code=region, sector_code=sector)

    assert may(CHAIR) and may(viewer(Role.FEDERATION_STAFF))
    assert not may(CHAIR, region=SHENZHEN)  # outside its area
    assert not may(CHAIR, sector="C13")  # another sector
    assert not may(CHAIR, org=None)
    assert not may(CHAIR, org=SimpleNamespace(kind=OrgKind.UNION, region_code=GUANGZHOU))
    assert not may(MANAGER)
    assert may(ADMIN, region=SHENZHEN, sector="C13", org=None)


def test_administrators_alone_keep_the_reference_figures():
    assert can_keep_reference_figures(ADMIN) is True
    assert not any(can_keep_reference_figures(who) for who in (CHAIR, MANAGER))
