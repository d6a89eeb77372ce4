"""How views answer a user's mistake: the message beside its field, the input kept, a 4xx status."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
)
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as flask_wtf_translations
from markupsafe import Markup, escape
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.wrappers import Response
from wtforms import EmailField, Field, Form, StringField, TextAreaField
from wtforms import widgets as wtforms_widgets
from wtforms.meta import DefaultMeta
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import core as widgets_core

from concurrency import StaleEdit
from db import undo_refused_writes
from errors import DomainError
from single_line import has_control_characters

MAX_RECORD_ID = 2**31 - 1  # PostgreSQL's INTEGER


def record_id(raw: str) -> int:
    """A record id from a query argument (for `request.args.get(..., type=record_id)`): ASCII
    digits only (int() also reads "１２", " 12" and "1_2")."""
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(raw)
    value = int(raw)
    if not 0 < value <= MAX_RECORD_ID:
        raise ValueError(raw)
    return value


# What a view returns: a redirect, a page, or a page with its status.
ViewResult = Response | str | tuple[str, int]


def attach_error(form: FlaskForm, error: DomainError) -> None:
    """Put the error beside its field, or at the top of the form when it names none."""
    if isinstance(error, StaleEdit):  # the comparison, and the version now stored
        error.show_on(form)
    # A form may show a service's field under a name of its own (a standard's "items" beside
    # the workbook they came from); an error with several problems lists them one by one.
    name = getattr(form, "error_fields", {}).get(error.field, error.field)
    field = getattr(form, name, None) if name else None
    messages = list(getattr(error, "problems", None) or [error.message])
    if field is not None:
        field.errors = [*list(field.errors or []), *messages]
    else:
        form.form_errors.extend(messages)


def form_status(form: FlaskForm) -> int:
    """200 for a form shown for the first time, 400 (or 422) for one sent back with errors."""
    return 400 if form.is_submitted() else 200


def refusal_status(form: FlaskForm, error: DomainError | None) -> int:
    """The status of a form shown (again), with `error` put beside its field; a 403 or 404 is
    its error page instead."""
    if error is None:
        return form_status(form)
    if error.status in (403, 404):
        abort(error.status)
    attach_error(form, error)
    return error.status


def render_invalid(
    template: str, form: FlaskForm, error: DomainError | None = None, /, **context: Any
) -> tuple[str, int]:
    status = refusal_status(form, error)
    return render_template(template, form=form, **context), status


def submitted(
    form: FlaskForm,
    page: str | Callable[[], str],
    action: Callable[[], ViewResult],
    **context: Any,
) -> ViewResult:
    """A form's round trip, the one place a user's mistake is answered: a form not sent or not
    valid is shown (again); a valid one runs `action` (one service call, flash, redirect), and a
    DomainError it raises shows the form again with the message beside its field, the input kept
    and the error's 4xx status (403 and 404 become their error pages). What the action flushed
    before it was refused is undone first, so the page shows what is stored; the request's
    refusal status makes finish_unit_of_work roll back in any case.

    `page` is the form's template (given `form` and `context`), or a function that renders the
    page the form sits in (a record's page with a form of its own)."""
    error: DomainError | None = None
    if form.validate_on_submit():
        try:
            return action()
        except DomainError as refusal:
            undo_refused_writes()
            error = refusal
    if isinstance(page, str):
        return render_invalid(page, form, error, **context)
    status = refusal_status(form, error)
    return page(), status


def flash_error(error: DomainError) -> None:
    flash(str(error.message), "danger")


def refused_action(error: DomainError, target: str) -> Response:
    """An action button's refusal (it has no form to show again): what it flushed is undone, its
    message flashed, and the user sent back to `target`; a 403 or 404 is its error page."""
    undo_refused_writes()
    if error.status in (403, 404):
        abort(error.status)
    flash_error(error)
    return redirect(target)


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:  # browsers read a backslash as a slash: "/\evil.example" leaves the site
        return None
    return target


def optional_email_field() -> EmailField:
    """An optional e-mail address, checked for its form (not for its mail server)."""
    return EmailField(
        _l("E-mail"),
        validators=[
            Optional(),
            Length(max=254),
            Email(
                message=_l("Enter an e-mail address such as name@example.cn."),
                check_deliverability=False,
            ),
        ],
    )


# --- a phone number ----------------------------------------------------------------------------

PHONE_ONLY = _l(
    "Enter a phone number: 7 to 15 digits, spaced with blanks, hyphens or brackets if you like "
    "(138 0013 8000, (020) 8300-1234), and an extension after 转."
)


def is_phone_number(text: str) -> bool:
    """Digits as people write a phone number (full-width ones too), 7 to 15 of them, perhaps an
    extension after 转: never NaN, inf or words with a few digits among them."""
    number, extended, extension = unicodedata.normalize("NFKC", text).strip().partition("转")
    if extended and not re.fullmatch(r" *[0-9]{1,6}", extension):
        return False
    if not re.fullmatch(r"\+?[0-9 ()\-]+", number.strip()):
        return False
    return 7 <= sum(ch.isdigit() for ch in number) <= 15


def refuse_non_phone(_form: Form, field: Field) -> None:
    if field.data and not is_phone_number(field.data):
        raise ValidationError(PHONE_ONLY)


def phone_field(*, required: bool = False) -> StringField:
    """A phone number, checked for its form (one check for every form that asks for one)."""
    presence = DataRequired() if required else Optional()
    return StringField(_l("Phone"), validators=[presence, Length(max=30), refuse_non_phone])


# --- one line of text ----------------------------------------------------------------------------

SINGLE_LINE_ONLY = _l("One line of text: remove line breaks, tabs and other control characters.")


def is_single_line(field: Field) -> bool:
    """A one-line text box (a name, a title, an e-mail, a password); a text area may break lines."""
    return isinstance(field, StringField) and not isinstance(field, TextAreaField)


def refuse_control_characters(_form: Form, field: Field) -> None:
    """A validator: what was typed into a one-line field holds no control character (a title
    with a line break would end up in an e-mail header or a calendar line)."""
    if any(isinstance(raw, str) and has_control_characters(raw) for raw in field.raw_data or ()):
        raise ValidationError(SINGLE_LINE_ONLY)


_bind_field_plainly = DefaultMeta.bind_field


def _bind_field_checking_single_lines(
    meta: DefaultMeta, form: Form, unbound_field: Any, options: dict[str, Any]
) -> Field:
    field = _bind_field_plainly(meta, form, unbound_field, options)
    # Every field: refused when a character was taken out of it at the request's edge.
    field.validators = [refuse_unstorable_input, *field.validators]
    if is_single_line(field):
        field.validators = [*field.validators, refuse_control_characters]
    return field


def guard_single_line_fields() -> None:
    """Give every one-line field of every form (Flask-WTF's and plain WTForms' row forms, now
    and later) the control-character check, where WTForms binds each field to its form: no form
    can leave it out. Called once by the application factory; calling it again changes nothing."""
    DefaultMeta.bind_field = _bind_field_checking_single_lines


# --- a character no database stores ------------------------------------------------------------

UNSTORABLE = _l(
    "This held a character that cannot be stored, which has been taken out. Check what is left "
    "and send the form again."
)
NUL = "\x00"


def take_out_unstorable_characters() -> None:
    """Before each request: NUL, which PostgreSQL cannot store and nobody types, is taken out of
    the form's fields and the fields that held it are noted, so that the form is shown again
    with the message beside each of them and the rest of the input kept (a 400). In an address
    or a search it is a 400 page."""
    if any(NUL in value for value in request.args.values()):
        abort(400)
    sent = request.form
    held = {name for name, value in sent.items(multi=True) if NUL in value}
    if not held:
        return
    cleaned = [(name, value.replace(NUL, "")) for name, value in sent.items(multi=True)]
    real_request = request._get_current_object()  # type: ignore[attr-defined]
    real_request.form = ImmutableMultiDict(cleaned)
    real_request.__dict__.pop("values", None)  # form and query together, read from the form
    g.unstorable_fields = held


def refuse_unstorable_input(_form: Form, field: Field) -> None:
    """A validator first in every field's chain: the field held a character that was taken out
    (even an optional field left empty by it is refused, not saved empty)."""
    if has_request_context() and field.name in g.get("unstorable_fields", ()):
        raise StopValidation(UNSTORABLE)


# --- drawing a field's attributes ---------------------------------------------------------------


def quick_html_params(**kwargs: Any) -> Markup:
    """WTForms' html_params, the same markup: sorted, True alone, False left out, every key and
    value escaped and a quote in a Markup value written &quot;. WTForms formats each attribute
    through Markup.format, a fifth of the time of a page with a small form."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = widgets_core.clean_key(key)
        if value is True:
            params.append(str(escape(key)))
        elif value is not False:
            params.append(f'{escape(key)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))


def draw_attributes_quickly() -> None:
    """Every widget draws its attributes with quick_html_params. Called once by the
    application factory; calling it again changes nothing."""
    widgets_core.html_params = quick_html_params
    wtforms_widgets.html_params = quick_html_params
    widgets_core.Input.html_params = staticmethod(quick_html_params)
    widgets_core.Button.html_params = staticmethod(quick_html_params)


# --- WTForms' own messages in the page's language ----------------------------------------------

_translations_plainly = DefaultMeta.get_translations


def _translations_of_the_request(meta: DefaultMeta, form: Form) -> Any:
    if has_request_context() and current_app.config.get("WTF_I18N_ENABLED", True):
        return flask_wtf_translations  # WTForms' catalogue in the request's locale (zh → zh)
    return _translations_plainly(meta, form)


def speak_the_request_language() -> None:
    """WTForms' built-in messages ("Not a valid choice.", "Field cannot be longer than …") in
    the page's language for every form: Flask-WTF's forms have them, but a plain WTForms form
    (the rows of a table inside one) spoke English. Called by the application factory; calling
    it again changes nothing."""
    DefaultMeta.get_translations = _translations_of_the_request
