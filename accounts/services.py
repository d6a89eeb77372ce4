"""Account use cases: log in with the throttle, create, edit, disable and reset accounts."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from accounts import rules
from accounts.labels import (
    ACCOUNT_CHANGED,
    ACCOUNT_CREATED,
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    PASSWORD_CHANGED,
    PASSWORD_RESET,
)
from accounts.models import LoginThrottle, Role, User, is_admin_role, new_session_nonce
from accounts.passwords import hash_password, verify_password
from accounts.permissions import require_admin
from accounts.signals import password_changed
from audit import trail
from db import save_or_refuse
from errors import DomainError
from organizations.models import Organization
from pagination import Page, paginate


@dataclass(frozen=True)
class ThrottleSettings:
    max_failures: int
    window: timedelta
    lock: timedelta


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    locked_until: datetime | None = None
    # The guess was checked and the failure counted (a write that must stand); False when the
    # name was locked already and nothing was checked or written.
    counted: bool = False


TAKEN = _l("This login name is taken.")


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _name_key(username: str) -> str:
    return hashlib.sha256(normalise_username(username).encode()).hexdigest()


def _throttle_row_for_update(session: Session, name_key: str, now: datetime) -> LoginThrottle:
    """The name's throttle row, created when missing and locked until the transaction ends: two
    attempts on one name, in parallel, are counted one after the other."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(LoginThrottle)
        .values(name_key=name_key, failures=0, window_started_at=now)
        .on_conflict_do_nothing(index_elements=["name_key"])
    )
    return session.exec(
        select(LoginThrottle)
        .where(LoginThrottle.name_key == name_key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def authenticate(
    session: Session, username: str, password: str, *, now: datetime, throttle: ThrottleSettings
) -> LoginOutcome:
    """Check a login. Unknown names and wrong passwords are counted and answered alike."""
    row = _throttle_row_for_update(session, _name_key(username), now)
    state = rules.ThrottleState(row.failures, row.window_started_at, row.locked_until)
    if rules.is_locked(state, now):
        assert state.locked_until is not None
        return LoginOutcome(None, locked_until=state.locked_until)

    user = session.exec(select(User).where(User.username == normalise_username(username))).first()
    if verify_password(user.password_hash if user else None, password) and user and user.active:
        session.delete(row)
        user.last_login_at = now
        session.flush()
        return LoginOutcome(user)

    new_state = rules.after_failure(
        state, now, max_failures=throttle.max_failures, window=throttle.window, lock=throttle.lock
    )
    row.failures = new_state.failures
    row.window_started_at = new_state.window_started_at
    row.locked_until = new_state.locked_until
    session.flush()
    return LoginOutcome(None, locked_until=new_state.locked_until, counted=True)


def _check_password(password: str, min_length: int, field: str = "password") -> None:
    if not rules.password_is_strong_enough(password, min_length):
        raise DomainError(
            _l(
                "Use at least %(n)s characters, not only digits and not one character repeated.",
                n=min_length,
            ),
            field=field,
        )


def _check_role(session: Session, role: Role, organization_id: int) -> Organization:
    org = session.get(Organization, organization_id)
    if org is None:
        raise DomainError(_l("Choose an existing organisation."), field="organization_id")
    if not rules.role_fits_organization(role, org.kind):
        raise DomainError(_l("This role cannot act for this kind of organisation."), field="role")
    return org


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    role: Role,
    organization_id: int,
    email: str | None = None,
    must_change_password: bool = True,
    min_password_length: int,
    actor: User | None,
) -> User:
    """Create an account. `actor` is None only for the command line, which runs as the operator."""
    if actor is not None:
        require_admin(actor)
    name = normalise_username(username)
    if session.exec(select(User.id).where(User.username == name)).first() is not None:
        raise DomainError(TAKEN, field="username")
    _check_password(password, min_password_length)
    _check_role(session, role, organization_id)
    user = User(
        username=name,
        display_name=display_name.strip(),
        email=email or None,
        password_hash=hash_password(password),
        role=role,
        organization_id=organization_id,
        must_change_password=must_change_password,
    )
    save_or_refuse(session, DomainError(TAKEN, field="username", status=409), user)
    trail.record(
        session, actor=actor, action=ACCOUNT_CREATED, subject=user, role=role.value, login=name
    )
    return user


def update_user(
    session: Session,
    user: User,
    *,
    display_name: str,
    email: str | None,
    role: Role,
    actor: User,
) -> User:
    require_admin(actor)
    _check_role(session, role, user.organization_id)
    if user.id == actor.id and not is_admin_role(role):
        raise DomainError(_l("You cannot take the administrator role from yourself."), field="role")
    before = user.role
    user.display_name = display_name.strip()
    user.email = email or None
    user.role = role
    session.flush()
    trail.record(
        session,
        actor=actor,
        action=ACCOUNT_CHANGED,
        subject=user,
        before=before.value,
        after=role.value,
        role=role.value,
    )
    return user


def set_active(session: Session, user: User, active: bool, *, actor: User | None) -> User:
    """Enable or disable an account; either way its open sessions end. `actor` None is the
    operator at the command line."""
    if actor is not None:
        require_admin(actor)
    if actor is not None and user.id == actor.id and not active:
        raise DomainError(_l("You cannot disable your own account."))
    user.active = active
    user.session_nonce = new_session_nonce()  # ends the user's open sessions
    session.flush()
    trail.record(
        session, actor=actor, action=ACCOUNT_ENABLED if active else ACCOUNT_DISABLED, subject=user
    )
    return user


def reset_password(session: Session, user: User, *, actor: User) -> str:
    """Give the account a temporary password, shown once to the admin, to change at next login."""
    require_admin(actor)
    temporary = secrets.token_urlsafe(9)
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.session_nonce = new_session_nonce()
    session.execute(
        delete(LoginThrottle).where(col(LoginThrottle.name_key) == _name_key(user.username))
    )
    session.flush()
    trail.record(session, actor=actor, action=PASSWORD_RESET, subject=user)
    password_changed.send(user, session=session)
    return temporary


def change_own_password(
    session: Session, user: User, *, current: str, new: str, min_password_length: int
) -> User:
    if not verify_password(user.password_hash, current):
        raise DomainError(_l("The current password is not right."), field="current_password")
    if current == new:
        raise DomainError(_l("Choose a password different from the current one."), field="password")
    _check_password(new, min_password_length)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_nonce = new_session_nonce()
    session.flush()
    trail.record(session, actor=user, action=PASSWORD_CHANGED, subject=user)
    password_changed.send(user, session=session)
    return user


def end_sessions(session: Session, user: User) -> None:
    """Log the account out everywhere: the cookies carry the old nonce, which no longer loads."""
    user.session_nonce = new_session_nonce()
    session.flush()


def set_language(session: Session, user: User, language: str) -> None:
    user.language = language
    session.flush()


def search_users(session: Session, *, query: str, page: int, per_page: int, actor: User) -> Page:
    require_admin(actor)
    stmt = select(User, Organization).join(
        Organization, col(Organization.id) == User.organization_id
    )
    if query:
        stmt = stmt.where(
            or_(
                col(User.username).icontains(query, autoescape=True),
                col(User.display_name).icontains(query, autoescape=True),
                col(Organization.name).icontains(query, autoescape=True),
            )
        )
    stmt = stmt.order_by(func.lower(User.username))
    return paginate(session, stmt, page=page, per_page=per_page)


def users_of(session: Session, organization_id: int) -> list[User]:
    return list(
        session.exec(
            select(User).where(User.organization_id == organization_id).order_by(User.username)
        )
    )
