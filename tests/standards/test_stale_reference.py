"""Two administrators correcting one minimum wage: the later save, based on the figure the first
has corrected since, is not written; it shows both figures and who saved first (409), and saving
again puts the later one's figure on top knowingly."""

from datetime import date
from decimal import Decimal

from accounts.models import Role
from standards.models import MinimumWage
from tests.two_browsers import browser, differences, form_fields, form_message


def test_a_stale_minimum_wage_form_shows_both_figures_and_who_saved_first(
    app, client, login, session, make_user
):
    record = MinimumWage(
        region_code="440600", effective_from=date(2027, 1, 1), monthly=Decimal("2200")
    )
    session.add(record)
    first_admin = make_user(Role.ADMIN, display_name="李建国")
    second_admin = make_user(Role.ADMIN)
    session.commit()
    url = f"/reference/minimum-wages/{record.id}"
    first, second = browser(app, first_admin), login(second_admin)
    first_form, second_form = form_fields(first.get(url)), form_fields(second.get(url))
    assert first.post(url, data=first_form | {"monthly": "2300"}).status_code == 302

    stale = second.post(url, data=second_form | {"monthly": "2250", "source": "省政府通知"})
    assert stale.status_code == 409
    assert "李建国" in form_message(stale)
    assert differences(stale) == {
        "月最低工资": ("2250", "2300"),
        "来源": ("省政府通知", "—"),
    }
    session.expire_all()
    assert (record.monthly, record.source) == (Decimal("2300"), None)

    again = second.post(url, data=form_fields(stale))
    assert again.status_code == 302
    session.expire_all()
    assert (record.monthly, record.source) == (Decimal("2250"), "省政府通知")
