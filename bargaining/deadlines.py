"""Bargaining's legal clocks, reported to reminders: the written answer to a request (R4) and the
refilling of a representative's vacancy (R1, 集体合同规定 第31条)."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from bargaining import rules
from bargaining.labels import SIDE_LABELS
from bargaining.models import Negotiation, Representative
from reminders.deadlines import Event
from reminders.profiles import PeriodKind

ANSWER = "bargaining.answer"
VACANCY = "bargaining.vacancy"


def answer_events(session: Session) -> Iterator[Event]:
    """Every request: open until it is answered (or the negotiation ends without an answer)."""
    for negotiation in session.exec(select(Negotiation)):
        yield Event(
            source=ANSWER,
            subject_key=f"negotiation:{negotiation.id}",
            kind=PeriodKind.ANSWER,
            title=str(
                _l("Written answer to the bargaining request: %(title)s", title=negotiation.title)
            ),
            starts_on=negotiation.request_received_on,
            region_code=negotiation.region_code,
            rule="R4",
            org_ids=(negotiation.union_org_id, negotiation.employer_org_id),
            url=f"/negotiations/{negotiation.id}",
            done=negotiation.answered_on is not None or negotiation.status in rules.FINAL,
        )


def vacancy_events(session: Session) -> Iterator[Event]:
    """Every vacancy: done once the side appoints someone on or after it (or bargaining ends)."""
    stmt = select(Representative, Negotiation).join(
        Negotiation, Negotiation.id == Representative.negotiation_id
    )
    appointed: dict[tuple[int, str], list[Representative]] = {}
    rows = list(session.exec(stmt))
    for rep, _negotiation in rows:
        appointed.setdefault((rep.negotiation_id, rep.side.value), []).append(rep)
    for rep, negotiation in rows:
        if rep.vacated_on is None:
            continue
        refilled = negotiation.status in rules.FINAL or any(
            other.id != rep.id and other.appointed_on >= rep.vacated_on
            for other in appointed[(rep.negotiation_id, rep.side.value)]
        )
        yield Event(
            source=VACANCY,
            subject_key=f"representative:{rep.id}",
            kind=PeriodKind.VACANCY_REFILL,
            title=str(
                _l(
                    "Fill the vacancy of %(name)s (%(side)s): %(title)s",
                    name=rep.name,
                    side=SIDE_LABELS[rep.side],
                    title=negotiation.title,
                )
            ),
            starts_on=rep.vacated_on,
            region_code=negotiation.region_code,
            rule="R1",
            org_ids=(negotiation.org_of(rep.side),),
            url=f"/negotiations/{negotiation.id}#representatives",
            done=refilled,
        )
