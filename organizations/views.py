"""Home page, organisation lists, records, coverage and people."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.forms import ActionForm
from accounts.permissions import can_manage_users
from accounts.services import users_of
from concurrency import show_version
from db import get_session
from errors import DomainError
from form_tokens import already_sent, create_once
from organizations import coverage, edit_versions, records, services
from organizations.context import current_viewer
from organizations.forms import CoverageForm, OrganizationForm, PersonForm, form_class_for
from organizations.home import party_summary
from organizations.labels import COVERAGE_STATUS_LABELS
from organizations.models import Organization, OrgKind, Person, Position, Region, Sector
from organizations.permissions import (
    can_create_org,
    can_edit_org,
    can_manage_coverage,
)
from pagination import clamp_page
from webforms import ViewResult, record_id, submitted

bp = Blueprint("organizations", __name__)


def _load(org_id: int) -> Organization:
    try:
        return services.get_visible(get_session(), current_viewer(), org_id)
    except DomainError:
        abort(404)


def _kind_arg(raw: str | None, default: OrgKind = OrgKind.ENTERPRISE) -> OrgKind:
    try:
        return OrgKind(raw) if raw else default
    except ValueError:
        abort(404)


@bp.get("/")
@login_required
def home() -> ViewResult:
    summary = party_summary(get_session(), current_viewer())
    return render_template("organizations/home.html", summary=summary, action_form=ActionForm())


@bp.get("/organizations")
@login_required
def index() -> ViewResult:
    kind = _kind_arg(request.args.get("kind"))
    query = request.args.get("q", "").strip()[:100]
    page = services.search_organizations(
        get_session(),
        current_viewer(),
        kind=kind,
        query=query,
        page=clamp_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "organizations/index.html",
        kind=kind,
        query=query,
        page=page,
        can_create=can_create_org(current_viewer(), kind) and kind != OrgKind.UNION,
    )


@bp.get("/organizations/<int:org_id>")
@login_required
def detail(org_id: int) -> ViewResult:
    return _record_page(_load(org_id))


def _record_page(org: Organization, coverage_form: CoverageForm | None = None) -> str:
    """An organisation's page: its record, people, and what it is party to that the viewer
    may see. Records outside the viewer's visibility are left out, not linked to."""
    db = get_session()
    viewer = current_viewer()
    covering = services.covering_federation_ids(db, org)
    context: dict[str, Any] = {
        "org": org,
        "region": db.get(Region, org.region_code),
        "sector": db.get(Sector, org.sector_code) if org.sector_code else None,
        "people": services.people_of(db, org),
        "can_edit": can_edit_org(viewer, org, covering),
        "action_form": ActionForm(),
        "accounts": users_of(db, org.id or 0) if can_manage_users(current_user) else None,
        "bureau": services.filing_bureau(db, org) if org.kind != OrgKind.BUREAU else None,
    }
    if org.kind == OrgKind.FEDERATION:
        context.update(
            counterpart=services.visible_or_none(db, viewer, org.counterpart_id),
            covered=coverage.covered_enterprises(
                db,
                viewer,
                org,
                page=clamp_page(request.args.get("page")),
                per_page=current_app.config["PAGE_SIZE"],
            ),
            covered_count=coverage.count_covered(db, org.id or 0),
            can_manage_coverage=can_manage_coverage(viewer, org),
            coverage_requests=(
                coverage.requests_of(db, org) if can_manage_coverage(viewer, org) else []
            ),
            COVERAGE_STATUS_LABELS=COVERAGE_STATUS_LABELS,
            coverage_form=coverage_form or CoverageForm(formdata=None),
        )
    if org.kind in (OrgKind.ENTERPRISE, OrgKind.UNION):
        context["federations"] = services.covering_federations(db, viewer, org)
    if org.kind == OrgKind.ENTERPRISE:
        context["requests"] = coverage.pending_requests(db, viewer, enterprise_id=org.id)
        union = services.union_of(db, org)
        context["union"] = services.visible_or_none(db, viewer, union.id) if union else None
        context["can_add_union"] = (
            union is None
            and can_create_org(viewer, OrgKind.UNION)
            and can_edit_org(viewer, org, covering)
        )
    if org.kind == OrgKind.UNION:
        context["enterprise"] = services.visible_or_none(db, viewer, org.enterprise_id)
        context["chair"] = services.chair_of(db, org)
    return render_template("organizations/detail.html", **context)


def _form(kind: OrgKind, obj: Organization | None = None, **extra: Any) -> OrganizationForm:
    db = get_session()
    kwargs: dict[str, Any] = {"regions": services.regions(db), "sectors": services.sectors(db)}
    if kind == OrgKind.FEDERATION:
        # Choosing the counterpart is an administrator's; others see only the current one.
        viewer = current_viewer()
        current = services.visible_or_none(db, viewer, obj.counterpart_id if obj else None)
        everyone = viewer.is_admin
        kwargs["associations"] = (
            services.associations(db) if everyone else [c for c in [current] if c]
        )
    return form_class_for(kind)(obj=obj, **kwargs, **extra)


def _org_data(form: OrganizationForm) -> records.OrgData:
    fields = records.OrgData.__dataclass_fields__
    return records.OrgData(**{name: form[name].data for name in fields if name in form})


