"""Fixtures for the scheduler's tests: a committed database of their own and apps on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reminders import world
from tests.throwaway_database import throwaway_database


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> Iterator[str]:
    with throwaway_database(tmp_path_factory.mktemp("reminders"), "remind") as url:
        world.migrate(url)
        yield url


@pytest.fixture
def smtp() -> Iterator[tuple[world.Mailbox, int]]:
    yield from world.smtp_server()


@pytest.fixture
def make_app(url, tmp_path):
    made = []

    def _make(**config):
        app = world.scheduler_app(url, MAIL_OUTBOX=str(tmp_path / "outbox"), **config)
        made.append(app)
        return app

    yield _make
    if made:
        world.empty_reminders(made[0])
    for app in made:
        app.extensions["database"].engine.dispose()
