"""Security at the edges: headers on every response (a Content-Security-Policy without inline
script, no framing, no sniffing, a referrer policy, HSTS behind HTTPS, no caching of a logged-in
user's pages, a server name without a version), and one-line form fields without control
characters."""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from werkzeug.wrappers import Response

from webforms import guard_single_line_fields

SERVER_NAME = "wagebargain"

# Our pages load scripts, styles, fonts and images from this site only; Bootstrap's CSS draws its
# icons (navbar toggler, close button, select arrow) from data: SVGs. No inline script, no inline
# style attribute: templates keep both in static/js/app.js and static/css/app.css.
PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# A chart as SVG, opened on its own, is a document too: matplotlib styles it inline, and it has
# no business running any script at all.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"

STATIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})


def init_security(app: Flask) -> None:
    """Wire the headers into the app, and the control-character check into every one-line form
    field (one call from the application factory)."""
    app.after_request(add_security_headers)
    _hide_dev_server_version()
    guard_single_line_fields()


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    is_svg = response.mimetype == "image/svg+xml"
    headers["Content-Security-Policy"] = SVG_POLICY if is_svg else PAGE_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000"
    # A view that chose its own caching (a chart kept private for five minutes) keeps it; every
    # other answer to a logged-in user stays out of every cache, the browser's too.
    if "Cache-Control" not in headers and request.endpoint not in STATIC_ENDPOINTS and _logged_in():
        headers["Cache-Control"] = "no-store"
    return response


def _logged_in() -> bool:
    """Whether the request is a logged-in user's, without loading the user here: the user the
    request loaded, else the login in the session cookie (an error page may come after the
    database has failed)."""
    user = g.get("_login_user")
    if user is not None:
        return bool(user.is_authenticated)
    return "_user_id" in session


def _bare_server_name(_handler: object) -> str:
    return SERVER_NAME


def _hide_dev_server_version() -> None:
    """Werkzeug's development server names itself and its version ('Werkzeug/3.1 Python/3.11')
    in every answer and has no setting for it. Gunicorn already sends a bare 'gunicorn'."""
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = _bare_server_name  # type: ignore[method-assign,assignment]
