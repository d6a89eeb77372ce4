"""Coverage requests: the enterprise union's answer (or an administrator's approval), and the
federation's withdrawal. Its routes join the organisations blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from accounts.forms import ActionForm
from db import get_session
from errors import DomainError
from organizations import coverage, services
from organizations.context import current_viewer
from organizations.forms import DeclineCoverageForm
from organizations.models import Coverage, Organization
from organizations.views import bp
from webforms import ViewResult, submitted


def _load_request(coverage_id: int) -> tuple[Coverage, Organization]:
    """The request and the federation that sent it, for whoever may answer it; 404 otherwise."""
    db = get_session()
    try:
        asked = coverage.load_request(db, current_viewer(), coverage_id)
    except DomainError:
        abort(404)
    federation = db.get(Organization, asked.federation_id)
    assert federation is not None
    return asked, federation


def _answered(asked: Coverage) -> Response:
    """Back where the request was answered: an administrator at the enterprise's page, a union
    at its home page."""
    if current_viewer().is_admin:
        return redirect(url_for("organizations.detail", org_id=asked.enterprise_id))
    return redirect(url_for("organizations.home"))


@bp.post("/coverage/<int:coverage_id>/accept")
@login_required
def accept_coverage(coverage_id: int) -> ViewResult:
    asked, federation = _load_request(coverage_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    coverage.accept_coverage(get_session(), current_viewer(), asked)
    flash(_("%(name)s now covers the enterprise.", name=federation.name), "success")
    return _answered(asked)


@bp.route("/coverage/<int:coverage_id>/decline", methods=["GET", "POST"])
@login_required
def decline_coverage(coverage_id: int) -> ViewResult:
    asked, federation = _load_request(coverage_id)
    form = DeclineCoverageForm()

    def decline() -> ViewResult:
        coverage.decline_coverage(get_session(), current_viewer(), asked, form.reason.data)
        flash(_("The request of %(name)s is declined.", name=federation.name), "success")
        return _answered(asked)

    enterprise = get_session().get(Organization, asked.enterprise_id)
    context = {"asked": asked, "federation": federation, "enterprise": enterprise}
    return submitted(form, "organizations/decline_coverage.html", decline, **context)


@bp.post("/organizations/<int:org_id>/coverage/requests/<code>/withdraw")
@login_required
def withdraw_coverage_request(org_id: int, code: str) -> ViewResult:
    try:
        federation = services.get_visible(get_session(), current_viewer(), org_id)
    except DomainError:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    coverage.withdraw_request(get_session(), current_viewer(), federation, code)
    flash(_("The request about %(code)s is withdrawn.", code=code), "success")
    return redirect(url_for("organizations.detail", org_id=org_id) + "#covered")
