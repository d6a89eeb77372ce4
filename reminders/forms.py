"""Forms for reminders: a person's channels, reading reminders, a profile's period, importing
holidays, sending failed e-mails again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from concurrency import based_on_field
from webforms import record_id

MAX_HOLIDAY_FILE_BYTES = 2 * 1024 * 1024


class PreferenceForm(FlaskForm):
    email = BooleanField(_l("Send my reminders by e-mail too"))
    new_token = BooleanField(
        _l("Make a new calendar address (the old one stops working)"),
    )


class PeriodForm(FlaskForm):
    based_on = based_on_field()
    length = IntegerField(_l("Length"), validators=[InputRequired()])
    unit = SelectField(
        _l("Counted in"),
        choices=[
            SelectChoice("days", _l("days (the last day moves past rest days, R26)")),
            SelectChoice("working_days", _l("working days")),
            SelectChoice("months", _l("months")),
        ],
    )
    article = StringField(
        _l("Source (regulation and article)"), validators=[Optional(), Length(max=200)]
    )


class HolidayImportForm(FlaskForm):
    file = FileField(
        _l("Holiday file (.csv or .xlsx)"),
        validators=[
            FileRequired(_l("Choose the file to import.")),
            FileAllowed(["csv", "xlsx"], _l("Choose a .csv or .xlsx file.")),
            FileSize(max_size=MAX_HOLIDAY_FILE_BYTES, message=_l("A file may be at most 2 MB.")),
        ],
        description=_l(
            "One row per day: 日期 (date), 类型 (放假 or 调休上班), 名称 (name). Whole years: the "
            "file replaces the calendar of every year it holds, and nothing is saved if any row "
            "is wrong."
        ),
    )


class MarkReadForm(FlaskForm):
    """One reminder read (its id), or all of them (no id)."""

    id = HiddenField()

    def validate_id(self, field: HiddenField) -> None:
        # A tampered id must not fall back to "all of them", nor be read as another one.
        raw = (field.data or "").strip()
        if raw:
            try:
                record_id(raw)
            except ValueError as error:
                raise ValidationError("not a reminder") from error

    def delivery_id(self) -> int | None:
        raw = (self.id.data or "").strip()
        return record_id(raw) if raw else None


class RetryForm(FlaskForm):
    id = SelectMultipleField(coerce=int, validate_choice=False)
