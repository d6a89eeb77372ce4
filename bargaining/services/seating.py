"""Each side's representatives (R1, R2), their vacancies, and the recorder both sides name (R3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from bargaining import rules
from bargaining.models import Negotiation, Representative, Side
from bargaining.permissions import can_act_for
from bargaining.services import queries
from bargaining.services.guards import (
    acting_side,
    check_open,
    deadlines_changed,
    refuse,
    touch,
    written_or_refused,
)
from bargaining.services.queries import members_of, representatives_of
from concurrency import Record, claim_edit, version_of
from errors import DomainError, NotFound
from organizations.permissions import Viewer

CHIEF_TAKEN = _l(
    "R1: each side has one chief representative, and someone else saved a chief for this side "
    "meanwhile. Reload the page to see the list as it stands now, then save yours again."
)


@dataclass(frozen=True)
class MemberRow:
    """A line of a side's list as entered: an existing representative's id, or None if new."""

    id: int | None
    name: str
    affiliation: str
    phone: str
    is_chief: bool
    is_expert: bool


def _members_record(negotiation: Negotiation, side: Side) -> Record:
    return Record("representatives", f"{negotiation.id}:{side.value}")


def _stored_members(session: Session, negotiation: Negotiation, side: Side) -> dict[str, Any]:
    reps = queries.representatives_of(session, negotiation, current_only=True)
    return {
        f"rep_{r.id}": (r.name, r.affiliation, r.phone, r.is_chief, r.is_expert)
        for r in reps
        if r.side is side
    }


def members_version(session: Session, negotiation: Negotiation, side: Side) -> str:
    """The version of a side's list that its representatives form is based on."""
    return version_of(
        session, _members_record(negotiation, side), _stored_members(session, negotiation, side)
    )


def _member_text(line: Any) -> str:
    if not line:
        return ""
    name, affiliation, phone, chief, expert = line
    marks = [str(_l("Chief"))] * bool(chief) + [str(_l("Outside expert"))] * bool(expert)
    return " · ".join([name, affiliation, phone, *marks])


def _claim_list(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    side: Side,
    rows: Sequence[MemberRow],
    based_on: str | None,
) -> None:
    """A list based on one someone else has saved since is refused with both (StaleEdit)."""
    stored = _stored_members(session, negotiation, side)
    theirs = {
        f"rep_{row.id}" if row.id is not None else f"new_{number}": (
            row.name.strip(),
            row.affiliation.strip(),
            row.phone.strip(),
            row.is_chief,
            row.is_expert,
        )
        for number, row in enumerate(rows, start=1)
    }
    labels = {key: line[0] for key, line in {**theirs, **stored}.items()}  # by name
    claim_edit(
        session,
        _members_record(negotiation, side),
        based_on,
        stored=lambda: _stored_members(session, negotiation, side),
        theirs=theirs,
        labels=labels,
        actor_id=viewer.user_id,
        show=_member_text,
    )


def save_representatives(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    side: Side,
    rows: Sequence[MemberRow],
    *,
    today: date,
    based_on: str | None = None,
) -> None:
    """A side's current list of representatives, entered by that side's people: R1–R3 on the
    list as it would stand. Someone who leaves is recorded with `vacate`, not dropped. A form
    based on a list someone else has saved since is refused with both (StaleEdit)."""
    if not can_act_for(viewer, negotiation, side):
        raise DomainError(_l("Only a side's own people name its representatives."), status=403)
    check_open(negotiation)
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        if not row.name.strip() or not row.affiliation.strip():
            problems.append(str(_l("Line %(n)s: enter the name and the unit and post.", n=number)))
        if not 7 <= len(rules.phone_key(row.phone)) <= 15:
            problems.append(str(_l("Line %(n)s: enter a phone number (7 to 15 digits).", n=number)))
    if problems:
        raise DomainError("; ".join(problems), field="members")
    _claim_list(session, viewer, negotiation, side, rows, based_on)
    everyone = representatives_of(session, negotiation, current_only=True)
    current = {r.id: r for r in everyone if r.side is side}
    unknown = [row.id for row in rows if row.id is not None and row.id not in current]
    if unknown:
        raise DomainError(_l("The list changed meanwhile: reload the page."), status=409)
    kept = [r for r in current.values() if r.id not in {row.id for row in rows}]
    members = [rules.Member(r.name, r.phone, r.is_chief, r.is_expert) for r in kept] + [
        rules.Member(row.name.strip(), row.phone.strip(), row.is_chief, row.is_expert)
        for row in rows
    ]
    refuse(
        rules.side_problems(members, members_of(everyone, side.other), negotiation.recorder_phone),
        "members",
    )
    appointed = _write_list(session, negotiation, side, rows, current, today)
    _fill_vacancies(session, negotiation, side, appointed)
    touch(negotiation)
    deadlines_changed(session, negotiation)


