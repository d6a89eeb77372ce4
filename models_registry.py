"""Imports every package's models so that SQLModel's metadata holds the whole schema."""

from accounts import models as accounts_models
from organizations import models as organizations_models
from organizations import search as organizations_search  # the name index's flush hook
from standards import models as standards_models

__all__ = ["accounts_models", "organizations_models", "organizations_search", "standards_models"]
