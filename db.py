"""One engine per app, one Session per request, the shared metadata and the Alembic wiring."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from alembic.config import Config as AlembicConfig
from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Dialect,
    Engine,
    Table,
    TypeDecorator,
    create_engine,
    event,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.orm import ORMExecuteState, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel

from config import normalise_database_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Named constraints, so that Alembic can alter and drop them on every backend.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = SQLModel.metadata


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware. Every stored time is UTC; pages show China Standard Time."""
    return datetime.now(UTC)


CHINA = ZoneInfo("Asia/Shanghai")


def local_today() -> date:
    """Today's date in China Standard Time: legal periods count local days (R26)."""
    return datetime.now(CHINA).date()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens a transaction only before a write, so SAVEPOINTs and reads would run outside
    # one; take transaction control from the driver and BEGIN ourselves (SQLAlchemy's recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # A write request holds the write lock from BEGIN IMMEDIATE to its one commit (after the page
    # is rendered): wait long enough for a queue of them on a busy machine.
    cursor.execute("PRAGMA busy_timeout=15000")
    # 64 MB of page cache per connection (the default is 2 MB): bulk work such as rebuilding
    # 500,000 deadlines touches indexes far larger than that.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA journal_mode")
    if cursor.fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
        else:
            path = url.removeprefix("sqlite:///")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No pool_pre_ping: it costs a round trip on every checkout, one of the five of a page view
    # (ping, BEGIN, the user, the page's query, ROLLBACK). A connection idle long enough for
    # the server to have restarted meanwhile is pinged instead.
    engine = create_engine(url, echo=echo)
    event.listen(engine, "checkin", _note_idle_since)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


PING_AFTER_IDLE_SECONDS = 10.0


