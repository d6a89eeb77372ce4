"""Organisation use cases on a database session: checks, unions, coverage, people, bureaus,
who sees what, and the permission rules behind them."""

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from accounts.models import Role
from errors import DomainError, NotFound
from organizations import coverage, records, services
from organizations.models import Coverage, CoverageStatus, Organization, OrgKind, Person, Position
from organizations.permissions import (
    Viewer,
    can_create_org,
    can_edit_org,
    can_manage_coverage,
)
from organizations.records import CREDIT_CODE_MESSAGES, OrgData, PersonData
from tests.conftest import accepted_coverage, id_of, valid_credit_code


def enterprise_data(**overrides) -> OrgData:
    values: dict[str, Any] = {
        "name": "广州市海珠区新开餐饮有限公司",
        "region_code": "440105",
        "sector_code": "H62",
        "credit_code": valid_credit_code(),
        "headcount": 80,
        "women_headcount": 30,
    }
    values.update(overrides)
    return OrgData(**values)


def federation_data(**overrides) -> OrgData:
    values: dict[str, Any] = {
        "name": "广州市海珠区餐饮行业工会联合会",
        "region_code": "440105",
        "sector_code": "H62",
    }
    values.update(overrides)
    return OrgData(**values)


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    return info.value


def admin_viewer(org_id: int = 1) -> Viewer:
    return Viewer(user_id=1, role=Role.ADMIN, org_id=org_id, org_kind=OrgKind.SUPERIOR_UNION)


# --- creating and editing: every check in records._check --------------------------------------


def test_an_enterprise_is_created_with_its_input_cleaned(session):
    org = records.create_organization(
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(
            name="  广州市海珠区新开餐饮有限公司 ",
            credit_code=" 9144 0300 7084 6113 6t ",
            address="   ",
            phone=" 020-84440000 ",
        ),
    )
    stored = session.get(Organization, org.id)
    assert stored.kind == OrgKind.ENTERPRISE
    assert stored.name == "广州市海珠区新开餐饮有限公司"
    assert stored.credit_code == "91440300708461136T"
    assert stored.address is None
    assert stored.phone == "020-84440000"
    assert (stored.headcount, stored.women_headcount) == (80, 30)


@pytest.mark.parametrize("name", ["", "   "])
def test_a_name_is_required(session, name):
    error = refused(
        records.create_organization, session, None, OrgKind.ENTERPRISE, enterprise_data(name=name)
    )
    assert error.field == "name"


def test_the_region_must_exist(session):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(region_code="999999"),
    )
    assert error.field == "region_code"


def test_the_sector_must_exist(session):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(sector_code="Z99"),
    )
    assert error.field == "sector_code"


def test_a_sector_is_optional(session):
    org = records.create_organization(
        session, None, OrgKind.ENTERPRISE, enterprise_data(sector_code="")
    )
    assert org.sector_code is None


def test_two_organisations_of_one_kind_cannot_share_a_name(session, make_enterprise):
    existing = make_enterprise()
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(name=f" {existing.name} "),
    )
    assert error.field == "name"


def test_organisations_of_different_kinds_may_share_a_name(session, make_org):
    make_org(OrgKind.ASSOCIATION, name="广州市海珠区餐饮行业协会")
    org = records.create_organization(
        session, None, OrgKind.ENTERPRISE, enterprise_data(name="广州市海珠区餐饮行业协会")
    )
    assert org.id is not None


@pytest.mark.parametrize(
    "name",
    [
        "广州市海珠区餐饮行业工会联合会",
        "海珠区餐饮行业工会联合会",
        "广东省广州市海珠区餐饮行业工会联合会",
    ],
)
def test_r18_a_federation_named_area_sector_suffix_is_created(session, name):
    org = records.create_organization(session, None, OrgKind.FEDERATION, federation_data(name=name))
    assert org.name == name


@pytest.mark.parametrize(
    "name",
    [
        "广州市海珠区工会联合会",  # no sector or region
        "广州市海珠区餐饮行业协会",  # a trade association's name
        "广州市海珠区粤味轩餐饮有限公司工会委员会",  # a single union's name
        "广州市天河区餐饮行业工会联合会",  # another district
        "广州市餐饮行业工会联合会",  # the city, for a district federation
    ],
)
def test_r18_a_federation_name_that_breaks_the_pattern_is_refused(session, name):
    error = refused(
        records.create_organization, session, None, OrgKind.FEDERATION, federation_data(name=name)
    )
    assert (error.field, error.rule) == ("name", "R18")


