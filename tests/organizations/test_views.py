"""Organisation pages through HTTP: lists, search and pages, records, forms and their errors,
who may open which route, escaping, and each role's home page."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import lazy_gettext as _l
from sqlmodel import func, select

from accounts.models import Role, User
from organizations.models import Coverage, CoverageStatus, Organization, OrgKind, Person, Position
from organizations.records import CREDIT_CODE_MESSAGES
from tests.conftest import accepted_coverage, valid_credit_code
from tests.two_browsers import version_shown

ORG_LINK = re.compile(r"/organizations/(\d+)")


def redirected_to_login(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


def listed(page) -> list[str]:
    """The names in the page's table, in order."""
    tables = page.find_all("tbody")
    return [
        a.text
        for a in page.find_all("a", href=None)
        if ORG_LINK.fullmatch(a.attrs["href"]) and any(a.within(t) for t in tables)
    ]


def links_to(page, org: Organization) -> bool:
    return any(
        a.attrs["href"] == f"/organizations/{org.id}" and a.text == org.name
        for a in page.find_all("a", href=None)
    )


def count(session, *where) -> int:
    return session.exec(select(func.count()).select_from(Organization).where(*where)).one()


# --- lists, search, pages ------------------------------------------------------------------------


def test_the_list_shows_the_enterprises_the_viewer_may_see(client, login, world, page):
    login(world.users["fed_chair"])
    response = client.get("/organizations?kind=enterprise")
    assert response.status_code == 200
    assert sorted(listed(page(response))) == sorted(
        [world.enterprise_a.name, world.enterprise_b.name]
    )


def test_search_by_name_substring(client, login, world, page):
    login(world.users["admin"])
    response = client.get("/organizations", query_string={"kind": "enterprise", "q": "江南茶楼"})
    assert listed(page(response)) == [world.enterprise_b.name]
    assert page(response).value("q") == "江南茶楼"


def test_search_by_credit_code_prefix(client, login, world, page):
    login(world.users["admin"])
    prefix = world.enterprise_a.credit_code[:17].lower()
    response = client.get("/organizations", query_string={"kind": "enterprise", "q": prefix})
    assert listed(page(response)) == [world.enterprise_a.name]


def test_search_within_another_kind(client, login, world, page):
    login(world.users["admin"])
    response = client.get("/organizations", query_string={"kind": "union", "q": "粤味轩"})
    assert listed(page(response)) == [world.union_a.name]


def test_search_does_not_reach_past_what_the_viewer_may_see(client, login, world, page):
    login(world.users["manager_a"])
    response = client.get(
        "/organizations", query_string={"kind": "enterprise", "q": world.enterprise_b.credit_code}
    )
    assert response.status_code == 200
    assert listed(page(response)) == []
    assert world.enterprise_b.name not in response.get_data(as_text=True)


def test_an_unknown_kind_is_not_found(client, login, world):
    login(world.users["admin"])
    assert client.get("/organizations?kind=guild").status_code == 404
    assert client.get("/organizations/new/guild").status_code == 404


@pytest.fixture
def thirty_enterprises(make_enterprise, session):
    enterprises = [make_enterprise(name=f"广州市海珠区分页{n:02d}餐饮有限公司") for n in range(30)]
    session.commit()
    return enterprises


def pager_link(page, rel: str):
    link = page.find("a", rel=rel)
    assert link is not None, f"no {rel} link"
    disabled = "disabled" in link.parent.attrs.get("class", "").split()
    return link.attrs["href"], disabled


def test_the_list_comes_25_to_a_page_with_next_and_previous(
    client, login, make_user, thirty_enterprises, page
):
    login(make_user(Role.ADMIN))
    names = [e.name for e in thirty_enterprises]
    first = page(client.get("/organizations", query_string={"kind": "enterprise", "q": "分页"}))
    assert listed(first) == names[:25]
    href, disabled = pager_link(first, "next")
    assert not disabled
    assert parse_qs(urlsplit(href).query) == {"kind": ["enterprise"], "q": ["分页"], "page": ["2"]}
    assert pager_link(first, "prev")[1], "Previous is disabled on the first page"

    second = page(client.get(href))
    assert listed(second) == names[25:]
    href, disabled = pager_link(second, "prev")
    assert not disabled
    assert parse_qs(urlsplit(href).query)["page"] == ["1"]
    assert pager_link(second, "next")[1], "Next is disabled on the last page"
    assert listed(page(client.get(href))) == names[:25]


