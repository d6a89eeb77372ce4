"""Fixtures of the bargaining tests: Haizhu's catering federation and its trade association, one
account on each side, and helpers that take a negotiation to a given stage through the services."""

from datetime import date

import pytest

from accounts.models import Role
from bargaining import services
from bargaining.models import Side, Topic
from organizations.models import OrgKind
from organizations.services import viewer_for
from standards.demo import seed_standards
from standards.vocabulary import ItemKind, Unit

TODAY = date(2026, 3, 20)


class _Report:
    def tally(self, _created: bool) -> None:
        pass


class Table:
    """The two parties and their people."""

    def __init__(self, session, make_org, make_federation, make_user):
        seed_standards(session, _Report())  # Guangzhou: 2500 a month from 2025-03-01
        self.session = session
        self.association = make_org(OrgKind.ASSOCIATION, name="广州市海珠区餐饮行业协会")
        self.federation = make_federation(
            name="广州市海珠区餐饮行业工会联合会", counterpart_id=self.association.id
        )
        self.chair = make_user(Role.FEDERATION_CHAIR, self.federation)
        self.rep = make_user(Role.ASSOCIATION_REP, self.association)
        self.bureau = make_user(Role.BUREAU_REVIEWER)
        self.stranger = make_user(Role.FEDERATION_CHAIR)  # another federation's chair
        self.admin = make_user(Role.ADMIN)
        session.flush()

    def viewer(self, user):
        return viewer_for(self.session, user)

    def request(self, **overrides):
        data = {
            "counterpart_id": self.association.id,
            "topic": Topic.SPECIAL_WAGE,
            "year": 2026,
            "title": "2026年度海珠区餐饮行业工资集体协商",
            "request_sent_on": date(2026, 3, 2),
            "request_received_on": date(2026, 3, 3),
            "request_text": "根据《集体合同规定》，现提出开展工资集体协商的要求。",
        } | overrides
        negotiation = services.start_negotiation(
            self.session, self.viewer(self.chair), services.RequestData(**data), today=TODAY
        )
        services.save_items(
            self.session,
            self.viewer(self.chair),
            negotiation,
            [
                services.ItemRow(ItemKind.MONTHLY_PAY_FLOOR, "厨师长", Unit.YUAN_PER_MONTH),
                services.ItemRow(ItemKind.MONTHLY_PAY_FLOOR, "餐具清洗员", Unit.YUAN_PER_MONTH),
                services.ItemRow(ItemKind.ANNUAL_RISE, "", Unit.PERCENT),
            ],
        )
        return negotiation

    def answered(self, **overrides):
        negotiation = self.request(**overrides)
        services.answer_request(
            self.session,
            self.viewer(self.rep),
            negotiation,
            answered_on=date(2026, 3, 10),
            text="同意协商。",
            agrees=True,
            today=TODAY,
        )
        return negotiation

    def members(self, side, count=3, start=0):
        prefix = "139" if side is Side.UNION else "137"
        return [
            services.MemberRow(
                None,
                f"{side.value}{i}",
                "单位 职务",
                f"{prefix}0000{i:04d}",
                i == start,
                False,
            )
            for i in range(start, start + count)
        ]

    def seated(self, count=3, **overrides):
        negotiation = self.answered(**overrides)
        for side, user in ((Side.UNION, self.chair), (Side.EMPLOYER, self.rep)):
            services.save_representatives(
                self.session,
                self.viewer(user),
                negotiation,
                side,
                self.members(side, count),
                today=TODAY,
            )
        services.name_recorder(
            self.session,
            self.viewer(self.chair),
            negotiation,
            name="记录员",
            phone="13500000000",
            affiliation="区总工会",
        )
        services.agree_to_recorder(self.session, self.viewer(self.rep), negotiation)  # R3
        return negotiation

    def session_data(self, negotiation, held_on=date(2026, 3, 12), **overrides):
        current = services.representatives_of(self.session, negotiation, current_only=True)
        data = {
            "held_on": held_on,
            "place": "区总工会会议室",
            "chair_side": services.proposed_chair_side(self.session, negotiation),
            "attendee_ids": [r.id for r in current],
            "agenda": "工资标准",
            "minutes": "双方提出报价。",
        } | overrides
        return services.SessionData(**data)


@pytest.fixture
def table(session, make_org, make_federation, make_user):
    table = Table(session, make_org, make_federation, make_user)
    session.commit()
    return table
