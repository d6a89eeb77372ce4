"""Logging in and out, one's own password, and the administrator's account pages, through HTTP."""

from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import format_datetime
from sqlmodel import func, select

from accounts.models import LoginThrottle, Role, User
from accounts.passwords import verify_password
from app import create_app
from tests.conftest import PASSWORD

NEW_PASSWORD = "a new passphrase 2026"
WRONG = "not the password"


def location(response):
    assert response.status_code in (301, 302, 303), response.status_code
    return urlsplit(response.headers["Location"])


def redirects_to(response, path):
    target = location(response)
    return not target.netloc and target.path == path


def session_cookie_header(response):
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return [part.strip() for part in cookies[0].split(";")]


def post_login(client, username, password, query=""):
    return client.post(f"/login{query}", data={"username": username, "password": password})


def logged_in(client):
    """Whether the client's session still opens the home page (instead of the login page)."""
    response = client.get("/")
    if response.status_code == 200:
        return True
    assert redirects_to(response, "/login"), response.headers.get("Location")
    return False


def count_users(session, username):
    return session.exec(
        select(func.count()).select_from(User).where(User.username == username)
    ).one()


# The login page


def test_login_page_is_in_simplified_chinese_by_default(client, page, shown):
    response = client.get("/login")
    assert response.status_code == 200
    shown_page = page(response)
    assert shown_page.html_lang() == "zh-CN"
    assert shown_page.find("h1").text == shown("Log in")
    # the language switch offers the other language, not the one in use
    assert shown_page.by_testid("lang-en") is not None
    assert shown_page.by_testid("lang-zh_CN") is None
    assert shown_page.find("input", name="username") is not None
    assert shown_page.find("input", name="password").attrs["type"] == "password"


def test_the_language_switch_shows_the_page_in_english(client, page):
    response = client.post("/language", data={"lang": "en", "next": "/login"})
    assert redirects_to(response, "/login")
    shown_page = page(client.get("/login"))
    assert shown_page.html_lang() == "en"
    assert shown_page.find("h1").text == "Log in"
    assert shown_page.by_testid("lang-zh_CN") is not None


def test_right_password_logs_in_with_a_cookie_scripts_cannot_read(client, make_user, page):
    user = make_user(display_name="陈志明")
    assert not logged_in(client)
    response = post_login(client, user.username, PASSWORD)
    assert redirects_to(response, "/")
    cookie = session_cookie_header(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    home = client.get("/")
    assert home.status_code == 200
    assert "陈志明" in page(home).by_testid("user-menu").text


def test_wrong_password_is_answered_beside_the_form_keeping_the_name(
    client, make_user, page, shown
):
    user = make_user()
    response = post_login(client, user.username, WRONG)
    # a 200: the checked guess was counted, and a success status is what commits the count
    assert response.status_code == 200
    shown_page = page(response)
    assert shown_page.form_error() == shown("The login name or the password is not right.")
    assert shown_page.input_value("username") == user.username
    assert not shown_page.input_value("password")
    assert not logged_in(client)


def test_unknown_name_is_answered_like_a_wrong_password(client, make_user, page):
    user = make_user()
    wrong_password = post_login(client, user.username, WRONG)
    unknown_name = post_login(client, "no.such.account", WRONG)
    assert unknown_name.status_code == wrong_password.status_code == 200
    assert page(unknown_name).form_error() == page(wrong_password).form_error()
    assert page(unknown_name).input_value("username") == "no.such.account"


def test_empty_login_form_is_refused_with_errors_beside_both_fields(client, page):
    response = client.post("/login", data={"username": "", "password": ""})
    assert response.status_code == 400
    assert set(page(response).field_errors()) == {"username", "password"}


def test_fifth_failure_locks_the_name_and_even_the_right_password_gets_429(
    app, client, session, make_user, page, shown
):
    user = make_user()
    failures = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(failures - 1):
        assert post_login(client, user.username, WRONG).status_code == 200
    locking = post_login(client, user.username, WRONG)
    assert locking.status_code == 200  # counted: the lock it sets must be committed
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    (row,) = session.exec(select(LoginThrottle)).all()
    with app.test_request_context():  # the time as the page shows it, in China Standard Time
        until = format_datetime(row.locked_until, "HH:mm")
    paused = shown(
        "Too many failed attempts. Logging in with this name is paused until %(time)s.",
        time=until,
    )
    assert page(locking).form_error() == page(response).form_error() == paused
    assert page(response).input_value("username") == user.username
    assert not logged_in(client)


def test_a_locked_account_gets_in_again_with_a_password_reset_by_an_administrator(
    app, client, make_user, make_admin, page
):
    user, admin = make_user(), make_admin()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        post_login(client, user.username, WRONG)
    assert post_login(client, admin.username, PASSWORD).status_code == 302
    reset = client.post(f"/admin/users/{user.id}/reset")
    temporary = page(reset).by_testid("temporary-password").text
    client.post("/logout")
    assert redirects_to(post_login(client, user.username, temporary), "/")


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example", "//evil.example/login", "https://evil.example/", "/\\evil.example"],
)
def test_login_never_redirects_off_the_site(client, make_user, page, next_url):
    user = make_user()
    query = f"?next={next_url}"
    form = page(client.get(f"/login{query}"))
    # the login form carries it on (the language switch has a "next" of its own)
    carried = form.find("input", id="next").attrs["value"]
    assert carried == next_url
    response = client.post(
        f"/login{query}",
        data={"username": user.username, "password": PASSWORD, "next": carried},
    )
    assert redirects_to(response, "/")


