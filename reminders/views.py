"""Deadline pages: my deadlines, the reminder inbox, my channels and calendar feed, and for
administrators the profiles' periods, the holiday calendar and the e-mails not delivered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.auth import user_extra
from accounts.forms import ActionForm
from accounts.signals import password_changed
from concurrency import show_version
from db import get_session, local_today
from errors import DomainError
from organizations.context import current_viewer
from reminders import delivery, services
from reminders.clock import Periods
from reminders.feed_tokens import mask_tokens_in_request_log, public_url, replace_feed_token
from reminders.forms import (
    HolidayImportForm,
    MarkReadForm,
    PeriodForm,
    PreferenceForm,
    RetryForm,
)
from reminders.holidays import RowError
from reminders.labels import HOLIDAY_ERRORS, PERIOD_LABELS, UNIT_LABELS, deadline_titler
from reminders.messages import calendar_feed
from reminders.models import ReminderPreference
from reminders.permissions import can_administer_reminders
from reminders.profiles import PeriodKind
from reminders.regulations import PROFILES
from webforms import ViewResult, submitted

bp = Blueprint("reminders", __name__)


@bp.record_once
def _guard_the_feed_token(_state: BlueprintSetupState) -> None:
    """A new password makes a new calendar address (accounts announces it; reminders, on the same
    layer, listens), and no request log keeps an address's token."""
    password_changed.connect(replace_feed_token)
    mask_tokens_in_request_log()


