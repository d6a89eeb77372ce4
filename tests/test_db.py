"""Storage guarantees: foreign keys enforced, WAL on SQLite files, savepoints really roll back."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db import make_engine
from organizations.models import Organization, OrgKind, Region


def test_sqlite_file_uses_wal_and_enforces_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_foreign_keys_are_enforced(session):
    session.add(Organization(kind=OrgKind.BUREAU, name="无此地区人社局", region_code="999999"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_rolled_back_outer_transaction_undoes_a_released_savepoint(app):
    """A nested transaction committed inside a request that later fails must not persist."""
    engine = app.extensions["database"].engine
    name = "广州市海珠区保存点测试餐饮有限公司"
    with Session(engine) as db:
        db.add(Region(code="449999", name="测试区", full_name="广东省测试区"))
        db.flush()
        with db.begin_nested():
            db.add(Organization(kind=OrgKind.BUREAU, name=name, region_code="449999"))
        db.rollback()
    with Session(engine) as db:
        found = db.exec(
            text("SELECT count(*) FROM organization WHERE name = :n"), params={"n": name}
        )
        assert found.scalar() == 0


def test_upgrade_leaves_sqlite_with_planner_statistics(tmp_path):
    """`flask db upgrade` runs at every start; SQLite plans the search pages from its findings."""
    from app import create_app

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test"})
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["seed-demo"], ["db", "upgrade"]):
        with app.app_context():  # else the CLI would use the tests' app, which is current
            result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    with app.extensions["database"].engine.connect() as conn:
        analysed = set(conn.execute(text("SELECT tbl FROM sqlite_stat1")).scalars())
    assert {"organization", "name_gram"} <= analysed
    app.extensions["database"].engine.dispose()
