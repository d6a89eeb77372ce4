"""Organisation fixtures: viewers, a small world of parties, bureaus, and reading pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlmodel import Session
from werkzeug.test import TestResponse

from accounts.models import Role, User
from organizations import services
from organizations.models import Coverage, CoverageStatus, Organization, OrgKind, Person, Position
from organizations.permissions import Viewer
from tests.conftest import id_of
from tests.organizations.pages import Page


@pytest.fixture
def viewer_of(session: Session) -> Callable[[User], Viewer]:
    return lambda user: services.viewer_for(session, user)


@pytest.fixture
def page() -> Callable[..., Page]:
    """Parse a response (or HTML text) into a Page."""

    def _page(response: str | TestResponse) -> Page:
        html = response if isinstance(response, str) else response.get_data(as_text=True)
        return Page(html)

    return _page


@pytest.fixture
def shown(app: Flask) -> Callable[[object], str]:
    """A (lazy) message as a page in the default language shows it."""

    def _shown(message: object) -> str:
        with app.test_request_context():
            return str(message)

    return _shown


@pytest.fixture
def make_bureau(make_org: Callable[..., Organization]) -> Callable[..., Organization]:
    def _make(region_code: str, name: str | None = None) -> Organization:
        return make_org(
            OrgKind.BUREAU,
            region_code=region_code,
            sector_code=None,
            **({"name": name} if name else {}),
        )

    return _make


@dataclass
class World:
    """Two federations in 海珠区 with their association; enterprises A and B with unions and people;
    an enterprise that no one covers
    (the federation has asked to); the district and city labour bureaus; an account per role."""

    federation: Organization  # covers A and B
    other_federation: Organization  # covers nobody here
    association: Organization  # the federation's counterpart
    other_association: Organization
    enterprise_a: Organization
    union_a: Organization
    enterprise_b: Organization
    union_b: Organization
    person_b: Person  # B's legal representative
    uncovered: Organization
    uncovered_union: Organization
    request: Coverage  # the federation asks to cover the uncovered enterprise: no answer yet
    district_bureau: Organization  # 海珠区
    city_bureau: Organization  # 广州市
    tianhe_enterprise: Organization  # files with the city bureau
    users: dict[str, User]

    @property
    def orgs(self) -> list[Organization]:
        return [
            self.federation,
            self.other_federation,
            self.association,
            self.other_association,
            self.enterprise_a,
            self.union_a,
            self.enterprise_b,
            self.union_b,
            self.uncovered,
            self.uncovered_union,
            self.district_bureau,
            self.city_bureau,
            self.tianhe_enterprise,
        ]


@pytest.fixture
def world(
    session: Session,
    make_org: Callable[..., Organization],
    make_enterprise: Callable[..., Organization],
    make_union: Callable[..., Organization],
    make_federation: Callable[..., Organization],
    make_bureau: Callable[..., Organization],
    make_user: Callable[..., User],
) -> World:
    association = make_org(OrgKind.ASSOCIATION, name="广州市海珠区餐饮行业协会")
    other_association = make_org(OrgKind.ASSOCIATION, name="广州市海珠区建筑业协会")
    enterprise_a = make_enterprise(name="广州市海珠区粤味轩餐饮有限公司")
    enterprise_b = make_enterprise(name="广州市海珠区江南茶楼有限公司")
    uncovered = make_enterprise(name="广州市海珠区独立快餐店有限公司")
    tianhe_enterprise = make_enterprise(name="广州市天河区体育西餐饮有限公司", region_code="440106")
    union_a = make_union(enterprise_a, chair="何秀英")
    union_b = make_union(enterprise_b, chair="李丽娟")
    uncovered_union = make_union(uncovered, chair="邓建平")
    person_b = Person(
        organization_id=id_of(enterprise_b), name="陈少雄", position=Position.LEGAL_REPRESENTATIVE
    )
    session.add(person_b)
    federation = make_federation(
        covers=[enterprise_a, enterprise_b],
        name="广州市海珠区餐饮行业工会联合会",
        counterpart_id=association.id,
    )
    other_federation = make_federation(
        name="广州市海珠区建筑业工会联合会", sector_code="E47", counterpart_id=other_association.id
    )
    request = Coverage(
        federation_id=id_of(federation),
        enterprise_id=uncovered.id,
        credit_code=uncovered.credit_code or "",
        status=CoverageStatus.REQUESTED,
    )
    session.add(request)
    district_bureau = make_bureau("440105", "广州市海珠区人力资源和社会保障局")
    city_bureau = make_bureau("440100", "广州市人力资源和社会保障局")
    users = {
        "admin": make_user(Role.ADMIN),
        "fed_chair": make_user(Role.FEDERATION_CHAIR, federation),
        "fed_staff": make_user(Role.FEDERATION_STAFF, federation),
        "other_fed_chair": make_user(Role.FEDERATION_CHAIR, other_federation),
        "assoc_rep": make_user(Role.ASSOCIATION_REP, association),
        "other_assoc_rep": make_user(Role.ASSOCIATION_REP, other_association),
        "manager_a": make_user(Role.ENTERPRISE_MANAGER, enterprise_a),
        "manager_b": make_user(Role.ENTERPRISE_MANAGER, enterprise_b),
        "union_chair_a": make_user(Role.UNION_CHAIR, union_a),
        "district_reviewer": make_user(Role.BUREAU_REVIEWER, district_bureau),
        "city_reviewer": make_user(Role.BUREAU_REVIEWER, city_bureau),
    }
    # Commit (to the test's savepoint) so that a request that rolls back keeps the world.
    session.commit()
    return World(
        federation=federation,
        other_federation=other_federation,
        association=association,
        other_association=other_association,
        enterprise_a=enterprise_a,
        union_a=union_a,
        enterprise_b=enterprise_b,
        union_b=union_b,
        person_b=person_b,
        uncovered=uncovered,
        uncovered_union=uncovered_union,
        request=request,
        district_bureau=district_bureau,
        city_bureau=city_bureau,
        tianhe_enterprise=tianhe_enterprise,
        users=users,
    )
