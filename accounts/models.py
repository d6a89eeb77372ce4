"""Accounts, their roles, and the failed-login throttle."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from db import UTCDateTime, enum_column, utcnow
from organizations.models import OrgKind


class Role(StrEnum):
    ADMIN = "admin"
    FEDERATION_CHAIR = "federation_chair"
    FEDERATION_STAFF = "federation_staff"
    ASSOCIATION_REP = "association_rep"
    UNION_CHAIR = "union_chair"
    ENTERPRISE_MANAGER = "enterprise_manager"
    BUREAU_REVIEWER = "bureau_reviewer"


# The kind of organisation each role acts for. An administrator may sit in any organisation
# (in practice the superior union that runs the system).
ROLE_ORG_KINDS: dict[Role, frozenset[OrgKind]] = {
    Role.ADMIN: frozenset(OrgKind),
    Role.FEDERATION_CHAIR: frozenset({OrgKind.FEDERATION}),
    Role.FEDERATION_STAFF: frozenset({OrgKind.FEDERATION}),
    Role.ASSOCIATION_REP: frozenset({OrgKind.ASSOCIATION, OrgKind.ENTERPRISE}),
    Role.UNION_CHAIR: frozenset({OrgKind.UNION}),
    Role.ENTERPRISE_MANAGER: frozenset({OrgKind.ENTERPRISE}),
    Role.BUREAU_REVIEWER: frozenset({OrgKind.BUREAU}),
}


def is_admin_role(role: Role) -> bool:
    """The one test of an administrator: User.is_admin and the Viewer's is_admin both ask it."""
    return role == Role.ADMIN


def new_session_nonce() -> str:
    return secrets.token_hex(8)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    display_name: str = Field(sa_column=Column(String(100), nullable=False))
    email: str | None = Field(default=None, sa_column=Column(String(254)))
    password_hash: str = Field(sa_column=Column(String(255), nullable=False))
    role: Role = Field(sa_column=enum_column(Role))
    organization_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("organization.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    must_change_password: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    # Part of the login cookie: rotating it (password reset, disable) ends every open session.
    session_nonce: str = Field(
        default_factory=new_session_nonce, sa_column=Column(String(16), nullable=False)
    )
    language: str | None = Field(default=None, sa_column=Column(String(8)))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    last_login_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))

    # Flask-Login's protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    @property
    def is_admin(self) -> bool:
        return is_admin_role(self.role)

    # The audit trail's actor (audit.trail.Actor), as for organizations.permissions.Viewer.
    @property
    def user_id(self) -> int:
        return self.id or 0

    @property
    def org_id(self) -> int:
        return self.organization_id


class LoginThrottle(SQLModel, table=True):
    """Failed logins per login name, kept whether or not an account has that name, so that the
    lock-out reveals nothing about which accounts exist."""

    name_key: str = Field(sa_column=Column(String(64), primary_key=True))
    failures: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    window_started_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    locked_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
