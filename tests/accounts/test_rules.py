"""The pure account rules: password policy, the failed-login throttle, which role fits which org."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from accounts.rules import (
    ThrottleState,
    after_failure,
    is_locked,
    password_is_strong_enough,
    role_fits_organization,
)
from organizations.models import OrgKind

MIN = 10
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fail(state, now):
    return after_failure(state, now, max_failures=MAX_FAILURES, window=WINDOW, lock=LOCK)


def fail_at(times):
    state = None
    for now in times:
        state = fail(state, now)
    return state


# Password policy


@pytest.mark.parametrize(
    ("password", "strong"),
    [
        ("abcd-12345", True),  # exactly the minimum length
        ("abcd-1234", False),  # one short
        ("1234567890", False),  # only digits
        ("12345678901234567890", False),  # only digits, however long
        ("aaaaaaaaaaaaaaaa", False),  # one character repeated
        ("abcabcabca", False),  # three different characters are not enough
        ("abcdabcdab", True),  # four are
        ("密码是很长的一句话啊", True),  # ten Chinese characters count as ten
    ],
)
def test_password_policy_at_its_boundaries(password, strong):
    assert password_is_strong_enough(password, MIN) is strong


@given(st.text(max_size=MIN - 1))
def test_no_password_shorter_than_the_minimum_passes(password):
    assert not password_is_strong_enough(password, MIN)


@given(st.text(alphabet="0123456789", min_size=MIN, max_size=64))
def test_digits_alone_never_pass_however_long(password):
    assert not password_is_strong_enough(password, MIN)


@given(st.text(alphabet=st.sampled_from("aB3"), min_size=MIN, max_size=64))
def test_three_different_characters_never_pass(password):
    assert not password_is_strong_enough(password, MIN)


@given(
    distinct=st.lists(st.characters(exclude_categories=["Cs"]), min_size=4, unique=True),
    letter=st.sampled_from("abcxyzABCXYZ"),
    padding=st.text(max_size=40),
)
def test_long_varied_password_with_a_non_digit_passes(distinct, letter, padding):
    password = letter + "".join(distinct) + padding
    password += letter * max(0, MIN - len(password))
    assert password_is_strong_enough(password, MIN)


@given(st.integers(min_value=1, max_value=64))
def test_the_minimum_length_is_a_setting_not_a_constant(min_length):
    password = ("abcd" * 20)[:min_length]
    assert password_is_strong_enough(password, min_length) == (min_length >= 4)
    assert not password_is_strong_enough(password[:-1], min_length)


# The failed-login throttle


def test_four_failures_within_the_window_do_not_lock():
    state = fail_at([T0 + timedelta(minutes=i) for i in range(4)])
    assert state.failures == 4
    assert state.locked_until is None
    assert not is_locked(state, T0 + timedelta(minutes=4))


def test_the_fifth_failure_within_the_window_locks_for_the_lock_period():
    fifth = T0 + timedelta(minutes=4)
    state = fail_at([*(T0 + timedelta(minutes=i) for i in range(4)), fifth])
    assert state.failures == 5
    assert state.locked_until == fifth + LOCK
    assert is_locked(state, fifth)
    assert is_locked(state, fifth + LOCK - timedelta(seconds=1))


def test_the_window_runs_from_the_first_failure_and_includes_its_last_instant():
    state = fail_at([T0, T0, T0, T0, T0 + WINDOW])
    assert state.locked_until == T0 + WINDOW + LOCK


def test_failures_after_the_window_start_a_new_count():
    state = fail_at([T0, T0, T0, T0])
    later = T0 + WINDOW + timedelta(seconds=1)
    state = fail(state, later)
    assert state == ThrottleState(failures=1, window_started_at=later, locked_until=None)
    assert not is_locked(state, later)


def test_the_lock_ends_at_locked_until():
    state = fail_at([T0] * 5)
    assert is_locked(state, T0 + LOCK - timedelta(microseconds=1))
    assert not is_locked(state, T0 + LOCK)


def test_a_failure_after_the_lock_has_ended_starts_a_new_count():
    state = fail_at([T0] * 5)
    after_lock = T0 + LOCK
    state = fail(state, after_lock)
    assert state == ThrottleState(failures=1, window_started_at=after_lock, locked_until=None)


def test_no_history_is_not_locked():
    assert not is_locked(None, T0)


gaps = st.lists(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=2)), min_size=1, max_size=30
)


def _times(deltas):
    now, times = T0, []
    for delta in deltas:
        now += delta
        times.append(now)
    return times


@given(st.lists(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1)), max_size=3))
def test_fewer_failures_than_the_maximum_never_lock_whatever_their_timing(deltas):
    state = fail_at(_times([timedelta(0), *deltas]))
    assert state.locked_until is None


@given(
    st.lists(st.timedeltas(min_value=timedelta(0), max_value=WINDOW / 4), min_size=4, max_size=4)
)
def test_the_maximum_number_of_failures_within_one_window_always_locks(deltas):
    times = _times([timedelta(0), *deltas])
    assert times[-1] - times[0] <= WINDOW
    state = fail_at(times)
    assert state.locked_until == times[-1] + LOCK


@given(gaps)
def test_a_lock_only_ever_follows_the_maximum_number_of_failures_within_one_window(deltas):
    times = _times(deltas)
    state = None
    for i, now in enumerate(times):
        state = fail(state, now)
        assert state.window_started_at <= now
        assert now - state.window_started_at <= WINDOW
        if state.locked_until is not None:
            assert state.locked_until == now + LOCK
            # the last MAX_FAILURES failures all fell inside the current window
            assert i + 1 >= MAX_FAILURES
            assert times[i + 1 - MAX_FAILURES] >= state.window_started_at


# Which role acts for which kind of organisation


@pytest.mark.parametrize(
    ("role", "kind", "fits"),
    [
        (Role.UNION_CHAIR, OrgKind.UNION, True),
        (Role.UNION_CHAIR, OrgKind.ENTERPRISE, False),
        (Role.ENTERPRISE_MANAGER, OrgKind.ENTERPRISE, True),
        (Role.ENTERPRISE_MANAGER, OrgKind.UNION, False),
        (Role.FEDERATION_CHAIR, OrgKind.FEDERATION, True),
        (Role.FEDERATION_CHAIR, OrgKind.ASSOCIATION, False),
        (Role.FEDERATION_STAFF, OrgKind.SUPERIOR_UNION, False),
        (Role.ASSOCIATION_REP, OrgKind.ASSOCIATION, True),
        (Role.ASSOCIATION_REP, OrgKind.ENTERPRISE, True),  # a lead enterprise (R15)
        (Role.ASSOCIATION_REP, OrgKind.FEDERATION, False),
        (Role.BUREAU_REVIEWER, OrgKind.BUREAU, True),
        (Role.BUREAU_REVIEWER, OrgKind.FEDERATION, False),
    ],
)
def test_role_fits_its_kind_of_organisation_only(role, kind, fits):
    assert role_fits_organization(role, kind) is fits


@pytest.mark.parametrize("kind", list(OrgKind))
def test_an_administrator_may_sit_in_any_organisation(kind):
    assert role_fits_organization(Role.ADMIN, kind)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_fits_some_kind_of_organisation(role):
    assert any(role_fits_organization(role, kind) for kind in OrgKind)
