"""Imports every package's models so that SQLModel's metadata holds the whole schema."""

import concurrency
import form_tokens
from accounts import models as accounts_models
from audit import models as audit_models
from bargaining import models as bargaining_models
from contracts import models as contracts_models
from organizations import models as organizations_models
from organizations import search as organizations_search  # the name index's flush hook
from reminders import models as reminders_models
from standards import models as standards_models

__all__ = [
    "accounts_models",
    "audit_models",
    "bargaining_models",
    "concurrency",
    "contracts_models",
    "form_tokens",
    "organizations_models",
    "organizations_search",
    "reminders_models",
    "standards_models",
]
