"""Forms for organisations, their people and a federation's coverage."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from concurrency import based_on_field
from form_tokens import form_token_field
from organizations import rules
from organizations.labels import POSITION_LABELS
from organizations.models import Organization, OrgKind, Position, Region, Sector
from organizations.records import CREDIT_CODE_MESSAGES
from webforms import optional_email_field, phone_field

NO_CHOICE = ("", "—")


def _credit_code(form: FlaskForm, field: Field) -> None:
    if field.data:
        field.data = rules.normalise_credit_code(field.data)
        problem = rules.credit_code_problem(field.data)
        if problem is not None:
            raise ValidationError(str(CREDIT_CODE_MESSAGES[problem]))


class OrganizationForm(FlaskForm):
    """The fields every kind shares. Choices come from the caller (reference data)."""

    based_on = based_on_field()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    credit_code = StringField(
        _l("Unified social credit code"),
        validators=[Optional(), Length(max=18), _credit_code],
        description=_l("18 characters, as on the business licence."),
    )
    region_code = SelectField(_l("Region"), validators=[DataRequired()])
    sector_code = SelectField(_l("Sector"), validators=[Optional()])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    phone = phone_field()
    legal_representative = StringField(
        _l("Legal representative"), validators=[Optional(), Length(max=50)]
    )

    def __init__(
        self, *args: Any, regions: list[Region], sectors: list[Sector], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.region_code.choices = [NO_CHOICE, *[(r.code, r.full_name) for r in regions]]
        self.sector_code.choices = [NO_CHOICE, *[(s.code, f"{s.code} {s.name}") for s in sectors]]


class WholeNumberField(IntegerField):
    """An integer field whose only message for unreadable input is the one given, in our words."""

    def __init__(self, *args: Any, invalid_message: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = (valuelist[0] if valuelist else "") or ""
        if not str(raw).strip():
            self.data = None
            return
        try:
            self.data = int(str(raw).strip())
        except ValueError:
            self.data = None
            raise ValueError(str(self.invalid_message)) from None

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            raise StopValidation()  # the one message is already there; skip range checks


class EnterpriseForm(OrganizationForm):
    headcount = WholeNumberField(
        _l("Headcount"),
        invalid_message=_l("Enter the headcount as a whole number."),
        validators=[
            InputRequired(_l("Enter the headcount as a whole number.")),
            NumberRange(min=0, max=10_000_000),
        ],
    )
    women_headcount = WholeNumberField(
        _l("Women workers"),
        invalid_message=_l("Enter the number of women workers as a whole number."),
        validators=[Optional(), NumberRange(min=0, max=10_000_000)],
    )

    def validate_women_headcount(self, field: Field) -> None:
        if (
            field.data is not None
            and self.headcount.data is not None
            and field.data > self.headcount.data
        ):
            raise ValidationError(str(_l("Women workers cannot outnumber the headcount.")))


class FederationForm(OrganizationForm):
    counterpart_id = SelectField(
        _l("Bargaining counterpart (trade association)"),
        validators=[Optional()],
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
    )

    def __init__(self, *args: Any, associations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counterpart_id.choices = [(None, "—"), *[(a.id, a.name) for a in associations]]


class UnionForm(OrganizationForm):
    chair_name = StringField(_l("Union chair"), validators=[Optional(), Length(max=50)])


def form_class_for(kind: OrgKind) -> type[OrganizationForm]:
    return {
        OrgKind.ENTERPRISE: EnterpriseForm,
        OrgKind.FEDERATION: FederationForm,
        OrgKind.UNION: UnionForm,
    }.get(kind, OrganizationForm)


class PersonForm(FlaskForm):
    based_on = based_on_field()  # an entry's, when one is edited
    form_token = form_token_field()  # a new entry's
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=50)])
    position = SelectField(
        _l("Position"),
        choices=lambda: [(p.value, POSITION_LABELS[p]) for p in Position],
        validators=[DataRequired()],
    )
    title = StringField(_l("Title"), validators=[Optional(), Length(max=100)])
    phone = phone_field()
    email = optional_email_field()


class CoverageForm(FlaskForm):
    credit_code = StringField(
        _l("Enterprise credit code"),
        validators=[DataRequired(), Length(max=18), _credit_code],
    )


class DeclineCoverageForm(FlaskForm):
    reason = TextAreaField(
        _l("Why the union declines"), validators=[DataRequired(), Length(max=500)]
    )
