"""Organisations of every kind, the regions and sectors they belong to, and their people."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from db import UTCDateTime, enum_column, utcnow
from workflow.machine import Machine


class OrgKind(StrEnum):
    FEDERATION = "federation"  # 行业/区域性工会联合会
    ASSOCIATION = "association"  # 行业协会、商会
    ENTERPRISE = "enterprise"  # 用人单位、企业
    UNION = "union"  # 企业工会
    BUREAU = "bureau"  # 劳动保障行政部门
    SUPERIOR_UNION = "superior_union"  # 上级工会（总工会）


class Position(StrEnum):
    """A person's role inside their own organisation."""

    CHAIR = "chair"  # 主席 / 会长 / 局长
    VICE_CHAIR = "vice_chair"
    LEGAL_REPRESENTATIVE = "legal_representative"
    MANAGER = "manager"
    STAFF = "staff"
    REVIEWER = "reviewer"
    MEMBER = "member"


class Region(SQLModel, table=True):
    """An administrative division (GB/T 2260 code): province XX0000, city XXXX00, county XXXXXX."""

    code: str = Field(sa_column=Column(String(6), primary_key=True))
    name: str = Field(sa_column=Column(String(50), nullable=False))
    full_name: str = Field(sa_column=Column(String(120), nullable=False))


class Sector(SQLModel, table=True):
    """An industry of GB/T 4754-2017 (国民经济行业分类), e.g. H62 餐饮业."""

    code: str = Field(sa_column=Column(String(8), primary_key=True))
    name: str = Field(sa_column=Column(String(50), nullable=False))


class Organization(SQLModel, table=True):
    """Every party in the system. Kind-specific columns are few, so one table serves all kinds:
    foreign keys from negotiations and agreements can name any party, and search spans them."""

    __table_args__ = (
        UniqueConstraint("kind", "name"),
        CheckConstraint("headcount IS NULL OR headcount >= 0", name="headcount_not_negative"),
        CheckConstraint(
            "women_headcount IS NULL OR (women_headcount >= 0 AND headcount IS NOT NULL "
            "AND women_headcount <= headcount)",
            name="women_within_headcount",
        ),
        CheckConstraint(
            "kind <> 'union' OR enterprise_id IS NOT NULL", name="union_has_enterprise"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: OrgKind = Field(sa_column=enum_column(OrgKind))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    credit_code: str | None = Field(default=None, sa_column=Column(String(18), unique=True))
    region_code: str = Field(
        sa_column=Column(String(6), ForeignKey("region.code"), nullable=False, index=True)
    )
    sector_code: str | None = Field(
        default=None, sa_column=Column(String(8), ForeignKey("sector.code"), index=True)
    )
    address: str | None = Field(default=None, sa_column=Column(String(200)))
    phone: str | None = Field(default=None, sa_column=Column(String(30)))
    legal_representative: str | None = Field(default=None, sa_column=Column(String(50)))
    headcount: int | None = Field(default=None, sa_column=Column(Integer))
    women_headcount: int | None = Field(default=None, sa_column=Column(Integer))
    # An enterprise union belongs to exactly one enterprise, and an enterprise has one union.
    enterprise_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("organization.id", ondelete="RESTRICT"), unique=True),
    )
    # A federation's bargaining counterpart: the sector's trade association.
    counterpart_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("organization.id", ondelete="SET NULL"), index=True),
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class CoverageStatus(StrEnum):
    REQUESTED = "requested"  # the federation asked; the enterprise's union has not answered
    ACCEPTED = "accepted"  # by the enterprise's union, or approved by an administrator
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # by the federation, before an answer
    ENDED = "ended"  # the federation stopped covering the enterprise


# A request or a coverage in force: a federation has at most one of these per enterprise and
# per credit code it asked about.
OPEN_COVERAGE = (CoverageStatus.REQUESTED, CoverageStatus.ACCEPTED)
_OPEN_ROWS = Column("status").in_([s.value for s in OPEN_COVERAGE])


class Coverage(SQLModel, table=True):
    """A federation covers an enterprise (the enterprise is bound by its sector agreement) once
    the enterprise's union accepts the federation's request or an administrator approves it.

    A request names the credit code the federation typed. It reaches an enterprise only if one
    with that code lies in the federation's area and sector; otherwise `enterprise_id` stays
    empty and the request waits unanswered, so that the federation cannot tell the two apart."""

    __table_args__ = (
        Index(
            "uq_coverage_open_code",
            "federation_id",
            "credit_code",
            unique=True,
            sqlite_where=_OPEN_ROWS,
            postgresql_where=_OPEN_ROWS,
        ),
        Index(
            "uq_coverage_open_enterprise",
            "federation_id",
            "enterprise_id",
            unique=True,
            sqlite_where=_OPEN_ROWS,
            postgresql_where=_OPEN_ROWS,
        ),
        Index("ix_coverage_federation_status", "federation_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    federation_id: int = Field(
        sa_column=Column(Integer, ForeignKey("organization.id", ondelete="CASCADE"), nullable=False)
    )
    enterprise_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("organization.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    credit_code: str = Field(sa_column=Column(String(18), nullable=False))
    status: CoverageStatus = Field(
        default=CoverageStatus.REQUESTED, sa_column=enum_column(CoverageStatus)
    )
    reason: str | None = Field(default=None, sa_column=Column(String(500)))  # why it was declined
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class Person(SQLModel, table=True):
    """Someone who acts for an organisation: its chair, legal representative, staff, members."""

    __table_args__ = (
        # One chair per organisation (the union chair, the federation chair, the bureau head).
        Index(
            "uq_person_one_chair",
            "organization_id",
            unique=True,
            sqlite_where=Column("position") == "chair",
            postgresql_where=Column("position") == "chair",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("organization.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    name: str = Field(sa_column=Column(String(50), nullable=False))
    position: Position = Field(sa_column=enum_column(Position))
    title: str | None = Field(default=None, sa_column=Column(String(100)))
    phone: str | None = Field(default=None, sa_column=Column(String(30)))
    email: str | None = Field(default=None, sa_column=Column(String(254)))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class NameGram(SQLModel, table=True):
    """The name index: every two-character piece of every organisation's name (see
    organizations.search), kept in step with the names by a flush hook."""

    __tablename__ = "name_gram"

    gram: str = Field(sa_column=Column(String(2), primary_key=True))
    organization_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("organization.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        )
    )


# A request is answered once; accepted coverage may end later. Its words are in labels.
COVERAGE_MACHINE: Machine[CoverageStatus] = Machine(
    "coverage",
    {
        CoverageStatus.REQUESTED: frozenset(
            {CoverageStatus.ACCEPTED, CoverageStatus.DECLINED, CoverageStatus.WITHDRAWN}
        ),
        CoverageStatus.ACCEPTED: frozenset({CoverageStatus.ENDED}),
        CoverageStatus.DECLINED: frozenset(),
        CoverageStatus.WITHDRAWN: frozenset(),
        CoverageStatus.ENDED: frozenset(),
    },
)
COVERAGE_MACHINE.install(Coverage)
