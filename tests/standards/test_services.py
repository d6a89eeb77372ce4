"""Which minimum wage and wage guideline apply in an area on a date."""

from datetime import date
from decimal import Decimal

import pytest

from organizations.models import Region
from standards.demo import seed_standards
from standards.models import MinimumWage, WageGuideline
from standards.reference import minimum_wage_in_force, wage_guideline_for


class _Report:
    def tally(self, _created: bool) -> None:
        pass


@pytest.fixture
def guangdong(session):
    session.add(Region(code="441400", name="梅州市", full_name="广东省梅州市"))
    seed_standards(session, _Report())
    return session


@pytest.mark.parametrize(
    ("region", "monthly", "hourly", "grade"),
    [
        ("440105", "2500", "23.7", "一类"),  # a Guangzhou district takes the city's figure
        ("440100", "2500", "23.7", "一类"),
        ("440305", "2520", "23.7", "一类"),  # Shenzhen Nanshan
        ("440600", "2080", "19.8", "二类"),  # Foshan
        ("440800", "1850", "18.3", "三类"),  # Zhanjiang
        ("441400", "1750", "17.4", "四类"),  # Meizhou: no row of its own, the province's
        ("130102", "2200", "22", "一类"),  # Shijiazhuang Chang'an district
    ],
)
def test_the_minimum_wage_in_force_from_1_march_2025(guangdong, region, monthly, hourly, grade):
    found = minimum_wage_in_force(guangdong, region, date(2025, 3, 1))
    assert found is not None
    assert (found.monthly, found.hourly, found.grade) == (Decimal(monthly), Decimal(hourly), grade)


def test_before_a_minimum_wage_begins_it_is_not_in_force(guangdong):
    assert minimum_wage_in_force(guangdong, "440105", date(2025, 2, 28)) is None


def test_an_areas_newer_row_takes_over_from_its_older_one(guangdong):
    guangdong.add(
        MinimumWage(region_code="440100", effective_from=date(2027, 1, 1), monthly=Decimal("2650"))
    )
    guangdong.flush()
    assert minimum_wage_in_force(guangdong, "440105", date(2026, 12, 31)).monthly == Decimal("2500")
    assert minimum_wage_in_force(guangdong, "440105", date(2027, 1, 1)).monthly == Decimal("2650")


def test_an_area_with_no_figure_anywhere_above_it_has_none(guangdong):
    assert minimum_wage_in_force(guangdong, "130300", date(2025, 6, 1)) is None  # Qinhuangdao


def test_money_is_stored_and_read_as_exact_decimals(guangdong):
    found = minimum_wage_in_force(guangdong, "440305", date(2025, 3, 1))
    assert isinstance(found.monthly, Decimal)
    assert found.hourly * 174 == Decimal("4123.8")


def test_the_most_specific_area_with_a_guideline_for_the_year_applies(session):
    session.add_all(
        [
            WageGuideline(region_code="440000", year=2025, baseline=Decimal("5.0")),
            WageGuideline(
                region_code="440100",
                year=2025,
                baseline=Decimal("6.0"),
                upper=Decimal("9.0"),
                lower=Decimal("3.0"),
            ),
        ]
    )
    session.flush()
    assert wage_guideline_for(session, "440105", 2025).baseline == Decimal("6.0")
    assert wage_guideline_for(session, "440305", 2025).baseline == Decimal("5.0")
    assert wage_guideline_for(session, "440305", 2024) is None


