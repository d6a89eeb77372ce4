"""A fresh, migrated database for a run: a SQLite file in a temporary folder, or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, make_url, text

import models_registry  # noqa: F401  (the whole schema, before drop_all reads the metadata)
from db import alembic_config, make_engine, metadata, refresh_planner_statistics


class UnsafeDatabase(Exception):
    """The URL names a database whose contents the benchmark would throw away."""


def database_url(given: str | None, workdir: Path) -> str:
    return given or f"sqlite:///{workdir / 'bench.sqlite3'}"


def check_disposable(url: str, *, force: bool) -> None:
    """Refuse to empty a server database whose name does not say it is for benchmarks or tests."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" or force:
        return
    name = parsed.database or ""
    if "bench" not in name and "test" not in name:
        raise UnsafeDatabase(
            f"the benchmark empties the database it is given, and {name!r} does not look "
            "disposable (its name contains neither 'bench' nor 'test'); pass --force-reset "
            "to use it anyway"
        )


def fresh_engine(url: str) -> Engine:
    """Drop whatever is there, then build the schema through the migrations (as tests do)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # Faster than dropping tables, and SQLite's DROP TABLE trips over self-references.
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.database + suffix).unlink(missing_ok=True)
    engine = make_engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    with engine.begin() as conn:
        cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return engine


def analyze(engine: Engine) -> None:
    """Planner statistics after a bulk load, as a live database has them: `flask db upgrade`
    refreshes SQLite's, and PostgreSQL's autovacuum analyses a table soon after it changes."""
    refresh_planner_statistics(engine)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
