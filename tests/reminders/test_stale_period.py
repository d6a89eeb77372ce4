"""Two administrators on one period's form: the later save, based on the period the first has
changed since, is not written; it shows both periods and who saved first (409), and saving
again puts the later one's period on top knowingly."""

from sqlmodel import select

from accounts.models import Role
from reminders.models import PeriodSetting
from tests.two_browsers import browser, differences, form_fields, form_message

URL = "/admin/periods/national/answer"


def stored(session) -> tuple[int, str, str]:
    session.expire_all()
    row = session.exec(select(PeriodSetting)).one()
    return row.length, row.unit, row.article


def test_a_stale_period_form_shows_both_periods_and_who_saved_first(
    app, client, login, session, make_user
):
    first_admin = make_user(Role.ADMIN, display_name="李建国")
    second_admin = make_user(Role.ADMIN)
    session.commit()
    first, second = browser(app, first_admin), login(second_admin)
    first_form, second_form = form_fields(first.get(URL)), form_fields(second.get(URL))
    done = first.post(URL, data=first_form | {"length": "30", "article": "甲：三十日"})
    assert done.status_code == 302

    stale = second.post(URL, data=second_form | {"length": "20", "article": "乙：二十日"})
    assert stale.status_code == 409
    assert "李建国" in form_message(stale)
    assert differences(stale) == {
        "期限长度": ("20 日", "30 日"),
        "出处（法规及条款）": ("乙：二十日", "甲：三十日"),
    }
    assert stored(session) == (30, "days", "甲：三十日")

    again = second.post(URL, data=form_fields(stale))
    assert again.status_code == 302
    assert stored(session) == (20, "days", "乙：二十日")
