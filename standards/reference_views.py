"""Reference figure pages: the local minimum wages and yearly wage guidelines, read by everyone
and kept by administrators — one at a time by form, or many at once from a workbook — and
exported in the layout that imports back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from decimal import Decimal
from typing import Any

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
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlmodel import Session

from concurrency import show_version
from db import get_session, local_today
from organizations import services as org_services
from organizations.context import current_viewer
from pagination import clamp_page
from spreadsheets.reading import XLSX_MEDIA_TYPE
from standards import reference
from standards.forms import MinimumWageForm, ReferenceWorkbookForm, WageGuidelineForm
from standards.labels import (
    REFERENCE_COLUMN_HELP,
    REFERENCE_COLUMN_LABELS,
    reference_error_text,
    refused_row_text,
)
from standards.models import MinimumWage, WageGuideline
from standards.permissions import can_keep_reference_figures
from standards.reference_export import write_guideline_workbook, write_minimum_wage_workbook
from standards.reference_workbooks import (
    GUIDELINE_COLUMNS,
    GUIDELINE_HEADERS,
    MINIMUM_WAGE_COLUMNS,
    MINIMUM_WAGE_HEADERS,
    ParsedReference,
    RegionNames,
    header_labels,
    read_guideline_workbook,
    read_minimum_wage_workbook,
)
from standards.validation import ItemsRefused
from webforms import ViewResult, submitted

bp = Blueprint("reference", __name__, url_prefix="/reference")


@dataclass(frozen=True)
class _Figures:
    """What the pages of one kind of reference figure differ in."""

    kind: str  # "minimum_wage" or "guideline", as standards.labels knows them
    list_endpoint: str
    template_endpoint: str
    headers: dict[str, tuple[str, ...]]
    columns: tuple[str, ...]
    required: tuple[str, ...]  # besides a region; "lines" for at least one guideline line
    read: Callable[[bytes, RegionNames], ParsedReference[Any]]
    save: Callable[..., object]
    write: Callable[..., bytes]
    export_rows: Callable[[Session], list[Any]]
    examples: tuple[Any, ...]
    file_name: str
    sheet: Any  # the sheet's (and the page's) title
    import_title: Any
    done: Any  # the flash after an import, with %(count)s


def _minimum_wage_rows(session: Session) -> list[Any]:
    return [
        (r.region_code, name, r.grade, r.monthly, r.hourly, r.effective_from, r.source)
        for r, name in reference.all_minimum_wages(session)
    ]


def _guideline_rows(session: Session) -> list[Any]:
    return [
        (r.region_code, name, r.year, r.lower, r.baseline, r.upper, r.source)
        for r, name in reference.all_wage_guidelines(session)
    ]


MINIMUM_WAGES = _Figures(
    kind="minimum_wage",
    list_endpoint="reference.minimum_wages",
    template_endpoint="reference.minimum_wage_template",
    headers=MINIMUM_WAGE_HEADERS,
    columns=MINIMUM_WAGE_COLUMNS,
    required=("region", "monthly", "effective_from"),
    read=read_minimum_wage_workbook,
    save=reference.save_minimum_wage,
    write=write_minimum_wage_workbook,
    export_rows=_minimum_wage_rows,
    # The real Guangdong 2025 and Hebei 2023 figures (DOMAIN.md).
    examples=(
        (
            "440100",
            "广东省广州市",
            "一类",
            Decimal("2500"),
            Decimal("23.7"),
            date(2025, 3, 1),
            None,
        ),
        (
            "130102",
            "河北省石家庄市长安区",
            "一类",
            Decimal("2200"),
            Decimal("22"),
            date(2023, 1, 1),
            None,
        ),
    ),
    file_name="minimum-wages",
    sheet=_l("Minimum wages"),
    import_title=_l("Import minimum wages"),
    done=_l("Minimum wages added: %(count)s."),
)

GUIDELINES = _Figures(
    kind="guideline",
    list_endpoint="reference.wage_guidelines",
    template_endpoint="reference.wage_guideline_template",
    headers=GUIDELINE_HEADERS,
    columns=GUIDELINE_COLUMNS,
    required=("region", "year", "lines"),
    read=read_guideline_workbook,
    save=reference.save_wage_guideline,
    write=write_guideline_workbook,
    export_rows=_guideline_rows,
    # The layout only: a guideline with its three lines, and one with a baseline alone.
    examples=(
        ("440100", "广东省广州市", 2026, Decimal("3"), Decimal("6"), Decimal("9"), None),
        ("130000", "河北省", 2026, None, Decimal("6"), None, None),
    ),
    file_name="wage-guidelines",
    sheet=_l("Wage guidelines"),
    import_title=_l("Import wage guidelines"),
    done=_l("Wage guidelines added: %(count)s."),
)


# --- the lists and the form for one figure ---------------------------------------------------


def _reference_list(list_page: Any, template: str) -> ViewResult:
    """A page of reference figures: public, kept by administrators."""
    page = list_page(
        get_session(),
        page=clamp_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        template, page=page, can_edit=can_keep_reference_figures(current_viewer())
    )


def _reference_form(
    model: Any,
    form_class: Any,
    data_class: Any,
    save: Any,
    names: tuple[str, str, Any],
    record_id: int | None,
) -> ViewResult:
    """Add or correct one reference figure (the form's fields are the data class's)."""
    template, back, done = names
    if not can_keep_reference_figures(current_viewer()):
        abort(403)
    db = get_session()
    record = db.get(model, record_id) if record_id else None
    if record_id and record is None:
        abort(404)
    form = form_class(obj=record, regions=org_services.regions(db))
    if record is not None:
        show_version(form, lambda: reference.reference_version(db, record))

    def saved() -> ViewResult:
        data = data_class(**{f.name: form[f.name].data for f in dataclass_fields(data_class)})
        save(db, current_viewer(), data, record, based_on=form.based_on.data)
        flash(str(done), "success")
        return redirect(url_for(back))

    return submitted(form, template, saved, record=record)


@bp.get("/minimum-wages")
@login_required
def minimum_wages() -> ViewResult:
    """The local minimum wages on record."""
    return _reference_list(reference.minimum_wages, "standards/minimum_wages.html")


@bp.route("/minimum-wages/new", methods=["GET", "POST"])
@bp.route("/minimum-wages/<int:record_id>", methods=["GET", "POST"])
@login_required
def minimum_wage(record_id: int | None = None) -> ViewResult:
    return _reference_form(
        MinimumWage,
        MinimumWageForm,
        reference.MinimumWageData,
        reference.save_minimum_wage,
        (
            "standards/minimum_wage_form.html",
            "reference.minimum_wages",
            _l("The minimum wage has been saved."),
        ),
        record_id,
    )


@bp.get("/wage-guidelines")
@login_required
def wage_guidelines() -> ViewResult:
    """The yearly wage guidelines on record (R17)."""
    return _reference_list(reference.wage_guidelines, "standards/wage_guidelines.html")


@bp.route("/wage-guidelines/new", methods=["GET", "POST"])
@bp.route("/wage-guidelines/<int:record_id>", methods=["GET", "POST"])
@login_required
def wage_guideline(record_id: int | None = None) -> ViewResult:
    return _reference_form(
        WageGuideline,
        WageGuidelineForm,
        reference.GuidelineData,
        reference.save_wage_guideline,
        (
            "standards/wage_guideline_form.html",
            "reference.wage_guidelines",
            _l("The wage guideline has been saved."),
        ),
        record_id,
    )


# --- many figures from a workbook, and the list as one -----------------------------------------


@bp.route("/minimum-wages/import", methods=["GET", "POST"])
@login_required
def import_minimum_wages() -> ViewResult:
    return _import(MINIMUM_WAGES)


@bp.route("/wage-guidelines/import", methods=["GET", "POST"])
@login_required
def import_wage_guidelines() -> ViewResult:
    return _import(GUIDELINES)


@bp.get("/minimum-wages/template.xlsx")
@login_required
def minimum_wage_template() -> ViewResult:
    return _template(MINIMUM_WAGES)


@bp.get("/wage-guidelines/template.xlsx")
@login_required
def wage_guideline_template() -> ViewResult:
    return _template(GUIDELINES)


@bp.get("/minimum-wages.xlsx")
@login_required
def export_minimum_wages() -> ViewResult:
    """Every minimum wage on record, in the layout the import reads."""
    return _export(MINIMUM_WAGES)


@bp.get("/wage-guidelines.xlsx")
@login_required
def export_wage_guidelines() -> ViewResult:
    return _export(GUIDELINES)


def _import(figures: _Figures) -> ViewResult:
    """Check every row of the workbook, each also under the rules of a figure entered by hand,
    and save all of them or, if any row has a problem, none."""
    if not can_keep_reference_figures(current_viewer()):
        abort(403)
    db = get_session()
    form = ReferenceWorkbookForm()
    context = {"figures": figures, "columns": _accepted_columns(figures)}

    def save_all() -> ViewResult:
        regions = RegionNames.of((r.code, r.name, r.full_name) for r in org_services.regions(db))
        parsed = figures.read(form.workbook.data.read(), regions)
        refusals = reference.save_rows(db, current_viewer(), parsed.rows, figures.save)
        if parsed.errors or refusals:
            refused = ItemsRefused(_problems(figures, parsed, refusals))
            conflict = not parsed.errors and all(r.error.status == 409 for r in refusals)
            refused.status = 409 if conflict else 400
            raise refused
        flash(str(figures.done) % {"count": len(parsed.rows)}, "success")
        return redirect(url_for(figures.list_endpoint))

    return submitted(form, "standards/reference_import.html", save_all, **context)


def _problems(
    figures: _Figures, parsed: ParsedReference[Any], refusals: Sequence[reference.RowRefusal]
) -> list[str]:
    """Every problem in words, the file's first, then by row."""
    found = [
        (e.row or 0, reference_error_text(figures.kind, e.row, e.column, e.code, e.first_row))
        for e in parsed.errors
    ]
    found += [(r.row, refused_row_text(r.row, r.error.field, r.error.message)) for r in refusals]
    return [text for _row, text in sorted(found, key=lambda problem: problem[0])]


