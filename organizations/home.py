"""The home page's presenter: what the viewer's organisation is party to, and what awaits it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from accounts.models import Role
from organizations.coverage import (
    PendingRequest,
    count_covered,
    covered_enterprises,
    pending_requests,
)
from organizations.models import Organization, OrgKind, Person, Region, Sector
from organizations.permissions import Viewer
from organizations.services import chair_of, covering_federations, filing_bureau, union_of


@dataclass
class PartySummary:
    """What the viewer's organisation is party to, for the home page."""

    org: Organization
    region: Region | None
    sector: Sector | None
    chair: Person | None
    counterpart: Organization | None = None
    covered_count: int = 0
    covered_sample: list[Organization] | None = None
    federations: list[Organization] | None = None
    union: Organization | None = None
    enterprise: Organization | None = None
    bureau: Organization | None = None
    jurisdiction_count: int = 0
    # Federations' requests to cover the viewer's enterprise, for its union chair (every
    # enterprise's for an administrator) to answer.
    requests: list[PendingRequest] = field(default_factory=list)


def party_summary(session: Session, viewer: Viewer) -> PartySummary:
    org = session.get(Organization, viewer.org_id)
    assert org is not None
    summary = PartySummary(
        org=org,
        region=session.get(Region, org.region_code),
        sector=session.get(Sector, org.sector_code) if org.sector_code else None,
        chair=chair_of(session, org),
    )
    if org.kind == OrgKind.FEDERATION:
        summary.counterpart = (
            session.get(Organization, org.counterpart_id) if org.counterpart_id else None
        )
        summary.covered_count = count_covered(session, org.id or 0)
        summary.covered_sample = covered_enterprises(session, viewer, org, page=1, per_page=8).items
    elif org.kind == OrgKind.ASSOCIATION:
        summary.federations = list(
            session.exec(
                select(Organization)
                .where(
                    Organization.kind == OrgKind.FEDERATION, Organization.counterpart_id == org.id
                )
                .order_by(col(Organization.name))
            )
        )
    elif org.kind in (OrgKind.ENTERPRISE, OrgKind.UNION):
        enterprise = session.get(Organization, org.enterprise_id) if org.enterprise_id else org
        summary.enterprise = enterprise
        summary.union = union_of(session, enterprise) if enterprise else None
        summary.federations = covering_federations(session, viewer, org)
        summary.bureau = filing_bureau(session, org)
    elif org.kind == OrgKind.BUREAU:
        summary.jurisdiction_count = session.exec(
            select(func.count())
            .select_from(Organization)
            .where(
                Organization.kind == OrgKind.ENTERPRISE,
                col(Organization.region_code).in_(sorted(viewer.jurisdiction)),
            )
        ).one()
    if org.kind in (OrgKind.FEDERATION, OrgKind.ASSOCIATION):
        summary.bureau = filing_bureau(session, org)
    if viewer.is_admin or viewer.role == Role.UNION_CHAIR:
        summary.requests = pending_requests(session, viewer)
    return summary
