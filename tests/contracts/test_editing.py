"""Saving from a stale base: edits that do not overlap merge, overlapping ones come back as
conflicts with nothing saved, resolutions, the wage table row by row, and R8 (a signed text is
final)."""

from datetime import date
from decimal import Decimal

import pytest

from contracts import editing, rules, services
from contracts.diff import WageRow
from contracts.merge import Conflict
from db import utcnow
from errors import DomainError
from tests.contracts.conftest import count_versions, save, v1_of, versions

TERM_START, TERM_END = date(2026, 5, 1), date(2027, 4, 30)


# --- a stale base --------------------------------------------------------------------------------


def test_edits_of_different_articles_from_one_base_are_merged(session, table, agreement):
    v1 = v1_of(session, agreement)
    v2 = save(table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元")).version
    outcome = save(table, table.chair, agreement, 1, v1.text.replace("一式三份", "一式四份"))
    assert not outcome.conflicts
    v3 = outcome.version
    assert (v3.number, v3.base_number) == (3, 1)
    assert "厨师长3300元" in v3.text and "一式四份" in v3.text
    assert v3.text == v1.text.replace("3400元", "3300元").replace("一式三份", "一式四份")
    assert [v.number for v in outcome.merged_with] == [v2.number]
    assert v3.previous_sha256 == v2.chain_sha256


def test_overlapping_edits_are_returned_as_conflicts_and_nothing_is_saved(
    session, table, agreement
):
    v1 = v1_of(session, agreement)
    save(table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元"))
    before = count_versions(session, agreement)
    mine = v1.text.replace("3400元", "3600元")
    outcome = save(table, table.chair, agreement, 1, mine)
    assert outcome.conflicts
    assert outcome.version is None
    assert outcome.latest_number == 2
    assert outcome.merge.conflicts == [Conflict(base="3400", theirs="3300", mine="3600")]
    assert count_versions(session, agreement) == before == 2
    assert services.latest(session, agreement).text == v1.text.replace("3400元", "3300元")


def test_a_resolution_saves_the_chosen_text_as_an_edit_of_their_version(session, table, agreement):
    v1 = v1_of(session, agreement)
    save(
        table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元").replace("三份", "四份")
    )
    mine = v1.text.replace("3400元", "3600元").replace("8%", "9%")
    outcome, resolved, rows = editing.save_resolution(
        session, table.viewer(table.chair), agreement,
        base_number=1, theirs_number=2, mine=mine,
        mine_rows=rules.wage_rows(v1.wage_table),
        choices={0: "3500"}, wage_choices={}, note="折中",
    )  # fmt: skip
    v3 = outcome.version
    assert (v3.number, v3.base_number, v3.note) == (3, 2, "折中")
    expected = v1.text.replace("3400元", "3500元").replace("三份", "四份").replace("8%", "9%")
    assert resolved == v3.text == expected
    assert rows == rules.wage_rows(v1.wage_table)


def test_a_resolution_must_choose_for_every_conflict(session, table, agreement):
    v1 = v1_of(session, agreement)
    save(table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元"))
    with pytest.raises(DomainError) as error:
        editing.save_resolution(
            session, table.viewer(table.chair), agreement,
            base_number=1, theirs_number=2, mine=v1.text.replace("3400元", "3600元"),
            mine_rows=rules.wage_rows(v1.wage_table),
            choices={}, wage_choices={}, note="",
        )  # fmt: skip
    assert error.value.field == "choices"
    assert count_versions(session, agreement) == 2


def test_a_wage_table_change_saved_meanwhile_is_kept_by_a_text_edit(session, table, agreement):
    v1 = v1_of(session, agreement)
    rows = rules.wage_rows(v1.wage_table)
    raised = [
        WageRow(r.kind, r.job_category, Decimal("3300"), r.unit)
        if r.job_category == "厨师长"
        else r
        for r in rows
    ]
    save(table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元"), rows=raised)
    v3 = save(table, table.chair, agreement, 1, v1.text.replace("一式三份", "一式四份")).version
    assert rules.wage_rows(v3.wage_table) == raised


def test_the_same_wage_row_changed_differently_is_a_conflict(session, table, agreement):
    v1 = v1_of(session, agreement)
    rows = rules.wage_rows(v1.wage_table)

    def chef(value):
        return [
            WageRow(r.kind, r.job_category, Decimal(value), r.unit)
            if r.job_category == "厨师长"
            else r
            for r in rows
        ]

    save(table, table.rep, agreement, 1, v1.text, rows=chef("3300"))
    outcome = save(table, table.chair, agreement, 1, v1.text, rows=chef("3600"))
    assert outcome.conflicts
    assert [(c.job_category, c.theirs, c.mine) for c in outcome.wage_conflicts] == [
        ("厨师长", Decimal("3300"), Decimal("3600"))
    ]
    assert count_versions(session, agreement) == 2


def test_an_edit_already_saved_by_the_other_side_adds_no_empty_version(session, table, agreement):
    """Both sides make the same change from version 1: the second save merges to exactly
    version 2's text and table, which the direct path refuses as unchanged; it must not add a
    version 3 identical to version 2."""
    v1 = v1_of(session, agreement)
    same = v1.text.replace("3400元", "3300元")
    save(table, table.rep, agreement, 1, same)
    with pytest.raises(DomainError) as refused:
        save(table, table.chair, agreement, 1, same)
    assert (refused.value.field, refused.value.status) == ("text", 409)
    # "Version 2 already holds these changes."
    assert str(refused.value) == "第 2 版已包含这些改动。"
    history = versions(session, agreement)
    assert len(history) == 2, [(v.number, v.base_number) for v in history]


# --- R8: a signed text is final ------------------------------------------------------------------


def test_no_edit_once_a_version_is_signed(session, table, agreement):
    v1 = v1_of(session, agreement)
    v1.signed_at = utcnow()
    session.add(v1)
    session.flush()
    with pytest.raises(DomainError) as error:
        save(table, table.chair, agreement, 1, v1.text.replace("3400元", "3600元"))
    assert (error.value.rule, error.value.status) == ("R8", 409)
    with pytest.raises(DomainError) as error:
        editing.save_resolution(
            session, table.viewer(table.rep), agreement,
            base_number=1, theirs_number=1, mine=v1.text.replace("3400元", "3300元"),
            mine_rows=rules.wage_rows(v1.wage_table),
            choices={}, wage_choices={}, note="",
        )  # fmt: skip
    assert error.value.rule == "R8"
    assert count_versions(session, agreement) == 1


def test_a_signed_earlier_version_also_freezes_later_edits(session, table, agreement):
    v1 = v1_of(session, agreement)
    v2 = save(table, table.chair, agreement, 1, v1.text.replace("3400元", "3600元")).version
    v2.signed_at = utcnow()
    session.flush()
    with pytest.raises(DomainError) as error:
        save(table, table.rep, agreement, 2, v2.text.replace("一式三份", "一式四份"))
    assert error.value.rule == "R8"


# --- R14: the minimum each pay figure is held against, named ----------------------------------


def refused_rows(table, agreement, *added: WageRow) -> DomainError:
    """The R14 refusal of an edit adding `added` to version 1's wage table (Guangzhou: 2,500 a
    month, 23.70 an hour for part-time work, from 2025-03-01)."""
    v1 = v1_of(table.session, agreement)
    rows = [*rules.wage_rows(v1.wage_table), *added]
    with pytest.raises(DomainError) as refused:
        save(table, table.chair, agreement, 1, v1.text, rows=rows)
    assert refused.value.rule == "R14"
    assert refused.value.field == f"wage_{len(rows) - len(added)}"
    return refused.value


def test_an_hour_rate_below_monthly_over_174_is_refused_naming_that_minimum(table, agreement):
    error = str(
        refused_rows(table, agreement, WageRow("hourly_rate", "厨师", Decimal("14"), "元/小时"))
    )
    # 2,500 ÷ 174 = 14.3678…: the gap rounds up to the fen, the minimum shows its four places.
    assert "14.00 元/小时" in error and "0.37" in error and "2025-03-01" in error
    assert "月最低工资标准 ÷ 174 小时，即 14.3678 元/小时" in error
    assert "非全日制" not in error


def test_an_hour_rate_above_monthly_over_174_is_saved_though_below_the_part_time_minimum(
    session, table, agreement
):
    """工时工价 is pay for full-time hours: ¥20 clears 2,500 ÷ 174, though not the part-time
    minimum of ¥23.70."""
    v1 = v1_of(session, agreement)
    rows = [
        *rules.wage_rows(v1.wage_table),
        WageRow("hourly_rate", "厨师", Decimal("20"), "元/小时"),
    ]
    assert save(table, table.chair, agreement, 1, v1.text, rows=rows).version.number == 2


def test_a_part_time_rate_is_refused_naming_the_part_time_hourly_minimum(table, agreement):
    error = str(
        refused_rows(
            table, agreement, WageRow("part_time_hourly_rate", "钟点工", Decimal("23"), "元/小时")
        )
    )
    assert "23.00 元/小时" in error and "0.70" in error
    assert "非全日制小时最低工资标准 23.70 元/小时" in error


def test_a_monthly_figure_is_refused_naming_the_monthly_minimum_and_all_items_are_named(
    table, agreement
):
    error = str(
        refused_rows(
            table,
            agreement,
            WageRow("monthly_pay_floor", "帮厨", Decimal("2400"), "元/月"),
            WageRow("hourly_rate", "厨师", Decimal("14"), "元/小时"),
        )
    )
    assert "月最低工资标准 2,500.00 元/月" in error and "2,400.00 元/月" in error
    assert "14.3678 元/小时" in error
    assert error.count("R14") == 2


def test_the_refusal_goes_beside_the_first_figure_below_not_the_first_changed(table, agreement):
    """Two rows added: a part-time rate that clears its minimum, then a monthly figure below it:
    the message is beside the second (wage_4) and names it alone."""
    v1 = v1_of(table.session, agreement)
    rows = [
        *rules.wage_rows(v1.wage_table),
        WageRow("part_time_hourly_rate", "钟点工", Decimal("24"), "元/小时"),
        WageRow("monthly_pay_floor", "帮厨", Decimal("2400"), "元/月"),
    ]
    with pytest.raises(DomainError) as refused:
        save(table, table.chair, agreement, 1, v1.text, rows=rows)
    assert (refused.value.rule, refused.value.field) == ("R14", "wage_4")
    assert str(refused.value).count("R14") == 1 and "2,400.00 元/月" in str(refused.value)
