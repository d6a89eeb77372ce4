"""Input that once made a 500, and the guarantees added against it."""

import pytest
from sqlmodel import select

from accounts.models import Role, User
from db import save_or_refuse
from errors import DomainError
from organizations.models import OrgKind

HUGE_IDS = [2**31, 10**20]


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize(
    "path",
    [
        "/organizations/{id}",
        "/organizations/{id}/edit",
        "/organizations/{id}/people/new",
        "/organizations/1/people/{id}",
        "/admin/users/{id}",
        "/admin/organizations/{id}/users/new",
        "/organizations/new/union?enterprise={id}",
    ],
)
def test_an_id_beyond_the_database_integer_is_not_found(client, login, make_user, path, huge):
    login(make_user(Role.ADMIN))
    assert client.get(path.format(id=huge)).status_code == 404


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_posting_to_an_id_beyond_the_database_integer_is_not_found(client, login, make_user, huge):
    login(make_user(Role.ADMIN))
    assert client.post(f"/organizations/1/coverage/{huge}/remove").status_code == 404
    assert client.post(f"/admin/users/{huge}/reset").status_code == 404


def test_a_nul_character_in_a_search_is_refused(client, login, make_user):
    login(make_user(Role.ADMIN))
    assert client.get("/organizations?kind=enterprise&q=a%00b").status_code == 400
    assert client.get("/admin/users?q=%00").status_code == 400


def test_a_nul_character_in_a_form_is_refused_and_nothing_is_saved(client, session, make_user):
    user = make_user()
    response = client.post("/login", data={"username": user.username + "\x00", "password": "x"})
    assert response.status_code == 400


def test_a_copied_session_cookie_is_void_after_logout(client, login, make_user):
    login(make_user())
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.post("/logout")
    client.set_cookie("session", cookie.value)  # as if someone had kept a copy
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_account_email_is_checked(client, login, session, make_user, make_org):
    login(make_user(Role.ADMIN))
    org = make_org(OrgKind.FEDERATION)
    sent = {
        "username": "li.ming",
        "display_name": "李明",
        "email": "not-an-email",
        "role": "federation_staff",
        "password": "a long enough password",
    }
    response = client.post(f"/admin/organizations/{org.id}/users/new", data=sent)
    assert response.status_code == 400
    assert 'data-field-error="email"' in response.get_data(as_text=True)
    assert session.exec(select(User).where(User.username == "li.ming")).first() is None


@pytest.mark.parametrize("query", ["CAFE", "cafe", "1988"])
def test_a_name_made_of_credit_code_characters_is_found(client, login, make_user, make_org, query):
    make_org(
        OrgKind.ENTERPRISE,
        name="深圳市南山区CAFE1988餐厅有限公司",
        region_code="440305",
        credit_code="91440300708461136T",
        headcount=5,
        women_headcount=2,
    )
    login(make_user(Role.ADMIN))
    text = client.get(f"/organizations?kind=enterprise&q={query}").get_data(as_text=True)
    assert "深圳市南山区CAFE1988餐厅有限公司" in text


def test_a_unique_key_won_meanwhile_becomes_the_users_message(session, make_user):
    """The check-then-insert race: the row another request saved first is a message, not a 500,
    and the work before it in the transaction stands."""
    first = make_user()
    kept = make_user()
    duplicate = User(
        username=first.username,
        display_name="同名",
        password_hash="x",
        role=Role.FEDERATION_STAFF,
        organization_id=first.organization_id,
    )
    refusal = DomainError("taken", field="username", status=409)
    with pytest.raises(DomainError) as caught:
        save_or_refuse(session, refusal, duplicate)
    assert caught.value is refusal
    assert session.get(User, kept.id) is not None


@pytest.mark.parametrize(("raw", "expected"), [("", 25), ("  ", 25), ("40", 40)])
def test_page_size_from_the_environment(monkeypatch, raw, expected):
    import config

    monkeypatch.setenv("PAGE_SIZE", raw)
    assert config.from_environment()["PAGE_SIZE"] == expected


@pytest.mark.parametrize("raw", ["0", "-3", "many"])
def test_a_page_size_that_is_not_a_positive_whole_number_stops_the_start(monkeypatch, raw):
    import config

    monkeypatch.setenv("PAGE_SIZE", raw)
    with pytest.raises(SystemExit, match="PAGE_SIZE"):
        config.from_environment()