def test_a_short_list_has_no_pager(client, login, world, page):
    login(world.users["admin"])
    shown = page(client.get("/organizations?kind=association"))
    assert shown.find("a", rel="next") is None


@pytest.mark.parametrize("raw", ["abc", "0", "-3"])
def test_a_nonsense_page_number_shows_the_first_page(
    client, login, make_user, thirty_enterprises, page, raw
):
    login(make_user(Role.ADMIN))
    response = client.get("/organizations", query_string={"q": "分页", "page": raw})
    assert response.status_code == 200
    assert listed(page(response)) == [e.name for e in thirty_enterprises[:25]]


def test_a_federations_covered_enterprises_come_a_page_at_a_time(
    client, login, session, world, thirty_enterprises, page
):
    for enterprise in thirty_enterprises:
        session.add(accepted_coverage(world.federation, enterprise))
    session.commit()
    login(world.users["fed_chair"])
    first = page(client.get(f"/organizations/{world.federation.id}"))
    heading = next(h for h in first.find_all("h2") if h.within(first.find(id="covered")))
    assert heading.text.endswith("32")
    href, disabled = pager_link(first, "next")
    assert not disabled
    assert urlsplit(href).path == f"/organizations/{world.federation.id}"
    second = page(client.get(href))
    everything = [
        *[e.name for e in thirty_enterprises],
        world.enterprise_a.name,
        world.enterprise_b.name,
    ]
    assert (len(listed(first)), len(listed(second))) == (25, 7)
    assert sorted(listed(first) + listed(second)) == sorted(everything)


# --- records -------------------------------------------------------------------------------------


def test_an_enterprise_record_shows_its_union_federations_bureau_and_people(
    client, login, world, page
):
    login(world.users["fed_chair"])
    response = client.get(f"/organizations/{world.enterprise_b.id}")
    assert response.status_code == 200
    shown = page(response)
    assert shown.find("h1").text == world.enterprise_b.name
    assert world.enterprise_b.credit_code in shown.text
    assert links_to(shown, world.union_b)
    assert links_to(shown, world.federation)
    assert links_to(shown, world.district_bureau)
    assert not links_to(shown, world.city_bureau)
    assert "陈少雄" in shown.text
    # The covering federation keeps the record and its people.
    assert f"/organizations/{world.enterprise_b.id}/edit" in shown.links()
    assert f"/organizations/{world.enterprise_b.id}/people/new" in shown.links()


def test_a_federation_record_shows_its_counterpart_and_what_it_covers(client, login, world, page):
    login(world.users["fed_staff"])
    shown = page(client.get(f"/organizations/{world.federation.id}"))
    assert links_to(shown, world.association)
    assert sorted(listed(shown)) == sorted([world.enterprise_a.name, world.enterprise_b.name])
    assert shown.find("form", action=f"/organizations/{world.federation.id}/coverage") is not None


def test_a_union_record_shows_its_enterprise_and_chair(client, login, world, page):
    login(world.users["union_chair_a"])
    shown = page(client.get(f"/organizations/{world.union_a.id}"))
    assert links_to(shown, world.enterprise_a)
    assert "何秀英" in shown.text


def test_a_reader_gets_no_edit_links(client, login, world, page):
    login(world.users["assoc_rep"])
    response = client.get(f"/organizations/{world.enterprise_a.id}")
    assert response.status_code == 200
    links = page(response).links()
    assert not [link for link in links if link.endswith("/edit") or "/people/" in link]


