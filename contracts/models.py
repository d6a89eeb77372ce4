"""Agreements, their immutable text versions (a hash chain), and comments on their articles."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel

from bargaining.models import Side
from db import UTCDateTime, enum_column, utcnow
from workflow.machine import Machine


class AgreementKind(StrEnum):
    COLLECTIVE = "collective"  # 集体合同
    SPECIAL_WAGE = "special_wage"  # 工资专项集体合同
    OTHER_SPECIAL = "other_special"  # 其他专项集体合同（劳动安全卫生、女职工权益保护 …）


class AgreementLevel(StrEnum):
    SECTOR = "sector"  # 行业性
    REGIONAL = "regional"  # 区域性
    ENTERPRISE = "enterprise"  # 企业


class AgreementStatus(StrEnum):
    """Where the text stands; the congress vote, signature and filing issues add their steps."""

    DRAFTING = "drafting"


# The agreement's moves; the congress vote, signature and filing issues add their statuses.
AGREEMENT_MOVES: dict[AgreementStatus, frozenset[AgreementStatus]] = {
    AgreementStatus.DRAFTING: frozenset(),
}


class Agreement(SQLModel, table=True):
    """A collective agreement between a union side and an employer side, with its term (R9)."""

    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint("union_org_id <> employer_org_id", name="two_parties"),
        CheckConstraint("term_end > term_start", name="term_in_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: AgreementKind = Field(sa_column=enum_column(AgreementKind))
    level: AgreementLevel = Field(sa_column=enum_column(AgreementLevel))
    title: str = Field(sa_column=Column(String(200), nullable=False))
    union_org_id: int = Field(
        sa_column=Column(Integer, ForeignKey("organization.id"), nullable=False, index=True)
    )
    employer_org_id: int = Field(
        sa_column=Column(Integer, ForeignKey("organization.id"), nullable=False, index=True)
    )
    negotiation_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("negotiation.id"), unique=True),
    )
    sector_code: str | None = Field(
        default=None, sa_column=Column(String(8), ForeignKey("sector.code"))
    )
    region_code: str = Field(sa_column=Column(String(6), ForeignKey("region.code"), nullable=False))
    term_start: date = Field(sa_column=Column(Date, nullable=False))
    term_end: date = Field(sa_column=Column(Date, nullable=False))
    status: AgreementStatus = Field(
        default=AgreementStatus.DRAFTING, sa_column=enum_column(AgreementStatus)
    )
    # The newest version and its chain hash: so that a version removed from the end of the chain
    # is found too.
    head_number: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    head_sha256: str | None = Field(default=None, sa_column=Column(String(64)))
    created_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


AGREEMENT_MACHINE = Machine("agreement", AGREEMENT_MOVES)
AGREEMENT_MACHINE.install(Agreement)


class AgreementVersion(SQLModel, table=True):
    """One saved text of an agreement, never changed once saved (only `signed_at` is set, once).
    `text_sha256` is the SHA-256 of its text, `wage_sha256` of its wage table (canonical JSON),
    and `chain_sha256` that of the previous version's chain hash with this version's agreement,
    number, author, side, note, base, time and both hashes: re-computing the chain (`flask
    contracts verify`) finds anything altered after the fact."""

    __tablename__ = "agreement_version"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    number: int = Field(sa_column=Column(Integer, nullable=False))
    base_number: int | None = Field(default=None, sa_column=Column(Integer))  # edited from
    author_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    author_name: str = Field(sa_column=Column(String(100), nullable=False))
    side: Side | None = Field(default=None, sa_column=enum_column(Side, nullable=True))
    note: str = Field(default="", sa_column=Column(String(500), nullable=False))
    source: str = Field(default="edit", sa_column=Column(String(20), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    wage_table: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    text_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    wage_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    previous_sha256: str | None = Field(default=None, sa_column=Column(String(64)))
    chain_sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    # Each article's label in the previous version → its label here (JSON), worked out once on
    # save so that comments follow their articles without diffing on every view.
    label_map: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    signed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class Comment(SQLModel, table=True):
    """A remark of either side on an article of a version; shown on later versions as long as
    the article is there (matched across renumbering), until it is resolved."""

    __tablename__ = "agreement_comment"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    version_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("agreement_version.id", ondelete="CASCADE"), nullable=False
        )
    )
    article_label: str = Field(sa_column=Column(String(20), nullable=False))  # 第十二条
    author_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    author_name: str = Field(sa_column=Column(String(100), nullable=False))
    side: Side | None = Field(default=None, sa_column=enum_column(Side, nullable=True))
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    resolved_by_name: str | None = Field(default=None, sa_column=Column(String(100)))


class ImmutableVersionError(RuntimeError):
    """Code tried to change or delete a saved version: a bug, never a user's mistake."""


@event.listens_for(OrmSession, "before_flush")
def _versions_stay_as_saved(session: OrmSession, _context: object, _instances: object) -> None:
    """A saved version is never changed or deleted; only `signed_at` may be set, once."""
    for obj in session.dirty:
        if not isinstance(obj, AgreementVersion) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
        signed_before = state.attrs.signed_at.history.deleted
        if changed - {"signed_at"} or any(value is not None for value in signed_before):
            raise ImmutableVersionError(f"version {obj.number} of agreement {obj.agreement_id}")
    for obj in session.deleted:
        if isinstance(obj, AgreementVersion):
            raise ImmutableVersionError(f"version {obj.number} may not be deleted")
