"""Which language and time zone a request is shown in: Simplified Chinese and CST unless chosen."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import current_app, has_request_context, session
from flask_login import current_user


# zh_CN is the code users and settings name; Babel expands it to zh_Hans_CN, which is why the
# catalogue lives in translations/zh_Hans_CN.
def selected_language() -> str:
    """The chosen language's code (zh_CN or en)."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line speaks the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@cache
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def select_locale() -> Locale:
    """Flask-Babel's selector: the chosen language, parsed once per process, not per request."""
    return _parsed(selected_language())
