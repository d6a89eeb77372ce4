"""WTForms' own messages (too long, not a valid choice, required, not a number…) read in the
page's language, in the forms of Flask-WTF and in the plain WTForms rows inside them."""

from __future__ import annotations

import pytest
from flask import Flask, session
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, EmailField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from bargaining.forms import ItemsForm

SENT = {
    "name": "太长的名字",
    "pick": "bogus",
    "needed": "",
    "mail": "not-an-address",
    "count": "three",
    "amount": "a lot",
    "day": "someday",
}
CHINESE = {
    "name": "字段长度不能超过 3 个字符。",
    "pick": "不是有效的选择。",
    "needed": "该字段是必填字段。",
    "mail": "无效的 Email 地址。",
    "count": "不是有效的整数。",
    "amount": "不是有效的小数。",
    "day": "不是有效的日期值。",
}
ENGLISH = {
    "name": "Field cannot be longer than 3 characters.",
    "pick": "Not a valid choice.",
    "needed": "This field is required.",
    "mail": "Invalid email address.",
    "count": "Not a valid integer value.",
    "amount": "Not a valid decimal value.",
    "day": "Not a valid date value.",
}


class EveryKind(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(validators=[Length(max=3)])
    pick = SelectField(choices=[SelectChoice("a", "A")])
    needed = StringField(validators=[DataRequired()])
    mail = EmailField(validators=[Email(check_deliverability=False)])
    count = IntegerField()
    amount = DecimalField()
    day = DateField()


def errors_of(app: Flask, form_class: type[FlaskForm], data: dict[str, str], lang: str | None):
    with app.test_request_context(method="POST", data=data):
        if lang:
            session["lang"] = lang
        form = form_class()
        assert not form.validate()
        return form.errors


@pytest.mark.parametrize(("lang", "expected"), [(None, CHINESE), ("en", ENGLISH)])
def test_wtforms_messages_in_the_pages_language(app, lang, expected):
    errors = errors_of(app, EveryKind, SENT, lang)
    assert {name: messages[0] for name, messages in errors.items()} == expected


@pytest.mark.parametrize(
    ("lang", "too_long", "bad_choice"),
    [
        (None, "字段长度不能超过 50 个字符。", "不是有效的选择。"),
        ("en", "Field cannot be longer than 50 characters.", "Not a valid choice."),
    ],
)
def test_the_rows_of_a_table_speak_the_pages_language_too(app, lang, too_long, bad_choice):
    """An item row is a plain WTForms form inside Flask-WTF's: it spoke English."""
    data = {"rows-0-kind": "no_such_item", "rows-0-job_category": "岗" * 51, "rows-0-unit": "元"}
    (row,) = errors_of(app, ItemsForm, data, lang)["rows"]
    assert row["job_category"] == [too_long]
    assert row["kind"] == [bad_choice]
