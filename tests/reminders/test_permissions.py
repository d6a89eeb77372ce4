"""Who sees which deadlines and who runs the reminders (reminders.permissions), over the Viewer."""

import pytest
from sqlmodel import select

from accounts.models import Role
from organizations.models import OrgKind
from organizations.permissions import Viewer
from reminders.models import Deadline
from reminders.permissions import (
    can_administer_reminders,
    of_organization,
    visible_deadlines_clause,
)
from tests.reminders import test_views
from tests.reminders.test_views import TODAY, answer

feed_events = test_views.feed_events  # the deadlines of a test source, as the page tests feed them


def viewer(role: Role, org_id: int) -> Viewer:
    return Viewer(user_id=1, role=role, org_id=org_id, org_kind=OrgKind.FEDERATION)


@pytest.mark.parametrize(
    ("role", "may"),
    [(Role.ADMIN, True), *((role, False) for role in Role if role is not Role.ADMIN)],
)
def test_administrators_alone_run_the_reminders(role, may):
    assert can_administer_reminders(viewer(role, 1)) is may


def test_an_organisation_sees_its_own_deadlines_and_an_administrator_everyones(
    session, make_org, feed_events
):
    ours, theirs = make_org(), make_org()
    rows = feed_events([answer(1, TODAY, [ours.id]), answer(2, TODAY, [theirs.id])])
    mine, other = rows["negotiation:1"].id, rows["negotiation:2"].id

    def seen(clause) -> set[int]:
        return set(session.exec(select(Deadline.id).where(clause)))

    assert seen(visible_deadlines_clause(viewer(Role.FEDERATION_CHAIR, ours.id))) == {mine}
    assert seen(of_organization(theirs.id)) == {other}
    assert seen(visible_deadlines_clause(viewer(Role.ADMIN, ours.id))) == {mine, other}
