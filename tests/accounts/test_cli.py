"""`flask users …`: the operator's commands for accounts.

The commands open their own sessions on the app's engine and commit, so they cannot see the
rolled-back `session` of the other tests. These tests commit their organisation for real and
delete it, with every account made for it, afterwards."""

import uuid

import pytest
from sqlalchemy import delete
from sqlmodel import Session, select

from accounts.models import Role, User
from accounts.passwords import verify_password
from organizations.models import Organization, OrgKind, Region
from tests.conftest import valid_credit_code

PASSWORD = "operator passphrase 7"
HAIZHU = ("440105", "海珠区", "广东省广州市海珠区")


@pytest.fixture
def engine(app):
    return app.extensions["database"].engine


@pytest.fixture
def federation(engine):
    """A federation committed to the database, and gone again after the test."""
    with Session(engine, expire_on_commit=False) as db:
        region_added = db.get(Region, HAIZHU[0]) is None
        if region_added:
            db.add(Region(code=HAIZHU[0], name=HAIZHU[1], full_name=HAIZHU[2]))
            db.flush()
        org = Organization(
            kind=OrgKind.FEDERATION,
            name=f"广州市海珠区命令行{uuid.uuid4().hex[:8]}行业工会联合会",
            region_code=HAIZHU[0],
            credit_code=valid_credit_code("81440105"),
        )
        db.add(org)
        db.commit()
    yield org
    with Session(engine) as db:
        db.execute(delete(User).where(User.organization_id == org.id))
        db.execute(delete(Organization).where(Organization.id == org.id))
        if region_added:
            db.execute(delete(Region).where(Region.code == HAIZHU[0]))
        db.commit()
    with Session(engine) as db:
        assert db.get(Organization, org.id) is None


@pytest.fixture
def users(app):
    runner = app.test_cli_runner()
    return lambda *args, **kwargs: runner.invoke(args=["users", *args], **kwargs)


def accounts_of(engine, org):
    with Session(engine) as db:
        return list(db.exec(select(User).where(User.organization_id == org.id)))


def create_args(federation, **options):
    values = {
        "username": "zhao.lei",
        "name": "赵磊",
        "role": Role.FEDERATION_STAFF.value,
        "org": str(federation.id),
        "password": PASSWORD,
    }
    values.update(options)
    args = []
    for option, value in values.items():
        args += [f"--{option}", value]
    return args


def test_create_makes_an_account_that_logs_in_without_changing_its_password(
    engine, federation, users
):
    result = users(
        "create", *create_args(federation, username="Zhao.Lei", email="zhao.lei@example.cn")
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Created zhao.lei (federation_staff) for {federation.name}."
    (user,) = accounts_of(engine, federation)
    assert user.username == "zhao.lei"
    assert user.display_name == "赵磊"
    assert user.email == "zhao.lei@example.cn"
    assert user.role == Role.FEDERATION_STAFF
    assert user.active
    assert not user.must_change_password
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize("ref", ["name", "credit code", "credit code in lower case"])
def test_create_finds_the_organisation_by_name_or_credit_code(engine, federation, users, ref):
    org_ref = {
        "name": federation.name,
        "credit code": federation.credit_code,
        "credit code in lower case": federation.credit_code.lower(),
    }[ref]
    result = users("create", *create_args(federation, org=org_ref))
    assert result.exit_code == 0, result.output
    assert [u.username for u in accounts_of(engine, federation)] == ["zhao.lei"]


def test_create_asks_for_the_password_twice_when_not_given(engine, federation, users):
    args = create_args(federation)
    args = args[: args.index("--password")]
    result = users("create", *args, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    (user,) = accounts_of(engine, federation)
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("options", "field", "message", "values"),
    [
        ({"username": "ZHAO.LEI"}, "username", "This login name is taken.", {}),
        (
            {"username": "qian.li", "password": "1234567890"},
            "password",
            "Use at least %(n)s characters, not only digits and not one character repeated.",
            {"n": 10},
        ),
        (
            {"username": "qian.li", "role": Role.UNION_CHAIR.value},
            "role",
            "This role cannot act for this kind of organisation.",
            {},
        ),
    ],
    ids=["taken", "weak-password", "role-not-fitting"],
)
def test_create_refuses_bad_input_and_says_why(
    engine, federation, users, shown, options, field, message, values
):
    assert users("create", *create_args(federation)).exit_code == 0
    result = users("create", *create_args(federation, **options))
    assert result.exit_code == 1
    assert f"Error: {field}: {shown(message, **values)}" in result.output
    assert [u.username for u in accounts_of(engine, federation)] == ["zhao.lei"]


def test_create_for_an_unknown_organisation_is_a_usage_error(engine, federation, users):
    result = users("create", *create_args(federation, org="没有这个组织"))
    assert result.exit_code == 2
    assert "no organisation with id, name or credit code '没有这个组织'" in result.output
    assert accounts_of(engine, federation) == []


def test_list_and_disable(engine, federation, users):
    assert users("create", *create_args(federation)).exit_code == 0
    (before,) = accounts_of(engine, federation)
    listed = [line for line in users("list").output.splitlines() if line.startswith("zhao.lei ")]
    assert len(listed) == 1
    assert listed[0].split()[1:3] == ["federation_staff", "active"]
    assert listed[0].endswith(federation.name)

    result = users("disable", "Zhao.Lei")
    assert result.exit_code == 0, result.output
    (after,) = accounts_of(engine, federation)
    assert not after.active
    assert after.session_nonce != before.session_nonce
    listed = [line for line in users("list").output.splitlines() if line.startswith("zhao.lei ")]
    assert listed[0].split()[2] == "disabled"


def test_disable_an_unknown_account_fails(users):
    result = users("disable", "no.such.account")
    assert result.exit_code == 1
    assert "no account 'no.such.account'" in result.output
