"""Account use cases against a database session: logging in, creating and administering accounts."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from accounts import services
from accounts.models import LoginThrottle, Role, User
from accounts.passwords import verify_password
from errors import DomainError
from organizations.models import OrgKind
from tests.conftest import PASSWORD

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
THROTTLE = services.ThrottleSettings(
    max_failures=5, window=timedelta(minutes=15), lock=timedelta(minutes=15)
)
NEW_PASSWORD = "a new passphrase 2026"


def authenticate(session, username, password, now=T0):
    return services.authenticate(session, username, password, now=now, throttle=THROTTLE)


def throttle_rows(session):
    return sorted(
        (row.failures, row.window_started_at, row.locked_until)
        for row in session.exec(select(LoginThrottle))
    )


def count_users(session, **where):
    stmt = select(func.count()).select_from(User)
    for name, value in where.items():
        stmt = stmt.where(getattr(User, name) == value)
    return session.exec(stmt).one()


# authenticate


def test_right_password_logs_in_and_records_the_time(session, make_user):
    user = make_user()
    outcome = authenticate(session, user.username, PASSWORD)
    assert outcome.user is user
    assert outcome.locked_until is None
    assert user.last_login_at == T0


def test_login_name_is_matched_whatever_its_case_and_surrounding_spaces(session, make_user):
    user = make_user(username="zhang.wei")
    assert authenticate(session, "  Zhang.Wei ", PASSWORD).user is user


def test_wrong_password_is_refused(session, make_user):
    user = make_user()
    outcome = authenticate(session, user.username, PASSWORD + "x")
    assert outcome.user is None
    assert outcome.locked_until is None
    assert user.last_login_at is None


def test_disabled_account_is_refused_even_with_its_right_password(session, make_user):
    user = make_user(active=False)
    outcome = authenticate(session, user.username, PASSWORD)
    assert outcome.user is None
    assert user.last_login_at is None


def test_unknown_login_name_is_refused(session):
    outcome = authenticate(session, "nobody.here", PASSWORD)
    assert outcome.user is None
    assert outcome.locked_until is None


def test_unknown_name_and_wrong_password_are_answered_and_counted_alike(session, make_user):
    user = make_user()
    for attempt in range(1, THROTTLE.max_failures + 1):
        now = T0 + timedelta(minutes=attempt)
        known = authenticate(session, user.username, "wrong password 1", now=now)
        unknown = authenticate(session, "no.such.account", "wrong password 1", now=now)
        assert known == unknown
        assert known.user is None
        locked = attempt >= THROTTLE.max_failures
        assert (known.locked_until is not None) is locked, attempt
        first, second = throttle_rows(session)
        assert first == second
        assert first[0] == attempt
    # both names are now locked: even the right password is refused, with the same answer
    now = T0 + timedelta(minutes=THROTTLE.max_failures + 1)
    known = authenticate(session, user.username, PASSWORD, now=now)
    unknown = authenticate(session, "no.such.account", PASSWORD, now=now)
    assert known.user is None
    assert known == unknown
    assert known.locked_until == T0 + timedelta(minutes=THROTTLE.max_failures) + THROTTLE.lock
    assert user.last_login_at is None


def test_one_short_of_the_maximum_does_not_lock(session, make_user):
    user = make_user()
    for _ in range(THROTTLE.max_failures - 1):
        authenticate(session, user.username, "wrong password 1")
    assert authenticate(session, user.username, PASSWORD).user is user


def test_failures_count_against_the_name_in_any_case(session, make_user):
    user = make_user(username="li.na")
    for name in ["LI.NA", "Li.Na", "li.na ", " li.NA", "li.na"]:
        authenticate(session, name, "wrong password 1")
    assert throttle_rows(session) == [(5, T0, T0 + THROTTLE.lock)]
    assert authenticate(session, "li.na", PASSWORD).user is None
    assert user.last_login_at is None


def test_the_lock_ends_after_the_lock_period(session, make_user):
    user = make_user()
    for _ in range(THROTTLE.max_failures):
        authenticate(session, user.username, "wrong password 1")
    just_before = T0 + THROTTLE.lock - timedelta(seconds=1)
    assert authenticate(session, user.username, PASSWORD, now=just_before).user is None
    assert authenticate(session, user.username, PASSWORD, now=T0 + THROTTLE.lock).user is user


def test_failures_spread_beyond_the_window_do_not_lock(session, make_user):
    user = make_user()
    for _ in range(THROTTLE.max_failures - 1):
        authenticate(session, user.username, "wrong password 1")
    later = T0 + THROTTLE.window + timedelta(seconds=1)
    outcome = authenticate(session, user.username, "wrong password 1", now=later)
    assert outcome.locked_until is None
    assert throttle_rows(session) == [(1, later, None)]


def test_a_successful_login_clears_the_count(session, make_user):
    user = make_user()
    for _ in range(THROTTLE.max_failures - 1):
        authenticate(session, user.username, "wrong password 1")
    assert authenticate(session, user.username, PASSWORD).user is user
    assert throttle_rows(session) == []
    for _ in range(THROTTLE.max_failures - 1):
        authenticate(session, user.username, "wrong password 1")
    assert authenticate(session, user.username, PASSWORD).user is user


# create_user


def create(session, actor, org, **overrides):
    values = {
        "username": "wang.fang",
        "display_name": "王芳",
        "password": NEW_PASSWORD,
        "role": Role.ENTERPRISE_MANAGER,
        "organization_id": org.id,
        "min_password_length": 10,
        "actor": actor,
    }
    values.update(overrides)
    return services.create_user(session, **values)


def test_admin_creates_an_account_that_must_change_its_password(
    session, make_admin, make_enterprise
):
    enterprise = make_enterprise()
    user = create(session, make_admin(), enterprise, username=" Wang.Fang ", email="")
    assert user.id is not None
    assert user.username == "wang.fang"
    assert user.organization_id == enterprise.id
    assert user.role == Role.ENTERPRISE_MANAGER
    assert user.email is None
    assert user.must_change_password
    assert user.active
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert authenticate(session, "wang.fang", NEW_PASSWORD).user is user


@pytest.mark.parametrize("taken_as", ["wang.fang", "WANG.FANG", "Wang.Fang", " wang.fang"])
def test_login_name_taken_in_any_case_is_refused(
    session, make_admin, make_enterprise, make_user, taken_as
):
    enterprise = make_enterprise()
    make_user(Role.ENTERPRISE_MANAGER, enterprise, username="wang.fang")
    with pytest.raises(DomainError) as caught:
        create(session, make_admin(), enterprise, username=taken_as)
    assert caught.value.field == "username"
    assert caught.value.status == 400
    assert count_users(session, organization_id=enterprise.id) == 1


@pytest.mark.parametrize("weak", ["short-1", "1234567890123", "aaaaaaaaaaaa", "abcabcabcabc"])
def test_weak_password_is_refused(session, make_admin, make_enterprise, weak):
    enterprise = make_enterprise()
    with pytest.raises(DomainError) as caught:
        create(session, make_admin(), enterprise, password=weak)
    assert caught.value.field == "password"
    assert count_users(session, username="wang.fang") == 0


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.UNION_CHAIR, OrgKind.ENTERPRISE),
        (Role.ENTERPRISE_MANAGER, OrgKind.FEDERATION),
        (Role.BUREAU_REVIEWER, OrgKind.ASSOCIATION),
        (Role.FEDERATION_CHAIR, OrgKind.BUREAU),
    ],
)
def test_role_that_does_not_fit_the_organisation_is_refused(
    session, make_admin, make_org, role, kind
):
    org = make_org(kind)
    with pytest.raises(DomainError) as caught:
        create(session, make_admin(), org, role=role)
    assert caught.value.field == "role"
    assert count_users(session, username="wang.fang") == 0


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_an_administrator_may_create_accounts(session, make_user, make_enterprise, role):
    enterprise = make_enterprise()
    with pytest.raises(DomainError) as caught:
        create(session, make_user(role), enterprise)
    assert caught.value.status == 403
    assert count_users(session, username="wang.fang") == 0


def test_the_command_line_creates_accounts_without_an_acting_user(session, make_enterprise):
    enterprise = make_enterprise()
    user = create(session, None, enterprise, must_change_password=False)
    assert user.username == "wang.fang"
    assert not user.must_change_password


# set_active, reset_password, change_own_password, update_user


def test_disabling_an_account_rotates_its_session_nonce(session, make_admin, make_user):
    user = make_user()
    nonce = user.session_nonce
    services.set_active(session, user, False, actor=make_admin())
    assert not user.active
    assert user.session_nonce != nonce
    enabled_nonce = user.session_nonce
    services.set_active(session, user, True, actor=make_admin())
    assert user.active
    assert user.session_nonce not in (nonce, enabled_nonce)


def test_an_administrator_cannot_disable_their_own_account(session, make_admin):
    admin = make_admin()
    nonce = admin.session_nonce
    with pytest.raises(DomainError):
        services.set_active(session, admin, False, actor=admin)
    assert admin.active
    assert admin.session_nonce == nonce


def test_only_an_administrator_may_disable_an_account(session, make_user):
    user = make_user()
    with pytest.raises(DomainError) as caught:
        services.set_active(session, user, False, actor=make_user())
    assert caught.value.status == 403
    assert user.active


def test_reset_gives_a_temporary_password_that_works_once_and_must_be_changed(
    session, make_admin, make_user
):
    user = make_user()
    nonce = user.session_nonce
    temporary = services.reset_password(session, user, actor=make_admin())
    assert temporary != PASSWORD
    assert user.must_change_password
    assert user.session_nonce != nonce
    assert authenticate(session, user.username, PASSWORD).user is None
    assert authenticate(session, user.username, temporary).user is user


def test_reset_lifts_a_lock_on_the_account(session, make_admin, make_user):
    user = make_user()
    for _ in range(THROTTLE.max_failures):
        authenticate(session, user.username, "wrong password 1")
    temporary = services.reset_password(session, user, actor=make_admin())
    assert throttle_rows(session) == []
    assert authenticate(session, user.username, temporary).user is user


def test_each_reset_gives_a_different_temporary_password(session, make_admin, make_user):
    user, admin = make_user(), make_admin()
    first = services.reset_password(session, user, actor=admin)
    second = services.reset_password(session, user, actor=admin)
    assert first != second
    assert authenticate(session, user.username, first).user is None


def test_only_an_administrator_may_reset_a_password(session, make_user):
    user = make_user()
    with pytest.raises(DomainError) as caught:
        services.reset_password(session, user, actor=make_user())
    assert caught.value.status == 403
    assert verify_password(user.password_hash, PASSWORD)
    assert not user.must_change_password


def test_change_own_password_with_wrong_current_password_is_refused(session, make_user):
    user = make_user(must_change_password=True)
    nonce = user.session_nonce
    with pytest.raises(DomainError) as caught:
        services.change_own_password(
            session, user, current="not my password", new=NEW_PASSWORD, min_password_length=10
        )
    assert caught.value.field == "current_password"
    assert verify_password(user.password_hash, PASSWORD)
    assert user.must_change_password
    assert user.session_nonce == nonce


@pytest.mark.parametrize("new", [PASSWORD, "1234567890", "short"])
def test_change_own_password_refuses_the_same_or_a_weak_password(session, make_user, new):
    user = make_user()
    with pytest.raises(DomainError) as caught:
        services.change_own_password(
            session, user, current=PASSWORD, new=new, min_password_length=10
        )
    assert caught.value.field == "password"
    assert verify_password(user.password_hash, PASSWORD)


def test_change_own_password_sets_it_and_ends_other_sessions(session, make_user):
    user = make_user(must_change_password=True)
    nonce = user.session_nonce
    services.change_own_password(
        session, user, current=PASSWORD, new=NEW_PASSWORD, min_password_length=10
    )
    assert not user.must_change_password
    assert user.session_nonce != nonce
    assert authenticate(session, user.username, PASSWORD).user is None
    assert authenticate(session, user.username, NEW_PASSWORD).user is user


def test_an_administrator_cannot_take_the_administrator_role_from_themselves(session, make_admin):
    admin = make_admin()
    with pytest.raises(DomainError) as caught:
        services.update_user(
            session,
            admin,
            display_name="王建国",
            email=None,
            role=Role.FEDERATION_STAFF,
            actor=admin,
        )
    assert caught.value.field == "role"
    assert admin.role == Role.ADMIN


def test_update_refuses_a_role_that_does_not_fit_the_organisation(
    session, make_admin, make_user, make_enterprise
):
    user = make_user(Role.ENTERPRISE_MANAGER, make_enterprise())
    with pytest.raises(DomainError) as caught:
        services.update_user(
            session,
            user,
            display_name=user.display_name,
            email=None,
            role=Role.UNION_CHAIR,
            actor=make_admin(),
        )
    assert caught.value.field == "role"
    assert user.role == Role.ENTERPRISE_MANAGER


def test_search_finds_accounts_by_login_name_in_any_case_and_by_organisation(
    session, make_admin, make_user, make_enterprise
):
    enterprise = make_enterprise(name="广州市海珠区搜索测试餐饮有限公司")
    wanted = make_user(Role.ENTERPRISE_MANAGER, enterprise, username="chen.jing")
    other = make_user(username="zhou.min")
    admin = make_admin()

    def found(query):
        page = services.search_users(session, query=query, page=1, per_page=25, actor=admin)
        return {user.id for user, _org in page.items}

    assert wanted.id in found("chen.j")
    assert other.id not in found("chen.j")
    assert wanted.id in found("CHEN.J")
    assert found("搜索测试") == {wanted.id}
    # LIKE's wildcards are searched for as themselves
    assert wanted.id not in found("_")
    assert found("%") == set()
