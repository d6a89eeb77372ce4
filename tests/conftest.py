"""Fixtures: the app on SQLite (or TEST_DATABASE_URL), a rolled-back session per test, factories."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from alembic import command
from argon2 import PasswordHasher
from flask import Flask, appcontext_tearing_down
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel

from accounts.models import Role, User
from app import create_app
from db import alembic_config, metadata
from organizations.demo import seed_reference
from organizations.models import Coverage, CoverageStatus, Organization, OrgKind, Person, Position
from organizations.rules import credit_code_check_char

PASSWORD = "correct horse battery"
# Factories store a cheap Argon2 hash: verification follows the parameters inside the hash, so
# logging in stays a real check while the suite does not spend a second per user.
PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


def test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def reset_schema(engine: Engine) -> None:
    """Drop whatever a previous run left, then build the schema through the migrations."""
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    with engine.begin() as conn:
        cfg = alembic_config(str(engine.url))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return test_database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "SERVER_NAME": "localhost",
        }
    )
    engine = app.extensions["database"].engine
    reset_schema(engine)
    yield app
    engine.dispose()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The test's session, on a connection whose transaction is rolled back after the test.

    Each request gets a session of its own on the same connection (inside a savepoint), so a
    view that forgets to commit loses its work exactly as it would in production. After each
    request this session's objects are expired, so the test reads what the request left.
    """
    database = app.extensions["database"]
    connection = database.engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    production_factory = database.sessionmaker
    database.sessionmaker = sessionmaker(
        bind=connection,
        class_=Session,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
    )

    def expire_after_request(_sender: Flask, **_extra: object) -> None:
        db.expire_all()

    appcontext_tearing_down.connect(expire_after_request, app)
    seed_reference(db, _Report())
    yield db
    appcontext_tearing_down.disconnect(expire_after_request, app)
    database.sessionmaker = production_factory
    db.close()
    outer.rollback()
    connection.close()


@pytest.fixture(autouse=True)
def request_context(request: pytest.FixtureRequest, app: Flask) -> Iterator[None]:
    """Tests without a client run inside one request context (lazy strings need it). Tests with a
    client get none, so that each of their requests has its own `g`, as in production."""
    if "client" in request.fixturenames:
        yield
        return
    with app.test_request_context():
        yield


class _Report:
    def tally(self, _created: bool) -> None:
        pass


@pytest.fixture
def client(app: Flask, session: Session) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], FlaskClient]:
    """Log a user in through the real login form."""

    def _login(user: User, password: str = PASSWORD) -> FlaskClient:
        response = client.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


_serial = itertools.count(1)


def id_of(row: SQLModel) -> int:
    """A saved row's id (a model types its id as maybe None: it is, until the first flush)."""
    row_id = getattr(row, "id", None)
    assert isinstance(row_id, int), f"{type(row).__name__} not flushed yet"
    return row_id


def valid_credit_code(prefix: str = "91440105") -> str:
    first17 = f"{prefix}MA{next(_serial) + 5_000_000:07d}"
    return first17 + credit_code_check_char(first17)


@pytest.fixture
def make_org(session: Session) -> Callable[..., Organization]:
    def _make(kind: OrgKind = OrgKind.ENTERPRISE, **overrides: Any) -> Organization:
        n = next(_serial)
        values: dict[str, Any] = {
            "name": f"测试{kind.value}{n}",
            "region_code": "440105",
            "sector_code": "H62",
        }
        if kind == OrgKind.FEDERATION:
            values["name"] = f"广州市海珠区测试{n}行业工会联合会"
        if kind == OrgKind.ENTERPRISE:
            values.update(
                name=f"广州市海珠区测试{n}餐饮有限公司",
                credit_code=valid_credit_code(),
                headcount=100,
                women_headcount=40,
            )
        values.update(overrides)
        org = Organization(kind=kind, **values)
        session.add(org)
        session.flush()
        return org

    return _make


@pytest.fixture
def make_enterprise(make_org: Callable[..., Organization]) -> Callable[..., Organization]:
    return lambda **overrides: make_org(OrgKind.ENTERPRISE, **overrides)


@pytest.fixture
def make_union(
    session: Session, make_org: Callable[..., Organization]
) -> Callable[..., Organization]:
    def _make(
        enterprise: Organization, chair: str | None = "何秀英", **overrides: Any
    ) -> Organization:
        union = make_org(
            OrgKind.UNION,
            name=f"{enterprise.name}工会委员会",
            enterprise_id=enterprise.id,
            region_code=enterprise.region_code,
            **overrides,
        )
        if chair:
            session.add(Person(organization_id=id_of(union), name=chair, position=Position.CHAIR))
            session.flush()
        return union

    return _make


def accepted_coverage(federation: Organization, enterprise: Organization) -> Coverage:
    """A federation's coverage of an enterprise, accepted (add it to the session)."""
    return Coverage(
        federation_id=id_of(federation),
        enterprise_id=enterprise.id,
        credit_code=enterprise.credit_code or "",
        status=CoverageStatus.ACCEPTED,
    )


@pytest.fixture
def make_federation(
    session: Session, make_org: Callable[..., Organization]
) -> Callable[..., Organization]:
    def _make(covers: Sequence[Organization] = (), **overrides: Any) -> Organization:
        federation = make_org(OrgKind.FEDERATION, **overrides)
        for enterprise in covers:  # coverage in force, as if each enterprise's union had accepted
            session.add(accepted_coverage(federation, enterprise))
        session.flush()
        return federation

    return _make


@pytest.fixture
def make_user(session: Session, make_org: Callable[..., Organization]) -> Callable[..., User]:
    def _make(
        role: Role = Role.FEDERATION_CHAIR, org: Organization | None = None, **overrides: Any
    ) -> User:
        if org is None:
            kind = {
                Role.ADMIN: OrgKind.SUPERIOR_UNION,
                Role.FEDERATION_CHAIR: OrgKind.FEDERATION,
                Role.FEDERATION_STAFF: OrgKind.FEDERATION,
                Role.ASSOCIATION_REP: OrgKind.ASSOCIATION,
                Role.ENTERPRISE_MANAGER: OrgKind.ENTERPRISE,
                Role.BUREAU_REVIEWER: OrgKind.BUREAU,
            }.get(role)
            if kind is None:  # a union needs its enterprise
                enterprise = make_org(OrgKind.ENTERPRISE)
                org = make_org(
                    OrgKind.UNION, enterprise_id=enterprise.id, name=f"{enterprise.name}工会"
                )
            else:
                org = make_org(kind)
        n = next(_serial)
        values: dict[str, Any] = {
            "username": f"user{n}",
            "display_name": f"用户{n}",
            "password_hash": PASSWORD_HASH,
            "role": role,
            "organization_id": org.id,
        }
        values.update(overrides)
        user = User(**values)
        session.add(user)
        session.flush()
        return user

    return _make
