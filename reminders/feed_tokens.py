"""The calendar feed's secret address: made from PUBLIC_URL (never from the request's Host
header), replaced when its owner's password changes, and masked in every access log."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlmodel import Session

from accounts.models import User
from reminders.models import ReminderPreference

# A token is URL-safe base64 (letters, digits, - and _): everything after /calendar/ up to the
# .ics, a slash, a query or the end of the logged line is masked, a real token or not.
_FEED_PATH = re.compile(r"(/calendar/)[^/\s?#\"'.]+")
MASK = "***"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def mask_feed_token(text: str) -> str:
    """A request line, path or URL with any calendar feed token in it masked, for a log:
    'GET /calendar/Xy…9.ics HTTP/1.1' → 'GET /calendar/***.ics HTTP/1.1'. Gunicorn's access log
    uses it (gunicorn.conf.py's MaskingLogger), werkzeug's through FeedTokenFilter."""
    return _FEED_PATH.sub(rf"\g<1>{MASK}", text)


class FeedTokenFilter(logging.Filter):
    """Masks feed tokens in a log record's message (werkzeug logs each request's line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_feed_token(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_tokens_in_request_log() -> None:
    """Put the filter on werkzeug's logger (the development server's request log), once."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, FeedTokenFilter) for f in logger.filters):
        logger.addFilter(FeedTokenFilter())


# --- the public address ---------------------------------------------------------------------------


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute address of this application as PUBLIC_URL names it, whichever Host header
    the request came with (a calendar subscribed through a forged host would call that host)."""
    base = urlsplit(str(current_app.config["PUBLIC_URL"]))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


# --- a new password, a new address ----------------------------------------------------------------


def replace_feed_token(user: User, *, session: Session, **_extra: Any) -> None:
    """accounts.signals.password_changed: a calendar address made before the password changed
    (someone who knew the password may have copied it) stops working; the owner finds the new
    one in their reminder settings. An account without an address gets none."""
    preference = session.get(ReminderPreference, user.id)
    if preference is None or not preference.calendar_token:
        return
    preference.calendar_token = new_token()
    session.add(preference)
    session.flush()
