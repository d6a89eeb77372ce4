"""Settings from the environment, with safe defaults for a developer's machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one kept in instance/ so sessions survive restarts."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _positive_int(name: str, default: int) -> int:
    """A whole number above zero from the environment; unset or empty means the default."""
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None
    if value <= 0:
        raise SystemExit(f"{name} must be above zero, not {value}")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def defaults() -> dict[str, Any]:
    return {
        "DATABASE_URL": f"sqlite:///{INSTANCE_DIR / 'wagebargain.sqlite3'}",
        "SQL_ECHO": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": LANGUAGES,
        "BOOTSTRAP_SERVE_LOCAL": True,
        "PAGE_SIZE": 25,
        # Failed logins: after LOGIN_MAX_FAILURES within LOGIN_WINDOW_SECONDS the name is locked
        # for LOGIN_LOCK_SECONDS, whether or not an account of that name exists.
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_WINDOW_SECONDS": 15 * 60,
        "LOGIN_LOCK_SECONDS": 15 * 60,
        "MIN_PASSWORD_LENGTH": 10,
        # E-mail for reminders. Without MAIL_HOST, messages go to instance/outbox/ as .eml files.
        "MAIL_HOST": "",
        "MAIL_PORT": 25,
        "MAIL_SECURITY": "none",  # none | starttls | tls
        "MAIL_USERNAME": "",
        "MAIL_PASSWORD": "",
        "MAIL_FROM": "reminders@localhost",
        "MAIL_TIMEOUT": 10,
        "MAIL_OUTBOX": str(INSTANCE_DIR / "outbox"),  # where mails go while MAIL_HOST is unset
        # The address people open the application at: links in reminder e-mails start with it.
        "PUBLIC_URL": "http://127.0.0.1:5000",
    }


def from_environment() -> dict[str, Any]:
    env: dict[str, Any] = {"SECRET_KEY": _secret_key()}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if "SESSION_COOKIE_SECURE" in os.environ:
        env["SESSION_COOKIE_SECURE"] = _bool("SESSION_COOKIE_SECURE", False)
        env["REMEMBER_COOKIE_SECURE"] = env["SESSION_COOKIE_SECURE"]
    if "SQL_ECHO" in os.environ:
        env["SQL_ECHO"] = _bool("SQL_ECHO", False)
    for name in (
        "LOGIN_MAX_FAILURES",
        "LOGIN_WINDOW_SECONDS",
        "LOGIN_LOCK_SECONDS",
        "PAGE_SIZE",
        "MAIL_PORT",
        "MAIL_TIMEOUT",
    ):
        env[name] = _positive_int(name, defaults()[name])
    for name in (
        "MAIL_HOST",
        "MAIL_USERNAME",
        "MAIL_PASSWORD",
        "MAIL_FROM",
        "MAIL_OUTBOX",
        "PUBLIC_URL",
    ):
        if name in os.environ:
            env[name] = os.environ[name]
    if os.environ.get("MAIL_SECURITY"):
        security = os.environ["MAIL_SECURITY"].strip().lower()
        if security not in ("none", "starttls", "tls"):
            raise SystemExit(f"MAIL_SECURITY is none, starttls or tls, not {security!r}")
        env["MAIL_SECURITY"] = security
    return env


def normalise_database_url(url: str) -> str:
    """Accept postgres:// and postgresql:// and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
