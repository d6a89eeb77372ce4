"""The names users read for roles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from accounts.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.FEDERATION_CHAIR: _l("Federation chair"),
    Role.FEDERATION_STAFF: _l("Federation staff"),
    Role.ASSOCIATION_REP: _l("Association representative"),
    Role.UNION_CHAIR: _l("Enterprise union chair"),
    Role.ENTERPRISE_MANAGER: _l("Enterprise management representative"),
    Role.BUREAU_REVIEWER: _l("Bureau reviewer"),
}
