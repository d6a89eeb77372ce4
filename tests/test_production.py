"""Production serving: gunicorn with two workers, configured by gunicorn.conf.py, on PostgreSQL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from accounts import services as accounts
from accounts.models import Role
from bench.harness import HttpClient
from config import normalise_database_url
from organizations.models import Organization, OrgKind, Region
from tests.throwaway_database import throwaway_database

ROOT = Path(__file__).resolve().parents[1]
# Without TEST_DATABASE_URL (the SQLite pass): the server .ci/run uses, by the same variables.
DEFAULT_SERVER = "postgresql://{user}@{host}:{port}/postgres".format(
    user=os.environ.get("CI_PG_USER", "postgres"),
    host=os.environ.get("CI_PG_HOST", "127.0.0.1"),
    port=os.environ.get("CI_PG_PORT", "5432"),
)
PASSWORD = "gunicorn-test-password"
FEED_TOKEN = "Zq3vR7-secret_feed_token"

pytestmark = pytest.mark.postgres


def _postgres_server_url() -> str:
    """TEST_DATABASE_URL when it names PostgreSQL, else the local server; skip (fail in CI)
    when it cannot be reached."""
    given = os.environ.get("TEST_DATABASE_URL")
    url = normalise_database_url(given) if given else DEFAULT_SERVER
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        reason = f"PostgreSQL is not reachable at {make_url(url).render_as_string()}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the production server test", pytrace=False)
        pytest.skip(reason)
    finally:
        engine.dispose()
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def production_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TEST_DATABASE_URL", _postgres_server_url())
    with throwaway_database(tmp_path, "gunicorn") as url:
        yield url


def _environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GUNICORN_CMD_ARGS",)}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="gunicorn-test-secret",
        FLASK_APP="app",
        PYTHONPATH=str(ROOT),
    )
    return env


def _create_admin(database_url: str) -> None:
    engine = create_engine(normalise_database_url(database_url))
    try:
        with Session(engine) as session:
            session.add(Region(code="440105", name="海珠区", full_name="广东省广州市海珠区"))
            session.flush()
            org = Organization(
                kind=OrgKind.SUPERIOR_UNION, name="广州市海珠区总工会", region_code="440105"
            )
            session.add(org)
            session.flush()
            accounts.create_user(
                session,
                username="ops.admin",
                display_name="运维管理员",
                password=PASSWORD,
                role=Role.ADMIN,
                organization_id=org.id or 0,
                email=None,
                must_change_password=False,
                min_password_length=8,
                actor=None,
            )
            session.commit()
    finally:
        engine.dispose()


def _wait_until_serving(server: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.returncode}")
        try:
            if HttpClient(port).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not answer /healthz within 60 s")


def test_gunicorn_serves_the_login_and_a_logged_in_page_with_two_workers(production_database):
    env = _environment(production_database)
    migrate = subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    _create_admin(production_database)

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "WEB_CONCURRENCY": "2", "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_serving(server, port)
        client = HttpClient(port)
        login_page = client.get("/login")
        assert login_page.status == 200
        assert 'name="csrf_token"' in login_page.text
        client.log_in("ops.admin", PASSWORD)
        home = client.get("/")
        assert home.status == 200
        assert "运维管理员" in home.text  # the name of the one logged in, in the navigation
        anonymous = HttpClient(port)
        assert anonymous.get(f"/calendar/{FEED_TOKEN}.ics").status == 404  # nobody's token
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            log, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            log, _ = server.communicate()
    assert server.returncode == 0, log[-2000:]
    assert log.count("Booting worker with pid") == 2, log[-2000:]
    # The access log, in gunicorn.conf.py's format: the request line, status, size and time.
    assert '"GET /login HTTP/1.1" 200 ' in log, log[-2000:]
    assert '"POST /login HTTP/1.1" 302 ' in log, log[-2000:]
    # A calendar feed's secret token never reaches the log, whether or not it is anyone's.
    assert '"GET /calendar/***.ics HTTP/1.1" 404 ' in log, log[-2000:]
    assert FEED_TOKEN not in log
