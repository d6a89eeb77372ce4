"""Agreement use cases through the services, on a session: drafting from an agreed negotiation,
versions and their merges, the hash chain (and `flask contracts verify`), comments."""

import contextlib
import itertools
import re
from datetime import date
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import func, text
from sqlmodel import Session, select

from accounts.models import Role, User
from app import create_app
from bargaining.models import Negotiation, Side
from contracts import rules, services
from contracts.diff import WageRow
from contracts.merge import Conflict
from contracts.models import Agreement, AgreementVersion, Comment
from contracts.structure import MAX_TEXT_CHARS, chinese_numeral, parse
from db import alembic_config, utcnow
from errors import DomainError, NotFound
from organizations.demo import seed_reference
from organizations.models import Organization, OrgKind
from tests.bargaining.conftest import Table
from tests.conftest import PASSWORD_HASH
from tests.contracts.conftest import agree
from tests.throwaway_database import throwaway_database

TERM_START, TERM_END = date(2026, 5, 1), date(2027, 4, 30)


def versions(session, agreement):
    return services.versions_of(session, agreement)


def count_versions(session, agreement) -> int:
    return session.exec(
        select(func.count())
        .select_from(AgreementVersion)
        .where(AgreementVersion.agreement_id == agreement.id)
    ).one()


def v1_of(session, agreement) -> AgreementVersion:
    return services.version(session, agreement, 1)


def save(table, user, agreement, base_number, new_text, note="", **extra):
    return services.save_edit(
        table.session,
        table.viewer(user),
        agreement,
        base_number=base_number,
        text=new_text,
        note=note,
        **extra,
    )