def admin_required(view: Callable[..., ViewResult]) -> Callable[..., ViewResult]:
    """Logged in, and an administrator (else 403)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> ViewResult:
        if not can_administer_reminders(current_viewer()):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.app_context_processor
def reminder_globals() -> dict[str, Any]:
    def unread() -> int:
        """Counted once a request, however often the page shows it."""
        if not current_user.is_authenticated:
            return 0
        if "unread_reminders" not in g:
            fetched = user_extra("unread_reminders")  # with the user, where app.py wired it
            if fetched is None:
                fetched = delivery.unread_count(get_session(), current_user.id)
            g.unread_reminders = fetched
        return int(g.unread_reminders)

    return {
        "unread_reminders": unread,
        "deadline_title": deadline_titler(),  # one a page, in the page's language
        "PERIOD_LABELS": PERIOD_LABELS,
        "UNIT_LABELS": UNIT_LABELS,
    }


@bp.get("/deadlines")
@login_required
def index() -> ViewResult:
    today = local_today()
    mine = services.my_deadlines(get_session(), current_viewer(), today)
    return render_template("reminders/deadlines.html", mine=mine, today=today)


@bp.get("/inbox")
@login_required
def inbox() -> ViewResult:
    items = services.inbox(get_session(), current_user)
    return render_template("reminders/inbox.html", items=items, form=MarkReadForm())


@bp.post("/inbox/read")
@login_required
def mark_read() -> ViewResult:
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    services.mark_read(get_session(), form.delivery_id(), actor=current_user)
    return redirect(url_for("reminders.inbox"))


@bp.route("/settings/reminders", methods=["GET", "POST"])
@login_required
def preferences() -> ViewResult:
    db = get_session()
    preference = services.preference_of(db, current_user)
    form = PreferenceForm(email=preference.email if preference else True)
    context = {
        "preference": preference,
        "has_address": bool(current_user.email),
        "feed_url": feed_url(preference),
    }

    def save() -> ViewResult:
        services.save_preferences(
            db, email=bool(form.email.data), new_token=bool(form.new_token.data), actor=current_user
        )
        flash(_("Your reminder settings are saved."), "success")
        return redirect(url_for("reminders.preferences"))

    return submitted(form, "reminders/preferences.html", save, **context)


def feed_url(preference: ReminderPreference | None) -> str | None:
    """The secret calendar address, at PUBLIC_URL whatever Host header the page came with."""
    if preference is None or not preference.calendar_token:
        return None
    return public_url("reminders.feed", token=preference.calendar_token)


@bp.get("/calendar/<token>.ics")
def feed(token: str) -> ViewResult:
    """A person's deadlines for calendar apps; the secret token is the only key (no login), and a
    wrong one is a plain 404 that tells nothing."""
    db = get_session()
    user = services.feed_owner(db, token)
    if user is None:
        abort(404)
    rows = services.feed_deadlines(db, user, local_today() - timedelta(days=90))
    with force_locale(user.language or "zh_CN"):
        body = calendar_feed(
            rows, name=_("Deadlines"), base_url=str(current_app.config["PUBLIC_URL"])
        )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


# --- administrators ------------------------------------------------------------------------------


@bp.get("/admin/periods")
@admin_required
def periods() -> ViewResult:
    settings = Periods.load(get_session())
    table = [
        (profile, [(kind, settings.period(profile, kind)) for kind in PeriodKind])
        for profile in PROFILES
    ]
    return render_template("reminders/periods.html", table=table, settings=settings.settings)


def _profile_and_kind(profile_code: str, kind: str) -> tuple[Any, PeriodKind]:
    profile = services.profile_named(profile_code)
    if profile is None or kind not in {k.value for k in PeriodKind}:
        abort(404)
    return profile, PeriodKind(kind)


@bp.route("/admin/periods/<profile_code>/<kind>", methods=["GET", "POST"])
@admin_required
def period(profile_code: str, kind: str) -> ViewResult:
    db = get_session()
    profile, period_kind = _profile_and_kind(profile_code, kind)
    settings = Periods.load(db)
    current = settings.period(profile, period_kind)
    form = PeriodForm(length=current.length, unit=current.unit.value, article=current.article)
    show_version(form, lambda: services.period_version(db, profile, period_kind))
    context = {
        "profile": profile,
        "kind": period_kind,
        "current": current,
        "overridden": (profile.code, period_kind.value) in settings.settings,
        "reset": ActionForm(),
    }

    def save() -> ViewResult:
        report = services.save_period(
            db,
            profile,
            period_kind,
            length=form.length.data,
            unit=form.unit.data,
            article=form.article.data or "",
            actor=current_user,
            based_on=form.based_on.data,
        )
        flash(_("Saved; %(n)s deadlines recomputed.", n=report.changed + report.added), "success")
        return redirect(url_for("reminders.periods"))

    return submitted(form, "reminders/period_form.html", save, **context)


@bp.post("/admin/periods/<profile_code>/<kind>/reset")
@admin_required
def reset_period(profile_code: str, kind: str) -> ViewResult:
    profile, period_kind = _profile_and_kind(profile_code, kind)
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    report = services.reset_period(db, profile, period_kind)
    flash(_("Saved; %(n)s deadlines recomputed.", n=report.changed + report.added), "success")
    return redirect(url_for("reminders.periods"))


@bp.route("/admin/holidays", methods=["GET", "POST"])
@admin_required
def holidays() -> ViewResult:
    db = get_session()
    form = HolidayImportForm()
    context = {"years": services.holiday_years(db)}

    def import_calendar() -> ViewResult:
        upload = form.file.data
        source = _("Imported by %(name)s", name=current_user.display_name)
        try:
            years, report = services.import_holidays(
                db, upload.read(), upload.filename or "", source=source
            )
        except services.HolidayFileRejected as rejected:
            problems = [holiday_error_text(e) for e in rejected.errors[:50]]
            raise DomainError(" ".join(problems), field="file", problems=problems) from rejected
        flash(
            _(
                "The calendar of %(years)s is imported; %(n)s deadlines recomputed.",
                years=", ".join(map(str, years)),
                n=report.changed + report.added,
            ),
            "success",
        )
        return redirect(url_for("reminders.holidays"))

    return submitted(form, "reminders/holidays.html", import_calendar, **context)


@bp.get("/admin/holidays/<int:year>.csv")
@admin_required
def holiday_export(year: int) -> ViewResult:
    body = services.holiday_csv(get_session(), year)
    if body is None:
        abort(404)
    response = make_response(body)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f"attachment; filename=holidays-{year}.csv"
    return response


def holiday_error_text(error: RowError) -> str:
    text = str(HOLIDAY_ERRORS.get(error.code, error.code))
    if error.code == "duplicate" and error.first_row:
        text = _("%(problem)s (first in row %(first)s)", problem=text, first=error.first_row)
    if error.row:
        return _("Row %(row)s: %(problem)s", row=error.row, problem=text)
    return text


@bp.route("/admin/deliveries", methods=["GET", "POST"])
@admin_required
def deliveries() -> ViewResult:
    db = get_session()
    form = RetryForm()
    if form.validate_on_submit():
        count = services.retry(db, form.id.data or [])
        flash(_("%(n)s reminders will be sent again.", n=count), "success")
        return redirect(url_for("reminders.deliveries"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "reminders/deliveries.html", items=services.undelivered(db), form=form
    ), status
