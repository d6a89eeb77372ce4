"""The application factory: defaults, then the environment, then the caller's (test) settings."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, render_template, request
from flask_babel import Babel
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Map

import config as settings
import models_registry  # noqa: F401  (the whole schema, before anything queries it)
from db import Database, undo_refused_writes
from errors import DomainError
from security import init_security
from webforms import (
    MAX_RECORD_ID,
    draw_attributes_quickly,
    speak_the_request_language,
    take_out_unstorable_characters,
)

csrf = CSRFProtect()
babel = Babel()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(settings.INSTANCE_DIR))
    app.config.update(settings.defaults())
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)

    # Record ids in URLs fit the databases' 32-bit integer keys; a larger one is a 404.
    app.url_map.converters["int"] = RecordIdConverter
    Database(app)
    csrf.init_app(app)

    from accounts.i18n import select_locale, select_timezone

    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)

    from flask_bootstrap import Bootstrap5

    Bootstrap5(app)

    from accounts import audit_views  # noqa: F401  (its route joins the accounts blueprint)
    from accounts.auth import init_login
    from accounts.views import bp as accounts_bp
    from bargaining import history_views as bargaining_history  # noqa: F401  (routes)
    from bargaining import table_views  # noqa: F401  (its routes join the bargaining blueprint)
    from bargaining.views import bp as bargaining_bp
    from contracts import edit_views, file_views  # noqa: F401  (their routes join contracts')
    from contracts import history_views as contracts_history  # noqa: F401  (routes)
    from contracts.views import bp as contracts_bp
    from organizations import coverage_views  # noqa: F401  (its routes join the organisations bp)
    from organizations.views import bp as organizations_bp
    from reminders.views import bp as reminders_bp
    from standards.reference_views import bp as reference_bp
    from standards.views import bp as standards_bp

    init_login(app)
    from accounts.refusals import record_refused_write

    app.after_request(record_refused_write)  # runs before the request's commit or rollback
    app.register_blueprint(accounts_bp)
    app.register_blueprint(organizations_bp)
    app.register_blueprint(standards_bp)
    app.register_blueprint(reference_bp)
    app.register_blueprint(bargaining_bp)
    app.register_blueprint(contracts_bp)
    app.register_blueprint(reminders_bp)
    _register_deadline_sources()
    _register_user_extras()

    from bargaining.presenters import outcome_links
    from contracts.links import agreement_link

    if agreement_link not in outcome_links:
        outcome_links.append(agreement_link)

    from accounts.cli import users_cli
    from cli import db_cli, seed_demo_command

    app.cli.add_command(db_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo_command)

    from organizations.cli import organizations_cli

    app.cli.add_command(organizations_cli)

    from contracts.cli import contracts_cli
    from reminders.cli import reminders_cli

    app.cli.add_command(contracts_cli)
    app.cli.add_command(reminders_cli)

    from templating import init_templating

    init_templating(app)
    _register_error_pages(app)
    init_security(app)
    app.before_request(take_out_unstorable_characters)
    speak_the_request_language()
    draw_attributes_quickly()

    @app.get("/healthz")
    def healthz() -> Response:
        """A bare endpoint: the baseline that page latencies are measured against."""
        return Response("ok", mimetype="text/plain")

    return app


class RecordIdConverter(IntegerConverter):
    # ASCII digits only: werkzeug's \d+ also matches other scripts' digits, which int() reads,
    # so /negotiations/１２ would have opened negotiation 12.
    regex = "[0-9]+"

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(url_map, *args, **kwargs)


def _register_user_extras() -> None:
    """Figures every page shows about the user, fetched in the user's own query."""
    from accounts.auth import register_user_extra
    from reminders.delivery import unread_subquery

    register_user_extra("unread_reminders", unread_subquery())


def _register_deadline_sources() -> None:
    """Higher packages hand their legal clocks to reminders (which imports none of them)."""
    from bargaining import deadlines as bargaining_deadlines
    from reminders.deadlines import register

    register(bargaining_deadlines.ANSWER, bargaining_deadlines.answer_events)
    register(bargaining_deadlines.VACANCY, bargaining_deadlines.vacancy_events)


def _register_error_pages(app: Flask) -> None:
    def render_error(status: int) -> tuple[str, int]:
        return render_template("errors/error.html", status=status), status

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str, int]:
        return render_template("errors/error.html", status=400, csrf=True), 400

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> tuple[str, int]:
        # A user's mistake that no view answered beside a field: the error page with its status
        # and message (a 403 or 404 with the usual page, which says nothing of the record).
        undo_refused_writes()
        if error.status in (403, 404):
            return render_error(error.status)
        page = render_template("errors/error.html", status=error.status, message=error.message)
        return page, error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
