"""Agreement pages: the list, making one from an agreed negotiation, a version with its comments,
editing (merging with what others saved meanwhile), comparing any two versions, and the Word and
PDF files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

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
from flask_login import login_required

from bargaining.models import Negotiation
from contracts import comments, editing, presenters, rules, services
from contracts.diff import WageRow
from contracts.forms import (
    ChooseVersionsForm,
    CommentForm,
    ImportForm,
    NewAgreementForm,
    edit_form_for,
    resolve_form_for,
)
from contracts.labels import AGREEMENT_KINDS, AGREEMENT_LEVELS, CHANGE_LABELS, DOCX_ERRORS
from contracts.merge import merge, merge_wages
from contracts.models import Agreement, AgreementVersion, Comment
from contracts.structure import MAX_TEXT_CHARS
from db import get_session
from errors import DomainError
from organizations.context import current_viewer
from webforms import ViewResult, flash_error, render_invalid

bp = Blueprint("contracts", __name__)


@bp.app_context_processor
def contract_words() -> dict[str, Any]:
    return {
        "AGREEMENT_KINDS": AGREEMENT_KINDS,
        "AGREEMENT_LEVELS": AGREEMENT_LEVELS,
        "CHANGE_LABELS": CHANGE_LABELS,
        "contract_kind_label": presenters.kind_label,
        "contract_downloads": downloads,
        "contract_compare_downloads": compare_downloads,
    }


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
    if negotiation is None or not (viewer.is_admin or negotiation.side_of(viewer.org_id)):
        abort(404)
    settlement = services.bargaining.settlement_of(db, negotiation)
    form = NewAgreementForm(
        term_start=settlement.effective_from if settlement else None,
        term_end=settlement.effective_to if settlement else None,
    )
    context = {"negotiation": negotiation, "rows": services.agreed_values(db, negotiation)}
    if not form.validate_on_submit():
        return render_invalid("contracts/new.html", form, **context)
    try:
        agreement = services.create_from_negotiation(
            db, viewer, negotiation, term_start=form.term_start.data, term_end=form.term_end.data
        )
    except DomainError as error:
        db.rollback()
        return render_invalid("contracts/new.html", form, error, **context)
    db.commit()
    flash(_("The agreement has been drafted from the template, as version 1."), "success")
    return redirect(url_for("contracts.detail", agreement_id=agreement.id))


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
    record = load_version(agreement, number)
    page = presenters.version_page(get_session(), agreement, record)
    form = CommentForm(labels=page.labels, article_label=request.args.get("article"))
    return render_template(
        "contracts/version.html",
        page=page,
        comment_form=form,
        can_edit=services.side_of_viewer(current_viewer(), agreement) is not None,
        signed=services.signed_number(get_session(), agreement),
    )


@bp.post("/agreements/<int:agreement_id>/versions/<int:number>/comments")
@login_required
def comment(agreement_id: int, number: int) -> ViewResult:
    db, agreement = get_session(), load(agreement_id)
    record = load_version(agreement, number)
    page = presenters.version_page(db, agreement, record)
    form = CommentForm(labels=page.labels)
    context = {"page": page, "comment_form": form, "can_edit": True, "signed": None}
    if not form.validate_on_submit():
        return render_invalid("contracts/version.html", form, **context)
    try:
        made = comments.add_comment(
            db, current_viewer(), agreement, record,
            article_label=form.article_label.data, body=form.body.data,
        )  # fmt: skip
    except DomainError as error:
        db.rollback()
        return render_invalid("contracts/version.html", form, error, **context)
    db.commit()
    flash(_("Your comment is on %(article)s.", article=made.article_label), "success")
    return redirect(
        url_for("contracts.show", agreement_id=agreement.id, number=number)
        + f"#article-{made.article_label}"
    )


@bp.post("/agreements/<int:agreement_id>/comments/<int:comment_id>/resolve")
@login_required
def resolve_comment(agreement_id: int, comment_id: int) -> ViewResult:
    db, agreement = get_session(), load(agreement_id)
    found = db.get(Comment, comment_id)
    if found is None or found.agreement_id != agreement.id:
        abort(404)
    back = request.form.get("back", type=int)
    try:
        comments.resolve_comment(db, current_viewer(), agreement, found)
    except DomainError as error:
        db.rollback()
        if error.status in (403, 404):
            abort(error.status)
        flash_error(error)
    else:
        db.commit()
        flash(_("The comment is resolved."), "success")
    target = url_for("contracts.show", agreement_id=agreement.id, number=back or 1)
    return redirect(target + f"#article-{found.article_label}")


@bp.route("/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@login_required
def edit(agreement_id: int) -> ViewResult:
    db, agreement = get_session(), load(agreement_id)
    try:
        services.check_editable(db, current_viewer(), agreement)
    except DomainError as error:
        abort(error.status if error.status in (403, 404) else 409)
    newest = services.latest(db, agreement)
    assert newest is not None
    # The form's base version: the one it was opened on (kept in the form), else the newest.
    base_number = request.form.get("base_number", type=int) or newest.number
    base = load_version(agreement, base_number)
    rows = rules.wage_rows(base.wage_table)
    defaults = {f"wage_{i}": rules.plain_figure(row.value) for i, row in enumerate(rows)}
    form = edit_form_for(rows)(base_number=base.number, text=base.text, **defaults)
    context: dict[str, Any] = {"agreement": agreement, "newest": newest, "rows": rows}
    if not form.validate_on_submit():
        return render_invalid("contracts/edit.html", form, **context)
    mine_rows = [
        WageRow(row.kind, row.job_category, Decimal(form[f"wage_{i}"].data.strip()), row.unit)
        for i, row in enumerate(rows)
    ]
    try:
        outcome = editing.save_edit(
            db, current_viewer(), agreement,
            base_number=base.number, text=form.text.data or "", note=form.note.data or "",
            rows=mine_rows,
        )  # fmt: skip
    except DomainError as error:
        db.rollback()
        return render_invalid("contracts/edit.html", form, error, **context)
    return _after_save(
        agreement, base.number, outcome, form.text.data or "", mine_rows, form.note.data or ""
    )


def _after_save(
    agreement: Agreement,
    base_number: int,
    outcome: editing.SaveOutcome,
    text: str,
    rows: list[WageRow],
    note: str,
) -> ViewResult:
    """Saved: commit and show the new version. Conflicts: the resolve page, nothing saved."""
    if outcome.conflicts:
        return _resolve_page(agreement, base_number, outcome, text, rows, note)
    get_session().commit()
    _flash_saved(outcome)
    return redirect(
        url_for("contracts.show", agreement_id=agreement.id, number=outcome.latest_number)
    )


def _flash_saved(outcome: editing.SaveOutcome) -> None:
    assert outcome.version is not None
    if outcome.merged_with:
        flash(
            _(
                "Saved as version %(n)s, merged with %(count)s version(s) saved meanwhile.",
                n=outcome.version.number,
                count=len(outcome.merged_with),
            ),
            "success",
        )
    else:
        flash(_("Saved as version %(n)s.", n=outcome.version.number), "success")


def _resolve_page(
    agreement: Agreement,
    base_number: int,
    outcome: editing.SaveOutcome,
    mine: str,
    mine_rows: list[WageRow],
    note: str,
) -> ViewResult:
    assert outcome.merge is not None
    form = resolve_form_for(outcome.merge.conflicts, outcome.wage_conflicts)(
        formdata=None,
        base_number=base_number,
        theirs_number=outcome.latest_number,
        mine=mine,
        mine_wages=rules.wage_json(mine_rows),
        note=note,
    )
    return render_template(
        "contracts/resolve.html",
        agreement=agreement,
        form=form,
        conflicts=list(enumerate(outcome.merge.conflicts)),
        wage_conflicts=list(enumerate(outcome.wage_conflicts)),
        meanwhile=outcome.merged_with,
    ), 409


@bp.post("/agreements/<int:agreement_id>/resolve")
@login_required
def resolve(agreement_id: int) -> ViewResult:
    """The user's choice for each conflict; what they typed comes back with the form, unchanged,
    so the same conflicts are found again."""
    db, agreement = get_session(), load(agreement_id)
    base = request.form.get("base_number", type=int)
    theirs = request.form.get("theirs_number", type=int)
    if base is None or theirs is None:
        abort(400)
    base_version, theirs_version = load_version(agreement, base), load_version(agreement, theirs)
    try:
        mine = services.checked_text(request.form.get("mine", ""))
        mine_rows = editing.returned_wage_rows(
            request.form.get("mine_wages") or base_version.wage_table, base_version, theirs_version
        )
    except DomainError:
        abort(400)
    conflicts = merge(base_version.text, theirs_version.text, mine).conflicts
    _rows, wage_conflicts = merge_wages(
        rules.wage_rows(base_version.wage_table),
        rules.wage_rows(theirs_version.wage_table),
        mine_rows,
    )
    form = resolve_form_for(conflicts, wage_conflicts)()
    context = {
        "agreement": agreement,
        "conflicts": list(enumerate(conflicts)),
        "wage_conflicts": list(enumerate(wage_conflicts)),
        "meanwhile": [v for v in services.versions_of(db, agreement) if v.number > base],
    }
    if not form.validate_on_submit():
        return render_invalid("contracts/resolve.html", form, **context)
    choices = {
        index: {"theirs": conflict.theirs, "mine": conflict.mine}.get(
            form[f"choice_{index}"].data, form[f"own_{index}"].data or ""
        )
        for index, conflict in enumerate(conflicts)
    }
    wage_choices = {
        (c.kind, c.job_category): form[f"wage_choice_{index}"].data
        for index, c in enumerate(wage_conflicts)
    }
    try:
        outcome, resolved, resolved_rows = editing.save_resolution(
            db, current_viewer(), agreement,
            base_number=base, theirs_number=theirs, mine=mine, mine_rows=mine_rows,
            choices=choices, wage_choices=wage_choices, note=form.note.data or "",
        )  # fmt: skip
    except DomainError as error:
        db.rollback()
        return render_invalid("contracts/resolve.html", form, error, **context)
    # Conflicts again only when yet another version came meanwhile and overlaps.
    return _after_save(agreement, theirs, outcome, resolved, resolved_rows, form.note.data or "")


@bp.get("/agreements/<int:agreement_id>/compare")
@login_required
def compare(agreement_id: int) -> ViewResult:
    db, agreement = get_session(), load(agreement_id)
    versions = services.versions_of(db, agreement)
    numbers = [v.number for v in versions]
    form = ChooseVersionsForm(request.args)
    form.old.choices = form.new.choices = [(n, _("Version %(n)s", n=n)) for n in numbers]
    old_number = request.args.get("old", type=int) or max(numbers[-1] - 1, 1)
    new_number = request.args.get("new", type=int) or numbers[-1]
    if old_number not in numbers or new_number not in numbers:
        abort(404)
    form.old.data, form.new.data = old_number, new_number
    view = "side" if request.args.get("view") == "side" else "inline"
    form.view.data = view
    page = presenters.diff_page(
        db,
        agreement,
        versions[numbers.index(old_number)],
        versions[numbers.index(new_number)],
        view=view,
        show_all=request.args.get("all") == "1",
    )
    return render_template("contracts/compare.html", page=page, form=form)


def _download(data: bytes, media_type: str, name: str) -> Any:
    response = make_response(data)
    response.headers["Content-Type"] = media_type
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _wage_labels() -> Any:
    from contracts.template import ITEM_NAMES
    from contracts.wordfiles import WageLabels

    return WageLabels(item_names=ITEM_NAMES)  # a legal document: always in Chinese


@bp.get("/agreements/<int:agreement_id>/versions/<int:number>.<any(docx, pdf):fmt>")
@login_required
def version_file(agreement_id: int, number: int, fmt: str) -> ViewResult:
    """A version as Word or as PDF (a Chinese font embedded), with its wage table."""
    agreement = load(agreement_id)
    record = load_version(agreement, number)
    rows = rules.wage_rows(record.wage_table)
    name = f"{agreement.title}-第{record.number}版.{fmt}"
    if fmt == "docx":
        from contracts.wordfiles import write_docx

        return _download(write_docx(agreement.title, record.text, rows, _wage_labels()), DOCX, name)
    from contracts.pdf import write_pdf

    data = write_pdf(agreement.title, record.text, rows, _wage_labels())
    return _download(data, "application/pdf", name)


@bp.get("/agreements/<int:agreement_id>/redline.docx")
@login_required
def redline(agreement_id: int) -> ViewResult:
    """The newer version with tracked changes against the older (Word's Accept and Reject work)."""
    from contracts.diff import diff_texts
    from contracts.wordfiles import write_redline_docx

    agreement = load(agreement_id)
    old_number, new_number = request.args.get("old", type=int), request.args.get("new", type=int)
    if old_number is None or new_number is None:
        abort(404)
    old, new = load_version(agreement, old_number), load_version(agreement, new_number)
    data = write_redline_docx(
        agreement.title,
        diff_texts(old.text, new.text),
        author=new.author_name or agreement.title,
        when=new.created_at,
        note=new.note,
    )
    name = f"{agreement.title}-第{old.number}版至第{new.number}版修订.docx"
    return _download(data, DOCX, name)


@bp.route("/agreements/<int:agreement_id>/import", methods=["GET", "POST"])
@login_required
def import_docx(agreement_id: int) -> ViewResult:
    """A Word draft as a new version, diffed against (and merged with) the version it began from."""
    from contracts.wordfiles import DocxError, read_docx

    db, agreement = get_session(), load(agreement_id)
    try:
        services.check_editable(db, current_viewer(), agreement)
    except DomainError as error:
        abort(error.status if error.status in (403, 404) else 409)
    newest = services.latest(db, agreement)
    assert newest is not None
    form = ImportForm(base_number=str(newest.number))
    numbers = [v.number for v in services.versions_of(db, agreement)]
    context: dict[str, Any] = {"agreement": agreement, "numbers": numbers}
    if not form.validate_on_submit():
        return render_invalid("contracts/import.html", form, **context)
    base_number = int(form.base_number.data) if (form.base_number.data or "").isdigit() else 0
    if base_number not in numbers:
        base_number = newest.number
    try:
        text = read_docx(form.document.data.read(), max_chars=MAX_TEXT_CHARS)
    except DocxError as error:
        form.document.errors = [str(DOCX_ERRORS[error.code])]
        status = 413 if error.code == "too_large" else 400
        return render_template("contracts/import.html", form=form, **context), status
    try:
        outcome = editing.save_edit(
            db, current_viewer(), agreement,
            base_number=base_number, text=text, note=form.note.data or "", source="docx",
        )  # fmt: skip
    except DomainError as error:
        db.rollback()
        if error.field == "text":
            error.field = "document"
        return render_invalid("contracts/import.html", form, error, **context)
    rows = rules.wage_rows(load_version(agreement, base_number).wage_table)
    return _after_save(agreement, base_number, outcome, text, rows, form.note.data or "")
