"""The names users read for organisation kinds, positions and coverage statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from organizations.models import COVERAGE_MACHINE, CoverageStatus, OrgKind, Position

KIND_LABELS = {
    OrgKind.FEDERATION: _l("Union federation"),
    OrgKind.ASSOCIATION: _l("Trade association"),
    OrgKind.ENTERPRISE: _l("Enterprise"),
    OrgKind.UNION: _l("Enterprise union"),
    OrgKind.BUREAU: _l("Labour bureau"),
    OrgKind.SUPERIOR_UNION: _l("Superior union"),
}

KIND_PLURALS = {
    OrgKind.FEDERATION: _l("Federations"),
    OrgKind.ASSOCIATION: _l("Trade associations"),
    OrgKind.ENTERPRISE: _l("Enterprises"),
    OrgKind.UNION: _l("Enterprise unions"),
    OrgKind.BUREAU: _l("Labour bureaus"),
    OrgKind.SUPERIOR_UNION: _l("Superior unions"),
}

POSITION_LABELS = {
    Position.CHAIR: _l("Chair / head"),
    Position.VICE_CHAIR: _l("Vice-chair"),
    Position.LEGAL_REPRESENTATIVE: _l("Legal representative"),
    Position.MANAGER: _l("Manager"),
    Position.STAFF: _l("Staff"),
    Position.REVIEWER: _l("Reviewer"),
    Position.MEMBER: _l("Member"),
}

COVERAGE_STATUS_LABELS = {
    CoverageStatus.REQUESTED: _l("Awaiting the enterprise union's answer"),
    CoverageStatus.ACCEPTED: _l("Accepted"),
    CoverageStatus.DECLINED: _l("Declined"),
    CoverageStatus.WITHDRAWN: _l("Withdrawn"),
    CoverageStatus.ENDED: _l("Ended"),
}
COVERAGE_MACHINE.describe(_l("Coverage"), COVERAGE_STATUS_LABELS)
