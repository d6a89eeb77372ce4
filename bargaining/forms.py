"""Forms for bargaining: the request and its answer, the items, each side's representatives as
one table, the recorder, a session, a side's offers, the settlement, and ending a negotiation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from bargaining.labels import SIDE_LABELS, TOPIC_LABELS
from bargaining.models import NegotiationItem, NegotiationStatus, Representative, Side, Topic
from bargaining.services import ItemRow, MemberRow, RequestData, SessionData, item_label
from concurrency import based_on_field
from form_tokens import form_token_field
from organizations.models import Organization
from standards.labels import FIELD_LABELS, KIND_LABELS, PROBLEM_MESSAGES
from standards.validation import item_problems
from standards.vocabulary import ItemKind, Unit
from webforms import phone_field, record_id

TEXT_MAX = 20_000  # a letter's or the minutes' text
UNKNOWN_ITEM = re.compile(r"item_(\d{1,9})")
ITEM_MISSING = _l("Choose the item, or clear the line.")
NOT_ON_RECORD = _l("This line does not match a representative on record: reload the page.")


class RequestForm(FlaskForm):
    form_token = form_token_field()
    counterpart_id = SelectField(_l("The other party"), coerce=int, validators=[InputRequired()])
    topic = SelectField(
        _l("Topic"), choices=[SelectChoice(t.value, label) for t, label in TOPIC_LABELS.items()]
    )
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=1990, max=2100)])
    title = StringField(
        _l("Name of the negotiation"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("e.g. 2026 catering sector wage bargaining"),
    )
    request_sent_on = DateField(_l("Request sent on"), validators=[InputRequired()])
    request_received_on = DateField(
        _l("Request received on"),
        validators=[InputRequired()],
        description=_l("The answer period runs from the day after this date."),
    )
    request_text = TextAreaField(
        _l("Text of the request"),
        validators=[DataRequired(), Length(max=TEXT_MAX)],
        render_kw={"rows": 8},
    )

    def request_data(self) -> RequestData:
        return RequestData(
            counterpart_id=self.counterpart_id.data,
            topic=Topic(self.topic.data),
            year=self.year.data,
            title=self.title.data,
            request_sent_on=self.request_sent_on.data,
            request_received_on=self.request_received_on.data,
            request_text=self.request_text.data,
        )

    def __init__(self, *args: Any, counterparts: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counterpart_id.choices = [
            SelectChoice(0, "—"),
            *[SelectChoice(o.id or 0, o.name) for o in counterparts],
        ]


class AnswerForm(FlaskForm):
    answered_on = DateField(_l("Answered on"), validators=[InputRequired()])
    agrees = RadioField(
        _l("The answer"),
        choices=[
            SelectChoice("yes", _l("Agrees to bargain")),
            SelectChoice("no", _l("Declines (a good reason is required, R4)")),
        ],
        default="yes",
        validators=[InputRequired()],
    )
    text = TextAreaField(
        _l("Text of the answer"),
        validators=[DataRequired(), Length(max=TEXT_MAX)],
        render_kw={"rows": 8},
    )


class ItemRowForm(Form):
    kind = SelectField(
        _l("Item"),
        choices=[
            SelectChoice("", "—"),
            *[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        ],
    )
    job_category = StringField(_l("Job category"), validators=[Optional(), Length(max=50)])
    unit = SelectField(
        _l("Unit"),
        choices=[SelectChoice("", "—"), *[SelectChoice(u.value, u.value) for u in Unit]],
    )

    @property
    def blank(self) -> bool:
        return not (self.kind.data or (self.job_category.data or "").strip() or self.unit.data)

    def validate_kind(self, field: Field) -> None:
        # A line half filled in is a mistake to show, not a line to skip (or, for an item
        # already under negotiation, to delete unsaid).
        if not field.data and not self.blank:
            raise ValidationError(ITEM_MISSING)

    def validate_unit(self, field: Field) -> None:
        if self.kind.data and not field.data:
            raise ValidationError(_l("Choose the unit."))


class ItemsForm(FlaskForm):
    based_on = based_on_field()
    rows = FieldList(FormField(ItemRowForm), min_entries=1, max_entries=200)

    def item_rows(self) -> list[ItemRow]:
        """The lines filled in (every line that is not blank names its item)."""
        return [
            ItemRow(ItemKind(row.kind.data), row.job_category.data or "", Unit(row.unit.data))
            for row in (entry.form for entry in self.rows)
            if not row.blank
        ]


class RecordIdField(HiddenField):
    """The id of the record a line of a table edits, carried in the page; blank for a new line.
    Anything else (a page tampered with) is refused beside the line, never taken for a number."""

    data: int | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if raw:
            try:
                self.data = record_id(raw)
            except ValueError:
                raise ValueError(NOT_ON_RECORD) from None

    def _value(self) -> str:
        if self.data is not None:
            return str(self.data)
        return str(self.raw_data[0]) if self.raw_data else ""  # kept as sent, refused again


class MemberRowForm(Form):
    member_id = RecordIdField()
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=50)])
    affiliation = StringField(_l("Unit and post"), validators=[Optional(), Length(max=200)])
    phone = phone_field()
    is_chief = BooleanField(_l("Chief"))
    is_expert = BooleanField(_l("Outside expert"))

    @property
    def blank(self) -> bool:
        return not (
            self.member_id.data or self.name.data or self.affiliation.data or self.phone.data
        )


class MembersForm(FlaskForm):
    based_on = based_on_field()
    rows = FieldList(FormField(MemberRowForm), min_entries=3, max_entries=60)

    def member_rows(self) -> list[MemberRow]:
        """The lines filled in, each an existing representative's (by id) or a new one."""
        return [
            MemberRow(
                row.member_id.data,
                row.name.data or "",
                row.affiliation.data or "",
                row.phone.data or "",
                row.is_chief.data,
                row.is_expert.data,
            )
            for row in (entry.form for entry in self.rows)
            if not row.blank
        ]