def _accepted_columns(figures: _Figures) -> list[dict[str, Any]]:
    """The columns the import reads, for the page: what each holds and what it may be called."""
    labels = header_labels(figures.headers, figures.columns)
    lines = "lines" in figures.required
    return [
        {
            "header": label,
            "label": REFERENCE_COLUMN_LABELS[column],
            "names": ", ".join(figures.headers[column]),
            "help": REFERENCE_COLUMN_HELP[column],
            "required": column in figures.required,
            "one_of": lines and column in ("lower", "baseline", "upper"),
        }
        for label, column in zip(labels, figures.columns, strict=True)
    ]


def _template(figures: _Figures) -> ViewResult:
    """An empty workbook to fill in, its instructions and examples on a second sheet."""
    if not can_keep_reference_figures(current_viewer()):
        abort(403)
    labels = header_labels(figures.headers, figures.columns)
    notes = [
        _("How to fill in the template"),
        _(
            "Fill in the first worksheet, one row per figure, under its header row. Only the "
            "first worksheet is imported: this one is not."
        ),
        *[
            _("%(column)s: %(help)s", column=label, help=REFERENCE_COLUMN_HELP[column])
            for label, column in zip(labels, figures.columns, strict=True)
        ],
        _("Nothing is saved unless every row is correct; each problem is named with its row."),
        _("Examples (they show the layout):"),
    ]
    body = figures.write([], title=str(figures.sheet), notes=notes, examples=figures.examples)
    return _xlsx(body, f"{figures.file_name}-template.xlsx")


def _export(figures: _Figures) -> ViewResult:
    rows = figures.export_rows(get_session())
    body = figures.write(rows, title=str(figures.sheet))
    return _xlsx(body, f"{figures.file_name}-{local_today().isoformat()}.xlsx")


def _xlsx(body: bytes, filename: str) -> ViewResult:
    response = make_response(body)
    response.headers["Content-Type"] = XLSX_MEDIA_TYPE
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    return response