def test_r18_the_existing_federation_can_be_edited_under_its_own_name(session, world, viewer_of):
    """The demo federation is 广州市海珠区餐饮行业工会联合会: saving it must not trip R18."""
    viewer = viewer_of(world.users["fed_chair"])
    federation = world.federation
    data = federation_data(
        name=federation.name,
        address="广州市海珠区江南大道中168号",
        counterpart_id=federation.counterpart_id,
    )
    records.update_organization(session, viewer, federation, data)
    assert session.get(Organization, federation.id).address == "广州市海珠区江南大道中168号"


def test_r18_is_not_asked_of_other_kinds(session):
    org = records.create_organization(
        session, None, OrgKind.ASSOCIATION, OrgData(name="餐饮协会", region_code="440105")
    )
    assert org.kind == OrgKind.ASSOCIATION


def test_an_enterprise_needs_its_credit_code(session):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(credit_code=None),
    )
    assert error.field == "credit_code"


def test_an_enterprise_needs_its_headcount(session):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(headcount=None, women_headcount=None),
    )
    assert error.field == "headcount"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91440300708461136", "length"),
        ("91440300708461136TX", "length"),
        ("9144030070846113OT", "characters"),
        ("91440300708461136A", "check"),
    ],
)
def test_a_bad_credit_code_is_refused_with_what_is_wrong(session, code, problem):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(credit_code=code),
    )
    assert error.field == "credit_code"
    assert str(error.message) == str(CREDIT_CODE_MESSAGES[problem])


def test_a_credit_code_is_checked_for_every_kind(session):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ASSOCIATION,
        OrgData(
            name="广州市海珠区餐饮行业协会", region_code="440105", credit_code="51440105MA0000002X"
        ),
    )
    assert error.field == "credit_code"


def test_a_credit_code_already_registered_is_refused(session, make_enterprise):
    existing = make_enterprise()
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(credit_code=existing.credit_code.lower()),
    )
    assert error.field == "credit_code"
    assert session.exec(
        select(Organization).where(Organization.credit_code == existing.credit_code)
    ).all() == [existing]


def test_a_credit_code_is_unique_across_kinds(session, make_enterprise):
    existing = make_enterprise()
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ASSOCIATION,
        OrgData(
            name="广州市海珠区餐饮行业协会", region_code="440105", credit_code=existing.credit_code
        ),
    )
    assert error.field == "credit_code"


def test_an_organisation_keeps_its_own_credit_code_and_name_on_edit(session, world, viewer_of):
    enterprise = world.enterprise_a
    viewer = viewer_of(world.users["manager_a"])
    data = enterprise_data(
        name=enterprise.name, credit_code=enterprise.credit_code, headcount=120, women_headcount=60
    )
    records.update_organization(session, viewer, enterprise, data)
    stored = session.get(Organization, enterprise.id)
    assert (stored.credit_code, stored.headcount, stored.women_headcount) == (
        enterprise.credit_code,
        120,
        60,
    )


def test_an_edit_cannot_take_another_organisations_credit_code(session, world, viewer_of):
    viewer = viewer_of(world.users["manager_a"])
    data = enterprise_data(name=world.enterprise_a.name, credit_code=world.enterprise_b.credit_code)
    error = refused(records.update_organization, session, viewer, world.enterprise_a, data)
    assert error.field == "credit_code"


def test_an_edit_cannot_take_another_organisations_name(session, world, viewer_of):
    viewer = viewer_of(world.users["manager_a"])
    data = enterprise_data(name=world.enterprise_b.name, credit_code=world.enterprise_a.credit_code)
    error = refused(records.update_organization, session, viewer, world.enterprise_a, data)
    assert error.field == "name"


def test_the_headcount_cannot_be_negative(session):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(headcount=-1, women_headcount=None),
    )
    assert error.field == "headcount"


def test_women_workers_cannot_be_negative(session):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ENTERPRISE,
        enterprise_data(women_headcount=-1),
    )
    assert error.field == "women_headcount"


@pytest.mark.parametrize(("headcount", "women"), [(80, 81), (None, 1)])
def test_women_workers_cannot_outnumber_the_headcount(session, headcount, women):
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.ASSOCIATION,
        OrgData(
            name="广州市海珠区餐饮行业协会",
            region_code="440105",
            headcount=headcount,
            women_headcount=women,
        ),
    )
    assert error.field == "women_headcount"


def test_women_workers_may_equal_the_headcount(session):
    org = records.create_organization(
        session, None, OrgKind.ENTERPRISE, enterprise_data(headcount=30, women_headcount=30)
    )
    assert org.women_headcount == 30