def test_an_unknown_record_is_not_found(client, login, world):
    login(world.users["admin"])
    assert client.get("/organizations/999999").status_code == 404


# --- creating ------------------------------------------------------------------------------------


def enterprise_form(**overrides) -> dict[str, str]:
    data = {
        "name": "广州市海珠区新港餐饮有限公司",
        "credit_code": valid_credit_code(),
        "region_code": "440105",
        "sector_code": "H62",
        "address": "广州市海珠区新港西路100号",
        "phone": "020-84440000",
        "legal_representative": "欧阳明",
        "headcount": "120",
        "women_headcount": "60",
    }
    data.update(overrides)
    return data


def test_the_new_enterprise_form_starts_in_the_federations_area_and_sector(
    client, login, world, page
):
    login(world.users["fed_chair"])
    response = client.get("/organizations/new/enterprise")
    assert response.status_code == 200
    shown = page(response)
    assert shown.value("region_code") == "440105"
    assert shown.value("sector_code") == "H62"
    assert shown.field_errors() == {}


def test_a_federation_chair_creating_an_enterprise_starts_covering_it(
    client, login, session, world, page
):
    login(world.users["fed_chair"])
    data = enterprise_form()
    response = client.post("/organizations/new/enterprise", data=data)
    assert response.status_code == 302
    created = session.exec(select(Organization).where(Organization.name == data["name"])).one()
    assert urlsplit(response.headers["Location"]).path == f"/organizations/{created.id}"
    assert (created.credit_code, created.headcount, created.women_headcount) == (
        data["credit_code"],
        120,
        60,
    )
    covered = select(Coverage.status).where(
        Coverage.federation_id == world.federation.id, Coverage.enterprise_id == created.id
    )
    assert session.exec(covered).one() == CoverageStatus.ACCEPTED  # it registered it: no request
    home = page(client.get("/"))
    assert home.find(data_testid="covered-count").text == "3"
    federation = page(client.get(f"/organizations/{world.federation.id}"))
    assert data["name"] in listed(federation)


def test_a_created_record_is_announced(client, login, world, page):
    login(world.users["fed_chair"])
    data = enterprise_form()
    shown = page(client.post("/organizations/new/enterprise", data=data, follow_redirects=True))
    assert shown.find("h1").text == data["name"]
    assert any(data["name"] in alert for alert in shown.alerts())


def test_an_enterprise_cannot_create_organisations(client, login, world, session):
    login(world.users["manager_a"])
    assert client.get("/organizations/new/enterprise").status_code == 403
    data = enterprise_form()
    assert client.post("/organizations/new/enterprise", data=data).status_code == 403
    assert count(session, Organization.name == data["name"]) == 0


BAD_INPUT = {
    # case: (field, bad value or None for the duplicate, expected message or None for WTForms')
    "bad check character": ("credit_code", "91440300708461136A", CREDIT_CODE_MESSAGES["check"]),
    "empty name": ("name", "", None),
    "duplicate credit code": (
        "credit_code",
        None,
        _l("Another organisation is registered with this credit code."),
    ),
    "more women than workers": (
        "women_headcount",
        "121",
        _l("Women workers cannot outnumber the headcount."),
    ),
    "name of 201 characters": ("name", "广" * 201, None),
    "headcount not a number": (
        "headcount",
        "一百二十",
        _l("Enter the headcount as a whole number."),
    ),
}


