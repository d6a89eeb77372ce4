"""The administrator's view of the whole audit trail, filtered by organisation, person, action
and dates, a page at a time."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from accounts.permissions import can_manage_users
from accounts.views import bp
from audit import trail
from db import get_session
from pagination import Page, clamp_page
from webforms import ViewResult


class AuditFilterForm(FlaskForm):
    """A GET form: its values are the page's query, so a filtered page can be bookmarked."""

    class Meta:
        csrf = False

    organization = StringField(_l("Organisation"), validators=[Optional(), Length(max=100)])
    person = StringField(_l("Person"), validators=[Optional(), Length(max=100)])
    action = SelectField(_l("Action"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code, trail.action_label(code)) for code in trail.action_codes()]
        self.action.choices = [("", str(_l("Any action"))), *choices]

    def criteria(self) -> trail.AuditFilter:
        return trail.AuditFilter(
            organization=(self.organization.data or "").strip() or None,
            person=(self.person.data or "").strip() or None,
            action=self.action.data or None,
            since=self.since.data,
            until=self.until.data,
        )


@bp.get("/admin/audit")
@login_required
def audit_trail() -> ViewResult:
    if not can_manage_users(current_user):
        abort(403)
    form = AuditFilterForm(request.args)
    valid = form.validate()
    if valid and form.since.data and form.until.data and form.since.data > form.until.data:
        form.until.errors = [_l("The end date comes after the start date.")]
        valid = False
    if not valid:  # the filters beside their messages, and no rows they did not ask for
        empty = Page(items=[], page=1, per_page=current_app.config["PAGE_SIZE"], has_next=False)
        return render_template("accounts/audit.html", form=form, history=empty), 400
    rows = trail.history(
        get_session(),
        form.criteria(),
        page=clamp_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template("accounts/audit.html", form=form, history=rows)