def test_a_federations_counterpart_is_a_trade_association(session, make_enterprise, make_org):
    enterprise = make_enterprise()
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.FEDERATION,
        federation_data(counterpart_id=enterprise.id),
    )
    assert error.field == "counterpart_id"
    error = refused(
        records.create_organization,
        session,
        None,
        OrgKind.FEDERATION,
        federation_data(counterpart_id=999_999),
    )
    assert error.field == "counterpart_id"
    association = make_org(OrgKind.ASSOCIATION)
    federation = records.create_organization(
        session, None, OrgKind.FEDERATION, federation_data(counterpart_id=association.id)
    )
    assert federation.counterpart_id == association.id


@pytest.mark.parametrize("column", ["credit_code", "name"])
def test_a_unique_clash_the_checks_miss_becomes_the_users_error(
    session, make_enterprise, monkeypatch, column
):
    """Two people saving at once both pass the checks; the database's refusal becomes a 409."""
    existing = make_enterprise()
    monkeypatch.setattr(records, "_check", lambda *args: None)
    clash = {column: getattr(existing, column)}
    error = refused(
        records.create_organization, session, None, OrgKind.ENTERPRISE, enterprise_data(**clash)
    )
    assert (error.field, error.status) == (column, 409)
    # The savepoint was rolled back and the session goes on.
    assert session.get(Organization, existing.id).name == existing.name


def test_only_admins_and_federations_create_organisations(session, world, viewer_of):
    for user in ("manager_a", "union_chair_a", "assoc_rep", "district_reviewer"):
        error = refused(
            records.create_organization,
            session,
            viewer_of(world.users[user]),
            OrgKind.ENTERPRISE,
            enterprise_data(),
        )
        assert error.status == 403
    error = refused(
        records.create_organization,
        session,
        viewer_of(world.users["fed_chair"]),
        OrgKind.FEDERATION,
        federation_data(name="广州市海珠区住宿业工会联合会"),
    )
    assert error.status == 403


def covered_ids(session, federation: Organization) -> set[int]:
    rows = session.exec(
        select(Coverage.enterprise_id).where(
            Coverage.federation_id == federation.id, Coverage.status == CoverageStatus.ACCEPTED
        )
    )
    return set(rows)


@pytest.mark.parametrize("user", ["fed_chair", "fed_staff"])
def test_an_enterprise_a_federation_creates_is_covered_by_it(session, world, viewer_of, user):
    org = records.create_organization(
        session, viewer_of(world.users[user]), OrgKind.ENTERPRISE, enterprise_data()
    )
    assert org.id in covered_ids(session, world.federation)
    assert coverage.count_covered(session, world.federation.id) == 3


def test_an_enterprise_an_admin_creates_is_covered_by_no_one(session, world, viewer_of):
    org = records.create_organization(
        session, viewer_of(world.users["admin"]), OrgKind.ENTERPRISE, enterprise_data()
    )
    assert session.exec(select(Coverage).where(Coverage.enterprise_id == org.id)).all() == []


def test_an_edit_needs_the_right_to_edit(session, world, viewer_of):
    data = enterprise_data(name=world.enterprise_b.name, credit_code=world.enterprise_b.credit_code)
    error = refused(
        records.update_organization,
        session,
        viewer_of(world.users["manager_a"]),
        world.enterprise_b,
        data,
    )
    assert error.status == 403
    assert session.get(Organization, world.enterprise_b.id).headcount == 100


# --- unions: one per enterprise ------------------------------------------------------------------


def union_data(enterprise: Organization) -> OrgData:
    return OrgData(name=f"{enterprise.name}工会委员会", region_code=enterprise.region_code)


def test_a_union_is_created_for_an_enterprise_with_its_chair(session, make_enterprise):
    enterprise = make_enterprise()
    union = records.create_organization(
        session,
        admin_viewer(),
        OrgKind.UNION,
        union_data(enterprise),
        enterprise=enterprise,
        chair_name=" 何秀英 ",
    )
    assert union.enterprise_id == enterprise.id
    assert services.union_of(session, enterprise).id == union.id
    chair = services.chair_of(session, union)
    assert (chair.name, chair.position) == ("何秀英", Position.CHAIR)