def check_rejected(response, page, shown, field, value, message, sent: dict[str, str]) -> None:
    assert 400 <= response.status_code < 500, response.status_code
    form = page(response)
    errors = form.field_errors()
    assert list(errors) == [field], errors
    if message is not None:
        assert errors[field] == shown(message)
    elif value:
        assert "200" in errors[field]
    else:
        assert errors[field]
    for name, kept in sent.items():
        assert form.value(name) == kept, f"{name} was not kept"


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_on_the_create_page_is_shown_beside_its_field(
    client, login, session, world, page, shown, case
):
    field, value, message = BAD_INPUT[case]
    if value is None:
        value = world.enterprise_b.credit_code
    sent = enterprise_form(**{field: value})
    login(world.users["fed_chair"])
    before = count(session)
    response = client.post("/organizations/new/enterprise", data=sent)
    check_rejected(response, page, shown, field, value, message, sent)
    assert count(session) == before


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_on_the_edit_page_is_shown_beside_its_field(
    client, login, session, world, page, shown, case
):
    field, value, message = BAD_INPUT[case]
    if value is None:
        value = world.enterprise_b.credit_code
    enterprise = world.enterprise_a
    before = (enterprise.name, enterprise.credit_code, enterprise.headcount, enterprise.address)
    sent = enterprise_form(name=enterprise.name, credit_code=enterprise.credit_code)
    sent[field] = value
    login(world.users["manager_a"])
    url = f"/organizations/{enterprise.id}/edit"
    response = client.post(url, data=sent | version_shown(client, url))
    check_rejected(response, page, shown, field, value, message, sent)
    session.expire_all()
    stored = session.get(Organization, enterprise.id)
    assert (stored.name, stored.credit_code, stored.headcount, stored.address) == before
    assert (stored.headcount, stored.address) == (100, None)


def test_the_edit_page_shows_the_record_and_saves_it(client, login, session, world, page):
    enterprise = world.enterprise_a
    login(world.users["manager_a"])
    shown = page(client.get(f"/organizations/{enterprise.id}/edit"))
    assert shown.value("name") == enterprise.name
    assert shown.value("credit_code") == enterprise.credit_code
    assert shown.value("headcount") == "100"
    assert shown.value("region_code") == "440105"
    sent = enterprise_form(name=enterprise.name, credit_code=enterprise.credit_code)
    sent["based_on"] = shown.value("based_on")
    response = client.post(f"/organizations/{enterprise.id}/edit", data=sent)
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(Organization, enterprise.id)
    assert (stored.headcount, stored.women_headcount, stored.address) == (
        120,
        60,
        "广州市海珠区新港西路100号",
    )


def test_r18_the_federation_chair_saves_the_federations_record(client, login, session, world):
    federation = world.federation
    login(world.users["fed_chair"])
    sent = {
        "name": federation.name,
        "region_code": "440105",
        "sector_code": "H62",
        "address": "广州市海珠区江南大道中168号4楼",
        "counterpart_id": str(world.association.id),
    } | version_shown(client, f"/organizations/{federation.id}/edit")
    response = client.post(f"/organizations/{federation.id}/edit", data=sent)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    session.expire_all()
    assert session.get(Organization, federation.id).address == sent["address"]


def test_r18_a_bare_federation_name_is_refused_beside_the_name(client, login, world, page):
    federation = world.federation
    login(world.users["admin"])
    url = f"/organizations/{federation.id}/edit"
    sent = {"name": "广州市海珠区工会联合会", "region_code": "440105", "sector_code": "H62"}
    response = client.post(url, data=sent | version_shown(client, url))
    assert response.status_code == 400
    shown = page(response)
    assert "R18" in shown.field_error("name")
    assert shown.value("name") == sent["name"]


# --- unions --------------------------------------------------------------------------------------


@pytest.fixture
def enterprise_without_union(session, world, make_enterprise):
    enterprise = make_enterprise(name="广州市海珠区新开张餐饮有限公司")
    session.add(accepted_coverage(world.federation, enterprise))
    session.commit()
    return enterprise


