"""Security headers on public, logged-in and error pages; templates without inline script or
style (the Content-Security-Policy refuses both); no server version in an answer."""

from __future__ import annotations

import http.client
import re
import threading
from pathlib import Path

from werkzeug.serving import make_server

from accounts.models import Role
from security import add_security_headers

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def policy(response) -> dict[str, str]:
    directives = response.headers["Content-Security-Policy"].split(";")
    return {d.split()[0]: d.strip() for d in directives if d.strip()}


def assert_guarded(response) -> None:
    csp = policy(response)
    assert csp["script-src"] == "script-src 'self'"
    assert csp["style-src"] == "style-src 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP by default


def test_a_public_page_is_guarded(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert_guarded(response)


def test_a_logged_in_page_is_guarded_and_kept_out_of_caches(client, login, make_user):
    login(make_user())
    response = client.get("/")
    assert response.status_code == 200
    assert_guarded(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_an_error_page_is_guarded(client, login, make_user):
    login(make_user(Role.FEDERATION_STAFF))
    for path, status in (("/no-such-page", 404), ("/admin/users", 403)):
        response = client.get(path)
        assert response.status_code == status
        assert_guarded(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_a_static_file_is_guarded_but_may_be_cached(client, login, make_user):
    login(make_user())
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_strict_transport_security_only_behind_https(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    response = client.get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: address": re.compile(r"javascript:", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "a style element": re.compile(r"<style", re.IGNORECASE),
}


def test_no_template_holds_inline_script_or_style():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 20
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_inline_check_would_see_what_it_looks_for():
    samples = [
        "<script>alert(1)</script>",
        '<a href="#" onclick="history.back()">',
        '<a href="javascript:void(0)">',
        '<div style="max-width: 3rem">',
    ]
    for sample in samples:
        assert any(p.search(sample) for p in INLINE.values()), sample
    assert not any(p.search('<script src="/static/js/app.js"></script>') for p in INLINE.values())


def test_the_server_names_no_version(app):
    """Werkzeug's development server, as `flask run` starts it."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/healthz", headers={"Host": "localhost"})
        response = connection.getresponse()
        response.read()
        servers = [value for name, value in response.getheaders() if name.lower() == "server"]
        connection.close()
    finally:
        thread.join(timeout=10)
        server.server_close()
    assert response.status == 200
    assert servers == ["wagebargain"]


def test_an_svg_may_style_itself_but_runs_no_script(app):
    """A chart opened as SVG is styled inline by matplotlib; it may run no script at all."""
    with app.test_request_context("/chart.svg"):
        response = app.response_class(b"<svg/>", mimetype="image/svg+xml")
        csp = policy(add_security_headers(response))
    assert csp["default-src"] == "default-src 'none'"
    assert "script-src" not in csp
