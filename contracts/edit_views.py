"""Editing an agreement's text: the edit form, the page that resolves conflicts with versions saved
meanwhile (what the user typed travels with it until it is saved), and importing a Word draft."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from contracts import editing, rules, services
from contracts.consistency import consistency_problems
from contracts.diff import WageRow
from contracts.docx_import import DocxError, read_draft
from contracts.forms import (
    ImportForm,
    ReturnedEditForm,
    edit_form_for,
    resolve_form_for,
    unknown_base,
)
from contracts.labels import DOCX_ERRORS
from contracts.merge import Conflict, WageConflict, merge, merge_wages
from contracts.models import Agreement, AgreementVersion
from contracts.structure import MAX_TEXT_CHARS
from contracts.views import bp, load, load_version
from db import get_session
from errors import DomainError
from organizations.context import current_viewer
from webforms import ViewResult, submitted


def _editable(agreement_id: int) -> Agreement:
    """The agreement if the viewer may change its text: else 404 (not theirs) or 403 (not one of
    the sides' people). A form opened on a signed text is a 409 (R8); a form sent meets R8 in the
    save, which shows it again with the message and what was typed."""
    agreement = load(agreement_id)
    try:
        if request.method == "GET":
            services.check_editable(get_session(), current_viewer(), agreement, for_update=False)
        else:
            services.editor_side(current_viewer(), agreement)
    except DomainError as error:
        abort(error.status)
    return agreement


@bp.route("/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@login_required
def edit(agreement_id: int) -> ViewResult:
    agreement = _editable(agreement_id)
    newest = services.latest(get_session(), agreement)
    assert newest is not None
    numbers = [v.number for v in services.versions_of(get_session(), agreement)]
    # The form's base version: the one it was opened on (kept in the form), else the newest; a
    # number that names none of the agreement's versions is refused beside it by the form.
    sent = ReturnedEditForm().base_number.data
    base = load_version(agreement, sent if sent in numbers else newest.number)
    rows = rules.wage_rows(base.wage_table)
    defaults = {f"wage_{i}": rules.plain_figure(row.value) for i, row in enumerate(rows)}
    form = edit_form_for(rows)(numbers=numbers, base_number=base.number, text=base.text, **defaults)
    context: dict[str, Any] = {"agreement": agreement, "newest": newest, "rows": rows}

    def save() -> ViewResult:
        text, note, mine_rows = form.text.data or "", form.note.data or "", form.wage_rows()
        outcome = editing.save_edit(
            get_session(), current_viewer(), agreement,
            base_number=base.number, text=text, note=note, rows=mine_rows,
        )  # fmt: skip
        return _after_save(agreement, base.number, outcome, text, mine_rows, note)

    return submitted(form, "contracts/edit.html", save, **context)


def _after_save(
    agreement: Agreement,
    base_number: int,
    outcome: editing.SaveOutcome,
    text: str,
    rows: list[WageRow],
    note: str,
) -> ViewResult:
    """Saved: show the new version. Conflicts: the resolve page (a 409), nothing saved. A
    resolution that gives a version already saved: a page that says so and links to it."""
    if outcome.same_as is not None:
        return render_template(
            "contracts/resolved_same.html", agreement=agreement, number=outcome.same_as
        )
    if outcome.conflicts:
        return _resolve_page(agreement, base_number, outcome, text, rows, note)
    assert outcome.version is not None
    if outcome.merged_with:
        message = _(
            "Saved as version %(n)s, merged with %(count)s version(s) saved meanwhile.",
            n=outcome.version.number,
            count=len(outcome.merged_with),
        )
    else:
        message = _("Saved as version %(n)s.", n=outcome.version.number)
    flash(message, "success")
    if consistency_problems(outcome.version):  # listed on the version page it goes to
        flash(_("Check the amounts: the articles and the wage table disagree."), "warning")
    return redirect(
        url_for("contracts.show", agreement_id=agreement.id, number=outcome.latest_number)
    )


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
    context = _resolve_context(
        agreement, outcome.merge.conflicts, outcome.wage_conflicts, outcome.merged_with
    )
    return render_template("contracts/resolve.html", form=form, **context), 409


def _resolve_context(
    agreement: Agreement,
    conflicts: list[Conflict],
    wage_conflicts: list[WageConflict],
    meanwhile: list[AgreementVersion],
) -> dict[str, Any]:
    return {
        "agreement": agreement,
        "conflicts": list(enumerate(conflicts)),
        "wage_conflicts": list(enumerate(wage_conflicts)),
        "meanwhile": meanwhile,
    }


def _returned_edit(
    agreement: Agreement,
) -> tuple[AgreementVersion, AgreementVersion, str, list[WageRow]] | None:
    """The base and their version, my text and my wage table, as the resolve page sent them
    back; None when the two numbers do not name versions of the agreement; other hand-made
    alterations are a 400."""
    versions = {v.number: v for v in services.versions_of(get_session(), agreement)}
    sent = ReturnedEditForm()
    base = versions.get(sent.base_number.data or 0)
    theirs = versions.get(sent.theirs_number.data or 0)
    if base is None or theirs is None:
        return None
    base_version, theirs_version = base, theirs
    try:
        mine = services.checked_text(sent.mine.data or "")
        mine_rows = editing.returned_wage_rows(
            sent.mine_wages.data or base_version.wage_table, base_version, theirs_version
        )
    except DomainError:
        abort(400)
    return base_version, theirs_version, mine, mine_rows


@bp.post("/agreements/<int:agreement_id>/resolve")
@login_required
def resolve(agreement_id: int) -> ViewResult:
    """The user's choice for each conflict; what they typed comes back with the form, unchanged,
    so the same conflicts are found again."""
    db, agreement = get_session(), _editable(agreement_id)
    returned = _returned_edit(agreement)
    if returned is None:
        return _edit_again(agreement)
    base, theirs, mine, mine_rows = returned
    conflicts = merge(base.text, theirs.text, mine).conflicts
    _rows, wage_conflicts = merge_wages(
        rules.wage_rows(base.wage_table), rules.wage_rows(theirs.wage_table), mine_rows
    )
    form = resolve_form_for(conflicts, wage_conflicts)()
    meanwhile = [v for v in services.versions_of(db, agreement) if v.number > base.number]
    context = _resolve_context(agreement, conflicts, wage_conflicts, meanwhile)

    def save() -> ViewResult:
        outcome, resolved, resolved_rows = editing.save_resolution(
            db, current_viewer(), agreement,
            base_number=base.number, theirs_number=theirs.number, mine=mine,
            mine_rows=mine_rows, choices=form.text_choices(conflicts),
            wage_choices=form.wage_choices(wage_conflicts), note=form.note.data or "",
        )  # fmt: skip
        # Conflicts again only when yet another version came meanwhile and overlaps.
        note = form.note.data or ""
        return _after_save(agreement, theirs.number, outcome, resolved, resolved_rows, note)

    return submitted(form, "contracts/resolve.html", save, **context)


def _edit_again(agreement: Agreement) -> ViewResult:
    """A resolution whose versions cannot be known: the edit form again, from the newest
    version, with the text that was sent and the message beside the version it began from."""
    newest = services.latest(get_session(), agreement)
    assert newest is not None
    rows = rules.wage_rows(newest.wage_table)
    defaults = {f"wage_{i}": rules.plain_figure(row.value) for i, row in enumerate(rows)}
    sent = ReturnedEditForm()
    form = edit_form_for(rows)(
        formdata=None,
        base_number=newest.number,
        text=sent.mine.data or "",
        note=sent.note.data or "",
        **defaults,
    )
    form.base_number.errors = [unknown_base(newest.number)]
    context = {"agreement": agreement, "newest": newest, "rows": rows}
    return render_template("contracts/edit.html", form=form, **context), 400


@bp.route("/agreements/<int:agreement_id>/import", methods=["GET", "POST"])
@login_required
def import_docx(agreement_id: int) -> ViewResult:
    """A Word draft as a new version, diffed against (and merged with) the version it began from."""
    db, agreement = get_session(), _editable(agreement_id)
    numbers = [v.number for v in services.versions_of(db, agreement)]
    form = ImportForm(numbers=numbers, base_number=numbers[-1])
    context: dict[str, Any] = {"agreement": agreement}

    def save() -> ViewResult:
        base_number: int = form.base_number.data
        try:
            draft = read_draft(form.document.data.read(), max_chars=MAX_TEXT_CHARS)
            base = load_version(agreement, base_number)
            rows = editing.imported_wage_rows(draft.wage_cells, base)
            outcome = editing.save_edit(
                db, current_viewer(), agreement, base_number=base_number, text=draft.text,
                note=form.note.data or "", rows=rows, source="docx",
            )  # fmt: skip
        except (DocxError, DomainError) as error:
            raise _import_refusal(error) from error
        note = form.note.data or ""
        return _after_save(agreement, base_number, outcome, draft.text, rows, note)

    return submitted(form, "contracts/import.html", save, **context)


def _import_refusal(error: DocxError | DomainError) -> DomainError:
    """Why a draft is refused, beside the file: it is no Word document we can read, or its text
    is refused as a typed one would be (empty, too long, no change). R8 goes above the form."""
    if isinstance(error, DocxError):
        status = 413 if error.code in ("too_large", "too_large_unpacked") else 400
        return DomainError(DOCX_ERRORS[error.code], field="document", status=status)
    # The text, and a figure of the wage table (R14), are the document's.
    field = (
        "document"
        if error.field == "text" or (error.field or "").startswith("wage_")
        else error.field
    )
    return DomainError(error.message, field=field, rule=error.rule, status=error.status)