def test_a_federation_registers_a_covered_enterprises_union(
    client, login, session, world, enterprise_without_union, page
):
    enterprise = enterprise_without_union
    login(world.users["fed_staff"])
    record = page(client.get(f"/organizations/{enterprise.id}"))
    url = f"/organizations/new/union?enterprise={enterprise.id}"
    assert url in record.links()
    form = page(client.get(url))
    assert form.value("name") == f"{enterprise.name}工会委员会"
    assert form.value("region_code") == "440105"
    sent = {"name": f"{enterprise.name}工会委员会", "region_code": "440105", "chair_name": "周晓燕"}
    response = client.post(url, data=sent)
    assert response.status_code == 302
    union = session.exec(select(Organization).where(Organization.enterprise_id == enterprise.id))
    union = union.one()
    chair = session.exec(select(Person).where(Person.organization_id == union.id)).one()
    assert (chair.name, chair.position) == ("周晓燕", Position.CHAIR)
    # A second union for the same enterprise is refused, the input kept.
    again = client.post(url, data={**sent, "name": "另一个工会"})
    assert again.status_code == 400
    assert page(again).form_error()
    assert page(again).value("name") == "另一个工会"


def test_an_enterprise_is_not_offered_a_link_it_may_not_follow(
    client, login, session, enterprise_without_union, make_user, page
):
    manager = make_user(Role.ENTERPRISE_MANAGER, enterprise_without_union)
    session.commit()
    login(manager)
    record = page(client.get(f"/organizations/{enterprise_without_union.id}"))
    links = [link for link in record.links() if link.startswith("/")]
    assert f"/organizations/{enterprise_without_union.id}/edit" in links
    for link in links:
        assert client.get(link).status_code == 200, link


# --- coverage and people -------------------------------------------------------------------------


def test_a_federation_stops_covering_an_enterprise(client, login, session, world, page):
    federation, enterprise = world.federation, world.enterprise_a
    login(world.users["fed_chair"])
    shown = page(client.get(f"/organizations/{federation.id}"))
    remove = f"/organizations/{federation.id}/coverage/{enterprise.id}/remove"
    assert shown.find("form", action=remove) is not None
    assert client.post(remove).status_code == 302
    link = select(Coverage.status).where(
        Coverage.federation_id == federation.id, Coverage.enterprise_id == enterprise.id
    )
    assert session.exec(link).one() == CoverageStatus.ENDED  # the row stays for its history
    assert enterprise.name not in listed(page(client.get(f"/organizations/{federation.id}")))
    assert client.get(f"/organizations/{enterprise.id}").status_code == 404
    assert client.post(remove).status_code == 404  # ended already


def test_a_bad_coverage_code_is_shown_beside_its_field_and_kept(client, login, world, page, shown):
    federation = world.federation
    login(world.users["fed_chair"])
    wrong = "91440300708461136A"
    response = client.post(f"/organizations/{federation.id}/coverage", data={"credit_code": wrong})
    assert response.status_code == 400
    record = page(response)
    assert record.field_errors() == {"credit_code": shown(CREDIT_CODE_MESSAGES["check"])}
    assert record.value("credit_code") == wrong
    assert sorted(listed(record)) == sorted([world.enterprise_a.name, world.enterprise_b.name])


def test_a_person_is_added_edited_and_removed(client, login, session, world, page):
    org = world.enterprise_b
    login(world.users["manager_b"])
    sent = {"name": "黄德明", "position": "manager", "title": "店长", "phone": "", "email": ""}
    assert client.post(f"/organizations/{org.id}/people/new", data=sent).status_code == 302
    person = session.exec(select(Person).where(Person.name == "黄德明")).one()
    form = page(client.get(f"/organizations/{org.id}/people/{person.id}"))
    assert (form.value("name"), form.value("position"), form.value("title")) == (
        "黄德明",
        "manager",
        "店长",
    )
    edited = {**sent, "title": "总经理", "based_on": form.value("based_on")}
    assert (
        client.post(f"/organizations/{org.id}/people/{person.id}", data=edited).status_code == 302
    )
    session.expire_all()
    assert session.get(Person, person.id).title == "总经理"
    delete = f"/organizations/{org.id}/people/{person.id}/delete"
    assert delete in [
        f.attrs["action"]
        for f in page(client.get(f"/organizations/{org.id}")).find_all("form", action=None)
    ]
    person_id = person.id
    assert client.post(delete).status_code == 302
    assert session.exec(select(Person).where(Person.id == person_id)).first() is None