def test_login_returns_to_the_page_asked_for(client, make_user):
    user = make_user()
    asked = client.get("/organizations?kind=union")
    assert redirects_to(asked, "/login")
    next_url = parse_qs(location(asked).query)["next"][0]
    response = client.post(
        "/login", data={"username": user.username, "password": PASSWORD, "next": next_url}
    )
    target = location(response)
    assert (target.path, target.query) == ("/organizations", "kind=union")


def test_logout_is_post_only(client, login, make_user):
    login(make_user())
    assert client.get("/logout").status_code == 405
    assert logged_in(client)
    assert redirects_to(client.post("/logout"), "/login")
    assert not logged_in(client)


# One's own password


def test_user_who_must_change_password_is_sent_to_the_password_page(
    client, login, make_user, page, shown
):
    user = make_user(must_change_password=True)
    login(user)
    for path in ["/", "/organizations", "/admin/users"]:
        assert redirects_to(client.get(path), "/account/password"), path
    response = client.get("/account/password")
    assert response.status_code == 200
    assert page(response).find("h1").text == shown("Change password")
    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert redirects_to(changed, "/")
    assert client.get("/").status_code == 200
    assert not user.must_change_password
    assert verify_password(user.password_hash, NEW_PASSWORD)


def test_the_password_page_is_for_logged_in_users_only(client):
    response = client.get("/account/password")
    assert redirects_to(response, "/login")
    assert parse_qs(location(response).query)["next"] == ["/account/password"]


