"""Sector standard pages: the list, a standard as a table by job category with its history, and
importing a standard or a new version from a workbook."""

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

from audit import trail
from charts.cache import MEDIA_TYPES
from charts.web import chart_response
from db import get_session, local_today
from errors import DomainError
from form_tokens import already_sent, create_once
from organizations import services as org_services
from organizations.context import current_viewer
from organizations.models import Organization, Region, Sector
from pagination import clamp_page
from standards import minimum_checks, permissions, presenting, services, terms
from standards.forms import StandardForm, TermSetForm, compare_form_for
from standards.labels import STANDARD_EXPORTED, workbook_error_text
from standards.models import SectorStandard
from standards.validation import ItemsRefused
from standards.workbooks import (
    read_standard_workbook,
    write_standard_csv,
    write_standard_workbook,
)
from webforms import ViewResult, record_id, render_invalid, submitted

bp = Blueprint("standards", __name__)


def _home_region() -> str:
    org = get_session().get(Organization, current_viewer().org_id)
    assert org is not None
    return org.region_code


def _load(standard_id: int) -> SectorStandard:
    standard = get_session().get(SectorStandard, standard_id)
    if standard is None or not permissions.can_view_standard(
        current_viewer(), _home_region(), standard
    ):
        abort(404)
    return standard


@bp.get("/standards")
@login_required
def index() -> ViewResult:
    page = services.visible_standards(
        get_session(),
        current_viewer(),
        _home_region(),
        page=clamp_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "standards/index.html",
        page=page,
        can_start=permissions.can_start_standards(current_viewer()),
        own_enterprise_id=terms.own_enterprise_id(current_viewer()),
    )


@bp.get("/standards/<int:standard_id>")
@login_required
def detail(standard_id: int) -> ViewResult:
    db = get_session()
    standard = _load(standard_id)
    items = services.items_of(db, standard)
    kinds, rows = presenting.table_by_category(items)
    floors = presenting.pay_floors(items)
    minimum = minimum_checks.minimum_wage_for(db, standard)
    return render_template(
        "standards/detail.html",
        standard=standard,
        sector=db.get(Sector, standard.sector_code),
        region=db.get(Region, standard.region_code),
        kinds=kinds,
        rows=rows,
        minimum=minimum,
        history=services.history(db, standard),
        can_revise=permissions.can_start_standards(current_viewer()),
        floors=floors,
        floor_rows=presenting.floor_rows(floors, minimum.record.monthly if minimum else None),
        rises=presenting.rises_against_guidelines(db, standard),
    )


# Charts load matplotlib (a third of a second) on the first chart, not at every start-up.


@bp.get("/standards/<int:standard_id>/pay-floors.<fmt>")
@login_required
def pay_floor_chart(standard_id: int, fmt: str) -> ViewResult:
    """The pay floors by job category against the minimum wage, PNG or SVG, cached by content."""
    if fmt not in MEDIA_TYPES:
        abort(404)
    db = get_session()
    standard = _load(standard_id)
    floors = presenting.pay_floors(services.items_of(db, standard))
    minimum = minimum_checks.minimum_wage_for(db, standard)
    params = {
        "title": standard.title,
        "floors": floors,
        "minimum": minimum.record.monthly if minimum else None,
        "label": _("Minimum wage"),
    }

    def render() -> bytes:
        from standards import charts

        return charts.pay_floor_chart(
            standard.title, floors, params["minimum"], params["label"], fmt
        )

    return chart_response("pay_floors", params, render, fmt)


@bp.get("/standards/<int:standard_id>/rises.<fmt>")
@login_required
def rise_chart(standard_id: int, fmt: str) -> ViewResult:
    """The annual rise of each version against the year's wage-guideline band (R17)."""
    if fmt not in MEDIA_TYPES:
        abort(404)
    db = get_session()
    standard = _load(standard_id)
    rises = presenting.rises_against_guidelines(db, standard)
    params = {
        "title": standard.title,
        "rises": [(r.year, r.rise, r.lower, r.baseline, r.upper) for r in rises],
        "labels": [_("Annual rise"), _("Guideline band"), _("Guideline baseline")],
    }

    def render() -> bytes:
        from standards import charts

        return charts.trend_chart(
            standard.title,
            [r.year for r in rises],
            [(params["labels"][0], [r.rise for r in rises])],
            [(r.year, r.lower, r.baseline, r.upper) for r in rises],
            "%",
            fmt,
            band_label=params["labels"][1],
            baseline_label=params["labels"][2],
        )

    return chart_response("rises", params, render, fmt)


