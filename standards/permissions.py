"""Who reads and who keeps sector standards and the reference figures: a standard in force is read
by everyone whose area lies within it or above it (R12), a draft by its federation alone; the
sector's federation keeps its standard (R15); administrators keep the minimum wages and wage
guidelines. Pure, over the Viewer (the queries' clause aside)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, true
from sqlmodel import col

from organizations.models import Organization, OrgKind
from organizations.permissions import FEDERATION_ROLES, Viewer
from organizations.rules import coverage_problem, region_ancestors, region_contains, region_prefix
from standards.models import SectorStandard, StandardStatus


def can_view_standard(viewer: Viewer, viewer_region: str, standard: SectorStandard) -> bool:
    """A standard binds its sector in its area and is published to all it covers (R12):
    anyone whose area lies within it, or above it (the bureaus and unions over it), may read it.
    A draft (agreed values not yet in force) is its federation's alone."""
    if viewer.is_admin:
        return True
    if standard.status == StandardStatus.DRAFT:
        return standard.federation_id == viewer.org_id
    return region_contains(standard.region_code, viewer_region) or region_contains(
        viewer_region, standard.region_code
    )


def visible_standards_clause(viewer: Viewer, viewer_region: str) -> ColumnElement[bool]:
    """The standards can_view_standard lets the viewer read, as a query's condition."""
    if viewer.is_admin:
        return true()
    return and_(
        or_(
            col(SectorStandard.region_code).in_(region_ancestors(viewer_region)),
            col(SectorStandard.region_code).startswith(region_prefix(viewer_region)),
        ),
        or_(
            col(SectorStandard.status) != StandardStatus.DRAFT,
            col(SectorStandard.federation_id) == viewer.org_id,
        ),
    )


def can_start_standards(viewer: Viewer) -> bool:
    """Whether the viewer keeps any standard at all (the new-standard button)."""
    return viewer.is_admin or viewer.role in FEDERATION_ROLES


def can_edit_standards(
    viewer: Viewer, federation: Organization | None, *, region_code: str, sector_code: str
) -> bool:
    """The sector's federation keeps its standard (R15): the viewer's `federation` covers the
    standard's sector and area; administrators may too."""
    if viewer.is_admin:
        return True
    if viewer.role not in FEDERATION_ROLES or federation is None:
        return False
    if federation.kind != OrgKind.FEDERATION:
        return False
    return (
        coverage_problem(federation.region_code, federation.sector_code, region_code, sector_code)
        is None
    )


def can_keep_reference_figures(viewer: Viewer) -> bool:
    """Administrators keep the local minimum wages and the yearly wage guidelines."""
    return viewer.is_admin