class VacateForm(FlaskForm):
    vacated_on = DateField(_l("Vacant from"), validators=[InputRequired()])
    reason = StringField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("e.g. left the enterprise, resigned as representative"),
    )


class RecorderForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=50)])
    phone = phone_field(required=True)
    affiliation = StringField(_l("Unit and post"), validators=[Optional(), Length(max=200)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(FlaskForm):
    form_token = form_token_field()
    held_on = DateField(_l("Held on"), validators=[InputRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=200)])
    chair_side = RadioField(
        _l("Chaired by the chief of"),
        choices=[SelectChoice(s.value, label) for s, label in SIDE_LABELS.items()],
        validators=[InputRequired()],
    )
    attendee_ids = MultiCheckboxField(_l("Present"), coerce=int)
    agenda = TextAreaField(
        _l("Agenda"), validators=[DataRequired(), Length(max=TEXT_MAX)], render_kw={"rows": 3}
    )
    minutes = TextAreaField(
        _l("Minutes"), validators=[Optional(), Length(max=TEXT_MAX)], render_kw={"rows": 8}
    )
    suspended = BooleanField(_l("The sides agreed to suspend bargaining (R6)"))
    resume_on = DateField(_l("Resume on"), validators=[Optional()])
    resume_place = StringField(_l("Resume at"), validators=[Optional(), Length(max=200)])
    resume_topics = TextAreaField(
        _l("Topics on resumption"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        render_kw={"rows": 2},
    )

    def session_data(self) -> SessionData:
        return SessionData(
            held_on=self.held_on.data,
            place=self.place.data,
            chair_side=Side(self.chair_side.data),
            attendee_ids=self.attendee_ids.data or [],
            agenda=self.agenda.data,
            minutes=self.minutes.data or "",
            suspended=self.suspended.data,
            resume_on=self.resume_on.data,
            resume_place=self.resume_place.data,
            resume_topics=self.resume_topics.data,
        )

    def __init__(
        self, *args: Any, representatives: Sequence[Representative], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The union side first, each side's chief first; the template lays the sides side by side.
        ordered = sorted(representatives, key=lambda r: (r.side is not Side.UNION, not r.is_chief))
        self.attendee_ids.choices = [SelectChoice(r.id or 0, r.name) for r in ordered]
        self.attendee_sides = {r.id or 0: r.side for r in ordered}
        chiefs = {r.side: r.name for r in ordered if r.is_chief}
        self.chair_side.choices = [
            SelectChoice(side.value, f"{label} · {chiefs[side]}" if side in chiefs else label)
            for side, label in SIDE_LABELS.items()
        ]


class FigureText(StringField):
    """A figure kept as typed, checked as a standard item of its kind would be."""

    def __init__(self, *args: Any, item: NegotiationItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item

    def pre_validate(self, form: Any) -> None:
        if not (self.data or "").strip():
            return
        for problem in item_problems(
            self.item.kind, self.item.unit, self.item.direction, self.data
        ):
            raise ValidationError(
                f"R15: {FIELD_LABELS[problem.field]} {PROBLEM_MESSAGES[problem.code]}"
            )


def figures_form_for(items: Sequence[NegotiationItem], *, required: bool) -> type[FlaskForm]:
    """A form with one figure per item under negotiation (`item_<id>`)."""

    class FiguresForm(FlaskForm):
        # Figures sent for items that are not (or no longer) under negotiation, by item id: a
        # page left open while the other side changed the items. The service refuses them (R15)
        # rather than this form dropping them unseen.
        unknown_items: dict[int, str]

        def process(self, formdata: Any = None, *args: Any, **kwargs: Any) -> None:
            super().process(formdata, *args, **kwargs)
            self.unknown_items = {}
            formdata = self.meta.wrap_formdata(self, formdata)  # the request's, when submitted
            for key in formdata or ():
                match = UNKNOWN_ITEM.fullmatch(key)
                value = (formdata.get(key) or "").strip()
                if match and value and key not in self._fields:
                    self.unknown_items[int(match.group(1))] = value

    for item in items:
        validators: list[Any] = [Length(max=30)]
        if required:
            validators.insert(0, DataRequired(_l("Enter the agreed value.")))
        setattr(
            FiguresForm,
            f"item_{item.id}",
            FigureText(
                item_label(item), item=item, validators=validators, description=item.unit.value
            ),
        )
    return FiguresForm


def offers_form_for(items: Sequence[NegotiationItem]) -> type[FlaskForm]:
    """A side's offers at a session: a figure per item, and the version of them it shows."""

    class OffersForm(figures_form_for(items, required=False)):  # type: ignore[misc]
        based_on = based_on_field()

    return OffersForm


def settlement_form_for(items: Sequence[NegotiationItem]) -> type[FlaskForm]:
    class SettlementForm(figures_form_for(items, required=True)):  # type: ignore[misc]
        form_token = form_token_field()
        effective_from = DateField(
            _l("The standard is in force from"), validators=[InputRequired()]
        )
        effective_to = DateField(_l("until"), validators=[Optional()])

    return SettlementForm


class EndForm(FlaskForm):
    outcome = RadioField(
        _l("How it ended"),
        choices=[
            SelectChoice(NegotiationStatus.FAILED.value, _l("Bargaining failed")),
            SelectChoice(NegotiationStatus.WITHDRAWN.value, _l("The request is withdrawn")),
        ],
        validators=[InputRequired()],
    )
    ended_on = DateField(_l("On"), validators=[InputRequired()])
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(), Length(max=TEXT_MAX)], render_kw={"rows": 4}
    )

    def __init__(self, *args: Any, can_withdraw: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_withdraw:  # only the side that asked to bargain withdraws its request
            self.outcome.choices = self.outcome.choices[:1]
            if self.outcome.data is None:  # shown, not sent: the one choice there is
                self.outcome.data = NegotiationStatus.FAILED.value