def test_an_enterprise_has_one_union(session, make_enterprise, make_union):
    enterprise = make_enterprise()
    make_union(enterprise)
    data = OrgData(name="另一个工会委员会", region_code="440105")
    error = refused(
        records.create_organization,
        session,
        admin_viewer(),
        OrgKind.UNION,
        data,
        enterprise=enterprise,
    )
    assert error.status == 400
    unions = session.exec(select(Organization).where(Organization.enterprise_id == enterprise.id))
    assert len(unions.all()) == 1


@pytest.mark.parametrize("parent_kind", [None, OrgKind.ASSOCIATION, OrgKind.UNION])
def test_a_union_belongs_to_an_enterprise(session, make_org, make_enterprise, parent_kind):
    parent = None
    if parent_kind == OrgKind.UNION:
        parent = make_org(OrgKind.UNION, enterprise_id=make_enterprise().id)
    elif parent_kind is not None:
        parent = make_org(parent_kind)
    error = refused(
        records.create_organization,
        session,
        admin_viewer(),
        OrgKind.UNION,
        OrgData(name="某工会委员会", region_code="440105"),
        enterprise=parent,
    )
    assert error.status == 400


def test_a_federation_registers_the_union_of_an_enterprise_it_covers_only(
    session, world, viewer_of, make_enterprise
):
    viewer = viewer_of(world.users["fed_staff"])
    fresh = make_enterprise()
    session.add(accepted_coverage(world.federation, fresh))
    union = records.create_organization(
        session, viewer, OrgKind.UNION, union_data(fresh), enterprise=fresh, chair_name="周晓燕"
    )
    assert union.enterprise_id == fresh.id
    stranger = make_enterprise()
    error = refused(
        records.create_organization,
        session,
        viewer,
        OrgKind.UNION,
        union_data(stranger),
        enterprise=stranger,
    )
    assert error.status == 403
    assert services.union_of(session, stranger) is None


def test_a_unions_chair_is_renamed_not_doubled(session, world, viewer_of):
    union = world.union_a
    viewer = viewer_of(world.users["union_chair_a"])
    data = OrgData(name=union.name, region_code=union.region_code, sector_code="H62")
    records.update_organization(session, viewer, union, data, chair_name="冯美玲")
    chairs = [p for p in services.people_of(session, union) if p.position == Position.CHAIR]
    assert [c.name for c in chairs] == ["冯美玲"]


def test_the_database_keeps_one_union_per_enterprise_and_none_without(session, make_enterprise):
    enterprise = make_enterprise()
    session.add(
        Organization(
            kind=OrgKind.UNION, name="工会一", region_code="440105", enterprise_id=enterprise.id
        )
    )
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(
            Organization(
                kind=OrgKind.UNION, name="工会二", region_code="440105", enterprise_id=enterprise.id
            )
        )
        session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Organization(kind=OrgKind.UNION, name="工会三", region_code="440105"))
        session.flush()


@pytest.mark.parametrize(("headcount", "women"), [(-1, None), (10, 11), (None, 3), (10, -1)])
def test_the_database_refuses_impossible_headcounts(session, headcount, women):
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(
            Organization(
                kind=OrgKind.ENTERPRISE,
                name="人数不对有限公司",
                region_code="440105",
                headcount=headcount,
                women_headcount=women,
            )
        )
        session.flush()


# --- coverage ------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["other_fed_chair", "manager_a", "assoc_rep", "district_reviewer"])
def test_only_the_federations_own_people_manage_its_coverage(session, world, viewer_of, user):
    viewer = viewer_of(world.users[user])
    error = refused(
        coverage.request_coverage,
        session,
        viewer,
        world.federation,
        world.tianhe_enterprise.credit_code,
    )
    assert error.status == 403
    error = refused(coverage.end_coverage, session, viewer, world.federation, world.enterprise_a.id)
    assert error.status == 403
    error = refused(
        coverage.withdraw_request, session, viewer, world.federation, world.request.credit_code
    )
    assert error.status == 403
    assert covered_ids(session, world.federation) == {world.enterprise_a.id, world.enterprise_b.id}
    assert world.request.status == CoverageStatus.REQUESTED


def test_coverage_ends(session, world, viewer_of):
    viewer = viewer_of(world.users["fed_chair"])
    coverage.end_coverage(session, viewer, world.federation, world.enterprise_a.id)
    assert covered_ids(session, world.federation) == {world.enterprise_b.id}
    # The enterprise and its union are still there: only the coverage ended.
    assert session.get(Organization, world.enterprise_a.id) is not None
    with pytest.raises(NotFound):
        coverage.end_coverage(session, viewer, world.federation, world.enterprise_a.id)


