"""Flask-Login wiring: load the user from the cookie, and send anonymous users to the login page."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from sqlalchemy import bindparam
from sqlmodel import col, select
from werkzeug.wrappers import Response

from accounts.models import User
from db import get_session
from organizations.models import Organization

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"

# Pages a user who must change their password may still reach.
_OPEN_ENDPOINTS = {
    "accounts.login",
    "accounts.logout",
    "accounts.change_password",
    "accounts.language",
    "static",
    "bootstrap.static",
    "healthz",
}


# Figures other packages show on every page about the user (the unread reminders of the
# navigation's badge …): by name, a correlated scalar subquery over User.id, labelled, fetched in
# the user's own query, so each costs no round trip of its own. app.py wires them.
USER_EXTRAS: dict[str, Any] = {}


def register_user_extra(name: str, subquery: Any) -> None:
    USER_EXTRAS[name] = subquery.label(name)


def user_extra(name: str) -> Any:
    """A figure fetched with the logged-in user this request (None before or without one)."""
    return g.get("user_extras", {}).get(name)


_USER_QUERIES: dict[tuple[str, ...], Any] = {}


def _user_query(extras: tuple[str, ...]) -> Any:
    """The user, the organisation and the extras by the user's id: built once per process (it
    runs before every logged-in page; building it again each time was a tenth of a bare one)."""
    query = _USER_QUERIES.get(extras)
    if query is None:
        query = _USER_QUERIES[extras] = (
            select(User, Organization, *[USER_EXTRAS[name] for name in extras])
            .join(Organization, col(Organization.id) == User.organization_id)
            .where(col(User.id) == bindparam("user_id"))
        )
    return query


@login_manager.user_loader
def load_user(cookie_id: str) -> User | None:
    user_id, _, nonce = cookie_id.partition(":")
    if not user_id.isdigit():
        return None
    # The organisation comes in the same query: every page asks what the user's organisation may
    # see, and the session's identity map then answers without another round trip.
    extras = list(USER_EXTRAS.items())
    query = _user_query(tuple(name for name, _column in extras))
    row = get_session().exec(query, params={"user_id": int(user_id)}).first()
    if row is None:
        return None
    user, g.user_organization = row[0], row[1]  # held for the request: weak identity map
    g.user_extras = {name: row[2 + i] for i, (name, _column) in enumerate(extras)}
    if not user.active or user.session_nonce != nonce:
        return None
    return user


def init_login(app: Flask) -> None:
    login_manager.init_app(app)

    @app.before_request
    def force_password_change() -> Response | None:
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in _OPEN_ENDPOINTS
        ):
            return redirect(url_for("accounts.change_password"))
        return None
