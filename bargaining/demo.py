"""The demo negotiations: Haizhu's catering federation and association bargain the pay floors of
four job categories and the annual rise. This year's runs over three sessions whose offers
converge; the association has proposed the settlement and the federation's chair may accept it;
since the last session one of the federation's representatives has left, so its 15-day refill
deadline (R1, 第31条) is open and already reminded. Last year's was agreed after two sessions
(its agreement text is the contracts demo)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from accounts.models import User
from bargaining import services
from bargaining.models import Negotiation, Representative, Side, Topic
from db import local_today
from organizations import demo as org_demo
from organizations.demo import SeedReport
from organizations.models import Organization, OrgKind
from organizations.permissions import Viewer
from organizations.services import viewer_for
from reminders.calendar_store import load_chinese_calendar
from reminders.clock import Clock
from reminders.rules import first_reminder_on
from standards.vocabulary import ItemKind, Unit

TITLE = "海珠区餐饮行业工资专项集体协商"
LAST_YEAR_TITLE = "海珠区餐饮行业工资专项集体协商（本年度）"

ITEMS = [
    (ItemKind.MONTHLY_PAY_FLOOR, "厨师长", Unit.YUAN_PER_MONTH),
    (ItemKind.MONTHLY_PAY_FLOOR, "厨师", Unit.YUAN_PER_MONTH),
    (ItemKind.MONTHLY_PAY_FLOOR, "服务员", Unit.YUAN_PER_MONTH),
    (ItemKind.MONTHLY_PAY_FLOOR, "餐具清洗员", Unit.YUAN_PER_MONTH),
    (ItemKind.ANNUAL_RISE, "", Unit.PERCENT),
]
# Per session: the union side's and the employer side's offers, in the order of ITEMS.
OFFERS = [
    (["4200", "3600", "2900", "2700", "10"], ["3600", "3100", "2600", "2500", "5"]),
    (["4000", "3450", "2800", "2650", "9"], ["3750", "3250", "2700", "2550", "6.5"]),
    (["3900", "3350", "2750", "2620", "8"], ["3900", "3350", "2750", "2580", "8"]),
]
# Last year's: two sessions, agreed.
LAST_YEAR_OFFERS = [
    (["3900", "3300", "2700", "2600", "9"], ["3500", "3000", "2550", "2500", "5"]),
    (["3700", "3200", "2650", "2560", "7"], ["3700", "3200", "2650", "2560", "7"]),
]
UNION_SIDE = [
    ("陈志明", "海珠区餐饮行业工会联合会 主席", "13902001001", True, False),
    ("苏丽萍", "海珠区餐饮行业工会联合会 干事", "13902001002", False, False),
    ("何秀英", "粤味轩酒家工会 主席", "13902001003", False, False),
]
EMPLOYER_SIDE = [
    ("黄伟强", "海珠区餐饮行业协会 副会长", "13702002001", True, False),
    ("梁国华", "粤味轩酒家 行政总监", "13702002002", False, False),
    ("罗志坚", "华南农业大学 人力资源管理讲师", "13702002003", False, True),
]
PLACE = "海珠区总工会三楼会议室"
# This year's: the federation's 干事 leaves after the last session (not the chief, so the chief
# still accepts the settlement; acceptance asks for no full table, only a new session would).
LEAVER = "苏丽萍"
LEAVING_REASON = "调离工作岗位"
LEFT_DAYS_AGO = 9  # of the 15 days to refill, 6 are left: the first reminder (7 days before) is due


def seed_bargaining(session: Session, report: SeedReport) -> None:
    """This year's negotiation (three sessions, settlement proposed) and last year's, agreed."""
    people = _people(session)
    if people is None:
        return  # the accounts and organisations come first
    today = local_today()
    for title, year, days_ago, offers, accepted in (
        (LAST_YEAR_TITLE, today.year, 400, LAST_YEAR_OFFERS, True),
        (TITLE, today.year + 1, 80, OFFERS, False),
    ):
        if session.exec(select(Negotiation.id).where(Negotiation.title == title)).first():
            report.tally(False)
            continue
        negotiation = _negotiate(
            session, people, title, year, today - timedelta(days=days_ago), offers, accepted
        )
        if not accepted:
            _leave(session, people[0], negotiation, today)
        report.tally(True)


def _people(session: Session) -> tuple[Viewer, Viewer, Organization] | None:
    chair = session.exec(select(User).where(User.username == "fed.chair")).first()
    rep = session.exec(select(User).where(User.username == "assoc.rep")).first()
    association = session.exec(
        select(Organization).where(
            Organization.kind == OrgKind.ASSOCIATION, Organization.name == org_demo.ASSOCIATION
        )
    ).first()
    if chair is None or rep is None or association is None:
        return None
    return viewer_for(session, chair), viewer_for(session, rep), association


def _negotiate(
    session: Session,
    people: tuple[Viewer, Viewer, Organization],
    title: str,
    year: int,
    start: date,
    offers: list[tuple[list[str], list[str]]],
    accepted: bool,
) -> Negotiation:
    """A negotiation from the request to len(offers) sessions and a settlement the association
    proposes (and the federation accepts, when `accepted`)."""
    union_viewer, employer_viewer, association = people
    today = local_today()
    negotiation = services.start_negotiation(
        session,
        union_viewer,
        services.RequestData(
            counterpart_id=association.id or 0,
            topic=Topic.SPECIAL_WAGE,
            year=year,
            title=title,
            request_sent_on=start,
            request_received_on=start + timedelta(days=1),
            request_text=(
                "根据《中华人民共和国劳动合同法》和《集体合同规定》，本会代表全区餐饮行业职工，"
                f"提请贵会就{year}年度行业工资标准、主要岗位工种最低工资标准和工资年增长幅度"
                "开展工资集体协商。\n请于收到本要求书之日起二十日内书面答复。"
            ),
        ),
        today=today,
    )
    services.save_items(
        session,
        union_viewer,
        negotiation,
        [services.ItemRow(kind, category, unit) for kind, category, unit in ITEMS],
    )
    services.answer_request(
        session,
        employer_viewer,
        negotiation,
        answered_on=start + timedelta(days=12),
        text="本会同意开展工资集体协商，建议首次协商会议于下月中旬在区总工会召开。",
        agrees=True,
        today=today,
    )
    for side, viewer, people_of_side in (
        (Side.UNION, union_viewer, UNION_SIDE),
        (Side.EMPLOYER, employer_viewer, EMPLOYER_SIDE),
    ):
        services.save_representatives(
            session,
            viewer,
            negotiation,
            side,
            [services.MemberRow(None, *person) for person in people_of_side],
            today=start + timedelta(days=14),
        )
    services.name_recorder(
        session,
        union_viewer,
        negotiation,
        name="钟晓燕",
        phone="13602003001",
        affiliation="海珠区总工会 法律工作部",
    )
    services.agree_to_recorder(session, employer_viewer, negotiation)  # named jointly (R3)
    items = services.items_of(session, negotiation)
    held = [start + timedelta(days=24 + 21 * k) for k in range(len(offers))]
    for number, (held_on, (union, employer)) in enumerate(zip(held, offers, strict=True)):
        current = services.representatives_of(session, negotiation, current_only=True)
        suspended = number == 1 and len(offers) > 2
        record = services.record_session(
            session,
            union_viewer if number % 2 == 0 else employer_viewer,
            negotiation,
            services.SessionData(
                held_on=held_on,
                place=PLACE,
                chair_side=services.proposed_chair_side(session, negotiation),
                attendee_ids=[r.id or 0 for r in current],
                agenda="年度行业工资标准；主要岗位工种最低工资标准；工资年增长幅度。",
                minutes=f"第{number + 1}轮：双方就各岗位工种工资标准和年增长幅度交换方案，"
                "说明测算依据。",
                suspended=suspended,
                resume_on=held[number + 1] if suspended else None,
                resume_place=PLACE if suspended else None,
                resume_topics="餐具清洗员工资标准；工资年增长幅度。" if suspended else None,
            ),
            today=today,
        )
        for side, viewer, values in (
            (Side.UNION, union_viewer, union),
            (Side.EMPLOYER, employer_viewer, employer),
        ):
            services.save_offers(
                session,
                viewer,
                negotiation,
                record,
                side,
                {item.id or 0: value for item, value in zip(items, values, strict=True)},
            )
    services.propose_settlement(
        session,
        employer_viewer,
        negotiation,
        {item.id or 0: value for item, value in zip(items, offers[-1][1], strict=True)},
        effective_from=date(year, 1, 1),
        effective_to=date(year, 12, 31),
    )
    if accepted:
        proposal = services.settlement_of(session, negotiation)
        assert proposal is not None, "proposed just above"
        services.accept_settlement(session, union_viewer, negotiation, proposal, today=held[-1])
    return negotiation


def _leave(session: Session, union_viewer: Viewer, negotiation: Negotiation, today: date) -> None:
    """LEAVER leaves about LEFT_DAYS_AGO days ago, through the service, so that the seat's refill
    deadline is open and its first reminder step has come today."""
    seat = next(
        r
        for r in services.representatives_of(session, negotiation, current_only=True)
        if r.side is Side.UNION and r.name == LEAVER
    )
    services.vacate(
        session,
        union_viewer,
        negotiation,
        seat,
        on=leaving_day(session, negotiation, seat, today),
        reason=LEAVING_REASON,
        today=today,
    )


def leaving_day(
    session: Session, negotiation: Negotiation, seat: Representative, today: date
) -> date:
    """LEFT_DAYS_AGO days ago, or the latest day before it (and after the last session, which the
    leaver attended) whose refill deadline has its first reminder by today: a deadline falling on
    a rest day moves to the next working day (R26), which can push the first reminder past today.
    The holiday calendar is loaded first, as seed_reminders would, so that the deadline worked out
    here is the one the reminders keep."""
    load_chinese_calendar(session)
    clock = Clock(session)
    last_session = max(s.held_on for s in services.sessions_of(session, negotiation))
    earliest = max(seat.appointed_on, last_session + timedelta(days=1))
    chosen = day = today - timedelta(days=LEFT_DAYS_AGO)
    while day >= earliest:
        if first_reminder_on(services.refill_deadline(clock, negotiation, day).due_on) <= today:
            return day
        day -= timedelta(days=1)
    return chosen  # a long holiday: the first reminder comes a few days later
