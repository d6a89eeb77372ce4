"""Who may manage accounts. Pure: the views and templates ask these, services enforce them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User


def can_manage_users(user: User) -> bool:
    return user.is_authenticated and user.is_admin


def require_admin(user: User) -> None:
    if not can_manage_users(user):
        raise DomainError(_l("Only an administrator may do this."), status=403)