def test_summarise_term_sets_counts_each_saved_set_against_the_standard(
    session, make_federation, make_user, make_enterprise
):
    """What the 50,000-set benchmark measures, on two sets: counts per set, and only the sets of
    enterprises the standard binds."""
    from accounts.models import Role
    from organizations.services import viewer_for
    from standards.services import ItemData, StandardData, save_standard
    from standards.terms import save_term_set, summarise_term_sets
    from standards.vocabulary import Direction, ItemKind, Unit

    seed_standards(session, _Report())
    federation = make_federation(name="广州市海珠区餐饮业工会联合会", sector_code="H62")
    chair = viewer_for(session, make_user(Role.FEDERATION_CHAIR, federation))
    admin = viewer_for(session, make_user(Role.ADMIN))
    higher = Direction.HIGHER_IS_BETTER
    standard = save_standard(
        session,
        chair,
        StandardData("H62", "440105", "标准", date(2026, 1, 1), None),
        [
            ItemData(ItemKind.MONTHLY_PAY_FLOOR, "厨师长", "2600", Unit.YUAN_PER_MONTH, higher),
            ItemData(ItemKind.ANNUAL_RISE, "", "9", Unit.PERCENT, higher),
        ],
    )
    bound, other = make_enterprise(), make_enterprise(region_code="440305")
    sets = {}
    for enterprise, chef in ((bound, "2500"), (other, "3000")):
        term_set = save_term_set(
            session,
            admin,
            enterprise,
            title="工资表",
            as_of=date(2026, 1, 1),
            items=[
                ItemData(ItemKind.MONTHLY_PAY_FLOOR, "厨师长", chef, Unit.YUAN_PER_MONTH, higher)
            ],
        )
        sets[enterprise.id] = term_set.id
    summaries = summarise_term_sets(session, standard)
    assert summaries == {sets[bound.id]: (1, 0, 0, 1)}  # falls short once, lacks the rise


def test_summarise_term_sets_keeps_each_sets_figures_with_its_own_id(
    session, make_federation, make_user, make_enterprise
):
    """Many sets in two layouts, each with its own figures: every count belongs to its own set
    (PostgreSQL concatenates a layout's figures itself; a mix-up would swap the counts)."""
    from accounts.models import Role
    from organizations.services import viewer_for
    from standards.services import ItemData, StandardData, save_standard
    from standards.terms import save_term_set, summarise_term_sets
    from standards.vocabulary import Direction, ItemKind, Unit

    seed_standards(session, _Report())
    federation = make_federation(name="广州市海珠区餐饮业工会联合会", sector_code="H62")
    chair = viewer_for(session, make_user(Role.FEDERATION_CHAIR, federation))
    admin = viewer_for(session, make_user(Role.ADMIN))
    higher, lower = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
    chef = ItemKind.MONTHLY_PAY_FLOOR
    standard = save_standard(
        session,
        chair,
        StandardData("H62", "440105", "标准", date(2026, 1, 1), None),
        [
            ItemData(chef, "厨师长", "2600", Unit.YUAN_PER_MONTH, higher),
            ItemData(ItemKind.WEEKLY_HOURS, "", "44", Unit.HOURS_PER_WEEK, lower),
        ],
    )
    expected = {}
    for number, (pay, hours) in enumerate(
        [
            ("2500", "48"),
            ("2600", "44"),
            ("2700", "40"),
            ("2599.99", "44"),
            ("2600.01", "45"),
            ("2600", "43"),
        ]
    ):
        pay_item = ItemData(chef, "厨师长", pay, Unit.YUAN_PER_MONTH, higher)
        hours_item = ItemData(ItemKind.WEEKLY_HOURS, "", hours, Unit.HOURS_PER_WEEK, lower)
        # two layouts: the items in either order
        items = [pay_item, hours_item] if number % 2 else [hours_item, pay_item]
        term_set = save_term_set(
            session,
            admin,
            make_enterprise(),
            title=f"工资表 {number}",
            as_of=date(2026, 1, 1),
            items=items,
        )
        pay_verdict = (Decimal(pay) > 2600) - (Decimal(pay) < 2600)  # 1 better, -1 short
        hours_verdict = (Decimal(hours) < 44) - (Decimal(hours) > 44)
        verdicts = [pay_verdict, hours_verdict]
        expected[term_set.id] = (verdicts.count(-1), verdicts.count(0), verdicts.count(1), 0)
    assert summarise_term_sets(session, standard) == expected
    assert len(set(expected.values())) == 6  # every set's counts differ from the others'
