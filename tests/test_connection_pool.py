"""PostgreSQL's pool: a connection idle for a while is pinged before use, a busy one is not."""

import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DisconnectionError

import db
from config import normalise_database_url


class FakeConnection:
    def __init__(self, *, dead: bool = False) -> None:
        self.dead = dead
        self.executed: list[str] = []
        self.rolled_back = False

    def cursor(self):
        connection = self

        class Cursor:
            def execute(self, sql):
                if connection.dead:
                    raise OSError("server closed the connection unexpectedly")
                connection.executed.append(sql)

            def close(self):
                pass

        return Cursor()

    def rollback(self):
        self.rolled_back = True


class Record:
    def __init__(self, idle_for: float | None) -> None:
        self.info = {} if idle_for is None else {"idle_since": db.time.monotonic() - idle_for}


def test_a_connection_used_moments_ago_goes_out_without_a_round_trip():
    connection = FakeConnection()
    db._ping_if_idle(connection, Record(idle_for=0.5), None)
    db._ping_if_idle(connection, Record(idle_for=None), None)  # a new connection
    assert connection.executed == []


def test_a_connection_idle_for_a_while_is_pinged_and_its_transaction_ended():
    connection = FakeConnection()
    db._ping_if_idle(connection, Record(idle_for=db.PING_AFTER_IDLE_SECONDS + 1), None)
    assert connection.executed == ["SELECT 1"]
    assert connection.rolled_back


def test_a_dead_idle_connection_makes_the_pool_connect_again():
    with pytest.raises(DisconnectionError):
        db._ping_if_idle(FakeConnection(dead=True), Record(idle_for=3600), None)


@pytest.mark.postgres
def test_after_the_server_ends_an_idle_connection_the_next_request_still_gets_one(monkeypatch):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    engine = db.make_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        other = db.make_engine(normalise_database_url(url))
        with other.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        other.dispose()
        with engine.connect() as conn:  # the pooled connection is dead: pinged, replaced
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    finally:
        engine.dispose()