def test_a_second_chair_is_refused_beside_the_position(client, login, session, world, page):
    union = world.union_a
    login(world.users["union_chair_a"])
    sent = {"name": "吴志强", "position": "chair", "title": "主席", "phone": "13800000000"}
    response = client.post(f"/organizations/{union.id}/people/new", data=sent)
    assert response.status_code == 400
    shown = page(response)
    assert list(shown.field_errors()) == ["position"]
    assert "何秀英" in shown.field_error("position")
    for name, kept in sent.items():
        assert shown.value(name) == kept
    assert session.exec(select(Person).where(Person.name == "吴志强")).all() == []


def test_a_person_of_another_organisation_is_not_found_here(client, login, world):
    login(world.users["admin"])
    url = f"/organizations/{world.enterprise_a.id}/people/{world.person_b.id}"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/delete").status_code == 404


# --- every route that takes an id is protected ---------------------------------------------------

# (method, url pattern, form data); patterns name world records. B is the other enterprise.
ID_ROUTES = [
    ("GET", "/organizations/{b}", None),
    ("GET", "/organizations/{b}/edit", None),
    ("POST", "/organizations/{b}/edit", "edit"),
    ("POST", "/organizations/{federation}/coverage", "cover"),
    ("POST", "/organizations/{federation}/coverage/{b}/remove", None),
    ("POST", "/organizations/{federation}/coverage/requests/{code}/withdraw", None),
    ("POST", "/coverage/{request}/accept", None),
    ("GET", "/coverage/{request}/decline", None),
    ("POST", "/coverage/{request}/decline", "decline"),
    ("GET", "/organizations/{b}/people/new", None),
    ("POST", "/organizations/{b}/people/new", "person"),
    ("GET", "/organizations/{b}/people/{person_b}", None),
    ("POST", "/organizations/{b}/people/{person_b}", "person"),
    ("POST", "/organizations/{b}/people/{person_b}/delete", None),
    ("GET", "/organizations/new/union?enterprise={b}", None),
    ("POST", "/organizations/new/union?enterprise={b}", "union"),
    ("GET", "/admin/organizations/{b}/users/new", None),
    ("POST", "/admin/organizations/{b}/users/new", "user"),
    ("GET", "/admin/users/{user_b}", None),
    ("POST", "/admin/users/{user_b}", "user"),
    ("POST", "/admin/users/{user_b}/active", None),
    ("POST", "/admin/users/{user_b}/reset", None),
]
ROUTE_IDS = [f"{method} {pattern}" for method, pattern, _ in ID_ROUTES]


def route_url(world, pattern: str) -> str:
    return pattern.format(
        b=world.enterprise_b.id,
        federation=world.federation.id,
        person_b=world.person_b.id,
        user_b=world.users["manager_b"].id,
        request=world.request.id,
        code=world.request.credit_code,
    )


def route_data(world, kind: str | None) -> dict[str, str] | None:
    """Input that would change B's records if the route let it through."""
    return {
        None: None,
        "edit": enterprise_form(
            name="被改掉的名字有限公司", credit_code=world.enterprise_b.credit_code
        ),
        "cover": {"credit_code": world.tianhe_enterprise.credit_code},
        "decline": {"reason": "我们不同意"},
        "person": {"name": "冒名者", "position": "staff"},
        "union": {"name": "冒名工会", "region_code": "440105"},
        "user": {
            "username": "intruder",
            "display_name": "冒名者",
            "role": "enterprise_manager",
            "password": "a long enough password",
        },
    }[kind]


def snapshot(session, world) -> dict[str, object]:
    session.expire_all()
    b = session.get(Organization, world.enterprise_b.id)
    user_b = session.get(User, world.users["manager_b"].id)
    return {
        "b": (b.name, b.headcount),
        "people": sorted(
            (p.name, p.position)
            for p in session.exec(select(Person).where(Person.organization_id == b.id))
        ),
        "coverage": sorted(
            (c.federation_id, c.enterprise_id or 0, c.credit_code, c.status)
            for c in session.exec(select(Coverage))
        ),
        "unions": count(session, Organization.kind == OrgKind.UNION),
        "user_b": (user_b.display_name, user_b.active, user_b.password_hash, user_b.role),
        "users": session.exec(select(func.count()).select_from(User)).one(),
    }


