"""What accounts announce to packages that keep something tied to an account's password (such as
reminders' secret calendar address) without importing them: blinker signals, connected in app.py."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the user as sender and `session=` the request's session, after the new password is
# flushed (the user's own change or an administrator's reset); receivers flush, never commit.
password_changed = _signals.signal("password-changed")
