"""A federation's coverage of enterprises: requests, the union's answer, withdrawal and ending.

A federation asks to cover an enterprise by its credit code; the enterprise's union accepts or
declines (or an administrator approves), and only accepted coverage opens the enterprise's record
and people to the federation. The federation is answered the same way whatever the code names,
so that the form does not tell it which credit codes are registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from audit import trail
from db import utcnow
from errors import DomainError, NotFound
from organizations import rules
from organizations.models import (
    OPEN_COVERAGE,
    Coverage,
    CoverageStatus,
    Organization,
    OrgKind,
    Region,
    Sector,
)
from organizations.permissions import (
    FORBIDDEN,
    Viewer,
    can_decide_coverage,
    can_manage_coverage,
    visible_clause,
)
from pagination import Page, paginate
from workflow.machine import transition

COVERAGE_REQUESTED = "coverage_requested"
COVERAGE_REGISTERED = "coverage_registered"
trail.register_actions(
    {
        COVERAGE_REQUESTED: _l("Coverage requested for credit code %(credit_code)s"),
        COVERAGE_REGISTERED: _l("Coverage begun with the enterprise's registration"),
    }
)

ASKED_ALREADY = _l(
    "This federation has asked about this credit code already, or covers that enterprise."
)
REQUEST_SENT = _l(
    "Your request has been recorded. If an enterprise with this credit code is registered in "
    "your area and sector, its union is asked to accept it; you will see the enterprise here "
    "once it does."
)
MAX_REQUESTS_SHOWN = 100


# --- reading -------------------------------------------------------------------------------------


def covered_enterprises(
    session: Session, viewer: Viewer, federation: Organization, *, page: int, per_page: int
) -> Page:
    """The enterprises the federation covers (accepted) that the viewer may see (an enterprise
    sees itself among them)."""
    stmt = (
        select(Organization)
        .join(Coverage, col(Coverage.enterprise_id) == Organization.id)
        .where(
            Coverage.federation_id == federation.id,
            Coverage.status == CoverageStatus.ACCEPTED,
            visible_clause(viewer, OrgKind.ENTERPRISE),
        )
        .order_by(col(Organization.name), col(Organization.id))
    )
    return paginate(session, stmt, page=page, per_page=per_page)


def count_covered(session: Session, federation_id: int) -> int:
    stmt = (
        select(func.count())
        .select_from(Coverage)
        .where(Coverage.federation_id == federation_id, Coverage.status == CoverageStatus.ACCEPTED)
    )
    return session.exec(stmt).one()


def requests_of(session: Session, federation: Organization) -> list[Coverage]:
    """The federation's requests awaiting an answer, and those declined, newest first. They name
    the credit code the federation typed, never the enterprise (it may not know there is one)."""
    stmt = (
        select(Coverage)
        .where(
            Coverage.federation_id == federation.id,
            col(Coverage.status).in_([CoverageStatus.REQUESTED, CoverageStatus.DECLINED]),
        )
        .order_by(col(Coverage.updated_at).desc(), col(Coverage.id).desc())
        .limit(MAX_REQUESTS_SHOWN)
    )
    return list(session.exec(stmt))


@dataclass(frozen=True)
class PendingRequest:
    """A request awaiting the answer of an enterprise's union (or an administrator)."""

    coverage: Coverage
    federation: Organization
    enterprise: Organization


def pending_requests(
    session: Session, viewer: Viewer, *, enterprise_id: int | None = None
) -> list[PendingRequest]:
    """The requests the viewer may answer: a union chair's for its enterprise, an administrator's
    for any enterprise (or the one given)."""
    if not viewer.is_admin:
        if viewer.enterprise_id is None or enterprise_id not in (None, viewer.enterprise_id):
            return []
        enterprise_id = viewer.enterprise_id
    stmt = (
        select(Coverage, Organization)
        .join(Organization, col(Organization.id) == col(Coverage.enterprise_id))
        .where(Coverage.status == CoverageStatus.REQUESTED)
        .order_by(col(Coverage.created_at), col(Coverage.id))
        .limit(MAX_REQUESTS_SHOWN)
    )
    if enterprise_id is not None:
        stmt = stmt.where(Coverage.enterprise_id == enterprise_id)
    rows = [(c, e) for c, e in session.exec(stmt) if can_decide_coverage(viewer, c)]
    asking = {c.federation_id for c, _ in rows}
    federations = {
        f.id: f for f in session.exec(select(Organization).where(col(Organization.id).in_(asking)))
    }
    return [PendingRequest(c, federations[c.federation_id], e) for c, e in rows]


def load_request(session: Session, viewer: Viewer, coverage_id: int) -> Coverage:
    """A request (or coverage) the viewer may answer; NotFound for anyone else, so that another
    enterprise's union learns nothing of it."""
    coverage = session.get(Coverage, coverage_id)
    if coverage is None or not can_decide_coverage(viewer, coverage):
        raise NotFound()
    return coverage


# --- writing -------------------------------------------------------------------------------------


def check_coverage(
    session: Session, federation: Organization, region_code: str, sector_code: str | None
) -> None:
    """Refuse an enterprise that lies outside the federation's area or sector."""
    problem = rules.coverage_problem(
        federation.region_code, federation.sector_code, region_code, sector_code
    )
    if problem == "area":
        region = session.get(Region, federation.region_code)
        raise DomainError(
            _l(
                "%(federation)s covers enterprises in %(area)s only.",
                federation=federation.name,
                area=region.full_name if region else federation.region_code,
            ),
            field="region_code",
        )
    if problem == "sector":
        sector = session.get(Sector, federation.sector_code) if federation.sector_code else None
        raise DomainError(
            _l(
                "%(federation)s covers the %(sector)s sector only.",
                federation=federation.name,
                sector=sector.name if sector else federation.sector_code,
            ),
            field="sector_code",
        )


