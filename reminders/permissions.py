"""Who sees which deadlines and who runs the reminders: an organisation's people see the
deadlines it is party to, administrators everyone's; administrators alone set the profiles'
periods, keep the holiday calendar and look after undelivered e-mails. Over the Viewer."""

from __future__ import annotations

from sqlalchemy import ColumnElement, true
from sqlmodel import col, select

from organizations.permissions import Viewer
from reminders.models import Deadline, DeadlineParty


def of_organization(org_id: int | None) -> ColumnElement[bool]:
    """The deadlines the organisation is party to (a calendar feed's, whoever reads it)."""
    return col(Deadline.id).in_(
        select(DeadlineParty.deadline_id).where(DeadlineParty.organization_id == org_id)
    )


def visible_deadlines_clause(viewer: Viewer) -> ColumnElement[bool]:
    """The deadlines the viewer sees: their organisation's, or everyone's for an administrator."""
    return true() if viewer.is_admin else of_organization(viewer.org_id)


def can_administer_reminders(viewer: Viewer) -> bool:
    """The profiles' periods, the holiday calendar and the undelivered e-mails."""
    return viewer.is_admin
