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


def test_a_conflict_is_headed_as_one_and_leads_back(database_url):
    """A 409 (a request answered meanwhile, a move the status machine refuses) is headed as
    something that cannot be done now, not '出现错误', and leads back to the page it came from;
    an expired form (CSRF) leads back too."""
    from errors import DomainError

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test"})

    @app.get("/answered")
    def answered():
        raise DomainError("覆盖关系不能从“已撤回”变为“已同意”。", status=409)

    client = app.test_client()
    back = {"Referer": "http://localhost/organizations/3"}
    response = client.get("/answered", headers=back)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "当前状态下无法执行此操作" in page and "出现错误" not in page
    assert 'href="http://localhost/organizations/3">返回上一页</a>' in page
    expired = client.post("/logout", headers=back).get_data(as_text=True)  # no CSRF token
    assert "表单已过期" in expired and "返回上一页" in expired
    assert "返回上一页" not in client.get("/answered").get_data(as_text=True)  # from nowhere
    app.extensions["database"].engine.dispose()
