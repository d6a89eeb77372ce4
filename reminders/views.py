"""Deadline pages: my deadlines, the reminder inbox, my channels and calendar feed, and for
administrators the profiles' periods, the holiday calendar and the reminders that failed."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import select

from accounts.permissions import can_manage_users
from db import get_session, local_today, utcnow
from errors import DomainError
from organizations.context import current_viewer
from reminders import deadlines as deadline_rules
from reminders import delivery
from reminders.calendar_store import save_years
from reminders.forms import HolidayImportForm, PeriodForm, PreferenceForm
from reminders.holidays import read_holiday_file
from reminders.labels import PERIOD_LABELS, UNIT_LABELS
from reminders.messages import calendar_feed
from reminders.models import (
    Channel,
    Deadline,
    DeadlineStatus,
    Delivery,
    DeliveryStatus,
    HolidayDay,
    HolidayYear,
    PeriodSetting,
    ReminderPreference,
)
from reminders.profiles import PROFILES, PeriodKind, Unit, validate_period
from webforms import ViewResult, render_invalid

bp = Blueprint("reminders", __name__)


def admin_required(view: Callable[..., ViewResult]) -> Callable[..., ViewResult]:
    """Logged in, and an administrator (else 403)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> ViewResult:
        if not can_manage_users(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _mine(viewer_org: int) -> Any:
    return Deadline.org_ids.contains(f",{viewer_org},")  # type: ignore[attr-defined]


@bp.app_context_processor
def inbox_badge() -> dict[str, Any]:
    def unread() -> int:
        if not current_user.is_authenticated:
            return 0
        return delivery.unread_count(get_session(), current_user.id)

    return {"unread_reminders": unread, "PERIOD_LABELS": PERIOD_LABELS, "UNIT_LABELS": UNIT_LABELS}


@bp.get("/deadlines")
@login_required
def index() -> ViewResult:
    db, viewer, today = get_session(), current_viewer(), local_today()
    stmt = select(Deadline)
    if not viewer.is_admin:
        stmt = stmt.where(_mine(viewer.org_id))
    rows = list(db.exec(stmt.order_by(Deadline.due_on, Deadline.id).limit(500)))
    groups = {
        "overdue": [d for d in rows if d.status is DeadlineStatus.OPEN and d.due_on < today],
        "upcoming": [d for d in rows if d.status is DeadlineStatus.OPEN and d.due_on >= today],
        "done": [d for d in rows if d.status is DeadlineStatus.DONE][-50:],
    }
    return render_template("reminders/deadlines.html", groups=groups, today=today)


@bp.get("/inbox")
@login_required
def inbox() -> ViewResult:
    db = get_session()
    stmt = (
        select(Delivery, Deadline)
        .join(Deadline, Deadline.id == Delivery.deadline_id)
        .where(
            Delivery.user_id == current_user.id,
            Delivery.channel == Channel.INBOX,
            Delivery.status == DeliveryStatus.SENT,
        )
        .order_by(Delivery.sent_at.desc(), Delivery.id.desc())  # type: ignore[union-attr]
        .limit(200)
    )
    return render_template("reminders/inbox.html", items=list(db.exec(stmt)))


@bp.post("/inbox/read")
@login_required
def mark_read() -> ViewResult:
    db = get_session()
    ids = [int(i) for i in request.form.getlist("id") if i.isdigit()]
    stmt = select(Delivery).where(
        Delivery.user_id == current_user.id,
        Delivery.read_at.is_(None),  # type: ignore[union-attr]
    )
    if ids:
        stmt = stmt.where(Delivery.id.in_(ids))  # type: ignore[union-attr]
    for row in db.exec(stmt):
        row.read_at = utcnow()
        db.add(row)
    db.commit()
    return redirect(url_for("reminders.inbox"))


def _preference(create: bool = False) -> ReminderPreference | None:
    db = get_session()
    found = db.get(ReminderPreference, current_user.id)
    if found is None and create:
        found = ReminderPreference(user_id=current_user.id)
        db.add(found)
    return found


@bp.route("/settings/reminders", methods=["GET", "POST"])
@login_required
def preferences() -> ViewResult:
    db = get_session()
    current = _preference()
    form = PreferenceForm(email=current.email if current else True)
    context = {"preference": current, "has_address": bool(current_user.email)}
    if not form.validate_on_submit():
        return render_invalid("reminders/preferences.html", form, **context)
    preference = _preference(create=True)
    assert preference is not None
    preference.email = bool(form.email.data)
    if form.new_token.data or not preference.calendar_token:
        preference.calendar_token = secrets.token_urlsafe(32)
    db.commit()
    flash(_("Your reminder settings are saved."), "success")
    return redirect(url_for("reminders.preferences"))


@bp.get("/calendar/<token>.ics")
def feed(token: str) -> ViewResult:
    """A person's deadlines for calendar apps; the secret token is the only key (no login)."""
    db = get_session()
    if not 20 <= len(token) <= 64:
        abort(404)
    preference = db.exec(
        select(ReminderPreference).where(ReminderPreference.calendar_token == token)
    ).first()
    if preference is None:
        abort(404)
    from accounts.models import User

    user = db.get(User, preference.user_id)
    if user is None or not user.active:
        abort(404)
    since = local_today() - timedelta(days=90)
    rows = list(
        db.exec(
            select(Deadline)
            .where(_mine(user.organization_id), Deadline.due_on >= since)
            .order_by(Deadline.due_on)
            .limit(2000)
        )
    )
    body = calendar_feed(rows, name=_("Deadlines"), host=request.host)
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


# --- administrators ------------------------------------------------------------------------------


@bp.get("/admin/periods")
@admin_required
def periods() -> ViewResult:
    settings = deadline_rules.Periods.load(get_session())
    table = [
        (profile, [(kind, settings.period(profile, kind)) for kind in PeriodKind])
        for profile in PROFILES
    ]
    return render_template("reminders/periods.html", table=table, settings=settings.settings)


@bp.route("/admin/periods/<profile_code>/<kind>", methods=["GET", "POST"])
@admin_required
def period(profile_code: str, kind: str) -> ViewResult:
    db = get_session()
    profile = next((p for p in PROFILES if p.code == profile_code), None)
    if profile is None or kind not in {k.value for k in PeriodKind}:
        abort(404)
    current = deadline_rules.Periods.load(db).period(profile, PeriodKind(kind))
    form = PeriodForm(length=current.length, unit=current.unit.value, article=current.article)
    context = {"profile": profile, "kind": PeriodKind(kind), "current": current}
    if not form.validate_on_submit():
        return render_invalid("reminders/period_form.html", form, **context)
    problem = validate_period(form.length.data, Unit(form.unit.data))
    if problem is not None:
        error = DomainError(
            _("A period is at least one day and at most a year (or 24 months)."), field="length"
        )
        return render_invalid("reminders/period_form.html", form, error, **context)
    setting = db.exec(
        select(PeriodSetting).where(
            PeriodSetting.profile_code == profile.code, PeriodSetting.kind == kind
        )
    ).first() or PeriodSetting(profile_code=profile.code, kind=kind, length=1, unit="days")
    setting.length, setting.unit = form.length.data, form.unit.data
    setting.article = (form.article.data or "").strip()[:200]
    setting.updated_by_id, setting.updated_at = current_user.id, utcnow()
    db.add(setting)
    db.flush()
    report = deadline_rules.rebuild(db)
    db.commit()
    flash(_("Saved; %(n)s deadlines recomputed.", n=report.changed + report.added), "success")
    return redirect(url_for("reminders.periods"))


@bp.route("/admin/holidays", methods=["GET", "POST"])
@admin_required
def holidays() -> ViewResult:
    db = get_session()
    years = list(db.exec(select(HolidayYear).order_by(HolidayYear.year.desc())))  # type: ignore[attr-defined]
    counts: dict[int, int] = {}
    for day in db.scalars(select(HolidayDay.day)):
        counts[day.year] = counts.get(day.year, 0) + 1
    form = HolidayImportForm()
    context = {"years": years, "counts": counts}
    if not form.validate_on_submit():
        return render_invalid("reminders/holidays.html", form, **context)
    upload = form.file.data
    days, errors = read_holiday_file(upload.read(), upload.filename or "")
    if errors:
        form.file.errors = [holiday_error_text(e) for e in errors[:50]]
        return render_template("reminders/holidays.html", form=form, **context), 400
    imported = sorted({d.day.year for d in days})
    save_years(db, days, imported, _("Imported by %(name)s", name=current_user.display_name))
    report = deadline_rules.rebuild(db)
    db.commit()
    flash(
        _(
            "The calendar of %(years)s is imported; %(n)s deadlines recomputed.",
            years=", ".join(map(str, imported)),
            n=report.changed + report.added,
        ),
        "success",
    )
    return redirect(url_for("reminders.holidays"))


def holiday_error_text(error: Any) -> str:
    from reminders.labels import HOLIDAY_ERRORS

    text = str(HOLIDAY_ERRORS.get(error.code, error.code))
    if error.code == "duplicate" and getattr(error, "first_row", None):
        text = _("%(problem)s (first in row %(first)s)", problem=text, first=error.first_row)
    if getattr(error, "row", 0):
        return _("Row %(row)s: %(problem)s", row=error.row, problem=text)
    return text


@bp.route("/admin/deliveries", methods=["GET", "POST"])
@admin_required
def deliveries() -> ViewResult:
    db = get_session()
    if request.method == "POST":
        from flask_wtf import FlaskForm

        if not FlaskForm().validate_on_submit():
            abort(400)
        ids = [int(i) for i in request.form.getlist("id") if i.isdigit()]
        count = delivery.retry_failed(db, ids, utcnow())
        db.commit()
        flash(_("%(n)s reminders will be sent again.", n=count), "success")
        return redirect(url_for("reminders.deliveries"))
    stmt = (
        select(Delivery, Deadline)
        .join(Deadline, Deadline.id == Delivery.deadline_id)
        .where(
            Delivery.channel == Channel.EMAIL,
            (Delivery.status == DeliveryStatus.FAILED)
            | (Delivery.attempts > 0) & (Delivery.status == DeliveryStatus.PENDING),
        )
        .order_by(Delivery.next_attempt_at.desc())  # type: ignore[attr-defined]
        .limit(300)
    )
    return render_template("reminders/deliveries.html", items=list(db.exec(stmt)))
