"""The migrations build the models' schema from nothing, come down again, and match the models.

Run on the tests' backend (SQLite, or PostgreSQL with TEST_DATABASE_URL) in a database of their own.
"""

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from db import alembic_config, make_engine, metadata
from tests.throwaway_database import throwaway_database

SCHEMA = set(metadata.tables)


@pytest.fixture
def scratch_url(tmp_path) -> Iterator[str]:
    with throwaway_database(tmp_path, "migr") as url:
        yield url


@pytest.fixture
def engine(scratch_url) -> Iterator[Engine]:
    engine = make_engine(scratch_url)
    yield engine
    engine.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_upgrade_from_an_empty_database_to_head(scratch_url, engine):
    cfg = alembic_config(scratch_url)
    assert tables(engine) == set()
    command.upgrade(cfg, "head")
    assert tables(engine) == SCHEMA
    assert current_revision(engine) == ScriptDirectory.from_config(cfg).get_current_head()
    # What the data rules lean on is there: one chair per organisation, one union per enterprise.
    person_indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("person")}
    assert person_indexes["uq_person_one_chair"]["unique"]
    uniques = {
        tuple(u["column_names"]) for u in inspect(engine).get_unique_constraints("organization")
    }
    assert {("credit_code",), ("enterprise_id",), ("kind", "name")} <= uniques


def test_downgrade_to_base_and_up_again(scratch_url, engine):
    cfg = alembic_config(scratch_url)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    assert tables(engine) == set()
    assert current_revision(engine) is None
    command.upgrade(cfg, "head")
    assert tables(engine) == SCHEMA


def test_each_migration_comes_down_and_goes_up_again(scratch_url, engine):
    """The stairway: every revision's downgrade undoes its upgrade, one step at a time."""
    cfg = alembic_config(scratch_url)
    revisions = list(reversed(list(ScriptDirectory.from_config(cfg).walk_revisions())))
    assert revisions, "no migrations found"
    for revision in revisions:
        command.upgrade(cfg, revision.revision)
        before = tables(engine)
        command.downgrade(cfg, "-1")
        command.upgrade(cfg, revision.revision)
        assert tables(engine) == before
        assert current_revision(engine) == revision.revision


def test_the_models_and_the_migrations_agree(scratch_url, engine):
    cfg = alembic_config(scratch_url)
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": engine.dialect.name == "sqlite"}
        )
        assert compare_metadata(context, metadata) == []
    command.check(cfg)  # what `flask db check` runs: raises when autogenerate finds a change


def test_the_name_index_migration_indexes_names_already_there(scratch_url, engine):
    """0002 adds the name index to a database that holds organisations: it must fill it."""
    cfg = alembic_config(scratch_url)
    command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO region (code, name, full_name) VALUES ('440105', '海珠区', 'x')")
        )
        conn.execute(
            text(
                "INSERT INTO organization (kind, name, region_code, created_at, updated_at) "
                "VALUES ('bureau', '海珠区人社局', '440105', :t, :t)"
            ),
            {"t": "2026-01-01 00:00:00"},
        )
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        pieces = set(conn.execute(text("SELECT gram FROM name_gram")).scalars())
    assert pieces == {"海珠", "珠区", "区人", "人社", "社局"}


def test_packing_term_sets_keeps_every_figure_and_comes_back(scratch_url, engine):
    """0005 packs the term sets already saved (items in their order, figures exact, sets with the
    same items sharing one layout) and its downgrade unpacks them again."""
    cfg = alembic_config(scratch_url)
    command.upgrade(cfg, "0004")
    items = [
        ("monthly_pay_floor", "厨师长", "2400.5000", "元/月"),
        ("hourly_rate", "钟点工", "23.7", "元/小时"),
        ("annual_rise", "", "9.9999", "%"),
    ]
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, full_name) VALUES ('440105', 'a', 'b')"))
        conn.execute(
            text(
                "INSERT INTO organization (id, kind, name, region_code, created_at, updated_at) "
                "VALUES (1, 'enterprise', '粤味轩', '440105', :t, :t)"
            ),
            {"t": "2026-01-01 00:00:00"},
        )
        for set_id in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO term_set (id, enterprise_id, title, as_of, created_at) "
                    "VALUES (:id, 1, 't', '2026-01-01', '2026-01-01 00:00:00')"
                ),
                {"id": set_id},
            )
        # Set 1 and set 2 name the same items (saved in another order of ids); set 3 has none.
        for set_id in (1, 2):
            for position, (kind, category, value, unit) in reversed(list(enumerate(items))):
                conn.execute(
                    text(
                        "INSERT INTO term_item (term_set_id, position, kind, job_category, value,"
                        " unit) VALUES (:s, :p, :k, :c, :v, :u)"
                    ),
                    {"s": set_id, "p": position, "k": kind, "c": category, "v": value, "u": unit},
                )
    command.upgrade(cfg, "0005")
    from standards import bulk

    with engine.connect() as conn:
        layouts = dict(conn.execute(text("SELECT id, item_keys FROM term_layout")).all())
        sets = conn.execute(text("SELECT id, layout_id, amounts FROM term_set ORDER BY id")).all()
    assert len(layouts) == 2  # the three items, and none
    unpacked = {
        set_id: [
            (t.kind.value, t.job_category or "", str(t.value.normalize()), t.unit.value)
            for t in bulk.unpack_terms(layouts[layout], bytes(amounts))
        ]
        for set_id, layout, amounts in sets
    }
    expected = [("monthly_pay_floor", "厨师长", "2400.5", "元/月"),
                ("hourly_rate", "钟点工", "23.7", "元/小时"),
                ("annual_rise", "", "9.9999", "%")]  # fmt: skip
    assert unpacked == {1: expected, 2: expected, 3: []}
    command.downgrade(cfg, "0004")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT term_set_id, position, kind, job_category, value, unit FROM term_item "
                "ORDER BY term_set_id, position"
            )
        ).all()
    from decimal import Decimal

    assert [(r[0], r[1], r[2], r[3], Decimal(str(r[4])), r[5]) for r in rows] == [
        (set_id, position, kind, category, Decimal(value), unit)
        for set_id in (1, 2)
        for position, (kind, category, value, unit) in enumerate(items)
    ]


def test_coverage_that_existed_is_accepted_and_comes_back(scratch_url, engine):
    """0012 turns each coverage row into accepted coverage under its enterprise's credit code (so
    no federation loses an enterprise), and its downgrade keeps the accepted ones."""
    cfg = alembic_config(scratch_url)
    command.upgrade(cfg, "0011")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, full_name) VALUES ('440105', 'a', 'b')"))
        for org_id, kind, code in ((1, "federation", None), (2, "enterprise", "91440105X")):
            conn.execute(
                text(
                    "INSERT INTO organization (id, kind, name, credit_code, region_code, "
                    "created_at, updated_at) VALUES (:id, :kind, :name, :code, '440105', :t, :t)"
                ),
                {"id": org_id, "kind": kind, "name": f"o{org_id}", "code": code, "t": "2026-01-01"},
            )
        conn.execute(
            text(
                "INSERT INTO coverage (federation_id, enterprise_id, created_at) "
                "VALUES (1, 2, '2026-01-02 00:00:00')"
            )
        )
    command.upgrade(cfg, "0012")
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT federation_id, enterprise_id, credit_code, status FROM coverage")
        ).all()
    assert [tuple(r) for r in rows] == [(1, 2, "91440105X", "accepted")]
    command.downgrade(cfg, "0011")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT federation_id, enterprise_id FROM coverage")).all()
    assert [tuple(r) for r in rows] == [(1, 2)]
