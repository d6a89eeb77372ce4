"""Writing the audit trail, and reading it back as a history in the reader's language.

Packages name their actions once (`register_actions`), with words that may use the row's
`details`; a status change's words come from the status labels the status machine registers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import column, select, table
from sqlmodel import Session, col

from audit.models import AuditEntry
from db import CHINA, keep_despite_refusal
from pagination import Page, paginate


class Actor(Protocol):
    """Whoever acts: the acting-user type (organizations.permissions.Viewer) fits."""

    @property
    def user_id(self) -> int: ...

    @property
    def org_id(self) -> int: ...


STATUS_CHANGED = "status_changed"
WRITE_REFUSED = "write_refused"

# What each action is called, by code; the words may name %(…)s figures of the row's details.
_ACTIONS: dict[str, Any] = {
    STATUS_CHANGED: _l("Status changed"),
    WRITE_REFUSED: _l("A change was refused: %(what)s"),
}
# Each subject type's status words, for "drafting → agreed".
_STATUS_LABELS: dict[str, Mapping[str, Any]] = {}
_SUBJECT_LABELS: dict[str, Any] = {}
# Names for the filter where an action's words need its row to be told apart: code → words.
_ACTION_NAMES: dict[str, Any] = {}
# A figure the words of an action take from its row (%(login)s), which a list of actions lacks.
_FIGURE = re.compile(r"%\((\w+)\)s")
# Details stored as codes (a role), shown in the reader's words: detail key → code → words.
_DETAIL_WORDS: dict[str, Mapping[str, Any]] = {}


def register_actions(actions: Mapping[str, Any]) -> None:
    """A package names its actions (code → translatable words) once, at import."""
    _ACTIONS.update(actions)


def register_action_names(names: Mapping[str, Any]) -> None:
    """How a list of actions (the trail's filter) names an action whose words alone would not
    tell it from another's (three kinds of download all read 'Downloaded %(what)s')."""
    _ACTION_NAMES.update(names)


def register_detail_words(key: str, words: Mapping[str, Any]) -> None:
    """A detail stored as a code (e.g. `role`), shown through these translatable words: a row
    reads in its reader's language, not in the language of whoever acted."""
    _DETAIL_WORDS[key] = {str(code): label for code, label in words.items()}


def register_subject(
    subject_type: str, label: Any, statuses: Mapping[str, Any] | None = None
) -> None:
    """What a subject type is called, and the words of its statuses (from the status machine)."""
    _SUBJECT_LABELS[subject_type] = label
    if statuses:
        _STATUS_LABELS[subject_type] = dict(statuses)


def subject_label(subject_type: str) -> str:
    label = _SUBJECT_LABELS.get(subject_type)
    return str(label) if label is not None else subject_type


def action_codes() -> list[str]:
    return sorted(_ACTIONS)


def action_label(code: str) -> str:
    """An action's name in a list of actions (the trail's filter): its registered name if it has
    one, and the figures only a row knows (a login name, a version's number) read '…', never as
    their %(…)s placeholders."""
    label = _ACTION_NAMES.get(code, _ACTIONS.get(code))
    return _FIGURE.sub("…", str(label)) if label is not None else code


def subject_of(obj: Any) -> tuple[str, int | None]:
    """A record's subject type (its table's name) and id."""
    return obj.__tablename__, obj.id


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    subject: Any,
    part: Any = None,
    before: str | None = None,
    after: str | None = None,
    reason: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Append one row (flushed with the rest of the change, so it stands or falls with it).
    `subject` is the record whose history shows the row; `part` the exact record acted on."""
    if action not in _ACTIONS:
        raise KeyError(f"audit action {action!r} is not registered")
    subject_type, subject_id = subject_of(subject) if not isinstance(subject, tuple) else subject
    part_type, part_id = (None, None) if part is None else subject_of(part)
    entry = AuditEntry(
        actor_id=actor.user_id if actor is not None else None,
        organization_id=actor.org_id if actor is not None else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        object_type=part_type,
        object_id=part_id,
        before=before,
        after=after,
        reason=reason,
        details={key: _plain(value) for key, value in details.items()},
    )
    session.add(entry)
    return entry


def record_refusal(actor: Actor | None, subject: Any, what: str) -> None:
    """A write refused for want of permission: recorded even though the request rolls back."""
    subject_key = subject_of(subject) if not isinstance(subject, tuple) else subject

    def write(session: Session) -> None:
        record(session, actor=actor, action=WRITE_REFUSED, subject=subject_key, what=what)

    keep_despite_refusal(write)


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


# --- reading ------------------------------------------------------------------------------------

_users = table("user", column("id"), column("display_name"), column("username"))
_orgs = table("organization", column("id"), column("name"))


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str | None
    organization: str | None
    action: str
    subject_type: str
    subject_id: int | None
    before: str | None
    after: str | None
    reason: str | None
    details: dict[str, Any]

    @property
    def local_time(self) -> str:
        return self.at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")

    @property
    def words(self) -> str:
        """What happened, in the reader's language."""
        if self.action == STATUS_CHANGED:
            labels = _STATUS_LABELS.get(self.subject_type, {})
            before = labels.get(self.before or "", self.before or "—")
            after = labels.get(self.after or "", self.after or "—")
            return str(_l("Status: %(before)s → %(after)s", before=before, after=after))
        label = _ACTIONS.get(self.action)
        if label is None:
            return self.action
        figures = {
            key: _DETAIL_WORDS[key].get(str(value), value) if key in _DETAIL_WORDS else value
            for key, value in self.details.items()
        }
        try:
            return str(label) % figures if "%(" in str(label) else str(label)
        except (KeyError, TypeError, ValueError):
            return str(label)

    @property
    def subject_label(self) -> str:
        return f"{subject_label(self.subject_type)} {self.subject_id or ''}".strip()


@dataclass(frozen=True)
class AuditFilter:
    organization_id: int | None = None
    actor_id: int | None = None
    organization: str | None = None  # words of the actor's organisation's name
    person: str | None = None  # words of the actor's name or login name
    action: str | None = None
    since: date | None = None
    until: date | None = None
    subject_type: str | None = None
    subject_id: int | None = None


def _statement(criteria: AuditFilter) -> Any:
    stmt = (
        select(AuditEntry, _users.c.display_name, _orgs.c.name)
        .outerjoin(_users, _users.c.id == AuditEntry.actor_id)
        .outerjoin(_orgs, _orgs.c.id == AuditEntry.organization_id)
        .order_by(col(AuditEntry.id).desc())
    )
    if criteria.subject_type is not None:
        stmt = stmt.where(col(AuditEntry.subject_type) == criteria.subject_type)
        stmt = stmt.where(col(AuditEntry.subject_id) == criteria.subject_id)
    if criteria.organization_id is not None:
        stmt = stmt.where(col(AuditEntry.organization_id) == criteria.organization_id)
    if criteria.actor_id is not None:
        stmt = stmt.where(col(AuditEntry.actor_id) == criteria.actor_id)
    if criteria.organization:
        pattern = f"%{_escaped(criteria.organization)}%"
        names = select(_orgs.c.id).where(_orgs.c.name.like(pattern, escape="\\"))
        stmt = stmt.where(col(AuditEntry.organization_id).in_(names))
    if criteria.person:
        pattern = f"%{_escaped(criteria.person)}%"
        people = select(_users.c.id).where(
            _users.c.display_name.like(pattern, escape="\\")
            | _users.c.username.like(pattern, escape="\\")
        )
        stmt = stmt.where(col(AuditEntry.actor_id).in_(people))
    if criteria.action:
        stmt = stmt.where(col(AuditEntry.action) == criteria.action)
    start = _midnight(criteria.since, 0)
    if start is not None:
        stmt = stmt.where(col(AuditEntry.at) >= start)
    end = _midnight(criteria.until, 1)
    if end is not None:
        stmt = stmt.where(col(AuditEntry.at) < end)
    return stmt


def _midnight(day: date | None, days_after: int) -> datetime | None:
    """Midnight in China that begins the day `days_after` the given one, in UTC; None (no bound)
    without a day or when that time is out of datetime's range (a filter from 0001-01-01 or to
    9999-12-31 bounds nothing)."""
    if day is None:
        return None
    try:
        local = datetime.combine(day + timedelta(days=days_after), time.min, tzinfo=CHINA)
        return local.astimezone(UTC)
    except OverflowError:
        return None


def _escaped(words: str) -> str:
    return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def history(session: Session, criteria: AuditFilter, *, page: int, per_page: int) -> Page:
    """A page of rows matching `criteria`, newest first, as HistoryRow."""
    found = paginate(session, _statement(criteria), page=page, per_page=per_page)
    rows = [
        HistoryRow(
            at=entry.at,
            actor=actor,
            organization=organization,
            action=entry.action,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            before=entry.before,
            after=entry.after,
            reason=entry.reason,
            details=dict(entry.details or {}),
        )
        for entry, actor, organization in found.items
    ]
    return Page(items=rows, page=found.page, per_page=found.per_page, has_next=found.has_next)


def subject_history(session: Session, subject: Any, *, page: int = 1, per_page: int = 50) -> Page:
    subject_type, subject_id = subject_of(subject)
    criteria = AuditFilter(subject_type=subject_type, subject_id=subject_id)
    return history(session, criteria, page=page, per_page=per_page)
