"""Helpers of the bargaining tests: refusing, reading back everything the services could have
changed, taking a negotiation to a stage through the services; and, for the pure rules, sides of
representatives and the rule each problem code names."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy import delete, func, insert, update
from sqlmodel import col, select

from bargaining import rules, services
from bargaining.labels import problem_message
from bargaining.models import (
    Attendance,
    BargainingSession,
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Offer,
    Representative,
    Settlement,
    SettlementValue,
    Side,
    Topic,
)
from bargaining.rules import Code, Member
from db import utcnow
from errors import DomainError
from standards.models import SectorStandard
from standards.vocabulary import KIND_RULES
from tests.bargaining.conftest import TODAY

Status = NegotiationStatus
ANSWERED_ON = date(2026, 3, 10)
SETTLED_FROM, SETTLED_TO = date(2026, 5, 1), date(2027, 4, 30)


# --- helpers -----------------------------------------------------------------------------------


def refused(action, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        action(*args, **kwargs)
    return caught.value


def text(error: DomainError) -> str:
    return str(error.message)


def snapshot(session) -> dict:
    """Everything the services could have changed, read back from the tables (a query flushes
    whatever is pending, so unflushed changes count too)."""
    counts = {
        model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
        for model in (
            NegotiationItem,
            Representative,
            BargainingSession,
            Attendance,
            Offer,
            Settlement,
            SettlementValue,
            SectorStandard,
        )
    }
    # SQLAlchemy's select: sqlmodel's is typed for at most four columns.
    rows = {
        "negotiation": sa.select(
            col(Negotiation.id),
            col(Negotiation.status),
            col(Negotiation.answered_on),
            col(Negotiation.answer_text),
            col(Negotiation.recorder_phone),
            col(Negotiation.ended_on),
            col(Negotiation.end_reason),
            col(Negotiation.standard_id),
        ),
        "representative": sa.select(
            col(Representative.id),
            col(Representative.name),
            col(Representative.phone),
            col(Representative.is_chief),
            col(Representative.is_expert),
            col(Representative.vacated_on),
        ),
        "offer": sa.select(col(Offer.id), col(Offer.value)),
        "settlement": sa.select(col(Settlement.id), col(Settlement.status)),
    }
    return counts | {name: sorted(session.exec(stmt).all()) for name, stmt in rows.items()}


def user_of(table, side: Side):
    return table.chair if side is Side.UNION else table.rep


def save_side(table, negotiation, side, rows):
    services.save_representatives(
        table.session, table.viewer(user_of(table, side)), negotiation, side, rows, today=TODAY
    )


def chief_saved_meanwhile(monkeypatch, negotiation, side, name="抢先首席"):
    """Two people save the same side's list at once: the other person's list, whose chief is a
    newcomer, is committed after this save has read the list and before it writes its own
    (written beneath the ORM, so this save's session does not know of it)."""
    from bargaining.services import seating

    reps = Representative.__table__

    def their_list():  # passes the chief on to a newcomer
        return [
            update(reps)
            .where(reps.c.negotiation_id == negotiation.id, reps.c.side == side.value)
            .values(is_chief=False),
            insert(reps).values(
                negotiation_id=negotiation.id,
                side=side.value,
                name=name,
                affiliation="单位 职务",
                phone="13812345678",
                is_chief=True,
                is_expert=False,
                appointed_on=TODAY,
                created_at=utcnow(),
            ),
        ]

    after_reading(monkeypatch, seating, "representatives_of", their_list)


def after_reading(monkeypatch, module, query, competing_write):
    """Another request's write (a statement, or a list of them), committed after `module` has
    read with `query` and before it writes: executed beneath the ORM, so the session that read
    does not know of it."""
    reading = getattr(module, query)
    raced = []

    def read_then_raced(session, *args, **kwargs):
        found = reading(session, *args, **kwargs)
        if not raced:
            raced.append(True)
            written = competing_write()
            for statement in written if isinstance(written, list) else [written]:
                session.connection().execute(statement)
        return found

    monkeypatch.setattr(module, query, read_then_raced)


def session_recorded_meanwhile(monkeypatch, negotiation, chair_id, number):
    """Someone else records session `number` while this request is recording its own."""
    from bargaining.services import rounds

    def write():
        return insert(BargainingSession.__table__).values(
            negotiation_id=negotiation.id,
            number=number,
            held_on=date(2026, 3, 12),
            place="抢先登记的会场",
            chair_side=Side.UNION.value,
            chair_id=chair_id,
            agenda="抢先登记的议程",
            minutes="",
            suspended=False,
            created_at=utcnow(),
        )

    after_reading(monkeypatch, rounds, "sessions_of", write)


def offer_saved_meanwhile(monkeypatch, record, side, item_id, value="9999"):
    """Someone else of the same side saves an offer for `item_id` at `record` meanwhile."""
    from bargaining.services import rounds

    def write():
        return insert(Offer.__table__).values(
            session_id=record.id,
            side=side.value,
            item_id=item_id,
            value=Decimal(value),
            entered_at=utcnow(),
        )

    after_reading(monkeypatch, rounds, "entered_offers", write)


def offer_removed_meanwhile(monkeypatch, record, side, item_id):
    """Someone else of the same side clears the offer for `item_id` at `record` meanwhile."""
    from bargaining.services import rounds

    def write():
        offers = Offer.__table__
        return delete(offers).where(
            offers.c.session_id == record.id,
            offers.c.side == side.value,
            offers.c.item_id == item_id,
        )

    after_reading(monkeypatch, rounds, "entered_offers", write)


def item_added_meanwhile(monkeypatch, negotiation, kind, job_category, unit):
    """Someone else adds the same item to the list meanwhile."""
    from bargaining.services import negotiations

    def write():
        return insert(NegotiationItem.__table__).values(
            negotiation_id=negotiation.id,
            position=99,
            kind=kind.value,
            job_category=job_category,
            unit=unit.value,
            direction=KIND_RULES[kind].direction.value,
        )

    after_reading(monkeypatch, negotiations, "items_of", write)


def extra(table, side, number, **changes):
    """One more ordinary (not chief) representative of a side."""
    return replace(table.members(side, 1, start=number)[0], is_chief=False, **changes)


def current(table, negotiation, side):
    reps = services.representatives_of(table.session, negotiation, current_only=True)
    return [r for r in reps if r.side is side]


def hold(table, negotiation, held_on=date(2026, 3, 12), **overrides):
    return services.record_session(
        table.session,
        table.viewer(table.chair),
        negotiation,
        table.session_data(negotiation, held_on, **overrides),
        today=TODAY,
    )


def in_session(table):
    negotiation = table.seated()
    return negotiation, hold(table, negotiation)


def items(table, negotiation):
    chef, washer, rise = services.items_of(table.session, negotiation)
    return chef, washer, rise


def offer(table, negotiation, record, side, values, user=None):
    services.save_offers(
        table.session,
        table.viewer(user or user_of(table, side)),
        negotiation,
        record,
        side,
        values,
    )


def propose(table, negotiation, side, chef="3400", washer="2650", rise="8"):
    item_chef, item_washer, item_rise = items(table, negotiation)
    entered = {item_chef.id: chef, item_washer.id: washer, item_rise.id: rise}
    return services.propose_settlement(
        table.session,
        table.viewer(user_of(table, side)),
        negotiation,
        {item_id: value for item_id, value in entered.items() if value is not None},
        effective_from=SETTLED_FROM,
        effective_to=SETTLED_TO,
    )


def accept(table, negotiation, proposal, side):
    services.accept_settlement(
        table.session, table.viewer(user_of(table, side)), negotiation, proposal, today=TODAY
    )


def end(table, negotiation, outcome, side=Side.UNION, reason="协会拒绝继续协商。"):
    services.end_negotiation(
        table.session,
        table.viewer(user_of(table, side)),
        negotiation,
        outcome,
        on=TODAY,
        reason=reason,
        today=TODAY,
    )


def answer(
    table, negotiation, answered_on=ANSWERED_ON, user=None, agrees=True, wording="同意协商。"
):
    services.answer_request(
        table.session,
        table.viewer(user or table.rep),
        negotiation,
        answered_on=answered_on,
        text=wording,
        agrees=agrees,
        today=TODAY,
    )


def name_recorder(table, negotiation, phone="13500000000", *, jointly=True):
    """The union side names the recorder; `jointly`, the employer side agrees (R3)."""
    services.name_recorder(
        table.session,
        table.viewer(table.chair),
        negotiation,
        name="记录员",
        phone=phone,
        affiliation="区总工会",
    )
    if jointly:
        services.agree_to_recorder(table.session, table.viewer(table.rep), negotiation)


def request_data(counterpart, **overrides):
    data = {
        "counterpart_id": counterpart.id,
        "topic": Topic.SPECIAL_WAGE,
        "year": 2026,
        "title": "2026年度海珠区餐饮行业工资集体协商",
        "request_sent_on": date(2026, 3, 2),
        "request_received_on": date(2026, 3, 3),
        "request_text": "现提出开展工资集体协商的要求。",
    } | overrides
    return services.RequestData(**data)


def ended_message(status: Status) -> str:
    return problem_message(rules.Problem("R4", rules.Code.CLOSED, {"status": status.value}))


# An agreed suspension (R6): when, where and on what bargaining resumes.
SUSPENSION = {
    "suspended": True,
    "resume_on": date(2026, 3, 19),
    "resume_place": "区总工会会议室",
    "resume_topics": "厨师长工资标准",
}


# --- the pure rules' tests ------------------------------------------------------------------

# The rule the UI shows next to each code ("" for a plain data check).
RULE_OF = {
    Code.TOO_FEW: "R1",
    Code.NO_CHIEF: "R1",
    Code.TWO_CHIEFS: "R1",
    Code.EXPERT_CHIEF: "R1",
    Code.TOO_MANY_EXPERTS: "R1",
    Code.UNEQUAL: "R1",
    Code.NAMED_TWICE: "",
    Code.BOTH_SIDES: "R2",
    Code.RECORDER_IS_REPRESENTATIVE: "R3",
    Code.NO_RECORDER: "R3",
    Code.NOT_ANSWERED: "R4",
    Code.ANSWER_BEFORE_REQUEST: "R4",
    Code.BEFORE_REQUEST: "R4",
    Code.BEFORE_PREVIOUS: "",
    Code.IN_THE_FUTURE: "",
    Code.WRONG_CHAIR: "R5",
    Code.CHAIR_ABSENT: "R5",
    Code.NO_RESUMPTION: "R6",
    Code.CLOSED: "R4",
}

RECORDER = "137 0000 9999"


def member(name, phone, *, chief=False, expert=False):
    return Member(name=name, phone=phone, is_chief=chief, is_expert=expert)


def side(prefix, size, *, experts=0, chiefs=1, expert_chief=False):
    """`size` representatives with distinct phones starting with `prefix` (3 digits): the first
    `chiefs` are chiefs, the last `experts` outside experts."""
    return [
        member(
            f"{prefix}-{i}",
            f"{prefix}0000{i:04d}",
            chief=i < chiefs,
            expert=i >= size - experts or (expert_chief and i == 0),
        )
        for i in range(size)
    ]


def union_side(size=3, **kwargs):
    return side("138", size, **kwargs)


def employer_side(size=3, **kwargs):
    return side("139", size, **kwargs)


def codes(problems):
    return [p.code for p in problems]
