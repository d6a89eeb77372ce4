"""Wage guidelines (R17): a year's lines for an area, any of which may be absent."""

from decimal import Decimal

import pytest
from sqlmodel import select

from accounts.models import Role
from standards.models import WageGuideline
from standards.reference import wage_guideline_for

GOOD = {"region_code": "440100", "year": "2026", "baseline": "6", "upper": "9", "lower": "3.5"}


def test_an_administrator_records_a_years_guideline(client, login, session, make_user):
    login(make_user(Role.ADMIN))
    assert client.post("/reference/wage-guidelines/new", data=GOOD).status_code == 302
    found = wage_guideline_for(session, "440105", 2026)  # a district takes its city's
    assert (found.lower, found.baseline, found.upper) == (
        Decimal("3.5"),
        Decimal("6"),
        Decimal("9"),
    )
    assert "3.5%" in client.get("/reference/wage-guidelines").get_data(as_text=True)


def test_a_baseline_alone_is_a_guideline(client, login, session, make_user):
    login(make_user(Role.ADMIN))
    sent = {**GOOD, "upper": "", "lower": ""}
    assert client.post("/reference/wage-guidelines/new", data=sent).status_code == 302
    assert session.exec(select(WageGuideline)).one().upper is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"baseline": "", "upper": "", "lower": ""}, "baseline"),  # no line at all
        ({"lower": "7"}, "baseline"),  # lower above the baseline
        ({"upper": "150"}, "upper"),
        ({"year": "1800"}, "year"),
        ({"year": "二〇二六"}, "year"),
    ],
)
def test_bad_guidelines_are_refused_beside_the_field(
    client, login, session, make_user, changes, field
):
    login(make_user(Role.ADMIN))
    response = client.post("/reference/wage-guidelines/new", data={**GOOD, **changes})
    assert response.status_code == 400
    assert f'data-field-error="{field}"' in response.get_data(as_text=True)
    assert session.exec(select(WageGuideline)).first() is None


def test_one_guideline_per_area_and_year(client, login, make_user):
    login(make_user(Role.ADMIN))
    client.post("/reference/wage-guidelines/new", data=GOOD)
    assert client.post("/reference/wage-guidelines/new", data=GOOD).status_code == 409


def test_only_administrators_keep_guidelines(client, login, make_user):
    login(make_user(Role.BUREAU_REVIEWER))
    assert client.get("/reference/wage-guidelines").status_code == 200
    assert client.post("/reference/wage-guidelines/new", data=GOOD).status_code == 403
