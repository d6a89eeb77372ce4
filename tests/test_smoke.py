"""The app starts, serves its bare endpoint, and sends anonymous users to the login page."""


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_home_redirects_anonymous_user_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_federation_chair_sees_own_federation_on_home(client, login, make_user):
    user = make_user()
    login(user)
    page = client.get("/").get_data(as_text=True)
    assert "行业工会联合会" in page


def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon"' in page
    assert client.get("/static/img/favicon.svg").status_code == 200
