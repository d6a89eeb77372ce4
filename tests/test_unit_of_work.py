"""One request, one commit: no module but db.py commits or rolls back; a refused request leaves
nothing half-saved, a durable write stands anyway, a success is there for the next request."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Blueprint, Flask, redirect
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from sqlalchemy import event, update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select
from wtforms import StringField
from wtforms.validators import DataRequired

from app import create_app
from db import get_session, keep_despite_refusal
from errors import DomainError, NotFound
from organizations.models import Region
from webforms import ViewResult, submitted

ROOT = Path(__file__).resolve().parents[1]
# Command-line commands keep db.session_scope; the benchmark, the tests and the migrations
# manage their own transactions.
OUTSIDE_REQUESTS = {"tests", "bench", "migrations"}


def request_modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in OUTSIDE_REQUESTS or parts[0].startswith("."):
            continue
        if path.name == "cli.py" or parts == ("db.py",):
            continue
        yield path


def test_no_module_but_db_commits_or_rolls_back():
    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()"
        for path in request_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("commit", "rollback")
    ]
    assert calls == []


def test_the_scan_sees_the_views():
    # The scan above would pass over an empty list: it must read the request paths.
    names = {str(path.relative_to(ROOT)) for path in request_modules()}
    assert {"accounts/views.py", "bargaining/table_views.py", "webforms.py"} <= names
    assert "accounts/cli.py" not in names and "db.py" not in names


# --- requests through a small app of the same factory -------------------------------------------

TEST_CODE = "990"  # no real GB/T 2260 code starts so


def region(suffix: str, name: str = "试验区") -> Region:
    return Region(code=TEST_CODE + suffix, name=name, full_name=f"试验省{name}")


class NameForm(FlaskForm):
    name = StringField(validators=[DataRequired()])


probe = Blueprint("unit_of_work_probe", __name__)


@probe.post("/uow/refused")
def refused_form() -> ViewResult:
    """A service that flushes a row and then refuses: the form comes back with the message."""
    form = NameForm()

    def save() -> ViewResult:
        get_session().add(region("001", form.name.data))
        get_session().flush()
        raise DomainError("这个名称不行", field="name", status=409)

    def page() -> str:
        return f"again:{form.name.data}|{';'.join(map(str, form.name.errors))}"

    return submitted(form, page, save)


@probe.post("/uow/saved")
def saved_form() -> ViewResult:
    form = NameForm()

    def save() -> ViewResult:
        get_session().add(region("002", form.name.data))
        return redirect("/uow/regions")

    return submitted(form, lambda: "invalid", save)


@probe.post("/uow/durable")
def refused_with_durable_write() -> ViewResult:
    get_session().add(region("003"))
    get_session().flush()
    keep_despite_refusal(lambda session: session.add(region("004", "留存")))
    return "refused", 403


@probe.post("/uow/uncaught")
def uncaught_refusal() -> ViewResult:
    get_session().add(region("005"))
    get_session().flush()
    raise DomainError("已经有人先改了", status=409)


@probe.post("/uow/hidden")
def hidden_record() -> ViewResult:
    get_session().add(region("006"))
    get_session().flush()
    raise NotFound()


@probe.get("/uow/rename/<code>")
def rename_by_statement(code: str) -> ViewResult:
    """A GET that writes through session.execute (no flush), as marking reminders read does."""
    get_session().execute(update(Region).where(col(Region.code) == code).values(name="改名"))
    return "renamed"


@probe.get("/uow/regions")
def listed() -> ViewResult:
    rows = get_session().exec(select(Region).where(col(Region.code).startswith(TEST_CODE)))
    return ",".join(sorted(f"{r.code}={r.name}" for r in rows))


@pytest.fixture(scope="module")
def probe_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """The factory's app plus the probe routes (`app` has built the schema already)."""
    probed = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
        }
    )
    probed.register_blueprint(probe)
    yield probed
    probed.extensions["database"].engine.dispose()


@pytest.fixture
def session(probe_app: Flask) -> Iterator[Session]:
    """As conftest's: each request's session sits in a savepoint of this test's transaction."""
    database = probe_app.extensions["database"]
    connection = database.engine.connect()
    outer = connection.begin()
    production_factory = database.sessionmaker
    database.sessionmaker = sessionmaker(
        bind=connection,
        class_=Session,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
    )
    db = Session(bind=connection, join_transaction_mode="create_savepoint")
    yield db
    database.sessionmaker = production_factory
    db.close()
    outer.rollback()
    connection.close()


@pytest.fixture
def client(probe_app: Flask, session: Session) -> FlaskClient:
    return probe_app.test_client()


def stored(session: Session) -> list[str]:
    session.expire_all()
    rows = session.exec(select(Region).where(col(Region.code).startswith(TEST_CODE))).all()
    return sorted(f"{r.code}={r.name}" for r in rows)


def test_a_refused_form_keeps_the_input_and_leaves_nothing_half_saved(client, session):
    response = client.post("/uow/refused", data={"name": "东区"})
    assert response.status_code == 409
    assert response.get_data(as_text=True) == "again:东区|这个名称不行"
    assert stored(session) == []


def test_a_successful_post_is_there_for_the_next_request(client, session):
    response = client.post("/uow/saved", data={"name": "西区"}, follow_redirects=True)
    assert response.get_data(as_text=True) == "990002=西区"
    assert stored(session) == ["990002=西区"]


def test_an_invalid_form_saves_nothing_and_is_a_400(client, session):
    response = client.post("/uow/saved", data={"name": ""})
    assert (response.status_code, response.get_data(as_text=True)) == (400, "invalid")
    assert stored(session) == []


def test_a_durable_write_stands_although_the_request_is_refused(client, session):
    assert client.post("/uow/durable").status_code == 403
    assert stored(session) == ["990004=留存"]


def test_a_refusal_no_view_caught_is_its_error_page_with_the_message(client, session):
    response = client.post("/uow/uncaught")
    assert response.status_code == 409
    assert "已经有人先改了" in response.get_data(as_text=True)
    hidden = client.post("/uow/hidden")
    assert hidden.status_code == 404
    assert "页面不存在" in hidden.get_data(as_text=True)
    assert stored(session) == []


def test_an_update_sent_through_the_session_is_committed(client, session):
    session.add(region("007", "旧名"))
    session.commit()  # into this test's savepoint, where the requests see it
    assert client.get("/uow/rename/990007").get_data(as_text=True) == "renamed"
    assert client.get("/uow/regions").get_data(as_text=True) == "990007=改名"


def test_a_page_that_writes_nothing_sends_no_commit(client, session, probe_app):
    commits: list[object] = []

    def count(_session: Session) -> None:
        commits.append(_session)

    event.listen(Session, "after_commit", count)
    try:
        assert client.get("/uow/regions").status_code == 200
        assert commits == []
        client.post("/uow/saved", data={"name": "南区"})
        assert len(commits) == 1  # the counter counts: the write request's one commit
    finally:
        event.remove(Session, "after_commit", count)
