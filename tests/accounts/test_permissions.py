"""Who is an administrator, asked one way: an account and the acting Viewer agree for every role,
and only an administrator manages accounts."""

import pytest

from accounts.models import Role, User, is_admin_role
from accounts.permissions import can_manage_users
from organizations.models import OrgKind
from organizations.permissions import Viewer


@pytest.mark.parametrize("role", list(Role))
def test_an_account_and_its_viewer_agree_on_who_is_an_administrator(role):
    user = User(username="u", display_name="用户", role=role, organization_id=1)
    viewer = Viewer(user_id=1, role=role, org_id=1, org_kind=OrgKind.SUPERIOR_UNION)
    assert is_admin_role(role) is (role is Role.ADMIN)
    assert user.is_admin is viewer.is_admin is is_admin_role(role)
    assert can_manage_users(user) is (role is Role.ADMIN)
