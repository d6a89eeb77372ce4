"""Pages at the table: each side's representatives and the recorder, the sessions with their
attendance and minutes, each side's offers, and settling on one set of values."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from accounts.forms import ActionForm
from bargaining import presenters, services
from bargaining.forms import (
    MembersForm,
    RecorderForm,
    SessionForm,
    VacateForm,
    offers_form_for,
    settlement_form_for,
)
from bargaining.models import BargainingSession, Representative, Side
from bargaining.permissions import can_act_for, side_of_viewer
from bargaining.views import bp, load, refused, saved
from concurrency import show_version
from db import get_session, local_today
from errors import DomainError
from form_tokens import already_sent, create_once
from organizations.context import current_viewer
from webforms import ViewResult, submitted

SIDES = "<any(union, employer):side_name>"


@bp.route(f"/negotiations/<int:negotiation_id>/representatives/{SIDES}", methods=["GET", "POST"])
@login_required
def representatives(negotiation_id: int, side_name: str) -> ViewResult:
    negotiation, db, side = load(negotiation_id), get_session(), Side(side_name)
    if not can_act_for(current_viewer(), negotiation, side):
        abort(403)
    current = [
        r for r in services.representatives_of(db, negotiation, current_only=True) if r.side is side
    ]
    form = MembersForm()
    if request.method == "GET":
        presenters.fill_member_rows(form, current)
    show_version(form, lambda: services.members_version(db, negotiation, side))
    context = {"negotiation": negotiation, "side": side}

    def save() -> ViewResult:
        services.save_representatives(
            db,
            current_viewer(),
            negotiation,
            side,
            form.member_rows(),
            today=local_today(),
            based_on=form.based_on.data,
        )
        return saved(negotiation, _("The representatives have been saved."), "#representatives")

    # A refusal naming "members" (no field of this form) is shown at the top of the list.
    return submitted(form, "bargaining/representatives.html", save, **context)


@bp.route(
    "/negotiations/<int:negotiation_id>/representatives/<int:rep_id>/vacate",
    methods=["GET", "POST"],
)
@login_required
def vacate(negotiation_id: int, rep_id: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    rep = db.get(Representative, rep_id)
    if rep is None or rep.negotiation_id != negotiation.id:
        abort(404)
    if not can_act_for(current_viewer(), negotiation, rep.side):
        abort(403)
    form = VacateForm(vacated_on=local_today())
    context = {"negotiation": negotiation, "representative": rep}

    def record() -> ViewResult:
        services.vacate(
            db,
            current_viewer(),
            negotiation,
            rep,
            on=form.vacated_on.data,
            reason=form.reason.data,
            today=local_today(),
        )
        return saved(negotiation, _("The vacancy has been recorded."), "#representatives")

    return submitted(form, "bargaining/vacate.html", record, **context)


@bp.route("/negotiations/<int:negotiation_id>/recorder", methods=["GET", "POST"])
@login_required
def recorder(negotiation_id: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    if side_of_viewer(current_viewer(), negotiation) is None:
        abort(403)
    form = RecorderForm(
        name=negotiation.recorder_name,
        phone=negotiation.recorder_phone,
        affiliation=negotiation.recorder_affiliation,
    )

    def name() -> ViewResult:
        services.name_recorder(
            db,
            current_viewer(),
            negotiation,
            name=form.name.data,
            phone=form.phone.data,
            affiliation=form.affiliation.data or "",
        )
        return saved(negotiation, _("The recorder has been named."), "#representatives")

    return submitted(form, "bargaining/recorder.html", name, negotiation=negotiation)


@bp.post("/negotiations/<int:negotiation_id>/recorder/agree")
@login_required
def agree_to_recorder(negotiation_id: int) -> ViewResult:
    """R3: the other side agrees to the recorder one side named."""
    negotiation, db = load(negotiation_id), get_session()
    if side_of_viewer(current_viewer(), negotiation) is None:
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.agree_to_recorder(db, current_viewer(), negotiation)
    except DomainError as error:
        return refused(negotiation, error)
    return saved(negotiation, _("Both sides have named the recorder."), "#recorder")


@bp.route("/negotiations/<int:negotiation_id>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(negotiation_id: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    if side_of_viewer(current_viewer(), negotiation) is None:
        abort(403)
    current = services.representatives_of(db, negotiation, current_only=True)
    proposed = services.proposed_chair_side(db, negotiation)
    form = SessionForm(
        representatives=current,
        chair_side=proposed.value,
        attendee_ids=[r.id for r in current],
        **presenters.next_session_defaults(db, negotiation, local_today()),
    )
    context = {
        "negotiation": negotiation,
        "proposed": proposed,
        "problems": presenters.readiness(db, negotiation, current),
    }

    def record_it() -> ViewResult:
        try:
            created = create_once(
                db,
                form.form_token.data,
                user_id=current_viewer().user_id,
                object_type="bargaining_session",
                create=lambda: services.record_session(
                    db, current_viewer(), negotiation, form.session_data(), today=local_today()
                ),
            )
        except DomainError as error:
            if error.field is None and error.rule in ("R4", "R5", "R6"):
                error.field = "held_on"  # a date the law refuses, beside the date
            raise
        record = db.get(BargainingSession, created.object_id)
        assert record is not None
        url = url_for("bargaining.session", negotiation_id=negotiation.id, number=record.number)
        if created.earlier:
            return already_sent(url)
        flash(
            _("Session %(n)s has been recorded. Each side now enters its offers.", n=record.number),
            "success",
        )
        return redirect(url)

    return submitted(form, "bargaining/session_form.html", record_it, **context)


@bp.get("/negotiations/<int:negotiation_id>/sessions/<int:number>")
@login_required
def session(negotiation_id: int, number: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    try:
        record = services.load_session(db, negotiation, number)
    except DomainError:
        abort(404)
    page = presenters.session_page(db, current_viewer(), negotiation, record)
    return render_template("bargaining/session.html", page=page)


@bp.route(
    f"/negotiations/<int:negotiation_id>/sessions/<int:number>/offers/{SIDES}",
    methods=["GET", "POST"],
)
@login_required
def offers(negotiation_id: int, number: int, side_name: str) -> ViewResult:
    negotiation, db, side = load(negotiation_id), get_session(), Side(side_name)
    try:
        record = services.load_session(db, negotiation, number)
    except DomainError:
        abort(404)
    if not can_act_for(current_viewer(), negotiation, side):
        abort(403)
    items = services.items_of(db, negotiation)
    form = offers_form_for(items)(
        data=presenters.figure_defaults(services.offers_of(db, record, side))
    )
    show_version(form, lambda: services.offers_version(db, record, side))
    context = {"negotiation": negotiation, "record": record, "side": side, "items": items}

    def save() -> ViewResult:
        entered = presenters.entered_figures(form, items)
        services.save_offers(
            db, current_viewer(), negotiation, record, side, entered, based_on=form.based_on.data
        )
        return saved(negotiation, _("The offers have been saved."), "#offers")

    # A refusal naming "values" (no field of this form) is shown at the top of the table.
    return submitted(form, "bargaining/offers.html", save, **context)


@bp.route("/negotiations/<int:negotiation_id>/settlement", methods=["GET", "POST"])
@login_required
def settlement(negotiation_id: int) -> ViewResult:
    """Propose the values to settle on; the other side accepts them on the negotiation page."""
    negotiation, db = load(negotiation_id), get_session()
    if side_of_viewer(current_viewer(), negotiation) is None:
        abort(403)
    items = services.items_of(db, negotiation)
    defaults: dict[str, Any] = presenters.figure_defaults(
        services.suggested_values(db, negotiation)
    )
    defaults["effective_from"] = presenters.default_start(negotiation)
    form = settlement_form_for(items)(data=defaults)
    context = {"negotiation": negotiation, "items": items}

    def propose() -> ViewResult:
        created = create_once(
            db,
            form.form_token.data,
            user_id=current_viewer().user_id,
            object_type="settlement",
            create=lambda: services.propose_settlement(
                db,
                current_viewer(),
                negotiation,
                presenters.entered_figures(form, items),
                effective_from=form.effective_from.data,
                effective_to=form.effective_to.data,
            ),
        )
        if created.earlier:
            return already_sent(
                url_for("bargaining.detail", negotiation_id=negotiation.id, _anchor="settlement")
            )
        return saved(negotiation, _("The proposal has been sent to the other side."), "#settlement")

    # A refusal naming "values" (no field of this form) is shown at the top of the table.
    return submitted(form, "bargaining/settlement.html", propose, **context)


@bp.post("/negotiations/<int:negotiation_id>/settlement/<int:settlement_id>/accept")
@login_required
def accept(negotiation_id: int, settlement_id: int) -> ViewResult:
    negotiation, db = load(negotiation_id), get_session()
    try:  # one that is no longer open is the service's to refuse, saying why
        proposal = services.load_settlement(db, negotiation, settlement_id)
    except DomainError:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.accept_settlement(db, current_viewer(), negotiation, proposal, today=local_today())
    except DomainError as error:
        return refused(negotiation, error)
    return saved(
        negotiation,
        _("Agreed. The agreed values are now a draft sector standard."),
        "#settlement",
    )
