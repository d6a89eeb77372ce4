"""Parallel logins against a real threaded server: every failure is counted, none is a 500.

Runs on the tests' backend in a database of its own (SQLite file, or a throwaway PostgreSQL
database beside TEST_DATABASE_URL), because the requests must commit for real.
"""

import http.client
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from alembic import command
from sqlmodel import Session, select
from werkzeug.serving import make_server

from accounts.models import LoginThrottle, Role, User
from app import create_app
from db import alembic_config
from organizations.models import Organization, OrgKind, Region
from tests.conftest import PASSWORD, PASSWORD_HASH, id_of
from tests.throwaway_database import throwaway_database

ATTEMPTS = 12
MAX_FAILURES = 5


@pytest.fixture
def server(tmp_path) -> Iterator[tuple[str, int, object]]:
    with throwaway_database(tmp_path, "conc") as url:
        command.upgrade(alembic_config(url), "head")
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "test",
                "WTF_CSRF_ENABLED": False,
                "LOGIN_MAX_FAILURES": MAX_FAILURES,
            }
        )
        engine = app.extensions["database"].engine
        with Session(engine) as db:
            db.add(Region(code="440105", name="海珠区", full_name="广东省广州市海珠区"))
            db.flush()  # the unit of work orders rows by relationships, and there are none here
            org = Organization(
                kind=OrgKind.SUPERIOR_UNION, name="海珠区总工会", region_code="440105"
            )
            db.add(org)
            db.flush()
            db.add(
                User(
                    username="chen",
                    display_name="陈",
                    password_hash=PASSWORD_HASH,
                    role=Role.ADMIN,
                    organization_id=id_of(org),
                )
            )
            db.commit()
        httpd = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield "127.0.0.1", httpd.server_port, engine
        finally:
            httpd.shutdown()
            thread.join(timeout=10)
            engine.dispose()


def post_login(host: str, port: int, username: str, password: str) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        body = urlencode({"username": username, "password": password})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", "/login", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("username", ["chen", "nobody-of-this-name"])
def test_parallel_wrong_passwords_are_each_counted_and_lock_the_name(server, username):
    host, port, engine = server
    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        statuses = list(
            pool.map(lambda _: post_login(host, port, username, "wrong guess 1"), range(ATTEMPTS))
        )
    assert 500 not in statuses
    # Exactly MAX_FAILURES guesses were checked and counted (a 200, which commits the count; the
    # last of them set the lock), and every later one met the lock without being checked (429).
    assert statuses.count(200) == MAX_FAILURES
    assert statuses.count(429) == ATTEMPTS - MAX_FAILURES
    with Session(engine) as db:
        row = db.exec(select(LoginThrottle)).one()
        assert row.failures == MAX_FAILURES
        assert row.locked_until is not None
    # The right password does not get past the lock either.
    if username == "chen":
        assert post_login(host, port, username, PASSWORD) == 429


def test_parallel_failures_on_different_names_never_fail_the_request(server):
    host, port, engine = server
    names = [f"visitor{n}" for n in range(ATTEMPTS)]
    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        statuses = list(pool.map(lambda name: post_login(host, port, name, "x"), names))
    assert statuses == [200] * ATTEMPTS
    with Session(engine) as db:
        assert len(db.exec(select(LoginThrottle)).all()) == ATTEMPTS
