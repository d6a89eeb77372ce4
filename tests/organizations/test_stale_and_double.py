"""Two people on one organisation's record or one person's entry: the later save, based on what
the first has changed since, is not written; it shows both values and who saved first (409), and
saving again puts the later one's values on top knowingly. A new person sent twice is one entry."""

import pytest
from sqlmodel import func, select

from accounts.models import Role
from organizations.models import Organization, Person, Position
from tests.two_browsers import browser, differences, form_fields, form_message, hidden, page_of


def test_a_stale_organisation_form_shows_both_records_and_who_saved_first(
    app, client, login, session, make_enterprise, make_user
):
    enterprise = make_enterprise(name="广州市海珠区好味餐饮有限公司", address="")
    first_admin = make_user(Role.ADMIN, display_name="李建国")
    second_admin = make_user(Role.ADMIN)
    session.commit()
    url = f"/organizations/{enterprise.id}/edit"
    first, second = browser(app, first_admin), login(second_admin)
    first_form, second_form = form_fields(first.get(url)), form_fields(second.get(url))
    assert first.post(url, data=first_form | {"address": "江南大道中1号"}).status_code == 302

    stale = second.post(url, data=second_form | {"address": "宝岗大道2号", "phone": "020-1234"})
    assert stale.status_code == 409
    assert "李建国" in form_message(stale)
    assert differences(stale) == {
        "地址": ("宝岗大道2号", "江南大道中1号"),
        "电话": ("020-1234", "—"),
    }
    session.expire_all()
    stored = session.get(Organization, enterprise.id)
    assert (stored.address, stored.phone) == ("江南大道中1号", None)

    assert second.post(url, data=form_fields(stale)).status_code == 302
    session.expire_all()
    stored = session.get(Organization, enterprise.id)
    assert (stored.address, stored.phone) == ("宝岗大道2号", "020-1234")


def test_a_stale_person_form_shows_both_entries(
    app, client, login, session, make_enterprise, make_user
):
    enterprise = make_enterprise()
    person = Person(
        organization_id=enterprise.id, name="黄德明", position=Position.MANAGER, title="店长"
    )
    session.add(person)
    first_admin = make_user(Role.ADMIN, display_name="李建国")
    second_admin = make_user(Role.ADMIN)
    session.commit()
    url = f"/organizations/{enterprise.id}/people/{person.id}"
    first, second = browser(app, first_admin), login(second_admin)
    first_form, second_form = form_fields(first.get(url)), form_fields(second.get(url))
    assert first.post(url, data=first_form | {"title": "总经理"}).status_code == 302

    stale = second.post(url, data=second_form | {"title": "副总经理"})
    assert stale.status_code == 409
    assert "李建国" in form_message(stale)
    assert differences(stale) == {"职务名称": ("副总经理", "总经理")}
    session.expire_all()
    assert session.get(Person, person.id).title == "总经理"

    assert second.post(url, data=form_fields(stale)).status_code == 302
    session.expire_all()
    assert session.get(Person, person.id).title == "副总经理"


def test_a_new_person_sent_twice_is_one_entry(client, login, session, make_enterprise, make_user):
    enterprise = make_enterprise()
    login(make_user(Role.ADMIN))
    url = f"/organizations/{enterprise.id}/people/new"
    sent = {
        "form_token": hidden(client.get(url), "form_token"),
        "name": "黄德明",
        "position": "manager",
        "title": "店长",
        "phone": "",
        "email": "",
    }
    first = client.post(url, data=sent)
    second = client.post(url, data=sent)
    assert first.status_code == second.status_code == 302
    session.expire_all()
    same_name = select(func.count()).select_from(Person).where(Person.name == "黄德明")
    assert session.exec(same_name).one() == 1
    assert second.headers["Location"] == first.headers["Location"]
    shown = page_of(client.get(second.headers["Location"]))
    assert "此表单提交了两次，只在第一次保存了一份。" in shown


@pytest.mark.parametrize(
    "based_on",
    [None, "", "12:forged", "x" * 200, "another record's"],
    ids=["missing", "empty", "forged", "too-long", "another-record"],
)
def test_an_edit_that_names_no_version_of_its_own_overwrites_nothing_unseen(
    app, client, login, session, make_enterprise, make_user, based_on
):
    """A page opened before the forms carried their version (or an altered form) is not saved
    over what someone else saved meanwhile: it is shown both values, as a stale form is, and
    saving again from that page puts the user's values on top knowingly."""
    enterprise = make_enterprise(name="广州市海珠区好味餐饮有限公司", address="")
    other = make_enterprise(name="广州市越秀区好运餐饮有限公司", address="北京路1号")
    first_admin = make_user(Role.ADMIN, display_name="李建国")
    second_admin = make_user(Role.ADMIN)
    session.commit()
    url = f"/organizations/{enterprise.id}/edit"
    first, second = browser(app, first_admin), login(second_admin)
    old_page = form_fields(second.get(url))
    if based_on == "another record's":
        old_page["based_on"] = hidden(second.get(f"/organizations/{other.id}/edit"), "based_on")
    elif based_on is None:
        del old_page["based_on"]
    else:
        old_page["based_on"] = based_on
    assert (
        first.post(url, data=form_fields(first.get(url)) | {"address": "江南大道中1号"}).status_code
        == 302
    )

    refused = second.post(url, data=old_page | {"phone": "020-1234"})
    assert refused.status_code == 409
    assert differences(refused) == {"地址": ("—", "江南大道中1号"), "电话": ("020-1234", "—")}
    if based_on != "another record's":  # no version at all: nobody can say who saved
        assert form_message(refused).startswith("此表单没有注明它依据的是哪个版本")
    session.expire_all()
    stored = session.get(Organization, enterprise.id)
    assert (stored.address, stored.phone) == ("江南大道中1号", None)

    assert second.post(url, data=form_fields(refused)).status_code == 302
    session.expire_all()
    stored = session.get(Organization, enterprise.id)
    assert (stored.address or "", stored.phone) == ("", "020-1234")
