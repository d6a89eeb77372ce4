"""Minimum wages, wage guidelines, and sector labour standards with their items."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from db import UTCDateTime, enum_column, utcnow
from standards.vocabulary import Direction, ItemKind, Unit


class MinimumWage(SQLModel, table=True):
    """A local minimum wage (最低工资标准): monthly, and hourly for part-time work where the area
    publishes one, in force from a date until the area's next row. A province-level row applies
    to its cities and counties that have none of their own."""

    __tablename__ = "minimum_wage"
    __table_args__ = (
        UniqueConstraint("region_code", "effective_from"),
        CheckConstraint("monthly > 0", name="monthly_positive"),
        CheckConstraint("hourly IS NULL OR hourly > 0", name="hourly_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(
        sa_column=Column(String(6), ForeignKey("region.code"), nullable=False, index=True)
    )
    effective_from: date = Field(sa_column=Column(Date, nullable=False))
    monthly: Decimal = Field(sa_column=Column(Numeric(10, 2), nullable=False))
    hourly: Decimal | None = Field(default=None, sa_column=Column(Numeric(10, 2)))
    grade: str | None = Field(default=None, sa_column=Column(String(20)))  # 一类、二类 …
    source: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class WageGuideline(SQLModel, table=True):
    """A year's wage guideline (工资指导线) for an area, in percent: the baseline, the upper
    (warning) line and the lower line. Any may be absent: some provinces publish a baseline only."""

    __tablename__ = "wage_guideline"
    __table_args__ = (
        UniqueConstraint("region_code", "year"),
        CheckConstraint(
            "baseline IS NOT NULL OR upper IS NOT NULL OR lower IS NOT NULL",
            name="some_line",
        ),
        CheckConstraint("year BETWEEN 1990 AND 2100", name="plausible_year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(
        sa_column=Column(String(6), ForeignKey("region.code"), nullable=False, index=True)
    )
    year: int = Field(sa_column=Column(Integer, nullable=False))
    baseline: Decimal | None = Field(default=None, sa_column=Column(Numeric(5, 2)))
    upper: Decimal | None = Field(default=None, sa_column=Column(Numeric(5, 2)))
    lower: Decimal | None = Field(default=None, sa_column=Column(Numeric(5, 2)))
    source: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class StandardStatus(StrEnum):
    DRAFT = "draft"  # agreed values, not yet in force
    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"  # a later version took over; still readable


class SectorStandard(SQLModel, table=True):
    """A sector labour standard (行业劳动标准) for a sector in an area, in force for a period.
    A new version supersedes the old one, which stays readable with the dates it was in force."""

    __tablename__ = "sector_standard"
    __table_args__ = (
        CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from", name="period_ordered"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    sector_code: str = Field(
        sa_column=Column(String(8), ForeignKey("sector.code"), nullable=False, index=True)
    )
    region_code: str = Field(
        sa_column=Column(String(6), ForeignKey("region.code"), nullable=False, index=True)
    )
    title: str = Field(sa_column=Column(String(200), nullable=False))
    effective_from: date = Field(sa_column=Column(Date, nullable=False))
    effective_to: date | None = Field(default=None, sa_column=Column(Date))
    status: StandardStatus = Field(sa_column=enum_column(StandardStatus))
    supersedes_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("sector_standard.id", ondelete="RESTRICT")),
    )
    federation_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("organization.id", ondelete="RESTRICT"), index=True),
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class StandardItem(SQLModel, table=True):
    """One term of a standard: a pay floor, rate, quota, hours or rise, for one job category
    (岗位工种) or for all. Its unit and direction follow from its kind (standards.vocabulary)."""

    __tablename__ = "standard_item"
    __table_args__ = (
        UniqueConstraint("standard_id", "kind", "job_category"),
        CheckConstraint("value >= 0", name="value_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    standard_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("sector_standard.id", ondelete="CASCADE"), nullable=False
        )
    )
    position: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    kind: ItemKind = Field(sa_column=enum_column(ItemKind))
    # "" means every job category, so that the unique constraint holds on every backend.
    job_category: str = Field(default="", sa_column=Column(String(50), nullable=False))
    value: Decimal = Field(sa_column=Column(Numeric(14, 4), nullable=False))
    unit: Unit = Field(sa_column=enum_column(Unit))
    direction: Direction = Field(sa_column=enum_column(Direction))
    note: str | None = Field(default=None, sa_column=Column(String(200)))


class TermLayout(SQLModel, table=True):
    """The items a term set names, in order: a line per item, "kind<TAB>unit<TAB>job category"
    (see standards.bulk). Shared by every set naming the same items, so that comparing many sets
    pairs their items with a standard's once per layout."""

    __tablename__ = "term_layout"

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    item_keys: str = Field(sa_column=Column(Text, nullable=False))


class TermSet(SQLModel, table=True):
    """An enterprise's own pay terms as of a date (its current wages, or a draft's), kept so that
    they can be compared with the sector standard. Its figures are packed in the order of its
    layout, each as a 64-bit integer of ten-thousandths (standards.bulk)."""

    __tablename__ = "term_set"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("organization.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    title: str = Field(sa_column=Column(String(200), nullable=False))
    as_of: date = Field(sa_column=Column(Date, nullable=False))
    layout_id: int = Field(
        sa_column=Column(Integer, ForeignKey("term_layout.id"), nullable=False, index=True)
    )
    amounts: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
