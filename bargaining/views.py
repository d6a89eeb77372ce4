"""Negotiation pages: the list, opening one with a written request, the negotiation with its
offers and convergence chart, the answer, the items, ending it, and the two letters in Word."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from accounts.forms import ActionForm
from audit import trail
from bargaining import exports, presenters, services
from bargaining.forms import AnswerForm, EndForm, ItemsForm, RequestForm
from bargaining.labels import LETTER_EXPORTED
from bargaining.models import Negotiation, NegotiationStatus
from bargaining.permissions import can_start_negotiations, side_of_viewer
from concurrency import show_version
from db import get_session, local_today, undo_refused_writes
from errors import DomainError
from form_tokens import already_sent, create_once
from organizations.context import current_viewer
from pagination import clamp_page
from reminders.clock import Clock
from webforms import ViewResult, submitted

bp = Blueprint("bargaining", __name__)


def load(negotiation_id: int) -> Negotiation:
    try:
        return services.load(get_session(), current_viewer(), negotiation_id)
    except DomainError:
        abort(404)


def to_detail(negotiation: Negotiation, anchor: str = "") -> Any:
    return redirect(url_for("bargaining.detail", negotiation_id=negotiation.id) + anchor)


def saved(negotiation: Negotiation, message: str, anchor: str = "") -> Any:
    flash(message, "success")
    return to_detail(negotiation, anchor)


@bp.get("/negotiations")
@login_required
def index() -> ViewResult:
    page = services.visible_negotiations(
        get_session(),
        current_viewer(),
        page=clamp_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    rows = presenters.list_rows(get_session(), page.items, local_today())
    return render_template(
        "bargaining/index.html",
        page=page,
        rows=rows,
        can_start=can_start_negotiations(current_viewer()),
    )


@bp.route("/negotiations/new", methods=["GET", "POST"])
@login_required
def new() -> ViewResult:
    viewer, db = current_viewer(), get_session()
    if not can_start_negotiations(viewer):
        abort(403)
    today = local_today()
    form = RequestForm(
        counterparts=services.counterparts(db, viewer),
        year=today.year,
        request_sent_on=today,
        request_received_on=today,
    )

    def start() -> ViewResult:
        created = create_once(
            db,
            form.form_token.data,
            user_id=viewer.user_id,
            object_type="negotiation",
            create=lambda: services.start_negotiation(db, viewer, form.request_data(), today=today),
        )
        items_url = url_for("bargaining.items", negotiation_id=created.object_id)
        if created.earlier:
            return already_sent(items_url)
        flash(_("The request has been recorded. Next, list the items to negotiate."), "success")
        return redirect(items_url)

    return submitted(form, "bargaining/new.html", start)


@bp.get("/negotiations/<int:negotiation_id>")
@login_required
def detail(negotiation_id: int) -> ViewResult:
    return detail_page(load(negotiation_id))


def detail_page(negotiation: Negotiation, error: DomainError | None = None) -> str:
    page = presenters.negotiation_page(
        get_session(),
        current_viewer(),
        negotiation,
        today=local_today(),
        chart_item_id=request.args.get("chart", type=int),
    )
    return render_template(
        "bargaining/detail.html",
        page=page,
        action_form=ActionForm(),
        today=local_today(),
        error=error,
    )


def refused(negotiation: Negotiation, error: DomainError) -> tuple[str, int]:
    """An action button (agree, accept) refused: the negotiation page again with the message at
    its top and the error's 4xx status, as a refused form is shown (what it flushed undone)."""
    undo_refused_writes()
    if error.status in (403, 404):
        abort(error.status)
    return detail_page(negotiation, error), error.status


@bp.route("/negotiations/<int:negotiation_id>/answer", methods=["GET", "POST"])
@login_required
def answer(negotiation_id: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    side = side_of_viewer(current_viewer(), negotiation)
    if side is None or side is negotiation.requested_by:
        abort(403)
    form = AnswerForm(answered_on=local_today())
    context = {
        "negotiation": negotiation,
        "deadline": services.answer_deadline(Clock(db), negotiation).due_on,
    }

    def record() -> ViewResult:
        services.answer_request(
            db,
            current_viewer(),
            negotiation,
            answered_on=form.answered_on.data,
            text=form.text.data,
            agrees=form.agrees.data == "yes",
            today=local_today(),
        )
        return saved(negotiation, _("The answer has been recorded."))

    return submitted(form, "bargaining/answer.html", record, **context)


@bp.route("/negotiations/<int:negotiation_id>/items", methods=["GET", "POST"])
@login_required
def items(negotiation_id: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    if side_of_viewer(current_viewer(), negotiation) is None:
        abort(403)
    current = services.items_of(db, negotiation)
    form = ItemsForm()
    if request.method == "GET":
        presenters.fill_item_rows(form, current)
    show_version(form, lambda: services.items_version(db, negotiation))

    def save() -> ViewResult:
        services.save_items(
            db, current_viewer(), negotiation, form.item_rows(), based_on=form.based_on.data
        )
        return saved(negotiation, _("The items under negotiation have been saved."), "#offers")

    # A refusal naming "items" (no field of this form) is shown at the top of the list.
    return submitted(form, "bargaining/items.html", save, negotiation=negotiation)


@bp.route("/negotiations/<int:negotiation_id>/end", methods=["GET", "POST"])
@login_required
def end(negotiation_id: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    side = side_of_viewer(current_viewer(), negotiation)
    if side is None:
        abort(403)
    form = EndForm(ended_on=local_today(), can_withdraw=side is negotiation.requested_by)

    def end_it() -> ViewResult:
        services.end_negotiation(
            db,
            current_viewer(),
            negotiation,
            NegotiationStatus(form.outcome.data),
            on=form.ended_on.data,
            reason=form.reason.data,
            today=local_today(),
        )
        return saved(negotiation, _("The negotiation has ended."))

    return submitted(form, "bargaining/end.html", end_it, negotiation=negotiation)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/negotiations/<int:negotiation_id>/<any(request, answer):letter>.docx")
@login_required
def letter(negotiation_id: int, letter: str) -> ViewResult:
    """The written request or answer (R4) as a Word document, from the recorded data."""
    negotiation = load(negotiation_id)
    if letter == "answer" and negotiation.answered_on is None:
        abort(404)
    data, name = exports.letter(get_session(), negotiation, letter)
    trail.record(
        get_session(),
        actor=current_viewer(),
        action=LETTER_EXPORTED,
        subject=negotiation,
        what=name,
    )
    response = make_response(data)
    response.headers["Content-Type"] = DOCX
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@bp.get("/negotiations/<int:negotiation_id>/items/<int:item_id>/chart.<fmt>")
@login_required
def chart(negotiation_id: int, item_id: int, fmt: str) -> ViewResult:
    """An item's offers over the sessions against the minimum wage or the guideline band."""
    if fmt not in exports.CHART_MEDIA_TYPES:
        abort(404)
    negotiation = load(negotiation_id)
    narrow = request.args.get("width") == "narrow"
    data = exports.chart(get_session(), negotiation, item_id, fmt, narrow=narrow)
    if data is None:
        abort(404)
    response = make_response(data)
    response.headers["Content-Type"] = exports.CHART_MEDIA_TYPES[fmt]
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
