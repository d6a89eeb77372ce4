"""The names users read for item kinds, directions, statuses and validation problems."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from standards.rules import Verdict
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

PHASE_LABELS = {
    "upcoming": _l("Not yet in force"),
    "in_force": _l("In force"),
    "ended": _l("Ended"),
    "replaced": _l("Replaced by a later version"),
}
PHASE_STYLES = {
    "upcoming": "info",
    "in_force": "success",
    "ended": "secondary",
    "replaced": "secondary",
}

PROBLEM_MESSAGES = {
    ProblemCode.MISSING: _l("is missing"),
    ProblemCode.NOT_A_NUMBER: _l("is not a number"),
    ProblemCode.NEGATIVE: _l("cannot be negative"),
    ProblemCode.ABOVE_MAXIMUM: _l("is above what this kind of item can be"),
    ProblemCode.UNIT_NOT_FOR_KIND: _l("is not a unit for this kind of item"),
    ProblemCode.WRONG_DIRECTION: _l("goes the wrong way for this kind of item"),
    ProblemCode.TOO_PRECISE: _l("has more than four decimal places"),
}

FIELD_LABELS = {
    "value": _l("value"),
    "unit": _l("unit"),
    "direction": _l("direction"),
}

COLUMN_LABELS = {
    "job_category": _l("job category"),
    "kind": _l("item"),
    "value": _l("value"),
    "unit": _l("unit"),
    "direction": _l("direction"),
    "note": _l("note"),
}

WORKBOOK_MESSAGES = {
    "not_a_workbook": _l("This file is not an Excel workbook (.xlsx), or it is protected."),
    "empty": _l("The workbook has no rows."),
    "no_header": _l(
        "No header row found: name the columns, at least 项目 (item) and 数值 (value)."
    ),
    "too_many_rows": _l(
        "The workbook is too large to import: at most 2,000 rows (and 32 MB unpacked)."
    ),
    "too_long": _l("is too long"),
    "unknown_kind": _l("is not an item this system knows"),
    "duplicate_item": _l("repeats an item given before"),
}


def workbook_error_text(
    row: int | None, column: str | None, code: str, first_row: int | None = None
) -> str:
    """One problem in an imported workbook, as the user reads it: 'row 17: unit is missing'."""
    if code == "duplicate_item" and row is not None and first_row is not None:
        return str(_l("Row %(row)s repeats the item of row %(first)s.", row=row, first=first_row))
    problem = WORKBOOK_MESSAGES.get(code)
    if problem is None:
        problem = PROBLEM_MESSAGES.get(code, code)  # type: ignore[call-overload]
    if row is None:
        return str(problem)
    where = str(COLUMN_LABELS.get(column or "", "")) if column else ""
    return str(_l("Row %(row)s: %(column)s %(problem)s", row=row, column=where, problem=problem))


# Verdicts from the workers' side, in words (never colour alone) and a colour to go with them.
VERDICT_LABELS = {
    Verdict.FALLS_SHORT: _l("Falls short of the standard"),
    Verdict.MEETS: _l("Meets the standard"),
    Verdict.EXCEEDS: _l("Better than the standard"),
    Verdict.INCOMPARABLE: _l("Cannot be compared (different units)"),
}
VERDICT_STYLES = {
    Verdict.FALLS_SHORT: "danger",
    Verdict.MEETS: "success",
    Verdict.EXCEEDS: "primary",
    Verdict.INCOMPARABLE: "secondary",
}
