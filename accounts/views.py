"""Log in and out, language, own password, and the administrator's account pages."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from accounts import services
from accounts.forms import (
    ActionForm,
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    UserCreateForm,
    UserEditForm,
)
from accounts.models import Role, User
from accounts.permissions import can_manage_users
from db import get_session, utcnow
from errors import DomainError
from form_tokens import already_sent, create_once
from organizations.models import Organization
from pagination import clamp_page
from webforms import ViewResult, attach_error, refused_action, render_invalid, safe_next, submitted

bp = Blueprint("accounts", __name__)


def _throttle() -> services.ThrottleSettings:
    cfg = current_app.config
    return services.ThrottleSettings(
        max_failures=cfg["LOGIN_MAX_FAILURES"],
        window=timedelta(seconds=cfg["LOGIN_WINDOW_SECONDS"]),
        lock=timedelta(seconds=cfg["LOGIN_LOCK_SECONDS"]),
    )


@bp.route("/login", methods=["GET", "POST"])
def login() -> ViewResult:
    if current_user.is_authenticated:
        return redirect(url_for("organizations.home"))
    form = LoginForm(next=request.args.get("next"))
    if not form.validate_on_submit():
        return render_invalid("accounts/login.html", form)
    outcome = services.authenticate(
        get_session(), form.username.data, form.password.data, now=utcnow(), throttle=_throttle()
    )
    if outcome.user is not None:
        login_user(outcome.user)
        session.permanent = True
        return redirect(safe_next(form.next.data) or url_for("organizations.home"))
    form.password.data = ""
    message = _("The login name or the password is not right.")
    if outcome.locked_until is not None:
        until = format_datetime(outcome.locked_until, "HH:mm")
        message = _(
            "Too many failed attempts. Logging in with this name is paused until %(time)s.",
            time=until,
        )
    attach_error(form, DomainError(message))
    # A checked guess was counted (perhaps locking the name) under the throttle row's lock, and
    # the count must stand: the answer is a 200, whose commit keeps it with the lock held from
    # check to count. A refusal status would roll it back, and writing it again after the
    # rollback would let parallel guesses be checked against a count not yet caught up.
    # Only a guess met by the lock, which writes nothing, is refused (429).
    status = 200 if outcome.counted else 429
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    if ActionForm().validate_on_submit():
        if current_user.is_authenticated:
            # The session cookie lives in the browser: only a new nonce makes a copy of it void.
            services.end_sessions(get_session(), current_user)
        logout_user()
    return redirect(url_for("accounts.login"))


@bp.post("/language")
def language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in current_app.config["LANGUAGES"]:
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            services.set_language(get_session(), current_user, form.lang.data)
    return redirect(safe_next(form.next.data) or url_for("organizations.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> ViewResult:
    form = ChangePasswordForm()

    def change() -> Response:
        services.change_own_password(
            get_session(),
            current_user,
            current=form.current_password.data,
            new=form.password.data,
            min_password_length=current_app.config["MIN_PASSWORD_LENGTH"],
        )
        # The user itself, not the current_user proxy: Flask-Login stores what it is given as
        # the current user, and a proxy that resolves to itself recurses until the process
        # crashes. The cookie then carries the new session nonce.
        login_user(current_user._get_current_object())
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("organizations.home"))

    return submitted(form, "accounts/change_password.html", change)


def _admin_only() -> None:
    if not can_manage_users(current_user):
        abort(403)


def _load_user(user_id: int) -> User:
    user = get_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/admin/users")
@login_required
def users() -> ViewResult:
    _admin_only()
    query = request.args.get("q", "").strip()[:100]
    page = services.search_users(
        get_session(),
        query=query,
        page=clamp_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
        actor=current_user,
    )
    return render_template("accounts/users.html", page=page, query=query, action_form=ActionForm())


@bp.route("/admin/organizations/<int:org_id>/users/new", methods=["GET", "POST"])
@login_required
def create_user(org_id: int) -> ViewResult:
    _admin_only()
    db = get_session()
    org = db.get(Organization, org_id) or abort(404)
    form = UserCreateForm()

    def create() -> Response:
        created = create_once(
            db,
            form.form_token.data,
            user_id=current_user.id,
            object_type="user",
            create=lambda: services.create_user(
                db,
                username=form.username.data,
                display_name=form.display_name.data,
                email=form.email.data,
                password=form.password.data,
                role=Role(form.role.data),
                organization_id=org_id,
                must_change_password=form.must_change_password.data,
                min_password_length=current_app.config["MIN_PASSWORD_LENGTH"],
                actor=current_user,
            ),
        )
        user = _load_user(created.object_id)
        account_url = url_for("accounts.edit_user", user_id=user.id)
        if created.earlier:
            return already_sent(account_url)
        flash(_("Account %(name)s created.", name=user.username), "success")
        return redirect(account_url)

    return submitted(form, "accounts/user_form.html", create, org=org, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int) -> ViewResult:
    _admin_only()
    db = get_session()
    user = _load_user(user_id)
    org = db.get(Organization, user.organization_id)
    form = UserEditForm(obj=user)
    context = {"org": org, "user": user, "action_form": ActionForm()}

    def save() -> Response:
        services.update_user(
            db,
            user,
            display_name=form.display_name.data,
            email=form.email.data,
            role=Role(form.role.data),
            actor=current_user,
        )
        flash(_("Account %(name)s saved.", name=user.username), "success")
        return redirect(url_for("accounts.edit_user", user_id=user.id))

    return submitted(form, "accounts/user_form.html", save, **context)


@bp.post("/admin/users/<int:user_id>/active")
@login_required
def toggle_active(user_id: int) -> ViewResult:
    _admin_only()
    db = get_session()
    user = _load_user(user_id)
    back = url_for("accounts.edit_user", user_id=user.id)
    if ActionForm().validate_on_submit():
        try:
            services.set_active(db, user, not user.active, actor=current_user)
        except DomainError as error:
            return refused_action(error, back)
        flash(
            _("Account %(name)s enabled.", name=user.username)
            if user.active
            else _("Account %(name)s disabled.", name=user.username),
            "success",
        )
    return redirect(back)


@bp.post("/admin/users/<int:user_id>/reset")
@login_required
def reset_password(user_id: int) -> ViewResult:
    _admin_only()
    db = get_session()
    user = _load_user(user_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("accounts.edit_user", user_id=user.id))
    temporary = services.reset_password(db, user, actor=current_user)
    return render_template("accounts/reset_done.html", user=user, temporary=temporary)
