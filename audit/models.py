"""The audit row: written once, never updated or deleted (the ORM refuses, and so do triggers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapper
from sqlmodel import Field, SQLModel

from db import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """One thing a person (or the system, with no actor) did to one object.

    `subject` is the record whose history shows the row (a negotiation, an agreement, an
    organisation, an account); `object` is the exact record acted on when it is a part of the
    subject (a session, a version, a settlement). `before` and `after` are status values for a
    status change; `details` holds the figures the action's words are filled with when shown.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_subject", "subject_type", "subject_id", "id"),
        Index("ix_audit_entry_actor", "actor_id", "id"),
        Index("ix_audit_entry_org", "organization_id", "id"),
        Index("ix_audit_entry_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    actor_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id"), nullable=True)
    )
    # The actor's organisation when they acted (an account may later move): the admin's filter.
    organization_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("organization.id"), nullable=True)
    )
    action: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    subject_type: str = Field(sa_column=Column(String(32), nullable=False))
    subject_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    object_type: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    object_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    before: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    after: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    details: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict)
    )


class AuditRowImmutable(RuntimeError):
    """Code tried to change or delete an audit row: a defect, never a user's mistake."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(_mapper: Mapper[Any], _connection: Any, target: AuditEntry) -> None:
    raise AuditRowImmutable(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(_mapper: Mapper[Any], _connection: Any, target: AuditEntry) -> None:
    raise AuditRowImmutable(f"audit entry {target.id} cannot be deleted")