def test_covered_enterprises_are_listed_a_page_at_a_time(session, make_enterprise, make_federation):
    enterprises = [make_enterprise(name=f"广州市海珠区第{n:02d}餐饮有限公司") for n in range(5)]
    federation = make_federation(covers=enterprises)
    admin = Viewer(user_id=1, role=Role.ADMIN, org_id=1, org_kind=OrgKind.SUPERIOR_UNION)
    first = coverage.covered_enterprises(session, admin, federation, page=1, per_page=3)
    second = coverage.covered_enterprises(session, admin, federation, page=2, per_page=3)
    assert [e.id for e in first.items + second.items] == [e.id for e in enterprises]
    assert (first.has_next, second.has_next, second.has_prev) == (True, False, True)


# --- people --------------------------------------------------------------------------------------


def test_a_person_is_added_with_clean_values(session, world, viewer_of):
    viewer = viewer_of(world.users["manager_b"])
    person = records.save_person(
        session,
        viewer,
        world.enterprise_b,
        PersonData(name=" 黄德明 ", position=Position.MANAGER, title=" ", phone=" 13800000000 "),
    )
    stored = session.get(Person, person.id)
    assert (stored.name, stored.position, stored.title, stored.phone, stored.email) == (
        "黄德明",
        Position.MANAGER,
        None,
        "13800000000",
        None,
    )
    assert stored.organization_id == world.enterprise_b.id


def test_a_person_needs_a_name(session, world, viewer_of):
    viewer = viewer_of(world.users["manager_b"])
    error = refused(
        records.save_person, session, viewer, world.enterprise_b, PersonData(" ", Position.STAFF)
    )
    assert error.field == "name"


def test_an_organisation_has_one_chair(session, world, viewer_of):
    viewer = viewer_of(world.users["union_chair_a"])
    error = refused(
        records.save_person, session, viewer, world.union_a, PersonData("李丽娟", Position.CHAIR)
    )
    assert error.field == "position"
    assert "何秀英" in str(error.message)
    chairs = [p for p in services.people_of(session, world.union_a) if p.position == Position.CHAIR]
    assert [c.name for c in chairs] == ["何秀英"]


def test_a_member_cannot_be_made_a_second_chair(session, world, viewer_of):
    viewer = viewer_of(world.users["union_chair_a"])
    member = records.save_person(
        session, viewer, world.union_a, PersonData("李丽娟", Position.MEMBER)
    )
    error = refused(
        records.save_person,
        session,
        viewer,
        world.union_a,
        PersonData("李丽娟", Position.CHAIR),
        member,
    )
    assert error.field == "position"


def test_the_chair_is_edited_and_stays_chair(session, world, viewer_of):
    viewer = viewer_of(world.users["union_chair_a"])
    chair = services.chair_of(session, world.union_a)
    records.save_person(
        session,
        viewer,
        world.union_a,
        PersonData("何秀英", Position.CHAIR, title="工会主席"),
        chair,
    )
    assert services.chair_of(session, world.union_a).title == "工会主席"


def test_the_chair_may_be_named_once_the_old_one_steps_down(session, world, viewer_of):
    viewer = viewer_of(world.users["union_chair_a"])
    old = services.chair_of(session, world.union_a)
    records.save_person(session, viewer, world.union_a, PersonData("何秀英", Position.MEMBER), old)
    new = records.save_person(session, viewer, world.union_a, PersonData("李丽娟", Position.CHAIR))
    assert services.chair_of(session, world.union_a).id == new.id


def test_the_database_keeps_one_chair_per_organisation(session, world):
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Person(organization_id=world.union_a.id, name="第二主席", position="chair"))
        session.flush()
    # Many people of other positions are fine.
    for name in ("甲", "乙"):
        session.add(Person(organization_id=world.union_a.id, name=name, position="member"))
    session.flush()


@pytest.mark.parametrize("user", ["manager_a", "union_chair_a", "assoc_rep", "other_fed_chair"])
def test_people_are_kept_by_those_who_may_edit_the_record(session, world, viewer_of, user):
    viewer = viewer_of(world.users[user])
    error = refused(
        records.save_person,
        session,
        viewer,
        world.enterprise_b,
        PersonData("陌生人", Position.STAFF),
    )
    assert error.status == 403
    error = refused(records.delete_person, session, viewer, world.enterprise_b, world.person_b)
    assert error.status == 403
    assert session.get(Person, world.person_b.id) is not None