def _note_idle_since(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Ping a connection that sat in the pool for a while; a dead one makes the pool connect
    anew (SQLAlchemy retries the checkout on DisconnectionError). A connection used moments
    ago goes out unpinged: if it died since, the request fails once and the pool is renewed."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as error:
        raise DisconnectionError(str(error)) from error


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Database:
    """The app's engine and session factory (tests bind the factory to their own connection)."""

    def __init__(self, app: Flask) -> None:
        self.engine = make_engine(
            app.config["DATABASE_URL"], echo=app.config.get("SQL_ECHO", False)
        )
        self.sessionmaker = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        app.extensions["database"] = self
        app.after_request(finish_unit_of_work)
        app.teardown_appcontext(self._close_session)

    def new_session(self, *, write: bool = False) -> Session:
        session = self.sessionmaker()
        if write and is_sqlite(self.engine):
            # A write request takes SQLite's write lock at BEGIN. A deferred transaction that
            # has read cannot start writing once another connection has written (WAL's
            # SQLITE_BUSY_SNAPSHOT, which busy_timeout does not wait out): it would fail.
            session.connection(execution_options={"sqlite_immediate": True})
        return session

    def _close_session(self, exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is None:
            return
        if exc is not None:
            session.rollback()
        session.close()


def database() -> Database:
    return current_app.extensions["database"]


def get_session() -> Session:
    """The request's session (created on first use, closed when the request ends)."""
    if "db_session" not in g:
        write = has_request_context() and request.method not in SAFE_METHODS
        g.db_session = database().new_session(write=write)
    return g.db_session


# A write that must stand even when the request that made it is refused: a failed login's count,
# the audit row of a refused write. It runs in a transaction of its own after the rollback.
DurableWrite = Callable[[Session], None]


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context: Any) -> None:
    # A request that wrote nothing (a page view) ends without a COMMIT round trip.
    session.info["flushed"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    # An UPDATE or DELETE sent through session.execute writes without a flush.
    if not state.is_select:
        state.session.info["flushed"] = True


def keep_despite_refusal(write: DurableWrite) -> None:
    """Run `write` (which adds rows to the session it is given) whatever the request's outcome:
    after the commit of a request that succeeds, after the rollback of one that is refused."""
    if has_request_context():
        g.setdefault("durable_writes", []).append(write)
    else:  # a CLI command or a test without a request: it joins the caller's transaction
        write(get_session())


def finish_unit_of_work(response: Response) -> Response:
    """The request's one commit: everything the services flushed is committed when the answer
    is a success or a redirect, and rolled back when it is an error (a refused form, a 403, a
    500). Views never commit or roll back themselves (Indico's one commit per request)."""
    session: Session | None = g.get("db_session")
    durable: list[DurableWrite] = g.pop("durable_writes", [])
    if session is None:
        if not durable:
            return response
        session = get_session()
    # A write request commits whatever it did: a statement sent on the session's connection
    # (a bulk insert, an index row) leaves no trace the session could report.
    wrote = session.info.pop("flushed", False) or request.method not in SAFE_METHODS
    if response.status_code < 400:
        for write in durable:
            write(session)
        if wrote or durable or session.new or session.dirty or session.deleted:
            session.commit()
        return response
    session.rollback()
    if durable:
        for write in durable:
            write(session)
        session.commit()
    return response


def undo_refused_writes() -> None:
    """Undo what the request has flushed before its refusal is shown, so that the page shows
    what is stored rather than a half-applied change (finish_unit_of_work rolls the refused
    request back anyway; durable writes still run after it)."""
    session: Session | None = g.get("db_session")
    if session is not None:
        session.rollback()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session for CLI commands and scripts: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_database_url(url).replace("%", "%%"))
    return cfg


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Table, for Core statements (SQLModel types no `__table__`)."""
    table = sa_inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone, so we add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times in UTC with tzinfo")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_cls: type[enum.Enum], *, nullable: bool = False, index: bool = False) -> Any:
    """A portable column for a StrEnum: stored as its value in VARCHAR, read back as the member."""
    return Column(
        SAEnum(
            enum_cls,
            native_enum=False,
            create_constraint=False,
            length=32,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        ),
        nullable=nullable,
        index=index,
    )


def _remembering(convert: Any) -> Any:
    """A column's conversion that works each distinct value out once (a bulk insert repeats a
    few thousand dates and one timestamp over hundreds of thousands of rows)."""
    seen: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = convert(value)
            return result
        except TypeError:  # unhashable
            return convert(value)

    return remembered


def insert_rows(
    connection: Connection, table: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert many rows of plain values fast: each column's own conversion for the dialect is
    applied, then the driver gets them straight (COPY on PostgreSQL, executemany on SQLite),
    without SQLAlchemy's per-row parameter handling, which costs more than the insert itself at
    hundreds of thousands of rows. Returns the number of rows."""
    dialect = connection.dialect
    converters = [
        (index, _remembering(convert))
        for index, name in enumerate(columns)
        if (convert := table.c[name].type._cached_bind_processor(dialect)) is not None
    ]

    def converted(row: Sequence[Any]) -> tuple[Any, ...]:
        if not converters:
            return tuple(row)
        values = list(row)
        for index, convert in converters:
            values[index] = convert(values[index])
        return tuple(values)

    plain = map(converted, rows)
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    quoted = dialect.identifier_preparer.format_table(table)
    count = 0
    raw = connection.connection.driver_connection
    if raw is None:  # only a connection invalidated meanwhile has none
        raise RuntimeError("the database connection was invalidated")
    if dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
            for row in plain:
                copy.write_row(row)
                count += 1
        return count
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {quoted} ({names}) VALUES ({marks})"
    cursor = raw.cursor()
    try:
        batch: list[tuple[Any, ...]] = []
        for row in plain:
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany(statement, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
    finally:
        cursor.close()
    return count


def refresh_planner_statistics(engine: Engine) -> None:
    """SQLite plans queries from statistics that only ANALYZE gathers (PostgreSQL's autovacuum
    keeps its own); without them it may scan a 50,000-row table to avoid a 26-row sort."""
    if is_sqlite(engine):
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def save_or_refuse(session: Session, error: Exception, *objects: object) -> None:
    """Add and flush inside a savepoint; a unique or foreign key that another request won
    meanwhile becomes `error` (the user's message), and the rest of the transaction stands."""
    try:
        with session.begin_nested():
            session.add_all(objects)
            session.flush()
    except IntegrityError as exc:
        raise error from exc