def test_every_route_that_takes_an_id_is_in_the_protection_tests(app):
    """A new route with an id must be added to ID_ROUTES, and so be tested for protection."""
    adapter = app.url_map.bind("localhost")
    tested = set()
    for method, pattern, _ in ID_ROUTES:
        path = urlsplit(
            pattern.format(b=1, federation=2, person_b=3, user_b=4, request=5, code="X")
        ).path
        rule, _args = adapter.match(path, method=method, return_rule=True)
        tested.add((rule.rule, method))
    blueprints = ("organizations.", "accounts.")
    needed = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.arguments and rule.endpoint.startswith(blueprints)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert needed - tested == set()


@pytest.mark.parametrize(("method", "pattern", "data"), ID_ROUTES, ids=ROUTE_IDS)
def test_an_anonymous_user_is_sent_to_log_in(client, session, world, method, pattern, data):
    before = snapshot(session, world)
    url = route_url(world, pattern)
    response = client.open(url, method=method, data=route_data(world, data))
    assert redirected_to_login(response), (response.status_code, response.headers.get("Location"))
    assert parse_qs(urlsplit(response.headers["Location"]).query)["next"][0].startswith(
        urlsplit(url).path
    )
    assert snapshot(session, world) == before


OUTSIDERS = ["manager_a", "union_chair_a", "other_fed_chair", "other_assoc_rep", "city_reviewer"]


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize(("method", "pattern", "data"), ID_ROUTES, ids=ROUTE_IDS)
def test_another_organisations_account_is_refused(
    client, login, session, world, method, pattern, data, outsider
):
    before = snapshot(session, world)
    login(world.users[outsider])
    response = client.open(route_url(world, pattern), method=method, data=route_data(world, data))
    assert response.status_code in (403, 404)
    assert world.enterprise_b.name not in response.get_data(as_text=True)
    assert snapshot(session, world) == before


@pytest.mark.parametrize(("method", "pattern", "data"), ID_ROUTES, ids=ROUTE_IDS)
def test_the_admin_reaches_every_route(client, login, world, method, pattern, data):
    """The control for the two tests above: the URLs are right, so a 404 there is a refusal."""
    login(world.users["admin"])
    response = client.open(route_url(world, pattern), method=method, data=route_data(world, data))
    assert response.status_code not in (403, 404, 405)
    assert response.status_code < 500
    assert not redirected_to_login(response)


@pytest.mark.parametrize(
    "url",
    ["/", "/organizations", "/organizations?kind=federation", "/organizations/new/enterprise"],
)
def test_the_pages_without_an_id_need_a_login_too(client, url):
    assert redirected_to_login(client.get(url))


# --- escaping ------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>有限公司"


