"""Forms for logging in, changing a password, and administering accounts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from accounts.labels import ROLE_LABELS
from accounts.models import Role
from form_tokens import form_token_field
from webforms import optional_email_field


class LoginForm(FlaskForm):
    username = StringField(_l("Login name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A CSRF-only form for buttons that act (log out, disable, reset)."""


class LanguageForm(FlaskForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=256)]
    )
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


def _role_choices() -> list[tuple[str, Any]]:
    return [(role.value, ROLE_LABELS[role]) for role in Role]


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=100)])
    email = optional_email_field()
    role = SelectField(_l("Role"), choices=_role_choices, validators=[DataRequired()])


class UserCreateForm(UserEditForm):
    form_token = form_token_field()
    username = StringField(
        _l("Login name"),
        validators=[
            DataRequired(),
            Length(min=3, max=64),
            Regexp(
                r"^[A-Za-z0-9_.\-]+$",
                message=_l("Use letters, digits, dots, dashes and underscores only."),
            ),
        ],
    )
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=256)])
    must_change_password = BooleanField(_l("Must change it at first login"), default=True)
    field_order = ("username", "display_name", "email", "role", "password", "must_change_password")
