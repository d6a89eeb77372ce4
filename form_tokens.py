"""Create forms that a double submit cannot run twice: each form shown carries a random token, and
the row it creates is remembered under that token in the same transaction."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import flash, redirect
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Integer, String, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select
from werkzeug.wrappers import Response
from wtforms import HiddenField
from wtforms.validators import Length, Optional, Regexp

from db import UTCDateTime, utcnow
from errors import DomainError

TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
ALREADY_SENT = _l(
    "This form was sent twice: it was saved once, the first time. Here is what it saved."
)


class FormToken(SQLModel, table=True):
    """A create form's token, the user who sent it and what it created (its type and id)."""

    __tablename__ = "form_token"

    token: str = Field(sa_column=Column(String(64), primary_key=True))
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), index=True),
    )
    object_type: str = Field(sa_column=Column(String(40), nullable=False))
    object_id: int | None = Field(default=None, sa_column=Column(Integer))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


def form_token_field() -> HiddenField:
    """The hidden field a create form carries: a new random token each time it is shown."""
    return HiddenField(
        validators=[Optional(), Length(max=64), Regexp(TOKEN_PATTERN)],
        default=lambda: secrets.token_urlsafe(24),
    )


@dataclass(frozen=True)
class Created:
    """What a create form's post made: the id of the row, and whether an earlier post of the
    same form made it (the caller then shows it with ALREADY_SENT instead of a success)."""

    object_id: int
    earlier: bool = False


def _earlier(session: Session, token: str, user_id: int | None, object_type: str) -> Created:
    row = session.exec(select(FormToken).where(FormToken.token == token)).first()
    if row is None or row.user_id != user_id or row.object_type != object_type:
        raise DomainError(_l("This form cannot be sent again: reload the page."), status=409)
    if row.object_id is None:  # only while the first post's transaction is still running
        raise DomainError(_l("This form is being saved: wait a moment, then reload."), status=409)
    return Created(row.object_id, earlier=True)


def create_once(
    session: Session,
    token: str | None,
    *,
    user_id: int | None,
    object_type: str,
    create: Callable[[], Any],
) -> Created:
    """Run `create` (which returns the row it made, flushed) unless a post of the same form did
    already; then return that one's id. The token is claimed first, so a second post sent
    meanwhile waits (PostgreSQL) or queues (SQLite) for the first and finds its result. A
    refused first post rolls its token back with it, so the corrected form can be sent again.
    Without a token (a caller that is not a form) this just creates."""
    if not token:
        return Created(_id(create()))
    if session.exec(select(FormToken.token).where(FormToken.token == token)).first():
        return _earlier(session, token, user_id, object_type)
    claim = FormToken(token=token, user_id=user_id, object_type=object_type)
    try:
        with session.begin_nested():
            session.add(claim)
            session.flush()
    except IntegrityError:
        return _earlier(session, token, user_id, object_type)
    claim.object_id = _id(create())
    session.flush()
    return Created(claim.object_id)


def _id(row: Any) -> int:
    object_id = row.id
    assert object_id is not None, "create() returns a flushed row"
    return int(object_id)


def already_sent(url: str) -> Response:
    """The answer to a create form sent again: what the first post made, with a note saying so."""
    flash(str(ALREADY_SENT), "info")
    return redirect(url)


# A form is sent within hours of being shown: a token older than this guards nothing any more.
TOKEN_LIFETIME = timedelta(days=7)


def prune(session: Session, *, now: datetime) -> int:
    """Forget the tokens of forms shown longer ago than TOKEN_LIFETIME (the nightly job calls
    this); returns how many went."""
    result = session.execute(
        delete(FormToken).where(col(FormToken.created_at) < now - TOKEN_LIFETIME)
    )
    return int(getattr(result, "rowcount", 0) or 0)
