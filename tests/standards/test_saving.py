"""Saving a sector standard: who may, every item checked, R14 against the minimum wage in force,
no overlapping periods, and versions that leave the old one readable."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from accounts.models import Role
from errors import DomainError
from organizations.models import OrgKind
from organizations.services import viewer_for
from standards.demo import seed_standards
from standards.models import SectorStandard, StandardItem, StandardStatus
from standards.presenting import table_by_category
from standards.services import (
    ItemData,
    StandardData,
    history,
    items_of,
    save_draft_standard,
    save_standard,
)
from standards.vocabulary import Direction, ItemKind, Unit

MONTHLY, HIGHER = ItemKind.MONTHLY_PAY_FLOOR, Direction.HIGHER_IS_BETTER


class _Report:
    def tally(self, _created: bool) -> None:
        pass


@pytest.fixture
def chair(session, make_federation, make_user):
    seed_standards(session, _Report())  # Guangzhou: 2500 a month, 23.7 an hour from 2025-03-01
    federation = make_federation(name="广州市海珠区餐饮业工会联合会", sector_code="H62")
    return viewer_for(session, make_user(Role.FEDERATION_CHAIR, federation))


def wuhan_like(head_chef: str = "2600", dishwasher: str = "2500") -> list[ItemData]:
    return [
        ItemData(MONTHLY, "厨师长", head_chef, Unit.YUAN_PER_MONTH, HIGHER, row=2),
        ItemData(MONTHLY, "餐具清洗员", dishwasher, Unit.YUAN_PER_MONTH, HIGHER, row=3),
        ItemData(ItemKind.ANNUAL_RISE, "", "9", Unit.PERCENT, HIGHER, row=4),
    ]


def data(start: date = date(2026, 1, 1), end: date | None = None) -> StandardData:
    return StandardData("H62", "440105", "海珠区餐饮行业工资标准", start, end)


def test_a_standard_is_saved_with_its_items_in_order(session, chair):
    standard = save_standard(session, chair, data(), wuhan_like())
    assert standard.status == StandardStatus.IN_FORCE
    saved = items_of(session, standard)
    assert [(i.job_category, i.value) for i in saved] == [
        ("厨师长", Decimal("2600")),
        ("餐具清洗员", Decimal("2500")),
        ("", Decimal("9")),
    ]
    kinds, rows = table_by_category(saved)
    assert kinds == [MONTHLY, ItemKind.ANNUAL_RISE]
    assert [row.job_category for row in rows] == ["", "厨师长", "餐具清洗员"]


def test_exactly_the_minimum_wage_is_allowed(session, chair):
    save_standard(session, chair, data(), wuhan_like(dishwasher="2500"))


def test_a_fen_below_the_minimum_wage_is_refused_naming_the_item_and_gap(session, chair):
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(), wuhan_like(dishwasher="2499.99"))
    message = str(caught.value.message)
    assert caught.value.rule == "R14"
    assert "餐具清洗员" in message and "0.01" in message and "2,500.00" in message
    assert "厨师长" not in message
    assert session.exec(select(SectorStandard)).first() is None  # nothing half-saved


def test_a_part_time_hourly_rate_is_held_against_the_part_time_hourly_minimum(session, chair):
    kind = ItemKind.PART_TIME_HOURLY_RATE
    items = [ItemData(kind, "钟点工", "23.69", Unit.YUAN_PER_HOUR, HIGHER)]
    with pytest.raises(DomainError, match=r"23\.70 元/小时"):
        save_standard(session, chair, data(), items)
    items = [ItemData(kind, "钟点工", "23.70", Unit.YUAN_PER_HOUR, HIGHER)]
    save_standard(session, chair, data(), items)


def test_a_full_time_hour_rate_is_held_against_the_monthly_minimum_over_174(session, chair):
    """Guangzhou: 2,500 ÷ 174 = 14.3678… an hour; its part-time figure of 23.70 is not the
    floor of a full-time hour rate (工时工价)."""
    items = [ItemData(ItemKind.HOURLY_RATE, "厨师", "14.36", Unit.YUAN_PER_HOUR, HIGHER)]
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(), items)
    message = str(caught.value.message)
    assert "14.3678 元/小时" in message and "2,500.00" not in message
    assert caught.value.rule == "R14"
    items = [ItemData(ItemKind.HOURLY_RATE, "厨师", "20", Unit.YUAN_PER_HOUR, HIGHER)]
    assert save_standard(session, chair, data(), items).id is not None


def test_every_item_below_the_minimum_is_named_on_its_own(session, chair):
    items = [
        ItemData(MONTHLY, "厨师长", "2400", Unit.YUAN_PER_MONTH, HIGHER),
        ItemData(MONTHLY, "餐具清洗员", "2300", Unit.YUAN_PER_MONTH, HIGHER),
        ItemData(ItemKind.PART_TIME_HOURLY_RATE, "钟点工", "20", Unit.YUAN_PER_HOUR, HIGHER),
        ItemData(MONTHLY, "厨师", "2600", Unit.YUAN_PER_MONTH, HIGHER),
    ]
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(), items)
    problems = caught.value.problems
    assert len(problems) == 3
    assert "厨师长" in problems[0] and "100.00" in problems[0]
    assert "餐具清洗员" in problems[1] and "200.00" in problems[1]
    assert "钟点工" in problems[2] and "3.70" in problems[2] and "23.70" in problems[2]
    assert session.exec(select(SectorStandard)).first() is None


def test_a_standard_that_ends_before_a_minimum_wage_begins_is_not_held_against_it(session, chair):
    before = data(start=date(2025, 1, 1), end=date(2025, 2, 28))
    save_standard(session, chair, before, wuhan_like(dishwasher="1000"))


def test_a_minimum_wage_that_begins_during_the_period_counts_too(session, chair):
    """Guangzhou's 2,500 begins on 1 March 2025, while an open-ended standard is in force."""
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(start=date(2025, 2, 28)), wuhan_like(dishwasher="2400"))
    assert "2025-03-01" in str(caught.value.message)