def test_an_organisations_name_is_shown_as_text(client, login, session, world, page):
    login(world.users["fed_chair"])
    response = client.post(
        "/organizations/new/enterprise", data=enterprise_form(name=SCRIPT), follow_redirects=True
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;有限公司" in html
    assert page(response).find("h1").text == SCRIPT
    listing = client.get("/organizations?kind=enterprise").get_data(as_text=True)
    assert "<script>alert(1)" not in listing
    assert SCRIPT in page(listing).text
    home = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in home
    assert SCRIPT in page(home).text


def test_a_name_cannot_break_out_of_an_attribute(client, login, session, world, make_enterprise):
    """The federation's page puts covered names in a confirmation attribute too."""
    name = '我"><img src=x onerror=alert(1)>有限公司'
    enterprise = make_enterprise(name=name)
    session.add(accepted_coverage(world.federation, enterprise))
    session.commit()
    login(world.users["fed_chair"])
    html = client.get(f"/organizations/{world.federation.id}").get_data(as_text=True)
    assert "<img src=x" not in html
    assert '"><img' not in html
    assert "我&#34;&gt;&lt;img src=x onerror=alert(1)&gt;有限公司" in html


def test_a_search_for_markup_is_shown_as_text(client, login, world, page):
    login(world.users["admin"])
    response = client.get("/organizations", query_string={"q": "<b>x</b>"})
    html = response.get_data(as_text=True)
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_persons_name_is_shown_as_text(client, login, session, world):
    login(world.users["manager_b"])
    sent = {"name": "<img src=x onerror=alert(1)>", "position": "staff"}
    client.post(f"/organizations/{world.enterprise_b.id}/people/new", data=sent)
    html = client.get(f"/organizations/{world.enterprise_b.id}").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --- each role's home page -----------------------------------------------------------------------


def home(client, login, user, page):
    login(user)
    response = client.get("/")
    assert response.status_code == 200
    return page(response)


def test_home_of_a_federation(client, login, world, page):
    shown = home(client, login, world.users["fed_chair"], page)
    assert shown.find(data_testid="home-org").text == world.federation.name
    assert shown.find(data_testid="covered-count").text == "2"
    assert links_to(shown, world.association)
    assert links_to(shown, world.enterprise_a)
    assert links_to(shown, world.enterprise_b)
    assert links_to(shown, world.district_bureau)
    assert not links_to(shown, world.uncovered)


def test_home_of_an_association(client, login, world, page):
    shown = home(client, login, world.users["assoc_rep"], page)
    assert shown.find(data_testid="home-org").text == world.association.name
    assert links_to(shown, world.federation)
    assert not links_to(shown, world.other_federation)


def test_home_of_an_enterprise(client, login, world, page):
    shown = home(client, login, world.users["manager_a"], page)
    assert shown.find(data_testid="home-org").text == world.enterprise_a.name
    assert links_to(shown, world.union_a)
    assert links_to(shown, world.federation)
    assert links_to(shown, world.district_bureau)
    assert not links_to(shown, world.enterprise_b)


def test_home_of_a_union(client, login, world, page):
    shown = home(client, login, world.users["union_chair_a"], page)
    assert shown.find(data_testid="home-org").text == world.union_a.name
    assert links_to(shown, world.enterprise_a)
    assert links_to(shown, world.federation)
    assert links_to(shown, world.district_bureau)


@pytest.mark.parametrize(("user", "enterprises"), [("district_reviewer", 3), ("city_reviewer", 1)])
def test_home_of_a_bureau(client, login, world, page, user, enterprises):
    shown = home(client, login, world.users[user], page)
    bureau = world.district_bureau if user == "district_reviewer" else world.city_bureau
    assert shown.find(data_testid="home-org").text == bureau.name
    stat = [e.text for e in shown.find_all("div", class_="stat")]
    assert stat == [str(enterprises)]


def test_home_of_an_admin(client, login, world, session, page):
    admin = world.users["admin"]
    shown = home(client, login, admin, page)
    assert (
        shown.find(data_testid="home-org").text
        == session.get(Organization, admin.organization_id).name
    )
    assert "/admin/users" in shown.links()


@pytest.mark.parametrize(
    "extra", [{"endpoint": "x"}, {"_external": "1"}, {"_anchor": "x"}, {"org_id": "abc"}]
)
def test_odd_query_keys_do_not_break_the_pager(
    client, login, session, world, thirty_enterprises, page, extra
):
    for enterprise in thirty_enterprises:
        session.add(accepted_coverage(world.federation, enterprise))
    session.commit()
    login(world.users["admin"])
    for path in ("/organizations", f"/organizations/{world.federation.id}"):
        response = client.get(path, query_string={**extra, "page": "2"})
        assert response.status_code == 200, path
        href, _disabled = pager_link(page(response), "prev")
        target = urlsplit(href)
        assert (target.scheme, target.netloc, target.path) == ("", "", path)
        assert parse_qs(target.query) == {**{k: [v] for k, v in extra.items()}, "page": ["1"]}
