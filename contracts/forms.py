"""Forms for agreements: making one from an agreed negotiation, editing its text, resolving
conflicts with versions saved meanwhile, commenting on an article, importing a Word draft."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from markupsafe import Markup, escape
from wtforms import (
    DateField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import Select, html_params

from contracts.diff import WageRow
from contracts.merge import Conflict, WageConflict
from form_tokens import form_token_field
from standards.labels import FIELD_LABELS, KIND_LABELS, PROBLEM_MESSAGES
from standards.validation import item_problems
from standards.vocabulary import KIND_RULES, ItemKind
from webforms import MAX_RECORD_ID

MAX_DOCX_BYTES = 10 * 1024 * 1024


class NewAgreementForm(FlaskForm):
    form_token = form_token_field()
    term_start = DateField(_l("Term from"), validators=[InputRequired()])
    term_end = DateField(
        _l("Term until"),
        validators=[InputRequired()],
        description=_l("R9: a term of one to three years; this is its last day."),
    )


def unknown_base(newest: int) -> Any:
    return _l(
        "This form does not say which version it began from, or names one this agreement does "
        "not have. Your text is kept: check it against version %(n)s, the newest, and save again.",
        n=newest,
    )


class VersionNumberField(HiddenField):
    """The number of the version a form began from, sent back hidden: only a hand-altered form
    sends anything but a number, and it is refused with one message (not a conversion error)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = str(valuelist[0]) if valuelist else ""
        self.data = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


class ReturnedEditForm(FlaskForm):
    """What the resolve page sends back hidden (the two versions, my text and my wage table), read
    before the conflicts it names are known; the resolve form itself checks the CSRF token."""

    class Meta:
        csrf = False

    base_number = VersionNumberField()
    theirs_number = VersionNumberField()
    mine = TextAreaField()
    mine_wages = HiddenField()
    note = StringField()