def relabelled(text_: str) -> str:
    """The text with its articles numbered 第一条, 第二条 … in order."""
    counter = itertools.count(1)
    return re.sub(
        r"^第[零一二两三四五六七八九十百千]+条",
        lambda _m: f"第{chinese_numeral(next(counter))}条",
        text_,
        flags=re.MULTILINE,
    )


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
    outcome, resolved, rows = services.save_resolution(
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
        services.save_resolution(
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
    with contextlib.suppress(DomainError):
        save(table, table.chair, agreement, 1, same)
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
        services.save_resolution(
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


# --- the hash chain ------------------------------------------------------------------------------


def three_versions(table, agreement):
    v1 = v1_of(table.session, agreement)
    v2 = save(table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元")).version
    v3 = save(table, table.chair, agreement, 2, v2.text.replace("一式三份", "一式四份")).version
    return v1, v2, v3


def breaks_of(session, agreement):
    _checked, breaks = services.verify_chain(session)
    return [(b.number, b.problem) for b in breaks if b.agreement_id == agreement.id]


def test_an_intact_chain_has_no_breaks(session, table, agreement):
    three_versions(table, agreement)
    checked, breaks = services.verify_chain(session)
    assert checked >= 3
    assert breaks == []


def test_a_text_altered_in_the_database_is_found(session, table, agreement):
    _v1, v2, _v3 = three_versions(table, agreement)
    session.execute(
        text("UPDATE agreement_version SET text = :text WHERE id = :id"),
        {"text": v2.text.replace("3300元", "5300元"), "id": v2.id},
    )
    session.expire_all()
    assert breaks_of(session, agreement) == [(2, "text altered")]


def test_a_text_altered_with_its_hash_breaks_the_chain_hash(session, table, agreement):
    _v1, v2, _v3 = three_versions(table, agreement)
    forged = v2.text.replace("3300元", "5300元")
    session.execute(
        text("UPDATE agreement_version SET text = :text, text_sha256 = :sha WHERE id = :id"),
        {"text": forged, "sha": rules.sha256(forged), "id": v2.id},
    )
    session.expire_all()
    assert breaks_of(session, agreement) == [(2, "chain hash does not match")]


def test_a_wage_table_altered_in_the_database_is_found(session, table, agreement):
    v1, _v2, _v3 = three_versions(table, agreement)
    session.execute(
        text("UPDATE agreement_version SET wage_table = :table WHERE id = :id"),
        {"table": v1.wage_table.replace('"3400"', '"5400"'), "id": v1.id},
    )
    session.expire_all()
    assert breaks_of(session, agreement) == [(1, "wage table altered")]


def test_a_changed_author_or_date_breaks_the_chain_hash(session, table, agreement):
    _v1, v2, _v3 = three_versions(table, agreement)
    session.execute(
        text("UPDATE agreement_version SET author_name = :name WHERE id = :id"),
        {"name": "冒名", "id": v2.id},
    )
    session.expire_all()
    assert breaks_of(session, agreement) == [(2, "chain hash does not match")]


def test_a_deleted_newest_version_is_found(session, table, agreement):
    _v1, _v2, v3 = three_versions(table, agreement)
    session.execute(text("DELETE FROM agreement_version WHERE id = :id"), {"id": v3.id})
    session.expire_all()
    assert [number for number, _problem in breaks_of(session, agreement)] == [3]


def test_a_saved_version_cannot_be_changed_through_the_orm(session, table, agreement):
    from contracts.models import ImmutableVersionError

    v1 = session.exec(select(AgreementVersion)).first()
    v1.note = "改过"
    with pytest.raises(ImmutableVersionError):
        session.flush()
    session.rollback()


def test_a_deleted_middle_version_is_found(session, table, agreement):
    _v1, v2, _v3 = three_versions(table, agreement)
    session.execute(text("DELETE FROM agreement_version WHERE id = :id"), {"id": v2.id})
    session.expire_all()
    assert breaks_of(session, agreement) == [
        (3, "expected version 2"),
        (3, "link to the previous version broken"),
        (3, "chain hash does not match"),
    ]


# `flask contracts verify` opens its own session on the engine, so it cannot see the test's
# uncommitted transaction: it runs on a database of its own.


class _Report:
    def tally(self, _created: bool) -> None:
        pass


class _World:
    """Factories like tests/conftest.py's, on a session of another database."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.serial = itertools.count(1)

    def make_org(self, kind=OrgKind.FEDERATION, **overrides):
        n = next(self.serial)
        values = {"name": f"测试{kind.value}{n}", "region_code": "440105", "sector_code": "H62"}
        org = Organization(kind=kind, **(values | overrides))
        self.session.add(org)
        self.session.flush()
        return org

    def make_federation(self, **values):
        return self.make_org(OrgKind.FEDERATION, **values)

    def make_user(self, role=Role.FEDERATION_CHAIR, org=None):
        kinds = {
            Role.ADMIN: OrgKind.SUPERIOR_UNION,
            Role.FEDERATION_CHAIR: OrgKind.FEDERATION,
            Role.ASSOCIATION_REP: OrgKind.ASSOCIATION,
            Role.BUREAU_REVIEWER: OrgKind.BUREAU,
        }
        org = org or self.make_org(kinds[role])
        n = next(self.serial)
        user = User(
            username=f"cli{n}",
            display_name=f"用户{n}",
            password_hash=PASSWORD_HASH,
            role=role,
            organization_id=org.id,
        )
        self.session.add(user)
        self.session.flush()
        return user


@pytest.fixture
def cli_app(tmp_path):
    with throwaway_database(tmp_path, "verify") as url:
        command.upgrade(alembic_config(url), "head")
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "SECRET_KEY": "test",
                "SERVER_NAME": "localhost",
                "WTF_CSRF_ENABLED": False,
            }
        )
        yield app
        app.extensions["database"].engine.dispose()


def verify_cli(app):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["contracts", "verify"])


def test_the_verify_command(cli_app):
    engine = cli_app.extensions["database"].engine
    with cli_app.test_request_context(), Session(engine, expire_on_commit=False) as db:
        seed_reference(db, _Report())
        world = _World(db)
        table = Table(db, world.make_org, world.make_federation, world.make_user)
        made = services.create_from_negotiation(
            db, table.viewer(table.chair), agree(table), term_start=TERM_START, term_end=TERM_END
        )
        v1 = services.version(db, made, 1)
        v2 = save(table, table.rep, made, 1, v1.text.replace("3400元", "3300元")).version
        db.commit()
        agreement_id, v2_id = made.id, v2.id

    result = verify_cli(cli_app)
    assert result.exit_code == 0, result.output
    assert "All 2 versions verified" in result.output

    with Session(engine) as db:
        db.execute(
            text("UPDATE agreement_version SET text = 'altered' WHERE id = :id"), {"id": v2_id}
        )
        db.commit()
    result = verify_cli(cli_app)
    assert result.exit_code == 1
    assert f"agreement {agreement_id}, version 2: text altered" in result.output
    assert "1 break(s) in 2 versions." in result.output


# --- comments ------------------------------------------------------------------------------------


def comment(table, user, agreement, record, label, body="请核对"):
    return services.add_comment(
        table.session, table.viewer(user), agreement, record, article_label=label, body=body
    )


def placed(session, agreement, record):
    return {
        label: [(p.comment.body, p.made_on_number) for p in items]
        for label, items in services.comments_on(session, agreement, record).items()
    }


def with_new_first_article(text_: str) -> str:
    first = text_.index("第一条")
    new = "第一条 双方坚持平等协商、诚实守信的原则。\n\n"
    return relabelled(text_[:first] + new + text_[first:])


def test_a_comment_follows_its_article_when_it_is_renumbered(session, table, agreement):
    v1 = v1_of(session, agreement)
    made = comment(table, table.rep, agreement, v1, "第一条", "请补充法律依据")
    assert (made.article_label, made.side, made.author_name) == (
        "第一条",
        Side.EMPLOYER,
        table.rep.display_name,
    )
    v2 = save(table, table.chair, agreement, 1, with_new_first_article(v1.text)).version
    assert parse(v2.text).by_label("第二条").body == parse(v1.text).by_label("第一条").body
    assert placed(session, agreement, v1) == {"第一条": [("请补充法律依据", 1)]}
    assert placed(session, agreement, v2) == {"第二条": [("请补充法律依据", 1)]}


def test_a_comment_is_gone_with_its_article(session, table, agreement):
    v1 = v1_of(session, agreement)
    comment(table, table.rep, agreement, v1, "第四条", "厨师长标准偏高")
    comment(table, table.chair, agreement, v1, "第十四条", "份数")
    v2 = save(table, table.chair, agreement, 1, with_new_first_article(v1.text)).version
    assert placed(session, agreement, v2) == {
        "第五条": [("厨师长标准偏高", 1)],
        "第十五条": [("份数", 1)],
    }
    article = parse(v2.text).by_label("第五条")
    without = relabelled(v2.text[: article.start] + v2.text[article.end :])
    v3 = save(table, table.chair, agreement, 2, without).version
    assert placed(session, agreement, v3) == {"第十四条": [("份数", 1)]}


def test_a_comment_made_on_a_later_version_is_not_shown_on_an_earlier_one(
    session, table, agreement
):
    v1 = v1_of(session, agreement)
    v2 = save(table, table.chair, agreement, 1, v1.text.replace("一式三份", "一式四份")).version
    comment(table, table.rep, agreement, v2, "第十四条", "四份")
    assert placed(session, agreement, v1) == {}
    assert placed(session, agreement, v2) == {"第十四条": [("四份", 2)]}


def test_resolving_a_comment(session, table, agreement):
    made = comment(table, table.rep, agreement, v1_of(session, agreement), "第四条")
    assert made.resolved_at is None
    services.resolve_comment(session, table.viewer(table.chair), agreement, made)
    stored = session.get(Comment, made.id)
    assert stored.resolved_at is not None
    assert stored.resolved_by_name == table.chair.display_name
    with pytest.raises(DomainError) as error:
        services.resolve_comment(session, table.viewer(table.rep), agreement, stored)
    assert error.value.status == 409


def test_outsiders_neither_comment_nor_resolve(session, table, agreement):
    v1 = v1_of(session, agreement)
    with pytest.raises(DomainError) as error:
        comment(table, table.bureau, agreement, v1, "第四条")
    assert error.value.status == 403
    made = comment(table, table.chair, agreement, v1, "第四条")
    with pytest.raises(DomainError) as error:
        services.resolve_comment(session, table.viewer(table.stranger), agreement, made)
    assert error.value.status == 403
    assert session.get(Comment, made.id).resolved_at is None


@pytest.mark.parametrize("label", ["第十五条", "第一章", ""])
def test_a_comment_on_a_label_not_in_the_version_is_refused(session, table, agreement, label):
    with pytest.raises(DomainError) as error:
        comment(table, table.chair, agreement, v1_of(session, agreement), label)
    assert error.value.field == "article_label"
    assert session.exec(select(func.count()).select_from(Comment)).one() == 0


def test_an_empty_comment_is_refused(session, table, agreement):
    with pytest.raises(DomainError) as error:
        comment(table, table.chair, agreement, v1_of(session, agreement), "第四条", " \n ")
    assert error.value.field == "body"


def test_a_version_of_another_agreement_is_not_found(session, table, agreement):
    other = services.create_from_negotiation(
        session, table.viewer(table.chair), agree(table),
        term_start=TERM_START, term_end=date(2027, 5, 31),
    )  # fmt: skip
    with pytest.raises(NotFound):
        comment(table, table.chair, agreement, v1_of(session, other), "第四条")


def test_two_agreements_may_start_from_the_same_text(session, table, agreement):
    """The same parties, agreed figures and term give the same template text. The chain hash of
    a first version depends only on its number, text and table, and chain_sha256 is unique
    across all agreements: the second agreement's version 1 fails with an IntegrityError."""
    other = services.create_from_negotiation(
        session, table.viewer(table.chair), agree(table),
        term_start=TERM_START, term_end=TERM_END,
    )  # fmt: skip
    assert v1_of(session, other).text == v1_of(session, agreement).text
    assert services.verify_chain(session)[1] == []