def test_change_password_with_wrong_current_password_is_refused_beside_that_field(
    client, login, make_user, page, shown
):
    user = make_user(must_change_password=True)
    login(user)
    response = client.post(
        "/account/password",
        data={"current_password": WRONG, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert page(response).field_errors() == {
        "current_password": shown("The current password is not right.")
    }
    assert verify_password(user.password_hash, PASSWORD)
    assert redirects_to(client.get("/"), "/account/password")


def test_changing_password_ends_the_users_other_sessions(app, client, login, make_user):
    user = make_user()
    other_device = app.test_client()
    assert redirects_to(post_login(other_device, user.username, PASSWORD), "/")
    login(user)
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert logged_in(client)
    assert not logged_in(other_device)


# The administrator's pages

NEW_ACCOUNT = {
    "username": "li.lei",
    "display_name": "李雷",
    "email": "li.lei@example.cn",
    "role": Role.ENTERPRISE_MANAGER.value,
    "password": NEW_PASSWORD,
    "must_change_password": "y",
}

ADMIN_ROUTES = [
    ("get", "/admin/users"),
    ("get", "/admin/users/{user}"),
    ("post", "/admin/users/{user}"),
    ("get", "/admin/organizations/{org}/users/new"),
    ("post", "/admin/organizations/{org}/users/new"),
    ("post", "/admin/users/{user}/active"),
    ("post", "/admin/users/{user}/reset"),
]


@pytest.fixture
def enterprise(make_enterprise):
    return make_enterprise()


@pytest.fixture
def target(make_user, enterprise):
    """The account the administrator's pages are about."""
    return make_user(Role.ENTERPRISE_MANAGER, enterprise, display_name="梁国华")


def request_admin_route(client, method, path, target, enterprise):
    url = path.format(user=target.id, org=enterprise.id)
    data = {**NEW_ACCOUNT, "display_name": "改过的名字"} if method == "post" else None
    return getattr(client, method)(url, data=data)


def assert_target_untouched(session, target, nonce):
    session.expire_all()
    assert target.active
    assert target.display_name == "梁国华"
    assert target.session_nonce == nonce
    assert not target.must_change_password
    assert verify_password(target.password_hash, PASSWORD)
    assert count_users(session, "li.lei") == 0


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_admin_pages_send_anonymous_users_to_login(
    client, session, target, enterprise, method, path
):
    nonce = target.session_nonce
    response = request_admin_route(client, method, path, target, enterprise)
    assert redirects_to(response, "/login")
    assert_target_untouched(session, target, nonce)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_admin_pages_are_forbidden_to_other_roles(
    client, session, login, make_user, target, enterprise, role, method, path
):
    # an account of the target's own organisation where the role allows it, else of another
    org = enterprise if role in (Role.ENTERPRISE_MANAGER, Role.ASSOCIATION_REP) else None
    login(make_user(role, org))
    nonce = target.session_nonce
    response = request_admin_route(client, method, path, target, enterprise)
    assert response.status_code == 403
    assert_target_untouched(session, target, nonce)


def test_admin_lists_and_searches_accounts(client, login, make_admin, target, make_user, page):
    other = make_user(username="zhou.min")
    login(make_admin())
    listed = client.get("/admin/users")
    assert listed.status_code == 200
    assert page(listed).find("a", href=f"/admin/users/{target.id}").text == target.username
    searched = page(client.get("/admin/users", query_string={"q": "梁国"}))
    links = {a.attrs["href"] for a in searched.find_all("a") if "/admin/users/" in a.attrs["href"]}
    assert links == {f"/admin/users/{target.id}"}
    assert f"/admin/users/{other.id}" not in links


def test_account_list_pages_keep_the_search(
    client, login, make_admin, make_user, page, monkeypatch, app
):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    for name in ["pager.a", "pager.b", "pager.c"]:
        make_user(username=name)
    login(make_admin())

    def usernames(shown_page):
        return [a.text for a in shown_page.find_all("a") if "/admin/users/" in a.attrs["href"]]

    first = page(client.get("/admin/users", query_string={"q": "pager"}))
    assert usernames(first) == ["pager.a", "pager.b"]
    next_link = urlsplit(first.find("a", rel="next").attrs["href"])
    assert next_link.path == "/admin/users"
    assert parse_qs(next_link.query) == {"q": ["pager"], "page": ["2"]}
    second = page(client.get(f"{next_link.path}?{next_link.query}"))
    assert usernames(second) == ["pager.c"]


def test_admin_sees_and_edits_an_account(client, login, make_admin, target, page):
    login(make_admin())
    response = client.get(f"/admin/users/{target.id}")
    assert response.status_code == 200
    shown_page = page(response)
    assert shown_page.find("h1").text == target.username
    assert shown_page.input_value("display_name") == "梁国华"
    assert shown_page.selected("role") == Role.ENTERPRISE_MANAGER.value
    saved = client.post(
        f"/admin/users/{target.id}",
        data={"display_name": "梁国强", "email": "", "role": Role.ASSOCIATION_REP.value},
    )
    assert redirects_to(saved, f"/admin/users/{target.id}")
    assert target.display_name == "梁国强"
    assert target.role == Role.ASSOCIATION_REP


def test_admin_edit_with_a_role_that_does_not_fit_is_refused_beside_the_role(
    client, session, login, make_admin, target, page, shown
):
    login(make_admin())
    response = client.post(
        f"/admin/users/{target.id}",
        data={"display_name": "梁国强", "email": "", "role": Role.UNION_CHAIR.value},
    )
    assert response.status_code == 400
    shown_page = page(response)
    assert shown_page.field_errors() == {
        "role": shown("This role cannot act for this kind of organisation.")
    }
    assert shown_page.input_value("display_name") == "梁国强"
    session.expire_all()
    assert target.display_name == "梁国华"
    assert target.role == Role.ENTERPRISE_MANAGER


def test_admin_opens_the_new_account_form(client, login, make_admin, enterprise, page):
    login(make_admin())
    response = client.get(f"/admin/organizations/{enterprise.id}/users/new")
    assert response.status_code == 200
    shown_page = page(response)
    assert not shown_page.input_value("username")
    assert shown_page.checked("must_change_password")
    assert shown_page.field_errors() == {}


def test_admin_creates_an_account_who_then_logs_in_and_must_change_password(
    app, client, session, login, make_admin, enterprise
):
    login(make_admin())
    response = client.post(
        f"/admin/organizations/{enterprise.id}/users/new",
        data={**NEW_ACCOUNT, "username": "Li.Lei"},
    )
    created = session.exec(select(User).where(User.username == "li.lei")).one()
    assert redirects_to(response, f"/admin/users/{created.id}")
    assert created.organization_id == enterprise.id
    assert created.role == Role.ENTERPRISE_MANAGER
    assert created.email == "li.lei@example.cn"
    assert created.must_change_password
    newcomer = app.test_client()
    assert redirects_to(post_login(newcomer, "li.lei", NEW_PASSWORD), "/")
    assert redirects_to(newcomer.get("/"), "/account/password")


@pytest.mark.parametrize(
    ("changes", "field", "message", "values"),
    [
        ({"username": "Wang.Fang"}, "username", "This login name is taken.", {}),
        (
            {"username": "li lei"},
            "username",
            "Use letters, digits, dots, dashes and underscores only.",
            {},
        ),
        (
            {"username": "王小明"},
            "username",
            "Use letters, digits, dots, dashes and underscores only.",
            {},
        ),
        (
            {"password": "1234567890"},
            "password",
            "Use at least %(n)s characters, not only digits and not one character repeated.",
            {"n": 10},
        ),
        (
            {"role": Role.UNION_CHAIR.value},
            "role",
            "This role cannot act for this kind of organisation.",
            {},
        ),
    ],
    ids=["taken", "space", "chinese", "weak-password", "role-not-fitting"],
)
def test_create_account_with_bad_input_shows_the_error_beside_its_field_and_keeps_the_rest(
    client,
    session,
    login,
    make_admin,
    make_user,
    enterprise,
    page,
    shown,
    changes,
    field,
    message,
    values,
):
    make_user(Role.ENTERPRISE_MANAGER, enterprise, username="wang.fang")
    login(make_admin())
    sent = {**NEW_ACCOUNT, **changes}
    response = client.post(f"/admin/organizations/{enterprise.id}/users/new", data=sent)
    assert 400 <= response.status_code < 500
    shown_page = page(response)
    assert shown_page.field_errors() == {field: shown(message, **values)}
    assert shown_page.input_value("username") == sent["username"]
    assert shown_page.input_value("display_name") == sent["display_name"]
    assert shown_page.input_value("email") == sent["email"]
    assert shown_page.selected("role") == sent["role"]
    assert shown_page.checked("must_change_password")
    assert not shown_page.input_value("password")  # never sent back to the browser
    users_in_org = (
        select(func.count()).select_from(User).where(User.organization_id == enterprise.id)
    )
    assert session.exec(users_in_org).one() == 1


def test_create_account_for_a_missing_organisation_is_404(client, login, make_admin):
    login(make_admin())
    assert client.get("/admin/organizations/999999/users/new").status_code == 404
    assert client.get("/admin/users/999999").status_code == 404


def test_disabling_an_account_logs_its_user_out_on_their_next_request(
    app, client, login, make_admin, target
):
    user_client = app.test_client()
    assert redirects_to(post_login(user_client, target.username, PASSWORD), "/")
    assert logged_in(user_client)
    login(make_admin())
    response = client.post(f"/admin/users/{target.id}/active")
    assert redirects_to(response, f"/admin/users/{target.id}")
    assert not target.active
    assert not logged_in(user_client)
    assert post_login(user_client, target.username, PASSWORD).status_code == 200
    # enabled again, the account may log in afresh
    client.post(f"/admin/users/{target.id}/active")
    assert target.active
    assert redirects_to(post_login(user_client, target.username, PASSWORD), "/")


def test_an_administrator_cannot_disable_their_own_account(client, login, make_admin, page):
    admin = make_admin()
    login(admin)
    response = client.post(f"/admin/users/{admin.id}/active")
    assert redirects_to(response, f"/admin/users/{admin.id}")
    assert admin.active
    assert logged_in(client)


def test_reset_shows_a_temporary_password_once_that_logs_in_to_the_password_page(
    app, client, login, make_admin, target, page
):
    user_client = app.test_client()
    assert redirects_to(post_login(user_client, target.username, PASSWORD), "/")
    login(make_admin())
    response = client.post(f"/admin/users/{target.id}/reset")
    assert response.status_code == 200
    temporary = page(response).by_testid("temporary-password").text
    assert temporary
    assert temporary not in page(client.get(f"/admin/users/{target.id}")).root.text
    assert not logged_in(user_client)  # the reset ended the session they had
    assert post_login(user_client, target.username, PASSWORD).status_code == 200
    assert redirects_to(post_login(user_client, target.username, temporary), "/")
    assert redirects_to(user_client.get("/"), "/account/password")


# CSRF


@pytest.fixture
def csrf_app(app, session):
    """The app as it runs in production, with CSRF protection, over the test's session."""
    protected = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "WTF_CSRF_ENABLED": True,
            "SECRET_KEY": "test",
            "SERVER_NAME": "localhost",
        }
    )
    database = protected.extensions["database"]
    # Requests run on the test's connection, inside its transaction, as the main app's do.
    database.sessionmaker = app.extensions["database"].sessionmaker
    yield protected
    database.engine.dispose()


def test_login_without_a_csrf_token_is_refused_400_and_logs_no_one_in(csrf_app, make_user, page):
    user = make_user()
    browser = csrf_app.test_client()
    response = post_login(browser, user.username, PASSWORD)
    assert response.status_code == 400
    with browser.session_transaction() as cookie_session:
        assert "_user_id" not in cookie_session
    assert not logged_in(browser)
    assert user.last_login_at is None
    # the same login with the form's token gets in
    token = page(browser.get("/login")).input_value("csrf_token")
    response = browser.post(
        "/login", data={"username": user.username, "password": PASSWORD, "csrf_token": token}
    )
    assert redirects_to(response, "/")
    assert logged_in(browser)


def test_logout_without_a_csrf_token_keeps_the_user_logged_in(csrf_app, make_user, page):
    user = make_user()
    browser = csrf_app.test_client()
    token = page(browser.get("/login")).input_value("csrf_token")
    browser.post(
        "/login", data={"username": user.username, "password": PASSWORD, "csrf_token": token}
    )
    assert logged_in(browser)
    browser.post("/logout")
    assert logged_in(browser)
