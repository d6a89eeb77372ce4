"""Where a record sits decides who sees it: a federation covers only its own area and sector,
only an administrator moves records, and record pages link only to what the viewer may see."""

import pytest
from sqlmodel import select

from organizations.coverage import REQUEST_SENT
from organizations.models import Coverage, CoverageStatus, Organization
from organizations.rules import coverage_problem
from tests.conftest import valid_credit_code


@pytest.mark.parametrize(
    ("federation", "enterprise", "problem"),
    [
        (("440105", "H62"), ("440105", "H62"), None),
        (("440100", "H62"), ("440105", "H62"), None),  # a city federation covers its districts
        (("440105", "H62"), ("440106", "H62"), "area"),  # a neighbouring district
        (("440105", "H62"), ("440100", "H62"), "area"),  # the city above is not inside it
        (("440105", "H62"), ("440105", "F52"), "sector"),
        (("440105", "H62"), ("440105", None), "sector"),
        (("440105", None), ("440105", "F52"), None),  # a regional federation: every sector
    ],
)
def test_coverage_problem(federation, enterprise, problem):
    assert coverage_problem(*federation, *enterprise) == problem


def covered_ids(session, federation) -> set[int]:
    rows = session.exec(
        select(Coverage.enterprise_id).where(
            Coverage.federation_id == federation.id, Coverage.status == CoverageStatus.ACCEPTED
        )
    )
    return set(rows)


@pytest.mark.parametrize("overrides", [{"region_code": "440305"}, {"sector_code": "F52"}])
def test_a_federations_request_never_reaches_an_enterprise_outside_its_area_or_sector(
    client, login, session, world, make_enterprise, page, shown, overrides
):
    outsider = make_enterprise(name="深圳市南山区某零售有限公司", **overrides)
    session.commit()
    login(world.users["fed_staff"])
    response = client.post(
        f"/organizations/{world.federation.id}/coverage", data={"credit_code": outsider.credit_code}
    )
    # The answer is the one any code gets (telling "outside your area" would tell that the code
    # is registered), and the request reaches no one: it can never be accepted.
    assert response.status_code == 302
    asked = session.exec(select(Coverage).where(Coverage.credit_code == outsider.credit_code)).one()
    assert (asked.status, asked.enterprise_id) == (CoverageStatus.REQUESTED, None)
    answer = page(client.get(response.headers["Location"]))
    assert shown(REQUEST_SENT) in answer.text
    assert answer.field_errors() == {}
    assert outsider.id not in covered_ids(session, world.federation)
    assert client.get(f"/organizations/{outsider.id}").status_code == 404


def test_a_federation_creates_enterprises_of_its_own_area_only(client, login, session, world, page):
    login(world.users["fed_chair"])
    sent = {
        "name": "广州市天河区新开餐饮有限公司",
        "credit_code": valid_credit_code("91440106"),
        "region_code": "440106",
        "sector_code": "H62",
        "headcount": "30",
    }
    response = client.post("/organizations/new/enterprise", data=sent)
    assert response.status_code == 400
    assert "海珠区" in page(response).field_errors()["region_code"]
    assert page(response).value("name") == sent["name"]
    found = session.exec(select(Organization).where(Organization.name == sent["name"])).first()
    assert found is None


def test_a_bureau_cannot_widen_its_own_jurisdiction(client, login, session, world, page):
    bureau = world.district_bureau
    login(world.users["district_reviewer"])
    form = page(client.get(f"/organizations/{bureau.id}/edit"))
    names = ("based_on", "name", "credit_code", "address", "phone")
    sent = {name: form.value(name) or "" for name in names}
    sent.update(region_code="440100", sector_code="")
    response = client.post(f"/organizations/{bureau.id}/edit", data=sent)
    assert response.status_code == 400
    assert "region_code" in page(response).field_errors()
    assert session.get(Organization, bureau.id).region_code == "440105"
    assert client.get(f"/organizations/{world.tianhe_enterprise.id}").status_code == 404


def test_an_administrator_moves_a_bureau(client, login, session, world, page):
    bureau = world.district_bureau
    login(world.users["admin"])
    form = page(client.get(f"/organizations/{bureau.id}/edit"))
    names = ("based_on", "name", "credit_code", "address", "phone")
    sent = {name: form.value(name) or "" for name in names}
    sent.update(region_code="440106", sector_code="")
    assert client.post(f"/organizations/{bureau.id}/edit", data=sent).status_code == 302
    assert session.get(Organization, bureau.id).region_code == "440106"


def test_a_federation_chair_cannot_choose_another_counterpart(client, login, session, world):
    federation = world.federation
    login(world.users["fed_chair"])
    page_text = client.get(f"/organizations/{federation.id}/edit").get_data(as_text=True)
    assert world.other_association.name not in page_text  # not offered
    sent = {
        "name": federation.name,
        "region_code": federation.region_code,
        "sector_code": federation.sector_code,
        "counterpart_id": str(world.other_association.id),
    }
    response = client.post(f"/organizations/{federation.id}/edit", data=sent)
    assert response.status_code == 400
    assert session.get(Organization, federation.id).counterpart_id == world.association.id


def test_a_federation_moves_a_covered_enterprise_within_its_area_only(
    client, login, session, world, page
):
    enterprise = world.enterprise_a
    login(world.users["fed_staff"])
    form = page(client.get(f"/organizations/{enterprise.id}/edit"))
    fields = ("name", "credit_code", "region_code", "sector_code", "headcount", "women_headcount")
    sent = {name: form.value(name) or "" for name in ("based_on", *fields)}
    sent["region_code"] = "440106"
    response = client.post(f"/organizations/{enterprise.id}/edit", data=sent)
    assert response.status_code == 400
    assert "region_code" in page(response).field_errors()
    assert session.get(Organization, enterprise.id).region_code == "440105"


def test_an_enterprise_sees_only_itself_among_a_federations_enterprises(client, login, world):
    login(world.users["manager_a"])
    text = client.get(f"/organizations/{world.federation.id}").get_data(as_text=True)
    assert world.enterprise_a.name in text
    assert world.enterprise_b.name not in text  # another enterprise's record
    assert world.association.name not in text  # the counterpart is not the enterprise's party


def test_an_association_does_not_see_an_enterprises_union(client, login, world):
    login(world.users["assoc_rep"])
    text = client.get(f"/organizations/{world.enterprise_a.id}").get_data(as_text=True)
    assert world.enterprise_a.name in text
    assert world.union_a.name not in text
    assert f'/organizations/{world.union_a.id}"' not in text
