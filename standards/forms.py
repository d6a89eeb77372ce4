"""The forms of the standards package: standards and term sets uploaded as workbooks, figures
compared, and the reference figures (minimum wages, wage guidelines) by hand or by workbook."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from concurrency import based_on_field
from form_tokens import form_token_field
from organizations.models import Region, Sector
from standards.labels import KIND_LABELS
from standards.models import StandardItem
from standards.validation import DECIMAL_PLACES, LARGEST_VALUE, decimal_places
from standards.vocabulary import KIND_RULES

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


def workbook_field(description: LazyString) -> FileField:
    """An .xlsx upload of at most MAX_WORKBOOK_BYTES, `description` saying what goes in it."""
    return FileField(
        _l("Workbook (.xlsx)"),
        validators=[
            FileRequired(_l("Choose the workbook to import.")),
            FileAllowed(["xlsx"], _l("Choose an Excel workbook (.xlsx).")),
            FileSize(max_size=MAX_WORKBOOK_BYTES, message=_l("A workbook may be at most 5 MB.")),
        ],
        description=description,
    )


def region_choices(regions: list[Region]) -> list[tuple[str, str]]:
    """A region select's choices: none chosen first, then each region by its full name."""
    return [("", "—"), *[(r.code, r.full_name) for r in regions]]


class StandardForm(FlaskForm):
    # The items' problems are shown one by one beside the workbook they were read from.
    error_fields: ClassVar[dict[str, str]] = {"items": "workbook"}

    form_token = form_token_field()
    title = StringField(_l("Name of the standard"), validators=[DataRequired(), Length(max=200)])
    sector_code = SelectField(_l("Sector"), validators=[DataRequired()])
    region_code = SelectField(_l("Region"), validators=[DataRequired()])
    effective_from = DateField(_l("In force from"), validators=[DataRequired()])
    effective_to = DateField(_l("In force until"), validators=[Optional()])
    workbook = workbook_field(
        _l(
            "One row per item: job category, item (e.g. 月工资标准), value, unit, and optionally "
            "direction and note. A header row names the columns."
        )
    )

    def __init__(
        self, *args: Any, regions: list[Region], sectors: list[Sector], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.region_code.choices = region_choices(regions)
        self.sector_code.choices = [("", "—"), *[(s.code, f"{s.code} {s.name}") for s in sectors]]


class FigureField(DecimalField):
    """A figure as typed; NaN and infinities are not figures (and would break comparisons)."""

    data: Decimal | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is None:
            return
        if not self.data.is_finite():
            self.data = None
            raise ValueError(str(_l("Enter a figure such as 2600 or 23.7.")))
        if abs(self.data) > LARGEST_VALUE or decimal_places(self.data) > DECIMAL_PLACES:
            self.data = None
            raise ValueError(
                str(_l("Enter a figure below ten billion, with at most four decimal places."))
            )


def compare_form_for(items: list[StandardItem]) -> type[FlaskForm]:
    """A form with one figure per item of the standard; a blank one is an item the terms lack."""

    class CompareForm(FlaskForm):
        pass

    for item in items:
        maximum = KIND_RULES[item.kind].maximum
        in_range = (
            NumberRange(min=0, message=_l("Enter a figure of zero or more."))
            if maximum is None
            else NumberRange(
                min=0, max=maximum, message=_l("Enter a figure from %(min)s to %(max)s.")
            )
        )
        field = FigureField(
            f"{KIND_LABELS[item.kind]} · {item.job_category or _l('All job categories')}",
            validators=[Optional(), in_range],
            description=item.unit.value,
            places=None,
        )
        setattr(CompareForm, f"item_{item.id}", field)
    return CompareForm


class TermSetForm(FlaskForm):
    # The items' problems are shown one by one beside the workbook they were read from.
    error_fields: ClassVar[dict[str, str]] = {"items": "workbook"}

    form_token = form_token_field()
    title = StringField(
        _l("Name of the terms"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("e.g. 2026 wage scale, or the draft for the staff congress"),
    )
    as_of = DateField(_l("As of"), validators=[DataRequired()])
    workbook = workbook_field(
        _l("The same layout as a standard: job category, item, value, unit, one row per item.")
    )


class MinimumWageForm(FlaskForm):
    based_on = based_on_field()
    region_code = SelectField(_l("Region"), validators=[DataRequired()])
    effective_from = DateField(_l("In force from"), validators=[DataRequired()])
    monthly = FigureField(
        _l("Monthly minimum (yuan)"),
        validators=[DataRequired(), NumberRange(min=0, message=_l("Enter a figure above zero."))],
        places=None,
    )
    hourly = FigureField(
        _l("Hourly minimum for part-time work (yuan)"),
        validators=[Optional(), NumberRange(min=0, message=_l("Enter a figure above zero."))],
        places=None,
        description=_l("Leave blank where the area publishes none: it is then monthly ÷ 174."),
    )
    grade = StringField(_l("Grade"), validators=[Optional(), Length(max=20)])
    source = StringField(_l("Source document"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region_code.choices = region_choices(regions)


class WageGuidelineForm(FlaskForm):
    based_on = based_on_field()
    region_code = SelectField(_l("Region"), validators=[DataRequired()])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=1990, max=2100)])
    baseline = FigureField(_l("Baseline (%)"), validators=[Optional()], places=None)
    upper = FigureField(_l("Upper (warning) line (%)"), validators=[Optional()], places=None)
    lower = FigureField(_l("Lower line (%)"), validators=[Optional()], places=None)
    source = StringField(_l("Source document"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region_code.choices = region_choices(regions)


class ReferenceWorkbookForm(FlaskForm):
    """Many reference figures at once, from a workbook in the layout of the template."""

    # Every row's problem is shown beside the workbook.
    error_fields: ClassVar[dict[str, str]] = {"items": "workbook"}

    workbook = workbook_field(
        _l(
            "One row per figure under a header row, as in the template; the first worksheet is "
            "read."
        )
    )