def test_a_covering_federation_keeps_the_people_of_its_enterprises(session, world, viewer_of):
    viewer = viewer_of(world.users["fed_staff"])
    records.save_person(session, viewer, world.enterprise_b, PersonData("钟永康", Position.MANAGER))
    records.delete_person(session, viewer, world.enterprise_b, world.person_b)
    names = [p.name for p in services.people_of(session, world.enterprise_b)]
    assert names == ["钟永康"]


def test_set_chair_with_a_blank_name_changes_nothing(session, world):
    assert records.set_chair(session, world.union_a, "  ").name == "何秀英"


# --- the filing bureau and its jurisdiction -----------------------------------------------------


def test_a_district_bureau_is_preferred_over_the_city_bureau(session, make_bureau, make_enterprise):
    city = make_bureau("440100")
    district = make_bureau("440105")
    enterprise = make_enterprise(region_code="440105")
    assert services.filing_bureau(session, enterprise).id == district.id
    assert services.filing_bureau(session, city).id == city.id


def test_without_a_district_bureau_the_city_bureau_files(session, make_bureau, make_enterprise):
    city = make_bureau("440100")
    make_bureau("440105")
    enterprise = make_enterprise(region_code="440106")
    assert services.filing_bureau(session, enterprise).id == city.id


def test_the_province_is_the_last_resort_and_none_beyond(session, make_bureau, make_enterprise):
    shenzhen = make_enterprise(region_code="440305")
    hebei = make_enterprise(region_code="130102")
    province = make_bureau("440000")
    assert services.filing_bureau(session, shenzhen).id == province.id
    assert services.filing_bureau(session, hebei) is None


def test_a_bureaus_jurisdiction_stops_where_a_nearer_bureau_starts(session, make_bureau):
    city = make_bureau("440100")
    district = make_bureau("440105")
    assert services.bureau_jurisdiction(session, district) == frozenset({"440105"})
    city_area = services.bureau_jurisdiction(session, city)
    assert {"440100", "440103", "440104", "440106", "440111", "440113"} <= city_area
    assert not city_area & {"440105", "440000", "440300", "440305", "130102"}
    assert all(code.startswith("4401") for code in city_area)


def test_a_province_bureau_has_what_no_city_or_district_bureau_takes(session, make_bureau):
    make_bureau("440100")
    province = make_bureau("440000")
    area = services.bureau_jurisdiction(session, province)
    assert {"440000", "440300", "440305", "441900"} <= area
    assert not any(code.startswith("4401") for code in area)
    assert "130102" not in area


# --- who sees what -------------------------------------------------------------------------------


def visible_ids(session, viewer: Viewer) -> set[int]:
    ids: set[int] = set()
    for kind in OrgKind:
        page = services.search_organizations(
            session, viewer, kind=kind, query="", page=1, per_page=1000
        )
        ids |= {row.id for row in page.items}
    return ids


def assert_sees(session, viewer: Viewer, seen: list, unseen: list) -> None:
    listed = visible_ids(session, viewer)
    for org in seen:
        assert org.id in listed, f"{org.name} should be listed"
        assert services.get_visible(session, viewer, org.id).id == org.id
    for org in unseen:
        assert org.id not in listed, f"{org.name} should not be listed"
        with pytest.raises(NotFound):
            services.get_visible(session, viewer, org.id)


def test_a_federation_sees_its_covered_enterprises_their_unions_and_its_counterpart(
    session, world, viewer_of
):
    w = world
    assert_sees(
        session,
        viewer_of(w.users["fed_chair"]),
        seen=[w.federation, w.enterprise_a, w.enterprise_b, w.union_a, w.union_b, w.association],
        unseen=[
            w.uncovered,
            w.uncovered_union,
            w.other_federation,
            w.other_association,
            w.tianhe_enterprise,
        ],
    )


def test_an_enterprise_sees_its_union_and_the_federations_covering_it(session, world, viewer_of):
    w = world
    assert_sees(
        session,
        viewer_of(w.users["manager_a"]),
        seen=[w.enterprise_a, w.union_a, w.federation],
        unseen=[w.enterprise_b, w.union_b, w.uncovered, w.other_federation, w.association],
    )


def test_a_union_sees_its_enterprise(session, world, viewer_of):
    w = world
    assert_sees(
        session,
        viewer_of(w.users["union_chair_a"]),
        seen=[w.union_a, w.enterprise_a, w.federation],
        unseen=[w.enterprise_b, w.union_b, w.uncovered, w.association, w.other_federation],
    )