@bp.route("/organizations/new/<kind>", methods=["GET", "POST"])
@login_required
def create(kind: str) -> ViewResult:
    org_kind = _kind_arg(kind)
    if not can_create_org(current_viewer(), org_kind):
        abort(403)
    db = get_session()
    enterprise = None
    if org_kind == OrgKind.UNION:
        enterprise = _load(request.args.get("enterprise", type=record_id) or 0)
    defaults = records.new_record_defaults(db, current_viewer(), org_kind, enterprise)
    form = _form(org_kind, data=defaults)
    context = {"kind": org_kind, "org": None, "enterprise": enterprise}

    def create() -> ViewResult:
        org = records.create_organization(
            db,
            current_viewer(),
            org_kind,
            _org_data(form),
            enterprise=enterprise,
            chair_name=form.chair_name.data if "chair_name" in form else None,
        )
        flash(_("%(name)s has been created.", name=org.name), "success")
        return redirect(url_for("organizations.detail", org_id=org.id))

    return submitted(form, "organizations/form.html", create, **context)


@bp.route("/organizations/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int) -> ViewResult:
    db = get_session()
    org = _load(org_id)
    if not can_edit_org(current_viewer(), org, services.covering_federation_ids(db, org)):
        abort(403)
    form = _form(org.kind, obj=org)
    if org.kind == OrgKind.UNION and request.method == "GET":
        chair = services.chair_of(db, org)
        form.chair_name.data = chair.name if chair else ""
    context = {"kind": org.kind, "org": org, "enterprise": None}
    show_version(form, lambda: edit_versions.organization_version(db, org, form))

    def save() -> ViewResult:
        edit_versions.claim_organization(db, org, form, actor_id=current_viewer().user_id)
        records.update_organization(
            db,
            current_viewer(),
            org,
            _org_data(form),
            chair_name=form.chair_name.data if "chair_name" in form else None,
        )
        flash(_("%(name)s has been saved.", name=org.name), "success")
        return redirect(url_for("organizations.detail", org_id=org.id))

    return submitted(form, "organizations/form.html", save, **context)


@bp.post("/organizations/<int:org_id>/coverage")
@login_required
def add_coverage(org_id: int) -> ViewResult:
    db = get_session()
    federation = _load(org_id)
    if federation.kind != OrgKind.FEDERATION or not can_manage_coverage(
        current_viewer(), federation
    ):
        abort(403)
    form = CoverageForm()

    def cover() -> ViewResult:
        coverage.request_coverage(db, current_viewer(), federation, form.credit_code.data)
        flash(str(coverage.REQUEST_SENT), "success")
        return redirect(url_for("organizations.detail", org_id=org_id))

    return submitted(form, lambda: _record_page(federation, form), cover)


@bp.post("/organizations/<int:org_id>/coverage/<int:enterprise_id>/remove")
@login_required
def remove_coverage(org_id: int, enterprise_id: int) -> ViewResult:
    db = get_session()
    federation = _load(org_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    coverage.end_coverage(db, current_viewer(), federation, enterprise_id)
    flash(_("The enterprise is no longer covered."), "success")
    return redirect(url_for("organizations.detail", org_id=org_id))


def _load_person(org: Organization, person_id: int) -> Person:
    person = get_session().get(Person, person_id)
    if person is None or person.organization_id != org.id:
        abort(404)
    return person


@bp.route("/organizations/<int:org_id>/people/new", methods=["GET", "POST"])
@bp.route("/organizations/<int:org_id>/people/<int:person_id>", methods=["GET", "POST"])
@login_required
def person(org_id: int, person_id: int | None = None) -> ViewResult:
    db = get_session()
    org = _load(org_id)
    if not can_edit_org(current_viewer(), org, services.covering_federation_ids(db, org)):
        abort(403)
    existing = _load_person(org, person_id) if person_id else None
    form = PersonForm(obj=existing)
    if existing is not None:
        show_version(form, lambda: edit_versions.person_version(db, existing))
    context = {"org": org, "person": existing}

    def save() -> ViewResult:
        data = records.PersonData(
            name=form.name.data,
            position=Position(form.position.data),
            title=form.title.data,
            phone=form.phone.data,
            email=form.email.data,
        )
        if existing is not None:
            edit_versions.claim_person(db, existing, form, actor_id=current_viewer().user_id)
        created = create_once(
            db,
            form.form_token.data if existing is None else None,
            user_id=current_viewer().user_id,
            object_type="person",
            create=lambda: records.save_person(db, current_viewer(), org, data, existing),
        )
        back = url_for("organizations.detail", org_id=org.id)
        if created.earlier:
            return already_sent(back)
        flash(_("%(name)s has been saved.", name=data.name), "success")
        return redirect(back)

    return submitted(form, "organizations/person_form.html", save, **context)


@bp.post("/organizations/<int:org_id>/people/<int:person_id>/delete")
@login_required
def delete_person(org_id: int, person_id: int) -> ViewResult:
    db = get_session()
    org = _load(org_id)
    if not can_edit_org(current_viewer(), org, services.covering_federation_ids(db, org)):
        abort(403)
    existing = _load_person(org, person_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    records.delete_person(db, current_viewer(), org, existing)
    flash(_("%(name)s has been removed.", name=existing.name), "success")
    return redirect(url_for("organizations.detail", org_id=org.id))
