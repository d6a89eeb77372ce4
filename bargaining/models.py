"""Sector negotiations: the parties, the written request and answer, the representatives and the
recorder, the sessions with who attended, each side's offers, and the values both sides accept."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from db import UTCDateTime, enum_column, utcnow
from standards.vocabulary import Direction, ItemKind, Unit
from workflow.machine import Machine


class Side(StrEnum):
    """The two sides at the table: the workers' (the federation) and the employers'."""

    UNION = "union"
    EMPLOYER = "employer"

    @property
    def other(self) -> Side:
        return Side.EMPLOYER if self is Side.UNION else Side.UNION


class NegotiationStatus(StrEnum):
    """requested → answered → in session ⇄ suspended → agreed, or failed / withdrawn (the graph
    is TRANSITIONS)."""

    REQUESTED = "requested"
    ANSWERED = "answered"
    IN_SESSION = "in_session"
    SUSPENDED = "suspended"
    AGREED = "agreed"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


_S = NegotiationStatus
# Where a negotiation may go from each status (the graph in DOMAIN.md): bargaining starts with
# the written answer, a session puts it in session, a suspension pauses it until the next session,
# and agreement, failure and withdrawal are final.
TRANSITIONS: dict[NegotiationStatus, frozenset[NegotiationStatus]] = {
    _S.REQUESTED: frozenset({_S.ANSWERED, _S.FAILED, _S.WITHDRAWN}),
    _S.ANSWERED: frozenset({_S.IN_SESSION, _S.FAILED, _S.WITHDRAWN}),
    _S.IN_SESSION: frozenset({_S.SUSPENDED, _S.AGREED, _S.FAILED, _S.WITHDRAWN}),
    _S.SUSPENDED: frozenset({_S.IN_SESSION, _S.FAILED, _S.WITHDRAWN}),
    _S.AGREED: frozenset(),
    _S.FAILED: frozenset(),
    _S.WITHDRAWN: frozenset(),
}


class Topic(StrEnum):
    SPECIAL_WAGE = "special_wage"  # 工资专项集体协商
    COMPREHENSIVE = "comprehensive"  # 综合性集体协商
    LABOUR_STANDARDS = "labour_standards"  # 行业劳动标准（工资标准、工时工价、劳动定额）


class Negotiation(SQLModel, table=True):
    """A sector negotiation (R15) between a federation and a trade association (or one of the
    sector's lead enterprises), from the written request (R4) to agreement or its end."""

    __tablename__ = "negotiation"
    __table_args__ = (
        CheckConstraint("union_org_id <> employer_org_id", name="two_parties"),
        CheckConstraint("year BETWEEN 1990 AND 2100", name="plausible_year"),
        CheckConstraint(
            "answered_on IS NULL OR answered_on >= request_received_on", name="answer_after_request"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    union_org_id: int = Field(
        sa_column=Column(Integer, ForeignKey("organization.id"), nullable=False, index=True)
    )
    employer_org_id: int = Field(
        sa_column=Column(Integer, ForeignKey("organization.id"), nullable=False, index=True)
    )
    sector_code: str = Field(sa_column=Column(String(8), ForeignKey("sector.code"), nullable=False))
    region_code: str = Field(sa_column=Column(String(6), ForeignKey("region.code"), nullable=False))
    topic: Topic = Field(sa_column=enum_column(Topic))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    title: str = Field(sa_column=Column(String(200), nullable=False))
    status: NegotiationStatus = Field(
        default=NegotiationStatus.REQUESTED, sa_column=enum_column(NegotiationStatus, index=True)
    )
    # The written request (R4): which side made it, when it was sent and received, its text.
    requested_by: Side = Field(sa_column=enum_column(Side))
    request_sent_on: date = Field(sa_column=Column(Date, nullable=False))
    request_received_on: date = Field(sa_column=Column(Date, nullable=False))
    request_text: str = Field(sa_column=Column(Text, nullable=False))
    # The written answer: its date and text, and whether it agrees to bargain.
    answered_on: date | None = Field(default=None, sa_column=Column(Date))
    answer_text: str | None = Field(default=None, sa_column=Column(Text))
    answer_agrees: bool | None = Field(default=None, sa_column=Column(Boolean))
    # The recorder both sides name jointly (R3): not a representative.
    recorder_name: str | None = Field(default=None, sa_column=Column(String(50)))
    recorder_phone: str | None = Field(default=None, sa_column=Column(String(30)))
    recorder_affiliation: str | None = Field(default=None, sa_column=Column(String(200)))
    # R3 names the recorder jointly: the side that names one agrees; the other side confirms.
    recorder_union_agrees: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    recorder_employer_agrees: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    # How it ended: agreed (with the draft standard it made), failed or withdrawn.
    ended_on: date | None = Field(default=None, sa_column=Column(Date))
    end_reason: str | None = Field(default=None, sa_column=Column(Text))
    standard_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("sector_standard.id"))
    )
    created_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )

    def org_of(self, side: Side) -> int:
        return self.union_org_id if side is Side.UNION else self.employer_org_id

    @property
    def recorder_agreed_by(self) -> frozenset[Side]:
        """The sides that agree to the recorder named (R3)."""
        return frozenset(
            side
            for side, agrees in (
                (Side.UNION, self.recorder_union_agrees),
                (Side.EMPLOYER, self.recorder_employer_agrees),
            )
            if agrees
        )

    def agree_to_recorder(self, side: Side, agrees: bool = True) -> None:
        if side is Side.UNION:
            self.recorder_union_agrees = agrees
        else:
            self.recorder_employer_agrees = agrees