@bp.get("/standards/<int:standard_id>.<fmt>")
@login_required
def export(standard_id: int, fmt: str) -> ViewResult:
    """The standard as an Excel workbook or a CSV file (UTF-8 with a BOM, which Excel needs)."""
    if fmt not in ("xlsx", "csv"):
        abort(404)
    standard = _load(standard_id)
    rows, headers = presenting.export_rows(get_session(), standard)
    if fmt == "xlsx":
        body = write_standard_workbook(standard.title, rows, headers)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = write_standard_csv(rows, headers).encode("utf-8-sig")
        mimetype = "text/csv; charset=utf-8"
    filename = f"{standard.title}-{standard.effective_from.isoformat()}.{fmt}"
    trail.record(
        get_session(),
        actor=current_viewer(),
        action=STANDARD_EXPORTED,
        subject=standard,
        what=filename,
    )
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = (
        f"attachment; filename=standard-{standard.id}.{fmt}; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _form(**data: Any) -> StandardForm:
    db = get_session()
    return StandardForm(
        regions=org_services.regions(db), sectors=org_services.sectors(db), data=data or None
    )


@bp.route("/standards/new", methods=["GET", "POST"])
@bp.route("/standards/<int:standard_id>/new-version", methods=["GET", "POST"])
@login_required
def create(standard_id: int | None = None) -> ViewResult:
    viewer = current_viewer()
    if not permissions.can_start_standards(viewer):
        abort(403)
    previous = _load(standard_id) if standard_id else None
    defaults = services.new_standard_defaults(get_session(), viewer, previous)
    form = _form(**defaults)
    context = {"previous": previous}

    def save() -> ViewResult:
        data = services.StandardData(
            sector_code=form.sector_code.data,
            region_code=form.region_code.data,
            title=form.title.data,
            effective_from=form.effective_from.data,
            effective_to=form.effective_to.data,
        )
        created = create_once(
            get_session(),
            form.form_token.data,
            user_id=viewer.user_id,
            object_type="sector_standard",
            create=lambda: services.save_standard(
                get_session(), viewer, data, _read_items(form), supersedes=previous
            ),
        )
        url = url_for("standards.detail", standard_id=created.object_id)
        if created.earlier:
            return already_sent(url)
        flash(_("%(title)s has been saved.", title=data.title.strip()), "success")
        return redirect(url)

    return submitted(form, "standards/form.html", save, **context)


def _read_items(form: Any) -> list[services.ItemData]:
    """The workbook's items; ItemsRefused with every row's problem (shown beside the file)."""
    parsed = read_standard_workbook(form.workbook.data.read())
    if parsed.errors:
        raise ItemsRefused(
            [
                workbook_error_text(
                    e.row, e.column, e.code, e.first_row, parsed.kinds.get(e.row or 0)
                )
                for e in parsed.errors
            ]
        )
    return [
        services.ItemData(r.kind, r.job_category, r.value, r.unit, r.direction, r.note, row=r.row)
        for r in parsed.items
    ]


@bp.route("/enterprises/<int:org_id>/terms/new", methods=["GET", "POST"])
@login_required
def new_terms(org_id: int) -> ViewResult:
    """Import an enterprise's own terms, to compare them with the sector standard."""
    db = get_session()
    try:
        enterprise = org_services.get_visible(db, current_viewer(), org_id)
    except DomainError:
        abort(404)
    covering = org_services.covering_federation_ids(db, enterprise)
    if not terms.can_keep_terms(current_viewer(), enterprise, covering):
        abort(403)
    form = TermSetForm()

    def save() -> ViewResult:
        created = create_once(
            db,
            form.form_token.data,
            user_id=current_viewer().user_id,
            object_type="term_set",
            create=lambda: terms.save_term_set(
                db,
                current_viewer(),
                enterprise,
                title=form.title.data,
                as_of=form.as_of.data,
                items=_read_items(form),
            ),
        )
        if created.earlier:
            return already_sent(url_for("standards.index"))
        flash(_("%(title)s has been saved.", title=form.title.data.strip()), "success")
        return redirect(url_for("standards.index"))

    return submitted(form, "standards/terms_form.html", save, enterprise=enterprise)


@bp.route("/standards/<int:standard_id>/compare", methods=["GET", "POST"])
@login_required
def compare(standard_id: int) -> ViewResult:
    """Enter a set of terms (an enterprise's, or a draft's) and see, item by item, how it stands
    against the standard and the minimum wage."""
    db = get_session()
    standard = _load(standard_id)
    items = services.items_of(db, standard)
    form = compare_form_for(items)()
    choices = terms.comparable_term_sets(db, current_viewer(), standard)
    context: dict[str, Any] = {
        "standard": standard,
        "items": items,
        "result": None,
        "saved_terms": choices,
        "chosen": None,
        "minimum": minimum_checks.minimum_wage_for(db, standard),
        "on": None,
        "minimum_wording": minimum_checks.minimum_wording,
        "summaries": terms.summarise_term_sets(db, standard, [t.id or 0 for t, _org in choices])
        if choices
        else {},
    }
    chosen_id = request.args.get("terms", type=record_id)
    if request.method == "GET" and chosen_id is not None:
        chosen = next(((t, org) for t, org in choices if t.id == chosen_id), None)
        if chosen is None:
            abort(404)
        chosen_terms, on = terms.saved_terms(db, chosen[0]), chosen[0].as_of
        context["chosen"] = chosen
    elif form.validate_on_submit():
        entered = {
            item.id or 0: form[f"item_{item.id}"].data
            for item in items
            if form[f"item_{item.id}"].data is not None
        }
        chosen_terms, on = services.entered_terms(items, entered), local_today()
    else:
        return render_invalid("standards/compare.html", form, **context)
    context["on"] = on
    context["result"] = services.compare_terms(db, standard, chosen_terms, on)
    return render_template("standards/compare.html", form=form, **context)
