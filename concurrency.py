"""Optimistic concurrency for the edit forms of shared records: the version a form was based on,
the check that refuses a stale save (who saved first, when, both values), and each save's stamp."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Integer, String, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel
from wtforms import HiddenField

from db import CHINA, UTCDateTime, table_of, utcnow
from errors import DomainError

# What a form edits, by a key that does not change with the language: each value as plain data
# (a figure as text, a tuple of a line's fields), the same in every language ("" for none).
Values = Mapping[str, Any]


class EditStamp(SQLModel, table=True):
    """The last save of a shared record through its edit form. `version` moves on by one with
    every save, compare-and-set, so two saves based on the same version cannot both pass even
    when they race; who saved and when are what the later editor is shown."""

    __tablename__ = "edit_stamp"

    record_type: str = Field(sa_column=Column(String(40), primary_key=True))
    record_key: str = Field(sa_column=Column(String(80), primary_key=True))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    edited_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"))
    )
    edited_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


@dataclass(frozen=True)
class Record:
    """What one edit form changes as a whole: a record, or a table of rows (a side's offers at a
    session), named by a type and a key."""

    type: str
    key: str


@dataclass(frozen=True)
class Difference:
    """One value the stale form and the stored record disagree on."""

    label: str
    theirs: str
    stored: str


class StaleEdit(DomainError):
    """The form was based on a version someone else has replaced: nothing is saved. It carries
    the version now stored (the form takes it, so that saving again puts the user's values on
    top of it knowingly), the values that differ, and who saved first and when."""

    def __init__(
        self,
        *,
        based_on: str,
        differences: list[Difference],
        edited_by: str | None,
        edited_at: datetime | None,
        unknown_base: bool = False,
    ) -> None:
        when = edited_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if edited_at else None
        if unknown_base:
            message = _l(
                "This form did not say which version it was based on (a page opened before "
                "the last update, or an altered form). Nothing of yours has been saved: compare "
                "the values, then keep the stored ones or save yours over them."
            )
        elif edited_by and when:
            message = _l(
                "%(name)s saved this at %(time)s, after you opened the form. Nothing of yours "
                "has been saved: compare the values, then keep the stored ones or save yours "
                "over them.",
                name=edited_by,
                time=when,
            )
        else:
            message = _l(
                "Someone else saved this after you opened the form. Nothing of yours has been "
                "saved: compare the values, then keep the stored ones or save yours over them."
            )
        super().__init__(message, status=409)
        self.based_on = based_on
        self.differences = differences
        self.edited_by = edited_by
        self.edited_at = edited_at
        self.edited_at_text = when

    def show_on(self, form: Any) -> None:
        """The form shown again with the user's input: based on the version now stored, with
        the comparison for its template (`form.stale_edit`)."""
        form.stale_edit = self
        if "based_on" in form:
            form.based_on.data = self.based_on


# A version as _token writes it; a sent form that names none is based on UNKNOWN_VERSION.
VERSION_PATTERN = re.compile(r"[0-9]{1,12}:[0-9a-f]{20}")
UNKNOWN_VERSION = "unknown"


class BasedOnField(HiddenField):
    """The version a sent edit form was based on. A form sent without one, or with something
    that is no version (a page opened before the forms carried one, an altered form), is based
    on UNKNOWN_VERSION, which no stored version matches: its save is shown the stored values
    first instead of overwriting them unseen."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        sent = valuelist[0] if valuelist else ""
        self.data = sent if VERSION_PATTERN.fullmatch(sent) else UNKNOWN_VERSION


def based_on_field() -> HiddenField:
    """The hidden field an edit form carries: the version of the record it was based on."""
    return BasedOnField()


def show_version(form: Any, version: Callable[[], str]) -> None:
    """A form shown for the first time is based on the stored version (`version` works it out);
    a sent one keeps the version it was based on."""
    if not form.is_submitted():
        form.based_on.data = version()


def _token(version: int, values: Values) -> str:
    text = json.dumps(dict(values), sort_keys=True, ensure_ascii=False, default=str)
    return f"{version}:{hashlib.sha256(text.encode()).hexdigest()[:20]}"


def _stamp(session: Session, record: Record) -> EditStamp | None:
    return session.get(EditStamp, (record.type, record.key), populate_existing=True)