class EditForm(FlaskForm):
    base_number = VersionNumberField()
    text = TextAreaField(_l("Text"), render_kw={"rows": 30, "spellcheck": "false"})
    note = StringField(
        _l("What changed"),
        validators=[Optional(), Length(max=500)],
        description=_l("e.g. the employer side's wording of article 6"),
    )

    def __init__(self, *args: Any, numbers: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbers = list(numbers)  # the agreement's version numbers

    def validate_base_number(self, field: VersionNumberField) -> None:
        if field.data not in self.numbers:
            newest = max(self.numbers, default=1)
            field.data = newest  # sent again, the form begins from the newest version
            raise ValidationError(unknown_base(newest))


class WageField(StringField):
    """A wage-table figure as typed, checked as a standard item of its kind would be."""

    def __init__(self, *args: Any, row: WageRow, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row = row

    def pre_validate(self, form: Any) -> None:
        if not (self.data or "").strip():
            raise ValidationError(_l("Enter the value."))
        kind = ItemKind(self.row.kind)
        for problem in item_problems(kind, self.row.unit, KIND_RULES[kind].direction, self.data):
            raise ValidationError(f"{FIELD_LABELS[problem.field]} {PROBLEM_MESSAGES[problem.code]}")


def wage_label(row: WageRow) -> str:
    kind = str(KIND_LABELS[ItemKind(row.kind)])
    return f"{row.job_category} · {kind}" if row.job_category else kind


def edit_form_for(rows: Sequence[WageRow]) -> type[FlaskForm]:
    """The text, the note, and one figure per row of the wage table (`wage_<index>`)."""

    class WageEditForm(EditForm):
        def wage_rows(self) -> list[WageRow]:
            """The wage table as typed (call once the form is valid)."""
            return [
                WageRow(r.kind, r.job_category, Decimal(self[f"wage_{i}"].data.strip()), r.unit)
                for i, r in enumerate(rows)
            ]

    for index, row in enumerate(rows):
        setattr(
            WageEditForm,
            f"wage_{index}",
            WageField(wage_label(row), row=row, validators=[Length(max=30)], description=row.unit),
        )
    return WageEditForm


def resolve_form_for(
    conflicts: Sequence[Conflict], wage_conflicts: Sequence[WageConflict] = ()
) -> type[FlaskForm]:
    """One choice per conflict (their text, mine, or a text of my own; their figure or mine),
    with what I typed kept."""

    class ResolveForm(FlaskForm):
        base_number = IntegerField(validators=[InputRequired()])
        theirs_number = IntegerField(validators=[InputRequired()])
        mine = TextAreaField(_l("Your text, as you typed it"), render_kw={"rows": 12})
        mine_wages = HiddenField()
        note = StringField(_l("What changed"), validators=[Optional(), Length(max=500)])

        def text_choices(self, found: Sequence[Conflict]) -> dict[int, str]:
            """The text chosen for each conflict: theirs, mine, or the one typed here."""
            return {
                index: {"theirs": conflict.theirs, "mine": conflict.mine}.get(
                    self[f"choice_{index}"].data, self[f"own_{index}"].data or ""
                )
                for index, conflict in enumerate(found)
            }

        def wage_choices(self, found: Sequence[WageConflict]) -> dict[tuple[str, str], str]:
            """ "theirs" or "mine" for each wage-table row both sides changed."""
            return {
                (c.kind, c.job_category): self[f"wage_choice_{index}"].data
                for index, c in enumerate(found)
            }

    for index, _wage in enumerate(wage_conflicts):
        setattr(
            ResolveForm,
            f"wage_choice_{index}",
            RadioField(
                _l("Keep"),
                choices=[
                    SelectChoice("theirs", _l("Their figure")),
                    SelectChoice("mine", _l("My figure")),
                ],
                default="mine",
                validators=[InputRequired()],
            ),
        )

    for index, _conflict in enumerate(conflicts):
        setattr(
            ResolveForm,
            f"choice_{index}",
            RadioField(
                _l("Keep"),
                choices=[
                    SelectChoice("theirs", _l("Their text")),
                    SelectChoice("mine", _l("My text")),
                    SelectChoice("own", _l("This text:")),
                ],
                default="mine",
                validators=[InputRequired()],
            ),
        )
        setattr(ResolveForm, f"own_{index}", TextAreaField(render_kw={"rows": 2}))
    return ResolveForm


class QuickOptionSelect(Select):
    """WTForms' select, drawing each plain option without html_params: an agreement of 60,000
    characters has some 500 articles, and their options cost more than the rest of its page."""

    @classmethod
    def render_option(cls, choice: Choice, **kwargs: Any) -> Markup:
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        value = escape(choice.value)
        label = value if choice.label in (None, "", choice.value) else escape(choice.label)
        return Markup(f'<option{selected} value="{value}">{label}</option>')

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        """A field whose options are plain texts, each its own label (`plain_labels`), gets them
        drawn once per process for each list and choice: the same five hundred articles are
        offered on every view of a version."""
        labels: tuple[str, ...] | None = getattr(field, "plain_labels", None)
        if labels is None or self.multiple:
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        chosen = field.data if isinstance(field.data, str) else None
        return Markup(
            f"<select {html_params(name=field.name, **kwargs)}>"
            f"{_plain_options(labels, chosen)}</select>"
        )


@functools.lru_cache(maxsize=64)
def _plain_options(labels: tuple[str, ...], chosen: str | None) -> str:
    """As QuickOptionSelect.render_option draws each of them."""
    options = []
    for label in labels:
        text = escape(label)
        selected = " selected" if label == chosen else ""
        options.append(f'<option{selected} value="{text}">{text}</option>')
    return "".join(options)


class CommentForm(FlaskForm):
    form_token = form_token_field()
    article_label = SelectField(
        _l("Article"), validators=[DataRequired()], widget=QuickOptionSelect()
    )
    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 3}
    )

    def __init__(self, *args: Any, labels: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article_label.choices = [SelectChoice(label, label) for label in labels]
        self.article_label.plain_labels = tuple(labels)


class ResolveCommentForm(FlaskForm):
    """The button that marks a comment resolved, with the version and article to come back to."""

    back = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_RECORD_ID)])
    article = HiddenField(validators=[Optional(), Length(max=20)])


class ImportForm(FlaskForm):
    # Not a number ("²" passes str.isdigit() but not int()), or no version of this agreement:
    # one message beside the field.
    base_number = SelectField(
        _l("The draft started from"),
        coerce=int,
        invalid_value_message=_l("Choose one of this agreement's versions."),
        invalid_choice_message=_l("Choose one of this agreement's versions."),
    )
    document = FileField(
        _l("Word document (.docx)"),
        validators=[
            FileRequired(_l("Choose the Word document to import.")),
            FileAllowed(["docx"], _l("Choose a Word document (.docx).")),
            FileSize(max_size=MAX_DOCX_BYTES, message=_l("A document may be at most 10 MB.")),
        ],
    )
    note = StringField(_l("What changed"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args: Any, numbers: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_number.choices = [
            SelectChoice(n, _l("Version %(n)s", n=n)) for n in reversed(numbers)
        ]


class ChooseVersionsForm(FlaskForm):
    class Meta:
        csrf = False

    old = SelectField(_l("From version"), coerce=int)
    new = SelectField(_l("To version"), coerce=int)
    view = RadioField(
        _l("View"),
        choices=[SelectChoice("inline", _l("Redline")), SelectChoice("side", _l("Side by side"))],
        default="inline",
    )
