"""Input a form cannot store or a URL should not match: a NUL in a field is refused beside it with
the rest kept, ids in URLs are ASCII digits, a phone number is a phone number."""

from __future__ import annotations

import pytest
from sqlmodel import select

from organizations.models import Person
from webforms import PHONE_ONLY, UNSTORABLE, is_phone_number

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def person_form(**overrides: str) -> dict[str, str]:
    return {
        "name": "黄德明",
        "position": "manager",
        "title": "店长",
        "phone": "138 0013 8000",
        "email": "",
        **overrides,
    }


def stored_names(session) -> list[str]:
    session.expire_all()
    return [p.name for p in session.exec(select(Person).where(Person.title == "店长"))]


def test_a_nul_in_a_field_is_refused_beside_it_with_the_input_kept(
    client, login, session, world, page, shown
):
    org = world.enterprise_b
    login(world.users["manager_b"])
    sent = person_form(name="黄德\x00明")
    response = client.post(f"/organizations/{org.id}/people/new", data=sent)
    assert response.status_code == 400
    form = page(response)
    assert form.field_errors() == {"name": shown(UNSTORABLE)}
    assert form.value("name") == "黄德明"  # what is left, to check and send again
    for name in ("position", "title", "phone"):
        assert form.value(name) == sent[name]
    assert stored_names(session) == []


def test_a_nul_alone_in_an_optional_field_is_refused_not_saved_as_blank(
    client, login, session, world, page, shown
):
    org = world.enterprise_b
    login(world.users["manager_b"])
    response = client.post(f"/organizations/{org.id}/people/new", data=person_form(phone="\x00"))
    assert response.status_code == 400
    assert page(response).field_errors() == {"phone": shown(UNSTORABLE)}
    assert stored_names(session) == []


def test_a_nul_in_the_address_is_still_a_400_page(client, login, world):
    login(world.users["admin"])
    assert client.get("/organizations?kind=enterprise&q=%00").status_code == 400


def test_an_id_in_full_width_digits_is_no_address(client, login, world):
    login(world.users["admin"])
    org = world.enterprise_b
    assert client.get(f"/organizations/{org.id}").status_code == 200
    assert client.get(f"/organizations/{str(org.id).translate(FULL_WIDTH)}").status_code == 404
    assert client.get("/negotiations/１２").status_code == 404


def test_an_id_in_full_width_digits_in_a_query_is_no_record(client, login, world):
    login(world.users["admin"])
    enterprise = world.uncovered
    url = "/organizations/new/union?enterprise="
    assert client.get(url + str(enterprise.id)).status_code == 200
    assert client.get(url + str(enterprise.id).translate(FULL_WIDTH)).status_code == 404


@pytest.mark.parametrize("junk", ["NaN", "inf", "-Infinity", "1e10", "电话13800138000", "12345"])
def test_a_phone_field_refuses_what_is_no_phone_number_in_chinese(
    client, login, session, world, page, junk
):
    org = world.enterprise_b
    login(world.users["manager_b"])
    response = client.post(f"/organizations/{org.id}/people/new", data=person_form(phone=junk))
    assert response.status_code == 400
    form = page(response)
    assert list(form.field_errors()) == ["phone"]
    assert form.field_error("phone").startswith("请填写电话号码")
    assert form.value("phone") == junk
    assert stored_names(session) == []


def test_a_phone_number_as_people_write_it_is_saved(client, login, session, world):
    org = world.enterprise_b
    login(world.users["manager_b"])
    sent = person_form(phone="(020) 8300-1234转801")
    assert client.post(f"/organizations/{org.id}/people/new", data=sent).status_code == 302
    assert stored_names(session) == ["黄德明"]


@pytest.mark.parametrize(
    ("text", "is_phone"),
    [
        ("13800138000", True),
        ("１３８ ００１３ ８０００", True),  # typed in a Chinese input method
        ("+86 138 0013 8000", True),
        ("020-8300 1234 转 12", True),
        ("1234567", True),
        ("123456", False),
        ("1234567890123456", False),
        ("nan", False),
        ("Infinity", False),
        ("138-0013-8000 ext", False),
        ("转801", False),
    ],
)
def test_is_phone_number(text, is_phone):
    assert is_phone_number(text) is is_phone


def test_the_phone_message_is_chinese(shown):
    assert shown(PHONE_ONLY).startswith("请填写电话号码")


def test_wtforms_own_messages_on_a_real_form_are_chinese(client, login, session, world, page):
    org = world.enterprise_b
    login(world.users["manager_b"])
    sent = person_form(name="黄" * 51, position="no_such_position")
    response = client.post(f"/organizations/{org.id}/people/new", data=sent)
    assert response.status_code == 400
    assert page(response).field_errors() == {
        "name": "字段长度不能超过 50 个字符。",
        "position": "不是有效的选择。",
    }
    assert stored_names(session) == []
