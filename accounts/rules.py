"""Pure account rules: password policy, the failed-login lock, which role fits which org."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import ROLE_ORG_KINDS, Role
from organizations.models import OrgKind


def role_fits_organization(role: Role, kind: OrgKind) -> bool:
    return kind in ROLE_ORG_KINDS[role]


def password_is_strong_enough(password: str, min_length: int) -> bool:
    """Long enough, and not one repeated character or only digits."""
    return len(password) >= min_length and len(set(password)) > 3 and not password.isdigit()


@dataclass(frozen=True)
class ThrottleState:
    failures: int
    window_started_at: datetime
    locked_until: datetime | None


def is_locked(state: ThrottleState | None, now: datetime) -> bool:
    return state is not None and state.locked_until is not None and now < state.locked_until


def after_failure(
    state: ThrottleState | None,
    now: datetime,
    *,
    max_failures: int,
    window: timedelta,
    lock: timedelta,
) -> ThrottleState:
    """Count one more failure; the max_failures-th within the window locks the name for `lock`."""
    if (
        state is None
        or now - state.window_started_at > window
        or (state.locked_until is not None and now >= state.locked_until)
    ):
        state = ThrottleState(failures=0, window_started_at=now, locked_until=None)
    failures = state.failures + 1
    locked_until = now + lock if failures >= max_failures else None
    return ThrottleState(failures, state.window_started_at, locked_until)
