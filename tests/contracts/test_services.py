"""Agreement use cases through the services, on a session: drafting a sector agreement from an
agreed negotiation, saving versions (normalised, within the limits), and who may."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from bargaining.models import Negotiation, Side
from contracts import rules, services
from contracts.models import Agreement
from contracts.structure import MAX_TEXT_CHARS, parse
from errors import DomainError, NotFound
from tests.contracts.conftest import agree, count_versions, save, v1_of, versions

TERM_START, TERM_END = date(2026, 5, 1), date(2027, 4, 30)


# --- a sector agreement from an agreed negotiation -----------------------------------------------


def test_version_one_is_the_template_with_the_agreed_figures(session, table, agreement):
    assert agreement.union_org_id == table.federation.id
    assert agreement.employer_org_id == table.association.id
    assert (agreement.term_start, agreement.term_end) == (TERM_START, TERM_END)
    [v1] = versions(session, agreement)
    assert (v1.number, v1.base_number, v1.source) == (1, None, "template")
    assert (v1.author_id, v1.author_name, v1.side) == (
        table.chair.id,
        table.chair.display_name,
        Side.UNION,
    )
    assert "厨师长3400元；餐具清洗员2650元" in v1.text
    assert "年增长幅度不低于8%" in v1.text
    assert "本合同期限自2026年5月1日起至2027年4月30日止" in v1.text
    assert v1.text.startswith("广州市海珠区餐饮行业工会联合会与广州市海珠区餐饮行业协会")
    structure = parse(v1.text)
    assert len(structure.chapters) == 6
    assert [a.number for a in structure.articles] == list(range(1, 15))
    assert [(r.kind, r.job_category, r.value) for r in rules.wage_rows(v1.wage_table)] == [
        ("monthly_pay_floor", "厨师长", Decimal("3400")),
        ("monthly_pay_floor", "餐具清洗员", Decimal("2650")),
        ("annual_rise", "", Decimal("8")),
    ]
    assert v1.text_sha256 == rules.sha256(v1.text)
    assert v1.wage_sha256 == rules.sha256(v1.wage_table)
    assert v1.previous_sha256 is None
    assert v1.chain_sha256 == rules.chain_hash(
        agreement.id, None, 1, v1.text_sha256, v1.wage_sha256, services.record_meta(v1)
    )


def test_the_employer_side_may_draft_it_too(session, table):
    negotiation = agree(table)
    made = services.create_from_negotiation(
        session, table.viewer(table.rep), negotiation, term_start=TERM_START, term_end=TERM_END
    )
    assert v1_of(session, made).side is Side.EMPLOYER


def test_only_an_agreed_negotiation_becomes_an_agreement(session, table):
    negotiation = table.seated()
    with pytest.raises(DomainError) as error:
        services.create_from_negotiation(
            session, table.viewer(table.chair), negotiation,
            term_start=TERM_START, term_end=TERM_END,
        )  # fmt: skip
    assert error.value.status == 409
    assert session.exec(select(func.count()).select_from(Agreement)).one() == 0


@pytest.mark.parametrize("who", ["bureau", "stranger", "admin"])
def test_only_the_parties_people_draft_it(session, table, who):
    negotiation = agree(table)
    with pytest.raises(DomainError) as error:
        services.create_from_negotiation(
            session, table.viewer(getattr(table, who)), negotiation,
            term_start=TERM_START, term_end=TERM_END,
        )  # fmt: skip
    assert error.value.status == 403
    assert session.exec(select(func.count()).select_from(Agreement)).one() == 0


def test_one_agreement_per_negotiation(session, table, agreement):
    negotiation = session.get(Negotiation, agreement.negotiation_id)
    with pytest.raises(DomainError) as error:
        services.create_from_negotiation(
            session, table.viewer(table.rep), negotiation,
            term_start=TERM_START, term_end=TERM_END,
        )  # fmt: skip
    assert error.value.status == 409
    assert session.exec(select(func.count()).select_from(Agreement)).one() == 1


@pytest.mark.parametrize(
    "term_end",
    [
        date(2027, 3, 31),  # eleven months
        date(2027, 4, 29),  # a day short of a year
        date(2029, 5, 1),  # three years and a day
    ],
)
def test_a_term_outside_one_to_three_years_is_refused_r9(session, table, term_end):
    negotiation = agree(table)
    with pytest.raises(DomainError) as error:
        services.create_from_negotiation(
            session, table.viewer(table.chair), negotiation,
            term_start=TERM_START, term_end=term_end,
        )  # fmt: skip
    assert error.value.rule == "R9"
    assert error.value.field == "term_end"
    assert session.exec(select(func.count()).select_from(Agreement)).one() == 0


def test_a_three_year_term_is_accepted(session, table):
    made = services.create_from_negotiation(
        session, table.viewer(table.chair), agree(table),
        term_start=TERM_START, term_end=date(2029, 4, 30),
    )  # fmt: skip
    assert "至2029年4月30日止" in v1_of(session, made).text


# --- saving versions -----------------------------------------------------------------------------


def test_an_edit_is_a_new_version(session, table, agreement):
    v1 = v1_of(session, agreement)
    outcome = save(
        table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元"), "  企业方意见 "
    )
    assert not outcome.conflicts
    v2 = outcome.version
    assert (v2.number, v2.base_number, outcome.latest_number) == (2, 1, 2)
    assert (v2.author_id, v2.author_name, v2.side, v2.note) == (
        table.rep.id,
        table.rep.display_name,
        Side.EMPLOYER,
        "企业方意见",
    )
    assert "厨师长3300元" in v2.text
    assert v2.wage_table == v1.wage_table  # the table stays unless it is edited
    assert v2.previous_sha256 == v1.chain_sha256
    assert v2.chain_sha256 == rules.chain_hash(
        agreement.id,
        v1.chain_sha256,
        2,
        rules.sha256(v2.text),
        rules.sha256(v2.wage_table),
        services.record_meta(v2),
    )
    assert v1_of(session, agreement).text == v1.text  # the old version is untouched


def test_the_saved_text_is_normalised(session, table, agreement):
    v1 = v1_of(session, agreement)
    typed = v1.text.replace("一式三份", "一式四份\x07").replace("\n", "  \r\n") + "\r\n\r\n"
    v2 = save(table, table.chair, agreement, 1, typed).version
    assert v2.text == v1.text.replace("一式三份", "一式四份")


def test_line_endings_alone_are_no_change(session, table, agreement):
    v1 = v1_of(session, agreement)
    with pytest.raises(DomainError) as error:
        save(table, table.chair, agreement, 1, v1.text.replace("\n", "\r\n"))
    assert error.value.field == "text"
    assert count_versions(session, agreement) == 1


def test_an_unchanged_text_is_refused(session, table, agreement):
    with pytest.raises(DomainError) as error:
        save(table, table.chair, agreement, 1, v1_of(session, agreement).text)
    assert error.value.field == "text"
    assert count_versions(session, agreement) == 1


@pytest.mark.parametrize("empty", ["", "   ", "\r\n\r\n", "\x00\t\n"])
def test_an_empty_text_is_refused(session, table, agreement, empty):
    with pytest.raises(DomainError) as error:
        save(table, table.chair, agreement, 1, empty)
    assert (error.value.field, error.value.status) == ("text", 400)
    assert count_versions(session, agreement) == 1


@pytest.mark.parametrize("size", [MAX_TEXT_CHARS + 1, 5 * 1024 * 1024])
def test_a_text_over_the_limit_is_refused_naming_the_limit(session, table, agreement, size):
    with pytest.raises(DomainError) as error:
        save(table, table.chair, agreement, 1, "第一条 " + "工" * size)
    assert (error.value.field, error.value.status) == ("text", 413)
    assert f"{MAX_TEXT_CHARS:,}" in str(error.value.message)
    assert count_versions(session, agreement) == 1


def test_the_limit_is_on_the_stored_text(session, table, agreement):
    """A text at the limit once normalised is saved, even when its CR LF endings made the typed
    text longer than the limit."""
    line = "工" * 98 + "\r\n"  # 100 characters typed, 99 stored
    typed = line * (MAX_TEXT_CHARS // 99)
    assert len(typed) > MAX_TEXT_CHARS
    v2 = save(table, table.chair, agreement, 1, typed).version
    assert len(v2.text) <= MAX_TEXT_CHARS
    assert "\r" not in v2.text


@pytest.mark.parametrize("who", ["bureau", "stranger"])
def test_outsiders_neither_see_nor_edit(session, table, agreement, who):
    viewer = table.viewer(getattr(table, who))
    with pytest.raises(NotFound):
        services.load(session, viewer, agreement.id)
    with pytest.raises(DomainError) as error:
        save(table, getattr(table, who), agreement, 1, "第一条 改。")
    assert error.value.status == 403
    assert count_versions(session, agreement) == 1


def test_an_administrator_sees_but_does_not_edit(session, table, agreement):
    assert services.load(session, table.viewer(table.admin), agreement.id) == agreement
    with pytest.raises(DomainError) as error:
        save(table, table.admin, agreement, 1, "第一条 改。")
    assert error.value.status == 403


def test_an_edit_from_a_version_that_does_not_exist(session, table, agreement):
    with pytest.raises(NotFound):
        save(table, table.chair, agreement, 7, "第一条 改。")
