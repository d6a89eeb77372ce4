"""The minimum-wage reference figures: everyone reads them, administrators keep them."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from accounts.models import Role
from standards.models import MinimumWage

GOOD = {
    "region_code": "440600",
    "effective_from": "2027-01-01",
    "monthly": "2200",
    "hourly": "21",
    "grade": "二类",
    "source": "广东省人民政府通知",
}


def test_an_administrator_adds_a_figure_that_then_applies(client, login, session, make_user):
    login(make_user(Role.ADMIN))
    response = client.post("/reference/minimum-wages/new", data=GOOD)
    assert response.status_code == 302
    record = session.exec(select(MinimumWage)).one()
    assert (record.monthly, record.hourly, record.effective_from) == (
        Decimal("2200"),
        Decimal("21"),
        date(2027, 1, 1),
    )
    listing = client.get("/reference/minimum-wages").get_data(as_text=True)
    assert "2,200.00" in listing and "二类" in listing


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("monthly", "0"),
        ("monthly", "abc"),
        ("monthly", "-100"),
        ("hourly", "1e100"),
        ("region_code", ""),
    ],
)
def test_bad_figures_are_shown_beside_their_field(client, login, session, make_user, field, value):
    login(make_user(Role.ADMIN))
    response = client.post("/reference/minimum-wages/new", data={**GOOD, field: value})
    assert response.status_code == 400
    assert f'data-field-error="{field}"' in response.get_data(as_text=True)
    assert session.exec(select(MinimumWage)).first() is None


def test_one_figure_per_area_and_start_date(client, login, session, make_user):
    login(make_user(Role.ADMIN))
    client.post("/reference/minimum-wages/new", data=GOOD)
    response = client.post("/reference/minimum-wages/new", data={**GOOD, "monthly": "2300"})
    assert response.status_code == 409
    assert 'data-field-error="effective_from"' in response.get_data(as_text=True)
    assert [r.monthly for r in session.exec(select(MinimumWage))] == [Decimal("2200")]


def test_others_read_the_figures_but_cannot_change_them(client, login, make_user):
    login(make_user(Role.FEDERATION_CHAIR))
    assert client.get("/reference/minimum-wages").status_code == 200
    assert client.get("/reference/minimum-wages/new").status_code == 403
    assert client.post("/reference/minimum-wages/new", data=GOOD).status_code == 403
