"""The new-account form sent twice (a double click, a resent page) creates one account; the
second answer leads to it with a note, not to a 'login name taken' refusal."""

from sqlmodel import func, select

from accounts.models import Role, User
from tests.two_browsers import hidden, page_of

NEW_ACCOUNT = {
    "username": "li.lei",
    "display_name": "李雷",
    "email": "li.lei@example.cn",
    "role": Role.ENTERPRISE_MANAGER.value,
    "password": "a long enough new password",
    "must_change_password": "y",
}


def test_the_new_account_form_sent_twice_creates_one_account(
    client, login, session, make_admin, make_enterprise
):
    enterprise = make_enterprise()
    login(make_admin())
    url = f"/admin/organizations/{enterprise.id}/users/new"
    data = {**NEW_ACCOUNT, "form_token": hidden(client.get(url), "form_token")}
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 302
    session.expire_all()
    same_name = select(func.count()).select_from(User).where(User.username == "li.lei")
    assert session.exec(same_name).one() == 1
    assert second.headers["Location"] == first.headers["Location"]
    shown = page_of(client.get(second.headers["Location"]))
    assert "此表单提交了两次，只在第一次保存了一份。" in shown