def test_an_association_sees_its_federations_and_their_covered_enterprises(
    session, world, viewer_of
):
    w = world
    assert_sees(
        session,
        viewer_of(w.users["assoc_rep"]),
        seen=[w.association, w.federation, w.enterprise_a, w.enterprise_b],
        unseen=[w.other_federation, w.other_association, w.uncovered, w.tianhe_enterprise],
    )
    assert_sees(
        session,
        viewer_of(w.users["other_assoc_rep"]),
        seen=[w.other_association, w.other_federation],
        unseen=[w.federation, w.association, w.enterprise_a, w.enterprise_b],
    )


def test_a_bureau_sees_what_is_in_its_jurisdiction_only(session, world, viewer_of):
    w = world
    in_haizhu = [
        w.federation,
        w.other_federation,
        w.association,
        w.enterprise_a,
        w.union_a,
        w.uncovered,
        w.uncovered_union,
    ]
    assert_sees(
        session,
        viewer_of(w.users["district_reviewer"]),
        seen=in_haizhu,
        unseen=[w.tianhe_enterprise],
    )
    assert_sees(
        session,
        viewer_of(w.users["city_reviewer"]),
        seen=[w.tianhe_enterprise],
        unseen=in_haizhu,
    )


@pytest.mark.parametrize(
    "user",
    ["fed_chair", "assoc_rep", "manager_a", "union_chair_a", "district_reviewer", "city_reviewer"],
)
def test_bureaus_are_visible_to_everyone(session, world, viewer_of, user):
    assert_sees(
        session,
        viewer_of(world.users[user]),
        seen=[world.district_bureau, world.city_bureau],
        unseen=[],
    )


def test_an_admin_sees_everything(session, world, viewer_of):
    assert_sees(session, viewer_of(world.users["admin"]), seen=world.orgs, unseen=[])


def test_covering_federations_shows_only_what_the_viewer_may_see(session, world, viewer_of):
    session.add(accepted_coverage(world.other_federation, world.enterprise_a))
    session.flush()
    by_admin = services.covering_federations(
        session, viewer_of(world.users["admin"]), world.union_a
    )
    assert {f.id for f in by_admin} == {world.federation.id, world.other_federation.id}
    by_assoc = services.covering_federations(
        session, viewer_of(world.users["assoc_rep"]), world.enterprise_a
    )
    assert [f.id for f in by_assoc] == [world.federation.id]


# --- search --------------------------------------------------------------------------------------


def search(session, viewer, query: str, kind: OrgKind = OrgKind.ENTERPRISE) -> list[str]:
    page = services.search_organizations(
        session, viewer, kind=kind, query=query, page=1, per_page=100
    )
    return [row.name for row in page.items]


def test_search_by_name_substring_or_credit_code_prefix(session, world, viewer_of):
    viewer = viewer_of(world.users["admin"])
    assert search(session, viewer, "江南茶楼") == [world.enterprise_b.name]
    prefix = world.enterprise_b.credit_code[:14].lower()
    assert world.enterprise_b.name in search(session, viewer, prefix)
    assert search(session, viewer, world.enterprise_b.credit_code) == [world.enterprise_b.name]
    assert search(session, viewer, "不存在的名字") == []


@pytest.mark.parametrize("query", ["%", "_", "广州市%餐饮", "9144010_MA"])
def test_search_takes_like_wildcards_literally(session, world, viewer_of, query):
    assert search(session, viewer_of(world.users["admin"]), query) == []


def test_search_stays_inside_what_the_viewer_may_see(session, world, viewer_of):
    viewer = viewer_of(world.users["manager_a"])
    assert search(session, viewer, world.enterprise_b.credit_code) == []
    assert search(session, viewer, "广州市海珠区") == [world.enterprise_a.name]


def test_search_returns_one_kind(session, world, viewer_of):
    viewer = viewer_of(world.users["admin"])
    assert search(session, viewer, "粤味轩", OrgKind.UNION) == [world.union_a.name]
    assert search(session, viewer, "粤味轩", OrgKind.ENTERPRISE) == [world.enterprise_a.name]


# --- permissions (pure) --------------------------------------------------------------------------


def org(org_id: int, kind: OrgKind) -> Organization:
    return Organization(id=org_id, kind=kind, name=f"org{org_id}", region_code="440105")


FED = org(1, OrgKind.FEDERATION)
ASSOC = org(2, OrgKind.ASSOCIATION)
ENTERPRISE = org(3, OrgKind.ENTERPRISE)
UNION = org(4, OrgKind.UNION)
BUREAU = org(5, OrgKind.BUREAU)
OTHER_ENTERPRISE = org(6, OrgKind.ENTERPRISE)


