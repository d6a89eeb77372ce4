"""Agreement pages: the list, making one from an agreed negotiation, a version with its comments,
and comparing any two versions. Editing is in contracts.edit_views, the Word and PDF files in
contracts.file_views: their routes join this blueprint."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.fields.choices import SelectChoice

from bargaining.models import Negotiation
from contracts import comments, permissions, presenters, services
from contracts.forms import (
    ChooseVersionsForm,
    CommentForm,
    NewAgreementForm,
    ResolveCommentForm,
)
from contracts.labels import AGREEMENT_KINDS, AGREEMENT_LEVELS, CHANGE_LABELS
from contracts.models import Agreement, AgreementVersion, Comment
from contracts.structure import parse
from db import get_session
from errors import DomainError
from form_tokens import already_sent, create_once
from organizations.context import current_viewer
from webforms import ViewResult, refused_action, submitted

bp = Blueprint("contracts", __name__)


@bp.record_once
def contract_words(state: BlueprintSetupState) -> None:
    """The words and links of the agreement templates, made template globals once, when the app
    registers the blueprint (a context processor would build them for every page of the app)."""
    state.app.jinja_env.globals.update(
        AGREEMENT_KINDS=AGREEMENT_KINDS,
        AGREEMENT_LEVELS=AGREEMENT_LEVELS,
        CHANGE_LABELS=CHANGE_LABELS,
        contract_kind_label=presenters.kind_label,
        contract_downloads=downloads,
        contract_compare_downloads=compare_downloads,
    )


def downloads(
    agreement: Agreement, record: AgreementVersion
) -> list[tuple[str, str, dict[str, Any]]]:
    """The files of a version: (label, endpoint, arguments)."""
    args = {"agreement_id": agreement.id, "number": record.number}
    return [
        (_("Word"), "contracts.version_file", args | {"fmt": "docx"}),
        (_("PDF"), "contracts.version_file", args | {"fmt": "pdf"}),
    ]


def compare_downloads(
    agreement: Agreement, old: AgreementVersion, new: AgreementVersion
) -> list[tuple[str, str, dict[str, Any]]]:
    """The changes between two versions as Word tracked changes."""
    args = {"agreement_id": agreement.id, "old": old.number, "new": new.number}
    return [(_("Redline (Word)"), "contracts.redline", args)]


def load(agreement_id: int) -> Agreement:
    try:
        return services.load(get_session(), current_viewer(), agreement_id)
    except DomainError:
        abort(404)


def load_version(agreement: Agreement, number: int) -> AgreementVersion:
    try:
        return services.version(get_session(), agreement, number)
    except DomainError:
        abort(404)


@bp.get("/agreements")
@login_required
def index() -> ViewResult:
    db, viewer = get_session(), current_viewer()
    return render_template(
        "contracts/index.html",
        agreements=services.visible_agreements(db, viewer),
        ready=services.agreed_without_agreement(db, viewer),
    )


@bp.route("/negotiations/<int:negotiation_id>/agreement", methods=["GET", "POST"])
@login_required
def from_negotiation(negotiation_id: int) -> ViewResult:
    """Make the sector agreement of an agreed negotiation (contracts reads bargaining)."""
    db, viewer = get_session(), current_viewer()
    negotiation = db.get(Negotiation, negotiation_id)
    if negotiation is None or not permissions.can_see_negotiation_agreement(viewer, negotiation):
        abort(404)
    settlement = services.bargaining.settlement_of(db, negotiation)
    form = NewAgreementForm(
        term_start=settlement.effective_from if settlement else None,
        term_end=settlement.effective_to if settlement else None,
    )
    context = {"negotiation": negotiation, "rows": services.agreed_values(db, negotiation)}

    def draft() -> ViewResult:
        created = create_once(
            db,
            form.form_token.data,
            user_id=viewer.user_id,
            object_type="agreement",
            create=lambda: services.create_from_negotiation(
                db,
                viewer,
                negotiation,
                term_start=form.term_start.data,
                term_end=form.term_end.data,
            ),
        )
        agreement_url = url_for("contracts.detail", agreement_id=created.object_id)
        if created.earlier:
            return already_sent(agreement_url)
        flash(_("The agreement has been drafted from the template, as version 1."), "success")
        return redirect(agreement_url)

    return submitted(form, "contracts/new.html", draft, **context)


@bp.get("/agreements/<int:agreement_id>")
@login_required
def detail(agreement_id: int) -> ViewResult:
    agreement = load(agreement_id)
    newest = services.latest(get_session(), agreement)
    if newest is None:
        abort(404)
    return redirect(url_for("contracts.show", agreement_id=agreement.id, number=newest.number))


@bp.get("/agreements/<int:agreement_id>/versions/<int:number>")
@login_required
def show(agreement_id: int, number: int) -> ViewResult:
    agreement = load(agreement_id)
    context = _version_context(agreement, load_version(agreement, number))
    form = CommentForm(labels=context["page"].labels, article_label=request.args.get("article"))
    return render_template("contracts/version.html", comment_form=form, **context)


def _version_context(agreement: Agreement, record: AgreementVersion) -> dict[str, Any]:
    """What the version page shows: the version, whether the viewer may edit and comment, and
    the signed version that closes the text (R8)."""
    db = get_session()
    return {
        "page": presenters.version_page(db, agreement, record),
        "can_edit": permissions.can_edit_agreement(current_viewer(), agreement),
        "signed": services.signed_number(db, agreement),
    }


@bp.post("/agreements/<int:agreement_id>/versions/<int:number>/comments")
@login_required
def comment(agreement_id: int, number: int) -> ViewResult:
    db, agreement = get_session(), load(agreement_id)
    record = load_version(agreement, number)
    if not permissions.can_edit_agreement(current_viewer(), agreement):
        abort(403)  # the form is shown to the sides' people only
    form = CommentForm(labels=[article.label for article in parse(record.text).articles])

    def add() -> ViewResult:
        created = create_once(
            db,
            form.form_token.data,
            user_id=current_viewer().user_id,
            object_type="comment",
            create=lambda: comments.add_comment(
                db, current_viewer(), agreement, record,
                article_label=form.article_label.data, body=form.body.data,
            ),
        )  # fmt: skip
        made = db.get(Comment, created.object_id)
        assert made is not None
        anchor = f"article-{made.article_label}"
        url = url_for("contracts.show", agreement_id=agreement.id, number=number, _anchor=anchor)
        if created.earlier:
            return already_sent(url)
        flash(_("Your comment is on %(article)s.", article=made.article_label), "success")
        return redirect(url)

    def version_page() -> str:  # built only to show the form again
        context = _version_context(agreement, record)
        return render_template("contracts/version.html", form=form, comment_form=form, **context)

    return submitted(form, version_page, add)


@bp.post("/agreements/<int:agreement_id>/comments/<int:comment_id>/resolve")
@login_required
def resolve_comment(agreement_id: int, comment_id: int) -> ViewResult:
    db, agreement = get_session(), load(agreement_id)
    found = db.get(Comment, comment_id)
    if found is None or found.agreement_id != agreement.id:
        abort(404)
    form = ResolveCommentForm()
    if not form.validate_on_submit():
        abort(400)
    # Back to the article on the version it was resolved from (its label there, if renumbered).
    anchor = f"article-{form.article.data or found.article_label}"
    number = form.back.data or 1
    back = url_for("contracts.show", agreement_id=agreement.id, number=number, _anchor=anchor)
    try:
        comments.resolve_comment(db, current_viewer(), agreement, found)
    except DomainError as error:
        return refused_action(error, back)
    flash(_("The comment is resolved."), "success")
    return redirect(back)


@bp.get("/agreements/<int:agreement_id>/compare")
@login_required
def compare(agreement_id: int) -> ViewResult:
    db, agreement = get_session(), load(agreement_id)
    versions = services.versions_of(db, agreement)
    numbers = [v.number for v in versions]
    form = ChooseVersionsForm(request.args)
    form.old.choices = form.new.choices = [
        SelectChoice(n, _("Version %(n)s", n=n)) for n in numbers
    ]
    old_number = request.args.get("old", type=int) or max(numbers[-1] - 1, 1)
    new_number = request.args.get("new", type=int) or numbers[-1]
    if old_number not in numbers or new_number not in numbers:
        abort(404)
    form.old.data, form.new.data = old_number, new_number
    view = "side" if request.args.get("view") == "side" else "inline"
    form.view.data = view
    page = presenters.diff_page(
        agreement,
        versions,
        services.version(db, agreement, old_number),
        services.version(db, agreement, new_number),
        view=view,
        show_all=request.args.get("all") == "1",
    )
    return render_template("contracts/compare.html", page=page, form=form)
