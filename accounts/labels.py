"""The names users read for roles, and the words of the account actions in the audit trail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from accounts.models import Role
from audit import trail

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.FEDERATION_CHAIR: _l("Federation chair"),
    Role.FEDERATION_STAFF: _l("Federation staff"),
    Role.ASSOCIATION_REP: _l("Association representative"),
    Role.UNION_CHAIR: _l("Enterprise union chair"),
    Role.ENTERPRISE_MANAGER: _l("Enterprise management representative"),
    Role.BUREAU_REVIEWER: _l("Bureau reviewer"),
}


ACCOUNT_CREATED = "account_created"
ACCOUNT_CHANGED = "account_changed"
ACCOUNT_ENABLED = "account_enabled"
ACCOUNT_DISABLED = "account_disabled"
PASSWORD_RESET = "password_reset"
PASSWORD_CHANGED = "password_changed"
trail.register_actions(
    {
        ACCOUNT_CREATED: _l("Created the account %(login)s"),
        ACCOUNT_CHANGED: _l("Changed the account (role: %(role)s)"),
        ACCOUNT_ENABLED: _l("Enabled the account"),
        ACCOUNT_DISABLED: _l("Disabled the account"),
        PASSWORD_RESET: _l("Reset the password"),
        PASSWORD_CHANGED: _l("Changed their own password"),
    }
)
trail.register_subject("user", _l("Account"))
trail.register_detail_words("role", {role.value: words for role, words in ROLE_LABELS.items()})