def _write_list(
    session: Session,
    negotiation: Negotiation,
    side: Side,
    rows: Sequence[MemberRow],
    current: dict[int | None, Representative],
    today: date,
) -> list[Representative]:
    """Write the rows in a savepoint and return the newcomers. The database keeps one chief per
    side: a chief someone else saved for this side since the list was read here (two people
    saving the side at once) is refused as R1, and the rest of the transaction stands."""
    appointed: list[Representative] = []
    with written_or_refused(
        session, DomainError(CHIEF_TAKEN, field="members", rule="R1", status=409)
    ):
        # Unset before set, flushed in two steps, so the list may pass its chief on.
        for row in rows:
            if row.id is not None:
                current[row.id].is_chief = False
        session.flush()
        for row in rows:
            rep = current[row.id] if row.id is not None else _newcomer(negotiation, side, today)
            rep.name = row.name.strip()
            rep.affiliation = row.affiliation.strip()
            rep.phone = row.phone.strip()
            rep.is_chief = row.is_chief
            rep.is_expert = row.is_expert
            session.add(rep)
            if row.id is None:
                appointed.append(rep)
    return appointed


def _newcomer(negotiation: Negotiation, side: Side, today: date) -> Representative:
    return Representative(
        negotiation_id=negotiation.id or 0,
        side=side,
        appointed_on=today,
        name="",
        affiliation="",
        phone="",
    )


def _fill_vacancies(
    session: Session, negotiation: Negotiation, side: Side, appointed: Sequence[Representative]
) -> None:
    """R1 (第31条): the side's new representatives take its open vacancies, the oldest first."""
    vacant = [
        r
        for r in representatives_of(session, negotiation)
        if r.side is side and r.vacated_on is not None and r.filled_by_id is None
    ]
    vacant.sort(key=lambda r: (r.vacated_on, r.id))
    for seat, newcomer in zip(vacant, appointed, strict=False):
        seat.filled_by_id = newcomer.id
        session.add(seat)


def vacate(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    representative: Representative,
    *,
    on: date,
    reason: str,
    today: date,
) -> None:
    """A representative leaves (R1): dated, with the reason; the side refills within the period."""
    if representative.negotiation_id != negotiation.id:
        raise NotFound()
    if not can_act_for(viewer, negotiation, representative.side):
        raise DomainError(_l("Only a side's own people name its representatives."), status=403)
    check_open(negotiation)
    if representative.vacated_on is not None:
        raise DomainError(_l("This place is vacant already."), status=409)
    if on < representative.appointed_on or on > today:
        raise DomainError(
            _l(
                "The date lies between the appointment (%(start)s) and today.",
                start=representative.appointed_on.isoformat(),
            ),
            field="vacated_on",
        )
    if not reason.strip():
        raise DomainError(_l("Enter the reason."), field="reason")
    representative.vacated_on = on
    representative.vacancy_reason = reason.strip()
    touch(negotiation)
    deadlines_changed(session, negotiation)


def name_recorder(
    session: Session,
    viewer: Viewer,
    negotiation: Negotiation,
    *,
    name: str,
    phone: str,
    affiliation: str,
) -> None:
    """R3: the recorder, who is not a representative. The side naming them agrees; the other
    side's agreement stands only while it is the same person (told apart by phone)."""
    side = acting_side(viewer, negotiation)
    check_open(negotiation)
    if not name.strip():
        raise DomainError(_l("Enter the name."), field="name")
    if not 7 <= len(rules.phone_key(phone)) <= 15:
        raise DomainError(_l("Enter a phone number (7 to 15 digits)."), field="phone")
    current = representatives_of(session, negotiation, current_only=True)
    refuse(
        rules.recorder_problems(
            phone, members_of(current, Side.UNION), members_of(current, Side.EMPLOYER)
        ),
        "phone",
    )
    same_person = rules.phone_key(negotiation.recorder_phone or "") == rules.phone_key(phone)
    negotiation.recorder_name = name.strip()
    negotiation.recorder_phone = phone.strip()
    negotiation.recorder_affiliation = affiliation.strip() or None
    negotiation.agree_to_recorder(side)
    if not same_person:
        negotiation.agree_to_recorder(side.other, False)
    touch(negotiation)
    session.flush()


def agree_to_recorder(session: Session, viewer: Viewer, negotiation: Negotiation) -> None:
    """R3: the other side agrees to the recorder one side named; then both have named them."""
    side = acting_side(viewer, negotiation)
    check_open(negotiation)
    if not negotiation.recorder_phone:
        raise DomainError(_l("R3: no recorder has been named yet."), rule="R3", status=409)
    negotiation.agree_to_recorder(side)
    touch(negotiation)
    session.flush()
