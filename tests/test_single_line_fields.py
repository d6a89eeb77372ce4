"""One-line form fields refuse control characters (a title with a line break ends up in an
e-mail header); text areas keep their line breaks. One check, attached to every form's fields."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    StringField,
    TextAreaField,
)

from single_line import has_control_characters, one_line
from webforms import SINGLE_LINE_ONLY

CONTROL = ["\r\nBcc: x@evil", "\n", "\r", "\t", "\x00", "\x0b", "\x1b", "\x7f", "\x85", "\x9b",
           "\u2028", "\u2029"]  # fmt: skip
FINE = ["2026年度海珠区餐饮行业工资集体协商", "Café – « » ·", "\u200b", "a b", ""]


class RowForm(Form):
    name = StringField()


class Everything(FlaskForm):
    class Meta:
        csrf = False

    title = StringField()
    email = EmailField()
    password = PasswordField()
    next = HiddenField()
    text = TextAreaField()
    rows = FieldList(FormField(RowForm), min_entries=1)


def sent(**values: str) -> Everything:
    return Everything(formdata=MultiDict(values))


@pytest.mark.parametrize("bad", CONTROL)
def test_every_one_line_field_refuses_control_characters(bad):
    form = sent(title=f"标题{bad}", email=f"a@b.cn{bad}", password=f"pw{bad}",
                next=f"/x{bad}", **{"rows-0-name": f"名{bad}"})  # fmt: skip
    assert not form.validate()
    for field in (form.title, form.password, form.next, form.rows[0].form.name):
        assert SINGLE_LINE_ONLY in field.errors, field.name
    assert SINGLE_LINE_ONLY in form.email.errors
    assert form.title.data == f"标题{bad}"  # the input is kept, to be shown again


@pytest.mark.parametrize("good", FINE)
def test_text_without_control_characters_passes(good):
    form = sent(title=good, password=good, next=good, **{"rows-0-name": good})
    assert form.validate(), form.errors


def test_a_text_area_keeps_its_line_breaks_and_tabs():
    form = sent(text="第一条\r\n\t第二条\u2028")
    assert form.validate(), form.errors
    assert form.text.data == "第一条\r\n\t第二条\u2028"


@pytest.mark.parametrize("bad", CONTROL)
def test_one_line_folds_control_characters_away(bad):
    assert not has_control_characters(one_line(f"提醒{bad}标题"))
    assert has_control_characters(f"提醒{bad}标题")


def test_one_line_keeps_the_words():
    assert one_line("  【还剩3天】\r\nBcc: x@evil\t ") == "【还剩3天】 Bcc: x@evil"