def test_a_shortfall_of_a_fraction_of_a_fen_never_reads_as_nothing(session, chair):
    items = [ItemData(MONTHLY, "餐具清洗员", "2499.9999", Unit.YUAN_PER_MONTH, HIGHER)]
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(), items)
    message = str(caught.value.message)
    assert "2,499.9999" in message and re.search(r"(?<![\d.,])0\.01(?![\d])", message)


def test_only_the_latest_version_can_be_replaced(session, chair):
    first = save_standard(session, chair, data(date(2026, 1, 1)), wuhan_like())
    save_standard(session, chair, data(date(2027, 1, 1)), wuhan_like(), supersedes=first)
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(date(2026, 6, 1)), wuhan_like(), supersedes=first)
    assert caught.value.status == 409
    assert first.effective_to == date(2026, 12, 31)


def test_a_draft_cannot_be_replaced_by_a_new_version(session, chair):
    """A draft (a negotiation's agreed values) is not in force; a 'new version' of it would mark
    it replaced and show it to everyone."""
    draft = save_draft_standard(
        session, data(date(2026, 1, 1)), wuhan_like(), federation_id=chair.org_id
    )
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(date(2026, 6, 1)), wuhan_like(), supersedes=draft)
    assert caught.value.status == 409
    assert (draft.status, draft.effective_to) == (StandardStatus.DRAFT, None)
    assert session.exec(select(SectorStandard)).all() == [draft]


def test_a_new_version_never_lengthens_the_old_ones_agreed_period(session, chair):
    first = save_standard(session, chair, data(date(2026, 1, 1), date(2026, 6, 30)), wuhan_like())
    save_standard(session, chair, data(date(2026, 9, 1)), wuhan_like(), supersedes=first)
    assert first.effective_to == date(2026, 6, 30)


def test_a_replaced_version_still_counts_against_overlaps(session, chair):
    first = save_standard(session, chair, data(date(2026, 1, 1)), wuhan_like())
    save_standard(session, chair, data(date(2027, 1, 1)), wuhan_like(), supersedes=first)
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(date(2026, 3, 1), date(2026, 4, 30)), wuhan_like())
    assert caught.value.field == "effective_from"


def test_every_bad_item_is_reported_at_once_with_its_row(session, chair):
    items = [
        ItemData(MONTHLY, "厨师长", "abc", Unit.YUAN_PER_MONTH, HIGHER, row=2),
        ItemData(ItemKind.ANNUAL_RISE, "", "150", Unit.PERCENT, HIGHER, row=3),
        ItemData(ItemKind.HOURLY_RATE, "钟点工", "25", Unit.YUAN_PER_MONTH, HIGHER, row=4),
        ItemData(ItemKind.LABOUR_QUOTA, "点心师", "40", Unit.PIECES_PER_HOUR, HIGHER, row=5),
        ItemData(MONTHLY, "厨师长", "-1", Unit.YUAN_PER_MONTH, HIGHER, row=6),
    ]
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(), items)
    message = str(caught.value.message)
    for row in (2, 3, 4, 5, 6):
        assert f"第 {row} 行" in message
    assert "第 6 行（月工资标准 · 厨师长）出现了两次" in message  # the duplicate 厨师长
    assert session.exec(select(StandardItem)).first() is None


