"""The minimum-wage reference figures: everyone reads them, administrators keep them."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from accounts.models import Role
from standards.models import MinimumWage
from tests.two_browsers import version_shown

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


def test_moving_a_figure_onto_a_taken_area_and_date_is_refused_not_a_500(
    client, login, session, make_user
):
    login(make_user(Role.ADMIN))
    client.post("/reference/minimum-wages/new", data=GOOD)
    client.post("/reference/minimum-wages/new", data={**GOOD, "effective_from": "2028-01-01"})
    later = session.exec(
        select(MinimumWage).where(MinimumWage.effective_from == date(2028, 1, 1))
    ).one()
    url = f"/reference/minimum-wages/{later.id}"
    response = client.post(url, data={**GOOD, "monthly": "2300"} | version_shown(client, url))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'data-field-error="effective_from"' in page and 'value="2300"' in page
    session.expire_all()
    assert sorted((r.effective_from, r.monthly) for r in session.exec(select(MinimumWage))) == [
        (date(2027, 1, 1), Decimal("2200")),
        (date(2028, 1, 1), Decimal("2200")),
    ]


def test_others_read_the_figures_but_cannot_change_them(client, login, make_user):
    login(make_user(Role.FEDERATION_CHAIR))
    assert client.get("/reference/minimum-wages").status_code == 200
    assert client.get("/reference/minimum-wages/new").status_code == 403
    assert client.post("/reference/minimum-wages/new", data=GOOD).status_code == 403


# The demo's tables (DOMAIN.md, Reference figures): area, the day, (monthly, hourly, class).
DEMO_FIGURES = [
    ("440105", date(2025, 3, 1), ("2500", "23.7", "一类")),  # 广州 海珠区: the city's figure
    ("440304", date(2025, 3, 1), ("2520", "23.7", "一类")),  # 深圳 福田区
    ("440600", date(2025, 3, 1), ("2080", "19.8", "二类")),  # 佛山
    ("442000", date(2025, 3, 1), ("2080", "19.8", "二类")),  # 中山
    ("441300", date(2025, 3, 1), ("1850", "18.3", "三类")),  # 惠州
    ("440200", date(2025, 3, 1), ("1750", "17.4", "四类")),  # 韶关: the province's figure
    ("130102", date(2023, 1, 1), ("2200", "22", "一类")),  # 石家庄 长安区
    ("130203", date(2023, 1, 1), ("2200", "22", "一类")),  # 唐山 路北区: the city's figure
    ("130183", date(2023, 1, 1), ("2000", "20", "二类")),  # 晋州
    ("130121", date(2023, 1, 1), ("1800", "18", "三类")),  # 井陉县
    ("440105", date(2025, 2, 28), None),  # before the 2025 table: none on record
    ("130183", date(2022, 12, 31), None),
]


@pytest.mark.parametrize(("region", "day", "expected"), DEMO_FIGURES)
def test_the_demo_seeds_the_real_guangdong_2025_and_hebei_2023_tables(
    session, region, day, expected
):
    from standards.demo import seed_standards
    from standards.reference import minimum_wage_in_force

    class Report:
        created = 0

        def tally(self, created: bool) -> None:
            self.created += created

    report = Report()
    seed_standards(session, report)
    seed_standards(session, report)  # again: nothing twice
    assert report.created == 2 + 16  # two Hebei areas the organisations' demo lacks, 16 rows
    found = minimum_wage_in_force(session, region, day)
    if expected is None:
        assert found is None
        return
    monthly, hourly, grade = expected
    assert (found.monthly, found.hourly, found.grade) == (Decimal(monthly), Decimal(hourly), grade)