def viewer(role: Role, home: Organization) -> Viewer:
    return Viewer(user_id=9, role=role, org_id=id_of(home), org_kind=home.kind)


HOMES = {
    Role.FEDERATION_CHAIR: FED,
    Role.FEDERATION_STAFF: FED,
    Role.ASSOCIATION_REP: ASSOC,
    Role.ENTERPRISE_MANAGER: ENTERPRISE,
    Role.UNION_CHAIR: UNION,
    Role.BUREAU_REVIEWER: BUREAU,
}


@pytest.mark.parametrize("role", list(HOMES))
def test_everyone_edits_their_own_organisation(role):
    assert can_edit_org(viewer(role, HOMES[role]), HOMES[role], set())


@pytest.mark.parametrize("target", [FED, ASSOC, ENTERPRISE, UNION, BUREAU])
def test_an_admin_edits_any_record(target):
    assert can_edit_org(viewer(Role.ADMIN, org(99, OrgKind.SUPERIOR_UNION)), target, set())


@pytest.mark.parametrize("role", [Role.FEDERATION_CHAIR, Role.FEDERATION_STAFF])
@pytest.mark.parametrize("target", [ENTERPRISE, UNION])
def test_a_federation_edits_the_enterprises_and_unions_it_covers(role, target):
    assert can_edit_org(viewer(role, FED), target, {FED.id})
    assert not can_edit_org(viewer(role, FED), target, set())
    assert not can_edit_org(viewer(role, FED), target, {77})


@pytest.mark.parametrize("target", [ASSOC, BUREAU, org(7, OrgKind.FEDERATION)])
def test_a_federation_does_not_edit_other_kinds(target):
    assert not can_edit_org(viewer(Role.FEDERATION_CHAIR, FED), target, {FED.id})


@pytest.mark.parametrize(
    ("role", "target"),
    [
        (Role.ENTERPRISE_MANAGER, OTHER_ENTERPRISE),
        (Role.ENTERPRISE_MANAGER, UNION),  # its own union's record is the union's
        (Role.UNION_CHAIR, ENTERPRISE),
        (Role.ASSOCIATION_REP, ENTERPRISE),
        (Role.ASSOCIATION_REP, FED),
        (Role.BUREAU_REVIEWER, ENTERPRISE),
    ],
)
def test_no_one_else_edits_another_organisations_record(role, target):
    assert not can_edit_org(viewer(role, HOMES[role]), target, {FED.id})


@pytest.mark.parametrize("kind", list(OrgKind))
def test_who_creates_organisations(kind):
    assert can_create_org(viewer(Role.ADMIN, org(99, OrgKind.SUPERIOR_UNION)), kind)
    for role in (Role.FEDERATION_CHAIR, Role.FEDERATION_STAFF):
        assert can_create_org(viewer(role, FED), kind) == (
            kind in (OrgKind.ENTERPRISE, OrgKind.UNION)
        )
    for role in (
        Role.ASSOCIATION_REP,
        Role.ENTERPRISE_MANAGER,
        Role.UNION_CHAIR,
        Role.BUREAU_REVIEWER,
    ):
        assert not can_create_org(viewer(role, HOMES[role]), kind)


def test_who_manages_coverage_and_accounts():
    other_fed = org(7, OrgKind.FEDERATION)
    assert can_manage_coverage(viewer(Role.FEDERATION_CHAIR, FED), FED)
    assert can_manage_coverage(viewer(Role.FEDERATION_STAFF, FED), FED)
    assert not can_manage_coverage(viewer(Role.FEDERATION_CHAIR, FED), other_fed)
    assert can_manage_coverage(viewer(Role.ADMIN, org(99, OrgKind.SUPERIOR_UNION)), other_fed)
    for role in (Role.ASSOCIATION_REP, Role.ENTERPRISE_MANAGER, Role.BUREAU_REVIEWER):
        assert not can_manage_coverage(viewer(role, HOMES[role]), FED)


def test_viewer_for_carries_a_unions_enterprise_and_a_bureaus_jurisdiction(
    session, world, viewer_of
):
    union_viewer = viewer_of(world.users["union_chair_a"])
    assert (union_viewer.org_kind, union_viewer.enterprise_id) == (
        OrgKind.UNION,
        world.enterprise_a.id,
    )
    bureau_viewer = viewer_of(world.users["district_reviewer"])
    assert bureau_viewer.jurisdiction == frozenset({"440105"})
    assert replace(bureau_viewer, role=Role.ADMIN).is_admin