def test_a_standard_needs_an_item(session, chair):
    with pytest.raises(DomainError):
        save_standard(session, chair, data(), [])


@pytest.mark.parametrize(
    ("existing", "new", "clash"),
    [
        ((date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 12, 31), None), True),
        ((date(2026, 1, 1), date(2026, 12, 31)), (date(2027, 1, 1), None), False),
        ((date(2026, 1, 1), None), (date(2030, 1, 1), date(2030, 12, 31)), True),
    ],
)
def test_two_standards_for_one_sector_and_area_may_not_overlap(
    session, chair, existing, new, clash
):
    save_standard(session, chair, data(*existing), wuhan_like())
    if clash:
        with pytest.raises(DomainError) as caught:
            save_standard(session, chair, data(*new), wuhan_like())
        assert caught.value.field == "effective_from"
        message = str(caught.value.message)  # names the standard in the way and its period
        assert "海珠区餐饮行业工资标准" in message and existing[0].isoformat() in message
        if existing[1] is not None:
            assert existing[1].isoformat() in message
        assert len(session.exec(select(SectorStandard)).all()) == 1
    else:
        save_standard(session, chair, data(*new), wuhan_like())


def test_a_new_version_ends_the_old_one_which_stays_readable(session, chair):
    first = save_standard(session, chair, data(date(2026, 1, 1)), wuhan_like())
    second = save_standard(
        session, chair, data(date(2027, 1, 1)), wuhan_like("2800", "2650"), supersedes=first
    )
    assert (first.status, first.effective_to) == (StandardStatus.SUPERSEDED, date(2026, 12, 31))
    assert second.supersedes_id == first.id
    assert [s.id for s in history(session, second)] == [second.id, first.id]
    assert [i.value for i in items_of(session, first)][:2] == [Decimal("2600"), Decimal("2500")]


def test_a_new_version_must_start_after_the_old(session, chair):
    first = save_standard(session, chair, data(date(2026, 1, 1)), wuhan_like())
    with pytest.raises(DomainError):
        save_standard(session, chair, data(date(2026, 1, 1)), wuhan_like(), supersedes=first)


@pytest.mark.parametrize(
    ("sector", "region"),
    [("F52", "440105"), ("H62", "440106")],  # another sector; a neighbouring district
)
def test_a_federation_keeps_only_its_own_sectors_standard(session, chair, sector, region):
    other = StandardData(sector, region, "别人的标准", date(2026, 1, 1), None)
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, other, wuhan_like())
    assert caught.value.status == 403


def test_an_enterprise_cannot_save_a_standard(session, make_user):
    manager = viewer_for(session, make_user(Role.ENTERPRISE_MANAGER))
    with pytest.raises(DomainError) as caught:
        save_standard(session, manager, data(), wuhan_like())
    assert caught.value.status == 403


def test_an_administrator_may_save_any(session, make_user):
    admin = viewer_for(session, make_user(Role.ADMIN))
    assert admin.org_kind == OrgKind.SUPERIOR_UNION
    standard = save_standard(session, admin, data(), wuhan_like())
    assert standard.federation_id is None


@pytest.mark.parametrize(
    ("category", "refused"),
    [("厨" * 50, None), ("厨" * 51, "最多 50 个字"), ("厨\t师", "不能含制表符、换行符等控制字符")],
)
def test_a_job_category_is_one_line_of_at_most_50_characters(session, chair, category, refused):
    items = [ItemData(MONTHLY, category, "2600", Unit.YUAN_PER_MONTH, HIGHER, row=2)]
    if refused is None:
        standard = save_standard(session, chair, data(), items)
        assert [i.job_category for i in items_of(session, standard)] == [category]
        return
    with pytest.raises(DomainError) as caught:
        save_standard(session, chair, data(), items)
    assert str(caught.value.message).startswith("第 2 行（月工资标准 · 厨")
    assert refused in str(caught.value.message)
    assert session.exec(select(SectorStandard)).first() is None
