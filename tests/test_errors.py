"""Error pages are styled, translated, and never leak a traceback."""

from app import create_app


def test_unknown_page_is_a_styled_404_in_chinese(client, login, make_user):
    login(make_user())
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "页面不存在" in page
    assert "返回首页" in page


def test_unknown_page_in_english_after_switching(client, login, make_user):
    login(make_user())
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "This page does not exist" in page
    assert '<html lang="en">' in page


def test_unexpected_error_is_a_styled_500_without_details(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test"})
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "系统出现错误" in page
    assert "secret internal detail" not in page
    assert "Traceback" not in page
    app.extensions["database"].engine.dispose()


def test_method_not_allowed_is_styled(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "此处不允许该操作" in response.get_data(as_text=True)
