"""Bargaining's legal clocks, reported to reminders: the written answer to a request (R4) and the
refilling of a representative's vacancy (R1, 集体合同规定 第31条)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlmodel import Session, col, select

from bargaining import rules
from bargaining.models import Negotiation, Representative
from reminders.deadlines import Event
from reminders.profiles import PeriodKind

ANSWER = "bargaining.answer"
VACANCY = "bargaining.vacancy"


def _negotiation_id(scope: str | None) -> int | None:
    """The negotiation a scope names ("negotiation:12"), or None for every negotiation."""
    if scope is None or not scope.startswith("negotiation:"):
        return None
    number = scope.removeprefix("negotiation:")
    return int(number) if number.isdigit() else -1


def answer_events(session: Session, scope: str | None = None) -> Iterator[Event]:
    """Every request: open until it is answered (or the negotiation ends without an answer)."""
    stmt = select(Negotiation)
    if (only := _negotiation_id(scope)) is not None:
        stmt = stmt.where(Negotiation.id == only)
    for negotiation in session.exec(stmt):
        yield Event(
            source=ANSWER,
            subject_key=f"negotiation:{negotiation.id}",
            kind=PeriodKind.ANSWER,
            scope=f"negotiation:{negotiation.id}",
            subject=negotiation.title,
            starts_on=negotiation.request_received_on,
            region_code=negotiation.region_code,
            rule="R4",
            org_ids=(negotiation.union_org_id, negotiation.employer_org_id),
            url=f"/negotiations/{negotiation.id}",
            done=negotiation.answered_on is not None or negotiation.status in rules.FINAL,
        )


def vacancy_events(session: Session, scope: str | None = None) -> Iterator[Event]:
    """Every vacancy: done once the side has named someone in the seat (or bargaining ends)."""
    stmt = select(Representative, Negotiation).join(
        Negotiation, col(Negotiation.id) == Representative.negotiation_id
    )
    if (only := _negotiation_id(scope)) is not None:
        stmt = stmt.where(Negotiation.id == only)
    stmt = stmt.where(col(Representative.vacated_on).is_not(None))
    for rep, negotiation in session.exec(stmt):
        assert rep.vacated_on is not None
        refilled = negotiation.status in rules.FINAL or rep.filled_by_id is not None
        yield Event(
            source=VACANCY,
            subject_key=f"representative:{rep.id}",
            kind=PeriodKind.VACANCY_REFILL,
            scope=f"negotiation:{negotiation.id}",
            subject=negotiation.title,
            detail=rep.name,
            starts_on=rep.vacated_on,
            region_code=negotiation.region_code,
            rule="R1",
            org_ids=(negotiation.org_of(rep.side),),
            url=f"/negotiations/{negotiation.id}#representatives",
            done=refilled,
        )
