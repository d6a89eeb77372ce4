"""The names users read for item kinds, directions, statuses and validation problems."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from standards.models import StandardStatus
from standards.validation import ProblemCode
from standards.vocabulary import Direction, ItemKind

KIND_LABELS = {
    ItemKind.MONTHLY_PAY_FLOOR: _l("Monthly pay floor"),
    ItemKind.HOURLY_RATE: _l("Hourly rate"),
    ItemKind.PIECE_RATE: _l("Piece rate"),
    ItemKind.LABOUR_QUOTA: _l("Labour quota"),
    ItemKind.WEEKLY_HOURS: _l("Weekly hours"),
    ItemKind.ANNUAL_RISE: _l("Annual rise"),
    ItemKind.ALLOWANCE: _l("Allowance"),
}

DIRECTION_LABELS = {
    Direction.HIGHER_IS_BETTER: _l("higher is better"),
    Direction.LOWER_IS_BETTER: _l("lower is better"),
}

STATUS_LABELS = {
    StandardStatus.DRAFT: _l("Draft"),
    StandardStatus.IN_FORCE: _l("In force"),
    StandardStatus.SUPERSEDED: _l("Superseded"),
}

PROBLEM_MESSAGES = {
    ProblemCode.MISSING: _l("is missing"),
    ProblemCode.NOT_A_NUMBER: _l("is not a number"),
    ProblemCode.NEGATIVE: _l("cannot be negative"),
    ProblemCode.ABOVE_MAXIMUM: _l("is above what this kind of item can be"),
    ProblemCode.UNIT_NOT_FOR_KIND: _l("is not a unit for this kind of item"),
    ProblemCode.WRONG_DIRECTION: _l("goes the wrong way for this kind of item"),
}

FIELD_LABELS = {
    "value": _l("value"),
    "unit": _l("unit"),
    "direction": _l("direction"),
}
