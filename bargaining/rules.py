"""The rules of bargaining (R1–R6), pure: the status a negotiation may move to, what makes each
side's representatives valid, who chairs the next session, when a session may be held, and the
gap between the sides' offers. (The deadlines come from the reminders engine: the area's
jurisdiction profile and the holiday calendar.)

Problems come back as codes with the rule they break; bargaining.labels turns them into words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bargaining.models import TRANSITIONS, NegotiationStatus, Side

MIN_REPRESENTATIVES = 3  # R1 (集体合同规定 第19条)

Status = NegotiationStatus

FINAL = frozenset(status for status, onward in TRANSITIONS.items() if not onward)
# Statuses in which the two sides may meet: after the answer, and while suspended (a session
# resumes bargaining).
MEETING = frozenset({Status.ANSWERED, Status.IN_SESSION, Status.SUSPENDED})


def can_move(current: NegotiationStatus, target: NegotiationStatus) -> bool:
    return target in TRANSITIONS[current]


class Code(StrEnum):
    TOO_FEW = "too_few"  # R1: fewer than 3 on a side
    NO_CHIEF = "no_chief"  # R1
    TWO_CHIEFS = "two_chiefs"  # R1
    EXPERT_CHIEF = "expert_chief"  # R1: an outside expert may not be chief
    TOO_MANY_EXPERTS = "too_many_experts"  # R1: at most a third of a side
    UNEQUAL = "unequal"  # R1: both sides the same number
    NAMED_TWICE = "named_twice"  # one person twice on one side
    BOTH_SIDES = "both_sides"  # R2
    RECORDER_IS_REPRESENTATIVE = "recorder_is_representative"  # R3
    NO_RECORDER = "no_recorder"  # R3
    RECORDER_NOT_JOINT = "recorder_not_joint"  # R3: both sides name the recorder
    NOT_ANSWERED = "not_answered"  # R4: sessions follow the written answer
    ANSWER_BEFORE_REQUEST = "answer_before_request"  # R4
    ALREADY_ANSWERED = "already_answered"  # R4: one written answer
    BEFORE_REQUEST = "before_request"  # a session dated before the request was received
    BEFORE_ANSWER = "before_answer"  # R4: sessions follow the written answer
    BEFORE_PREVIOUS = "before_previous"  # sessions are numbered in date order
    IN_THE_FUTURE = "in_the_future"  # a session is recorded once it is held
    WRONG_CHAIR = "wrong_chair"  # R5: the chiefs chair in turn
    CHAIR_ABSENT = "chair_absent"  # R5: the chair attends
    NO_RESUMPTION = "no_resumption"  # R6: a suspension agrees when, where and on what
    CLOSED = "closed"  # agreed, failed or withdrawn: final; bargaining again is a new request (R4)


@dataclass(frozen=True, slots=True)
class Problem:
    rule: str  # "R1" … "R6", or "" for a plain data check
    code: Code
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Member:
    """A representative as the rules see one."""

    name: str
    phone: str
    is_chief: bool = False
    is_expert: bool = False


def phone_key(phone: str) -> str:
    """A phone number by its digits alone (so '138 0013 8000' and '13800138000' are one), the
    way people are told apart across the two lists (R2)."""
    # NFKC turns full-width digits (typed in a Chinese input method) into ASCII ones.
    digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", phone))
    if digits.startswith("0086"):  # the international prefix dialled as 00
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:  # +86 and a mobile number
        digits = digits[2:]
    return digits


def side_problems(
    members: Sequence[Member], other_side: Sequence[Member], recorder_phone: str | None
) -> list[Problem]:
    """R1–R3 for one side's list as it would stand: at least 3, exactly one chief who is not an
    outside expert, experts at most a third, nobody twice, nobody also on the other side, and not
    the recorder. (Equal numbers are a matter of both lists: see `table_problems`.)"""
    problems: list[Problem] = []
    if len(members) < MIN_REPRESENTATIVES:
        problems.append(
            Problem("R1", Code.TOO_FEW, {"count": len(members), "minimum": MIN_REPRESENTATIVES})
        )
    chiefs = [m for m in members if m.is_chief]
    if not chiefs:
        problems.append(Problem("R1", Code.NO_CHIEF))
    elif len(chiefs) > 1:
        problems.append(Problem("R1", Code.TWO_CHIEFS, {"names": _names(chiefs)}))
    expert_chiefs = [m for m in chiefs if m.is_expert]
    if expert_chiefs:
        problems.append(Problem("R1", Code.EXPERT_CHIEF, {"names": _names(expert_chiefs)}))
    experts = sum(1 for m in members if m.is_expert)
    if experts * 3 > len(members):
        problems.append(
            Problem("R1", Code.TOO_MANY_EXPERTS, {"experts": experts, "count": len(members)})
        )
    seen: dict[str, Member] = {}
    for member in members:
        key = phone_key(member.phone)
        if key in seen:
            problems.append(Problem("", Code.NAMED_TWICE, {"names": _names([seen[key], member])}))
        seen[key] = member
    others = {phone_key(m.phone): m for m in other_side}
    on_both = [m for m in members if phone_key(m.phone) in others]
    if on_both:
        problems.append(Problem("R2", Code.BOTH_SIDES, {"names": _names(on_both)}))
    if recorder_phone and phone_key(recorder_phone) in seen:
        recorder = seen[phone_key(recorder_phone)]
        problems.append(Problem("R3", Code.RECORDER_IS_REPRESENTATIVE, {"names": recorder.name}))
    return problems


def recorder_problems(
    phone: str, union: Sequence[Member], employer: Sequence[Member]
) -> list[Problem]:
    """R3: the recorder is not a representative of either side."""
    key = phone_key(phone)
    named = [m for m in (*union, *employer) if phone_key(m.phone) == key]
    return (
        [Problem("R3", Code.RECORDER_IS_REPRESENTATIVE, {"names": _names(named)})] if named else []
    )


def table_problems(
    union: Sequence[Member],
    employer: Sequence[Member],
    recorder_phone: str | None,
    recorder_agreed_by: Collection[Side] = (Side.UNION, Side.EMPLOYER),
) -> list[Problem]:
    """What keeps the sides from meeting (R1–R3): each side's list, equal numbers, and a recorder
    both sides have named (`recorder_agreed_by`: the sides that agree to the recorder)."""
    problems = [
        Problem(p.rule, p.code, {**p.params, "side": side.value})
        for side, ours, theirs in ((Side.UNION, union, employer), (Side.EMPLOYER, employer, union))
        for p in side_problems(ours, theirs, recorder_phone)
        # A person on both sides is found from each side: report it once.
        if not (side is Side.EMPLOYER and p.code is Code.BOTH_SIDES)
    ]
    if union and employer and len(union) != len(employer):
        problems.append(
            Problem("R1", Code.UNEQUAL, {"union": len(union), "employer": len(employer)})
        )
    if not (recorder_phone or "").strip():
        problems.append(Problem("R3", Code.NO_RECORDER))
    else:
        problems += [
            Problem("R3", Code.RECORDER_NOT_JOINT, {"waiting": side.value})
            for side in Side
            if side not in recorder_agreed_by
        ]
    return problems


def next_chair_side(previous_chairs: Sequence[Side], requested_by: Side) -> Side:
    """R5: the chiefs chair in turn. The side that asked to bargain chairs the first session."""
    return previous_chairs[-1].other if previous_chairs else requested_by


def session_problems(
    *,
    status: NegotiationStatus,
    held_on: date,
    today: date,
    request_received_on: date,
    previous_held_on: date | None,
    answered_on: date | None = None,
    chair_side: Side,
    expected_chair_side: Side,
    chair_attends: bool,
    suspended: bool,
    resume_on: date | None,
    resume_place: str | None,
    resume_topics: str | None,
) -> list[Problem]:
    """Whether a session may be recorded as entered (R4–R6)."""
    problems: list[Problem] = []
    if status in FINAL:
        problems.append(Problem("R4", Code.CLOSED, {"status": status.value}))
    elif status not in MEETING:
        problems.append(Problem("R4", Code.NOT_ANSWERED))
    if held_on < request_received_on:
        problems.append(
            Problem("R4", Code.BEFORE_REQUEST, {"date": request_received_on.isoformat()})
        )
    elif answered_on is not None and held_on < answered_on:
        problems.append(Problem("R4", Code.BEFORE_ANSWER, {"date": answered_on.isoformat()}))
    if previous_held_on is not None and held_on < previous_held_on:
        problems.append(Problem("", Code.BEFORE_PREVIOUS, {"date": previous_held_on.isoformat()}))
    if held_on > today:
        problems.append(Problem("", Code.IN_THE_FUTURE, {"date": today.isoformat()}))
    if chair_side is not expected_chair_side:
        problems.append(Problem("R5", Code.WRONG_CHAIR, {"chair": expected_chair_side.value}))
    if not chair_attends:
        problems.append(Problem("R5", Code.CHAIR_ABSENT))
    if suspended and (
        resume_on is None
        or resume_on <= held_on
        or not (resume_place or "").strip()
        or not (resume_topics or "").strip()
    ):
        problems.append(Problem("R6", Code.NO_RESUMPTION))
    return problems


def answer_problems(
    status: NegotiationStatus, answered_on: date, received_on: date
) -> list[Problem]:
    """R4: the written answer follows the request, once."""
    problems: list[Problem] = []
    if status in FINAL:
        problems.append(Problem("R4", Code.CLOSED, {"status": status.value}))
    elif status is not NegotiationStatus.REQUESTED:
        problems.append(Problem("R4", Code.ALREADY_ANSWERED))
    if answered_on < received_on:
        problems.append(
            Problem("R4", Code.ANSWER_BEFORE_REQUEST, {"date": received_on.isoformat()})
        )
    return problems


@dataclass(frozen=True, slots=True)
class Gap:
    """Between the two sides' offers for one item: the employer's minus the union's, in the item's
    unit, and that as a percentage of the union's offer (None when the union offers 0)."""

    amount: Decimal
    percent: Decimal | None

    @property
    def closed(self) -> bool:
        return self.amount == 0


def offer_gap(union: Decimal, employer: Decimal) -> Gap:
    amount = employer - union
    percent = (
        None
        if union == 0
        else (amount * 100 / union).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )
    return Gap(amount, percent)


def _names(members: Sequence[Member]) -> str:
    return "、".join(m.name for m in members)
