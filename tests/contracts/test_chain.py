"""The hash chain of versions: every alteration after the fact (text, wage table, record, a
version deleted or re-linked) is found, by the service and by `flask contracts verify`."""

import itertools
from datetime import date

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import Session, select

from accounts.models import Role, User
from app import create_app
from contracts import chain, rules, services
from contracts.models import AgreementVersion
from db import alembic_config
from organizations.demo import seed_reference
from organizations.models import Organization, OrgKind
from tests.bargaining.conftest import Table
from tests.conftest import PASSWORD_HASH
from tests.contracts.conftest import agree, save, v1_of
from tests.throwaway_database import throwaway_database

TERM_START, TERM_END = date(2026, 5, 1), date(2027, 4, 30)


# --- the hash chain ------------------------------------------------------------------------------


def three_versions(table, agreement):
    v1 = v1_of(table.session, agreement)
    v2 = save(table, table.rep, agreement, 1, v1.text.replace("3400元", "3300元")).version
    v3 = save(table, table.chair, agreement, 2, v2.text.replace("一式三份", "一式四份")).version
    return v1, v2, v3


def breaks_of(session, agreement):
    _checked, breaks = chain.verify_chain(session)
    return [(b.number, b.problem) for b in breaks if b.agreement_id == agreement.id]


def test_an_intact_chain_has_no_breaks(session, table, agreement):
    three_versions(table, agreement)
    checked, breaks = chain.verify_chain(session)
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


def test_two_agreements_may_start_from_the_same_text(session, table, agreement):
    """The same parties, agreed figures and term give the same template text. The chain hash of
    a version covers its agreement's id too, so the second agreement's version 1 has a chain
    hash of its own (chain_sha256 is unique across all agreements) and both chains verify."""
    other = services.create_from_negotiation(
        session, table.viewer(table.chair), agree(table),
        term_start=TERM_START, term_end=TERM_END,
    )  # fmt: skip
    session.flush()
    first, second = v1_of(session, agreement), v1_of(session, other)
    assert second.text == first.text and second.text_sha256 == first.text_sha256
    assert second.chain_sha256 != first.chain_sha256
    assert chain.verify_chain(session)[1] == []