class NegotiationItem(SQLModel, table=True):
    """An item under negotiation (R15): a pay floor for a job category, a rate, a quota, the
    annual rise …, with the unit and direction its kind has."""

    __tablename__ = "negotiation_item"
    __table_args__ = (UniqueConstraint("negotiation_id", "kind", "job_category"),)

    id: int | None = Field(default=None, primary_key=True)
    negotiation_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("negotiation.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    position: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    kind: ItemKind = Field(sa_column=enum_column(ItemKind))
    job_category: str = Field(default="", sa_column=Column(String(50), nullable=False))
    unit: Unit = Field(sa_column=enum_column(Unit))
    direction: Direction = Field(sa_column=enum_column(Direction))


class Representative(SQLModel, table=True):
    """A bargaining representative (R1, R2) of one side; a vacancy is dated and refilled within
    the period of the jurisdiction (15 days nationally), and records who filled it. Identified
    across the sides by phone."""

    __tablename__ = "representative"
    __table_args__ = (
        Index(
            "uq_representative_one_chief",
            "negotiation_id",
            "side",
            unique=True,
            sqlite_where=Column("is_chief") & Column("vacated_on").is_(None),
            postgresql_where=Column("is_chief") & Column("vacated_on").is_(None),
        ),
        CheckConstraint("NOT (is_chief AND is_expert)", name="chief_not_expert"),
        CheckConstraint(
            "vacated_on IS NULL OR vacated_on >= appointed_on", name="vacated_after_appointed"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    negotiation_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("negotiation.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    side: Side = Field(sa_column=enum_column(Side))
    name: str = Field(sa_column=Column(String(50), nullable=False))
    affiliation: str = Field(sa_column=Column(String(200), nullable=False))  # unit and post
    phone: str = Field(sa_column=Column(String(30), nullable=False))
    is_chief: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    is_expert: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    appointed_on: date = Field(sa_column=Column(Date, nullable=False))
    vacated_on: date | None = Field(default=None, sa_column=Column(Date))
    vacancy_reason: str | None = Field(default=None, sa_column=Column(String(200)))
    # Who took this seat after the vacancy: the side's next new representative (R1, 第31条).
    filled_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("representative.id", ondelete="SET NULL")),
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class BargainingSession(SQLModel, table=True):
    """A session (round) of bargaining (R5): chaired by the chiefs in turn, with its attendance,
    agenda and minutes; it may end in a suspension with the agreed resumption (R6)."""

    __tablename__ = "bargaining_session"
    __table_args__ = (
        UniqueConstraint("negotiation_id", "number"),
        CheckConstraint(
            "resume_on IS NULL OR resume_on > held_on", name="resumption_after_session"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    negotiation_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("negotiation.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    number: int = Field(sa_column=Column(Integer, nullable=False))
    held_on: date = Field(sa_column=Column(Date, nullable=False))
    place: str = Field(sa_column=Column(String(200), nullable=False))
    chair_side: Side = Field(sa_column=enum_column(Side))
    chair_id: int = Field(
        sa_column=Column(Integer, ForeignKey("representative.id"), nullable=False)
    )
    agenda: str = Field(sa_column=Column(Text, nullable=False))
    minutes: str = Field(default="", sa_column=Column(Text, nullable=False))
    # A suspension agreed at this session (R6): when, where and on what bargaining resumes.
    suspended: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    resume_on: date | None = Field(default=None, sa_column=Column(Date))
    resume_place: str | None = Field(default=None, sa_column=Column(String(200)))
    resume_topics: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class Attendance(SQLModel, table=True):
    """A representative present at a session."""

    __tablename__ = "session_attendance"

    session_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("bargaining_session.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    representative_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("representative.id", ondelete="CASCADE"), primary_key=True
        )
    )


class Offer(SQLModel, table=True):
    """One side's proposed value for an item at a session."""

    __tablename__ = "offer"
    __table_args__ = (
        UniqueConstraint("session_id", "side", "item_id"),
        CheckConstraint("value >= 0", name="value_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("bargaining_session.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    side: Side = Field(sa_column=enum_column(Side))
    item_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("negotiation_item.id", ondelete="CASCADE"), nullable=False
        )
    )
    value: Decimal = Field(sa_column=Column(Numeric(14, 4), nullable=False))
    entered_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    entered_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class SettlementStatus(StrEnum):
    PROPOSED = "proposed"  # one side's, awaiting the other's acceptance
    ACCEPTED = "accepted"  # both sides accept: the negotiation is agreed
    REPLACED = "replaced"  # a later proposal replaced it before it was accepted


class Settlement(SQLModel, table=True):
    """One set of values one side proposes to settle on, with the standard's period; when the
    other side accepts it the negotiation is agreed and a draft sector standard is made."""

    __tablename__ = "settlement"
    __table_args__ = (
        CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from", name="period_in_order"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    negotiation_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("negotiation.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    proposed_by: Side = Field(sa_column=enum_column(Side))
    proposed_by_user_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    effective_from: date = Field(sa_column=Column(Date, nullable=False))
    effective_to: date | None = Field(default=None, sa_column=Column(Date))
    status: SettlementStatus = Field(
        default=SettlementStatus.PROPOSED, sa_column=enum_column(SettlementStatus)
    )
    accepted_by_user_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    accepted_on: date | None = Field(default=None, sa_column=Column(Date))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


class SettlementValue(SQLModel, table=True):
    __tablename__ = "settlement_value"
    __table_args__ = (CheckConstraint("value >= 0", name="value_not_negative"),)

    settlement_id: int = Field(
        sa_column=Column(Integer, ForeignKey("settlement.id", ondelete="CASCADE"), primary_key=True)
    )
    item_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("negotiation_item.id", ondelete="CASCADE"), primary_key=True
        )
    )
    value: Decimal = Field(sa_column=Column(Numeric(14, 4), nullable=False))


# The status machine: any assignment off TRANSITIONS raises TransitionError, whichever code
# makes it; services move a negotiation through workflow.transition, which records the move.
NEGOTIATION_MACHINE = Machine("negotiation", TRANSITIONS)
NEGOTIATION_MACHINE.install(Negotiation)