def grant_coverage(
    session: Session, federation: Organization, enterprise: Organization, *, actor: Viewer | None
) -> Coverage:
    """Coverage in force from the start, for an enterprise the federation registers itself (or
    the demo and the command line seed): no one else's record is taken over."""
    coverage = Coverage(
        federation_id=federation.id or 0,
        enterprise_id=enterprise.id,
        credit_code=enterprise.credit_code or "",
        status=CoverageStatus.ACCEPTED,
    )
    session.add(coverage)
    session.flush()
    trail.record(session, actor=actor, action=COVERAGE_REGISTERED, subject=coverage)
    return coverage


def request_coverage(
    session: Session, viewer: Viewer, federation: Organization, credit_code: str
) -> Coverage:
    """Ask to cover the enterprise registered with `credit_code`.

    The request is stored under the code whatever it names: an enterprise in the federation's
    area and sector (its union is then asked), one outside them, one the federation may not see,
    or none at all. Each case runs the same statements and gives the same answer, so the answer
    tells the federation nothing about which codes are registered."""
    if not can_manage_coverage(viewer, federation):
        raise DomainError(FORBIDDEN, status=403)
    code = rules.normalise_credit_code(credit_code)
    enterprise = session.exec(
        select(Organization).where(
            Organization.credit_code == code, Organization.kind == OrgKind.ENTERPRISE
        )
    ).first()
    reaches = enterprise is not None and (
        rules.coverage_problem(
            federation.region_code,
            federation.sector_code,
            enterprise.region_code,
            enterprise.sector_code,
        )
        is None
    )
    enterprise_id = enterprise.id if reaches and enterprise is not None else None
    asked = session.exec(
        select(Coverage.id).where(
            Coverage.federation_id == federation.id,
            col(Coverage.status).in_(OPEN_COVERAGE),
            or_(
                col(Coverage.credit_code) == code,
                col(Coverage.enterprise_id) == (enterprise_id or 0),
            ),
        )
    ).first()
    if asked is not None:
        raise DomainError(ASKED_ALREADY, field="credit_code")
    request = Coverage(
        federation_id=federation.id or 0,
        enterprise_id=enterprise_id,
        credit_code=code,
        status=CoverageStatus.REQUESTED,
    )
    try:
        with session.begin_nested():
            session.add(request)
    except IntegrityError as error:  # the same request, sent meanwhile by someone else
        raise DomainError(ASKED_ALREADY, field="credit_code", status=409) from error
    trail.record(
        session, actor=viewer, action=COVERAGE_REQUESTED, subject=request, credit_code=code
    )
    session.flush()
    return request


def _move(
    session: Session,
    viewer: Viewer,
    coverage: Coverage,
    to: CoverageStatus,
    reason: str | None = None,
) -> None:
    """A coverage's status moved through the status machine (which records it), stamped."""
    transition(coverage, to, actor=viewer, reason=reason, session=session)
    coverage.updated_at = utcnow()
    session.flush()


def accept_coverage(session: Session, viewer: Viewer, coverage: Coverage) -> None:
    """The enterprise's union accepts (or an administrator approves) a federation's request.
    Accepting what is accepted already (a second press of the button) changes nothing."""
    if not can_decide_coverage(viewer, coverage):
        raise NotFound()
    if coverage.status == CoverageStatus.ACCEPTED:
        return
    _move(session, viewer, coverage, CoverageStatus.ACCEPTED)


def decline_coverage(session: Session, viewer: Viewer, coverage: Coverage, reason: str) -> None:
    """The enterprise's union declines a federation's request, saying why (the federation sees
    the reason)."""
    if not can_decide_coverage(viewer, coverage):
        raise NotFound()
    reason = reason.strip()
    if not reason:
        raise DomainError(_l("Say why you decline the request."), field="reason")
    if coverage.status == CoverageStatus.DECLINED:
        return
    coverage.reason = reason
    _move(session, viewer, coverage, CoverageStatus.DECLINED, reason)


def withdraw_request(
    session: Session, viewer: Viewer, federation: Organization, credit_code: str
) -> Coverage:
    """The federation withdraws its request about a credit code before it is answered."""
    if not can_manage_coverage(viewer, federation):
        raise DomainError(FORBIDDEN, status=403)
    request = session.exec(
        select(Coverage).where(
            Coverage.federation_id == federation.id,
            Coverage.credit_code == rules.normalise_credit_code(credit_code),
            Coverage.status == CoverageStatus.REQUESTED,
        )
    ).first()
    if request is None:
        raise NotFound()
    _move(session, viewer, request, CoverageStatus.WITHDRAWN)
    return request


def end_coverage(
    session: Session, viewer: Viewer, federation: Organization, enterprise_id: int
) -> Coverage:
    """The federation stops covering an enterprise (its coverage ends; the history stays)."""
    if not can_manage_coverage(viewer, federation):
        raise DomainError(FORBIDDEN, status=403)
    coverage = session.exec(
        select(Coverage).where(
            Coverage.federation_id == federation.id,
            Coverage.enterprise_id == enterprise_id,
            Coverage.status == CoverageStatus.ACCEPTED,
        )
    ).first()
    if coverage is None:
        raise NotFound()
    _move(session, viewer, coverage, CoverageStatus.ENDED)
    return coverage
