"""Every select and radio field of the bargaining forms (and of the agreement-text forms that
read a negotiation) gives its choices as SelectChoice: WTForms 3.3 deprecates tuples and 3.4
removes them. Each form is built and its choice fields drawn with that warning as an error."""

import warnings
from datetime import date
from decimal import Decimal

import pytest
from wtforms import RadioField, SelectField, SelectMultipleField

from accounts.forms import ActionForm
from bargaining import forms as bargaining_forms
from bargaining.models import Representative, Side
from contracts import forms as contracts_forms
from contracts.merge import Conflict, WageConflict


def union_chief() -> Representative:
    return Representative(
        id=1, negotiation_id=1, side=Side.UNION, name="陈志明", affiliation="联合会 主席",
        phone="13902001001", is_chief=True, appointed_on=date(2026, 3, 2),
    )  # fmt: skip


CONFLICT = Conflict(base="每月发放", theirs="每月十日发放", mine="每月五日发放")
WAGE_CONFLICT = WageConflict("monthly_wage", "厨师", "元/月", Decimal(3400), Decimal(3500))
FORMS = {
    "request": lambda: bargaining_forms.RequestForm(counterparts=[]),
    "answer": lambda: bargaining_forms.AnswerForm(),
    "items": lambda: bargaining_forms.ItemsForm(),
    "session": lambda: bargaining_forms.SessionForm(representatives=[union_chief()]),
    "end, the side that asked": lambda: bargaining_forms.EndForm(can_withdraw=True),
    "end, the other side": lambda: bargaining_forms.EndForm(can_withdraw=False),
    "resolve a merge": lambda: contracts_forms.resolve_form_for([CONFLICT], [WAGE_CONFLICT])(),
    "comment": lambda: contracts_forms.CommentForm(labels=["第一条", "第二条"]),
    "compare versions": lambda: contracts_forms.ChooseVersionsForm(),
}
CHOICE_FIELDS = (SelectField, RadioField, SelectMultipleField)


def choice_fields(form):
    for field in form:
        if isinstance(field, CHOICE_FIELDS):
            yield field
        for entry in getattr(field, "entries", ()):  # a table of rows: each row's form
            yield from choice_fields(getattr(entry, "form", ()))


@pytest.mark.parametrize("build", FORMS.values(), ids=FORMS.keys())
def test_choices_are_given_as_select_choices(build):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*choices.*", category=DeprecationWarning)
        form = build()
        fields = list(choice_fields(form))
        for field in fields:
            field()  # drawn as the page draws it
    assert fields, "the form has no choice field"


def test_a_tuple_choice_would_be_caught():
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*choices.*", category=DeprecationWarning)
        with pytest.raises(DeprecationWarning):
            SelectField(choices=[("a", "A")]).bind(ActionForm(), "probe")