def version_of(session: Session, record: Record, stored: Values) -> str:
    """The version of the record a form shows: its save counter and its values (so a change made
    outside the forms, which moves no counter, makes the form stale too)."""
    stamp = _stamp(session, record)
    return _token(stamp.version if stamp else 0, stored)


def _editor_name(session: Session, stamp: EditStamp | None) -> str | None:
    if stamp is None or stamp.edited_by_id is None:
        return None
    users = SQLModel.metadata.tables["user"]  # the accounts table, named without importing it
    return session.execute(
        select(users.c.display_name).where(users.c.id == stamp.edited_by_id)
    ).scalar_one_or_none()


def _stale(
    session: Session,
    record: Record,
    stored: Values,
    theirs: Values,
    labels: Mapping[str, Any],
    show: Callable[[Any], str],
    *,
    unknown_base: bool = False,
) -> StaleEdit:
    stamp = _stamp(session, record)
    differences = [
        Difference(str(labels.get(key, key)), show(theirs.get(key, "")), show(stored.get(key, "")))
        for key in dict.fromkeys([*labels, *stored, *theirs])
        if theirs.get(key, "") != stored.get(key, "")
    ]
    return StaleEdit(
        based_on=_token(stamp.version if stamp else 0, stored),
        differences=differences,
        edited_by=_editor_name(session, stamp),
        edited_at=stamp.edited_at if stamp else None,
        unknown_base=unknown_base,
    )


def _move_on(session: Session, record: Record, seen: int, actor_id: int | None) -> bool:
    """Compare-and-set: the version moves from `seen` to the next, or another save got there
    first (on PostgreSQL this waits for that save's transaction, then finds the version moved)."""
    if seen == 0:
        try:
            with session.begin_nested():
                session.add(
                    EditStamp(
                        record_type=record.type,
                        record_key=record.key,
                        version=1,
                        edited_by_id=actor_id,
                        edited_at=utcnow(),
                    )
                )
                session.flush()
        except IntegrityError:
            return False
        return True
    table = table_of(EditStamp)
    result: Any = session.execute(
        update(table)
        .where(
            table.c.record_type == record.type,
            table.c.record_key == record.key,
            table.c.version == seen,
        )
        .values(version=seen + 1, edited_by_id=actor_id, edited_at=utcnow())
    )
    return bool(result.rowcount == 1)


def claim_edit(
    session: Session,
    record: Record,
    based_on: str | None,
    *,
    stored: Callable[[], Values],
    theirs: Values,
    labels: Mapping[str, Any],
    actor_id: int | None,
    show: Callable[[Any], str] = str,
) -> None:
    """Refuse a save whose form was based on another version than the one stored (StaleEdit,
    409, with `theirs` and the stored values side by side, each as `show` words it); otherwise
    stamp the save as this actor's, now. Call it before changing anything. Without `based_on`
    (a caller that is not a form) only the stamp is written; a form's is never empty
    (BasedOnField)."""
    stamp = _stamp(session, record)  # the counter first, then the values: see _move_on
    seen = stamp.version if stamp else 0
    if based_on and based_on != _token(seen, stored()):
        unknown = based_on == UNKNOWN_VERSION
        raise _stale(session, record, stored(), theirs, labels, show, unknown_base=unknown)
    if not _move_on(session, record, seen, actor_id):
        session.expire_all()  # read what the save that got there first committed
        raise _stale(session, record, stored(), theirs, labels, show)


def shown(value: Any) -> str:
    """A stored or entered value as a form shows it: a figure without trailing zeros, a date in
    ISO form, a choice by its value, nothing as blank."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value).strip()


def record_values(record: Any, names: Iterable[str]) -> dict[str, str]:
    """A record's values under its form's field names (the fields named as its attributes)."""
    return {name: shown(getattr(record, name)) for name in names}


def claim_form(
    session: Session,
    record: Record,
    form: Any,
    *,
    stored: Callable[[], Values],
    actor_id: int | None,
) -> None:
    """claim_edit for a form whose fields are named as the stored values: the user's values are
    the form's data and the labels its fields' labels."""
    names = list(stored())
    claim_edit(
        session,
        record,
        form.based_on.data,
        stored=stored,
        theirs={name: shown(form[name].data) for name in names},
        labels={name: form[name].label.text for name in names},
        actor_id=actor_id,
    )
