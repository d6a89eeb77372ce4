"""Two saves based on the same version of a record, racing in two transactions of their own:
one passes, the other is refused with the version now stored (StaleEdit), on either backend."""

from collections.abc import Iterator
from threading import Thread

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session

from concurrency import Record, StaleEdit, claim_edit, version_of
from db import alembic_config, is_sqlite, make_engine
from tests.throwaway_database import throwaway_database


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Iterator[Engine]:
    with throwaway_database(tmp_path_factory.mktemp("race"), "race") as url:
        command.upgrade(alembic_config(url), "head")
        engine = make_engine(url)
        yield engine
        engine.dispose()


def writing(engine: Engine) -> Session:
    """A transaction as a write request opens it (SQLite takes its write lock at BEGIN)."""
    session = Session(engine)
    if is_sqlite(engine):
        session.connection(execution_options={"sqlite_immediate": True})
    return session


def race(engine: Engine, record: Record, stored: dict[str, str]) -> str:
    """The first save claims and holds its transaction open while the second, based on the same
    version, tries; then the first commits. What became of the second?"""
    with Session(engine) as reader:
        based_on = version_of(reader, record, stored)
    first = writing(engine)
    claim_edit(first, record, based_on, stored=lambda: stored, theirs={}, labels={}, actor_id=None)
    first.flush()
    outcome: list[str] = []

    def second() -> None:
        with writing(engine) as session:
            try:
                claim_edit(
                    session, record, based_on, stored=lambda: stored, theirs={}, labels={},
                    actor_id=None,
                )  # fmt: skip
            except StaleEdit as error:
                outcome.append(f"stale, now {error.based_on.split(':')[0]}")
            else:
                session.commit()
                outcome.append("saved")

    other = Thread(target=second)
    other.start()
    first.commit()  # whether the second has begun waiting yet or not, it ends up the same
    first.close()
    other.join()
    return outcome[0]


def test_the_first_save_of_a_record_wins_the_race(engine):
    assert race(engine, Record("test", "first"), {"x": "1"}) == "stale, now 1"


def test_a_later_save_wins_the_race_on_the_version_counter(engine):
    record = Record("test", "later")
    with writing(engine) as session:  # saved once already: the counter is at 1
        claim_edit(session, record, None, stored=dict, theirs={}, labels={}, actor_id=None)
        session.commit()
    assert race(engine, record, {"x": "1"}) == "stale, now 2"  # the same values, a moved counter
