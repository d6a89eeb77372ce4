"""The names users read for item kinds, directions, statuses and validation problems."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from audit import trail
from standards.rules import MinimumBasis, Verdict
from standards.validation import ProblemCode
from standards.vocabulary import KIND_RULES, Direction, ItemKind

KIND_LABELS = {
    ItemKind.MONTHLY_PAY_FLOOR: _l("Monthly pay floor"),
    ItemKind.HOURLY_RATE: _l("Hourly rate"),
    ItemKind.PART_TIME_HOURLY_RATE: _l("Part-time hourly rate"),
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
    "draft": _l("Draft: agreed, not yet in force"),
    "upcoming": _l("Not yet in force"),
    "in_force": _l("In force"),
    "ended": _l("Ended"),
    "replaced": _l("Replaced by a later version"),
}
PHASE_STYLES = {
    "draft": "warning",
    "upcoming": "info",
    "in_force": "success",
    "ended": "secondary",
    "replaced": "secondary",
}

PROBLEM_MESSAGES: dict[str, LazyString] = {
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
    "too_many_rows": _l("The workbook is too large to import: at most 2,000 rows."),
    "too_large_unpacked": _l(
        "The workbook is too large when unpacked (more than 32 MB), far larger than a table "
        "of 2,000 rows. Copy the table into a new workbook and try again."
    ),
    "too_long": _l("is too long"),
    "unknown_kind": _l("is not an item this system knows"),
    "duplicate_item": _l("repeats an item given before"),
}


def workbook_error_text(
    row: int | None,
    column: str | None,
    code: str,
    first_row: int | None = None,
    kind: ItemKind | None = None,
) -> str:
    """One problem in an imported workbook, as the user reads it: 'row 17: a labour quota needs
    a unit: 件/小时 or 件/天'. With the row's *kind*, a unit, direction or size is named with
    what that kind allows."""
    if code == "duplicate_item" and row is not None and first_row is not None:
        return str(_l("Row %(row)s repeats the item of row %(first)s.", row=row, first=first_row))
    if row is not None and kind is not None:
        specific = _kind_problem(row, column, code, kind)
        if specific is not None:
            return specific
    problem = WORKBOOK_MESSAGES.get(code)
    if problem is None:
        problem = PROBLEM_MESSAGES.get(code, code)
    if row is None:
        return str(problem)
    where = str(COLUMN_LABELS.get(column or "", "")) if column else ""
    return str(_l("Row %(row)s: %(column)s %(problem)s", row=row, column=where, problem=problem))


def _kind_problem(row: int, column: str | None, code: str, kind: ItemKind) -> str | None:
    rule = KIND_RULES[kind]
    name = KIND_LABELS[kind]
    units = str(_l(" or ")).join(sorted(unit.value for unit in rule.units))
    if column == "unit" and code == ProblemCode.MISSING:
        return str(
            _l("Row %(row)s: %(kind)s needs a unit: %(units)s.", row=row, kind=name, units=units)
        )
    if column == "unit" and code == ProblemCode.UNIT_NOT_FOR_KIND:
        return str(
            _l("Row %(row)s: the unit of %(kind)s is %(units)s.", row=row, kind=name, units=units)
        )
    if column == "direction" and code == ProblemCode.WRONG_DIRECTION:
        return str(
            _l(
                "Row %(row)s: for %(kind)s, %(direction)s; leave the direction blank.",
                row=row,
                kind=name,
                direction=DIRECTION_LABELS[rule.direction],
            )
        )
    if column == "value" and code == ProblemCode.ABOVE_MAXIMUM and rule.maximum is not None:
        return str(
            _l(
                "Row %(row)s: %(kind)s can be at most %(maximum)s %(unit)s.",
                row=row,
                kind=name,
                maximum=rule.maximum,
                unit=units,
            )
        )
    return None


# --- imported reference figures (standards.reference_workbooks) ---------------------------------

REFERENCE_COLUMN_LABELS = {
    "region": _l("region"),
    "region_name": _l("region name"),
    "grade": _l("class"),
    "monthly": _l("monthly minimum"),
    "hourly": _l("hourly minimum"),
    "effective_from": _l("effective from"),
    "year": _l("year"),
    "lower": _l("lower line"),
    "baseline": _l("baseline"),
    "upper": _l("upper line"),
    "source": _l("source"),
}
REFERENCE_COLUMN_HELP = {
    "region": _l("The six-digit administrative division code (GB/T 2260), or the exact name."),
    "region_name": _l("The region’s name; where a code is given too, both must name one region."),
    "grade": _l("The area’s class, e.g. 一类; at most 20 characters."),
    "monthly": _l("Yuan per month, above zero, at most two decimal places."),
    "hourly": _l("Yuan per hour for part-time work; blank where the area publishes none."),
    "effective_from": _l("The date it takes effect, e.g. 2025-03-01."),
    "year": _l("The guideline’s year, e.g. 2026."),
    "lower": _l("Percent, e.g. 3 or 3%; may be blank."),
    "baseline": _l("Percent, e.g. 6 or 6%; may be blank."),
    "upper": _l("Percent, e.g. 9 or 9%; may be blank."),
    "source": _l("The document the figure comes from; at most 200 characters."),
}
# The save functions name their fields as the forms do.
REFERENCE_FIELD_COLUMNS = {"region_code": "region"}

REFERENCE_PROBLEMS = {
    "unknown_region": _l("is not a region on record: write its six-digit code or its exact name"),
    "ambiguous_region": _l("is the name of more than one region: write its six-digit code"),
    "region_mismatch": _l("is another region than the one the code names"),
    "not_a_date": _l("is not a date: write it as 2025-03-01"),
    "not_a_year": _l("is not a year: write it as 2025"),
}

REFERENCE_NO_HEADER = {
    "minimum_wage": _l(
        "No header row found: name the columns, at least 地区 (region), 月最低工资 (monthly "
        "minimum) and 执行日期 (effective from)."
    ),
    "guideline": _l(
        "No header row found: name the columns, at least 地区 (region), 年度 (year) and "
        "基准线 (baseline)."
    ),
}

REFERENCE_NO_LINE_COLUMN = _l(
    "The header names no line of the guideline: add 基准线 (baseline), 上线 (upper line) or "
    "下线 (lower line)."
)
REFERENCE_DUPLICATES = {
    "minimum_wage": _l("Row %(row)s repeats the region and effective date of row %(first)s."),
    "guideline": _l("Row %(row)s repeats the region and year of row %(first)s."),
}


def reference_error_text(
    kind: str, row: int | None, column: str | None, code: str, first_row: int | None = None
) -> str:
    """One problem in an imported workbook of minimum wages (`kind` "minimum_wage") or wage
    guidelines ("guideline"), as the user reads it: 'row 7: monthly minimum is not a number'."""
    label = str(REFERENCE_COLUMN_LABELS.get(column or "", column or ""))
    if code == "no_header":
        return str(REFERENCE_NO_HEADER[kind])
    if code == "missing_column":
        return str(_l("The header has no “%(column)s” column.", column=label))
    if code == "no_line_column":
        return str(REFERENCE_NO_LINE_COLUMN)
    if code == "duplicate_row" and row is not None and first_row is not None:
        return str(REFERENCE_DUPLICATES[kind]) % {"row": row, "first": first_row}
    problem = REFERENCE_PROBLEMS.get(code) or WORKBOOK_MESSAGES.get(code)
    if problem is None:
        problem = PROBLEM_MESSAGES.get(code, code)
    if row is None:
        return str(problem)
    return str(_l("Row %(row)s: %(column)s %(problem)s", row=row, column=label, problem=problem))


def refused_row_text(row: int, field: str | None, message: object) -> str:
    """A row that a rule of the reference figures refused: 'row 7, baseline: the lines go …'."""
    if not field:
        return str(_l("Row %(row)s: %(message)s", row=row, message=message))
    column = REFERENCE_FIELD_COLUMNS.get(field, field)
    label = REFERENCE_COLUMN_LABELS.get(column, column)
    return str(_l("Row %(row)s, %(column)s: %(message)s", row=row, column=label, message=message))


# Which minimum wage a pay item is held against (standards.wage_floor), with %(minimum)s its
# figure and unit. The hour made from the monthly minimum is worded by services.minimum_wording.
MINIMUM_BASIS_LABELS = {
    MinimumBasis.MONTHLY: _l("the monthly minimum of %(minimum)s"),
    MinimumBasis.MONTHLY_PER_HOUR: _l("the monthly minimum ÷ 174 hours, %(minimum)s"),
    MinimumBasis.PART_TIME_HOURLY: _l("the part-time hourly minimum of %(minimum)s"),
}

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


STANDARD_SAVED = "standard_saved"
STANDARD_EXPORTED = "standard_exported"
trail.register_actions(
    {
        STANDARD_SAVED: _l("Saved the sector standard “%(title)s”"),
        STANDARD_EXPORTED: _l("Downloaded %(what)s"),
    }
)
trail.register_action_names({STANDARD_EXPORTED: _l("Downloaded a sector standard")})
trail.register_subject("sector_standard", _l("Sector standard"))
