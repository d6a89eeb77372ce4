"""Saving an edit of an agreement's text and wage table: from the version it began on, merged with
what others saved meanwhile (changes that do not overlap), or returned as conflicts for the user
to resolve with nothing saved and nothing typed lost."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from bargaining.models import Side
from contracts import rules
from contracts.diff import WageRow
from contracts.layout import WageLabels
from contracts.merge import Merged, WageConflict, merge, merge_wages
from contracts.models import Agreement, AgreementVersion
from contracts.services import (
    append_version,
    check_editable,
    checked_text,
    latest,
    version,
    versions_of,
)
from contracts.template import ITEM_NAMES
from errors import DomainError
from organizations.permissions import Viewer
from standards import rules as standard_rules
from standards.minimum_checks import BelowMinimumWage, check_minimum_wage_during
from standards.validation import item_problems
from standards.vocabulary import KIND_RULES, ItemKind, Unit


@dataclass(frozen=True)
class SaveOutcome:
    """What saving an edit did: saved (perhaps merged with versions saved meanwhile), or found
    conflicts for the user to resolve (nothing saved)."""

    version: AgreementVersion | None
    merged_with: list[AgreementVersion]
    merge: Merged | None
    latest_number: int
    wage_conflicts: list[WageConflict] = field(default_factory=list)
    # A resolution whose result is a version already saved (their text chosen everywhere):
    # that version's number, nothing saved.
    same_as: int | None = None

    @property
    def conflicts(self) -> bool:
        return self.version is None and self.same_as is None


def save_edit(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    *,
    base_number: int,
    text: str,
    note: str,
    rows: Sequence[WageRow] | None = None,
    source: str = "edit",
) -> SaveOutcome:
    """Save the text (and wage table) edited from version `base_number`. When others saved since,
    their changes and this edit are merged; changes that overlap come back as conflicts, and
    nothing is saved. `rows` None keeps the base version's wage table."""
    side = check_editable(session, viewer, agreement)
    return _save(session, viewer, agreement, side, base_number, text, note, rows, source)


def _save(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    side: Side,
    base_number: int,
    text: str,
    note: str,
    rows: Sequence[WageRow] | None,
    source: str,
    *,
    same_is_outcome: bool = False,
) -> SaveOutcome:
    """save_edit once the viewer may edit and the agreement is locked. A result equal to the
    newest version is refused (an edit that changes nothing), or with `same_is_outcome` returned
    as an outcome naming that version (a resolution that chose their text everywhere)."""
    text = checked_text(text)
    base = version(session, agreement, base_number)
    newest = latest(session, agreement)
    assert newest is not None
    base_rows = rules.wage_rows(base.wage_table)
    mine_rows = base_rows if rows is None else list(rows)
    check_minimum_wage(session, agreement, mine_rows, base_rows)
    if newest.number == base.number:
        if text == base.text and mine_rows == base_rows:
            if same_is_outcome:
                return SaveOutcome(None, [], None, base.number, same_as=base.number)
            raise DomainError(
                _l("Nothing changed since version %(n)s.", n=base.number), field="text"
            )
        saved = append_version(
            session, viewer, agreement, text, mine_rows,
            note=note, source=source, side=side, base_number=base.number,
        )  # fmt: skip
        return SaveOutcome(saved, [], None, saved.number)
    meanwhile = [v for v in versions_of(session, agreement) if v.number > base.number]
    result = merge(base.text, newest.text, text)
    rows_merged, wage_conflicts = merge_wages(
        base_rows, rules.wage_rows(newest.wage_table), mine_rows
    )
    if not result.clean or wage_conflicts:
        return SaveOutcome(None, meanwhile, result, newest.number, wage_conflicts)
    if result.text() == newest.text and rows_merged == rules.wage_rows(newest.wage_table):
        if same_is_outcome:
            return SaveOutcome(None, meanwhile, None, newest.number, same_as=newest.number)
        raise DomainError(
            _l("Version %(n)s already holds these changes.", n=newest.number),
            field="text",
            status=409,
        )
    merged_note = note.strip() or str(_l("Merged with version %(n)s", n=newest.number))
    saved = append_version(
        session, viewer, agreement, result.text(), rows_merged,
        note=merged_note, source=source, side=side, base_number=base.number,
    )  # fmt: skip
    return SaveOutcome(saved, meanwhile, result, saved.number)


def check_minimum_wage(
    session: Session, agreement: Agreement, rows: Sequence[WageRow], base_rows: Sequence[WageRow]
) -> None:
    """R14: a pay figure this edit sets (a row not in the base version as it is) may not fall
    below the local minimum wage at any time in the agreement's term, checked and worded as a
    standard's items are. The error goes beside the first such figure (`wage_<index>` in `rows`)
    and names them all."""
    changed: list[tuple[int, standard_rules.StandardTerm]] = []
    for index, row in enumerate(rows):
        if row in base_rows:
            continue
        try:
            kind, unit = ItemKind(row.kind), Unit(row.unit)
        except ValueError:  # not an item of a standard: nothing to hold against the minimum
            continue
        term = standard_rules.StandardTerm(
            kind, row.job_category or None, row.value, unit, KIND_RULES[kind].direction
        )
        changed.append((index, term))
    if not changed:
        return
    try:
        check_minimum_wage_during(
            session, agreement.region_code, agreement.term_start, agreement.term_end,
            [term for _index, term in changed],
        )  # fmt: skip
    except BelowMinimumWage as refused:
        first = min(changed[position][0] for position in refused.positions)
        raise DomainError(refused.message, field=f"wage_{first}", rule="R14") from refused


def save_resolution(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    *,
    base_number: int,
    theirs_number: int,
    mine: str,
    mine_rows: Sequence[WageRow],
    choices: dict[int, str],
    wage_choices: dict[tuple[str, str], str],
    note: str,
) -> tuple[SaveOutcome, str, list[WageRow]]:
    """The user's choice for each conflict between their edit (from `base_number`) and version
    `theirs_number` — a text for each text conflict, "theirs" or "mine" for each wage-table row —
    saved as an edit of `theirs_number` (merged again if more came since). Returns the outcome
    with the resolved text and wage table. A result that equals the newest version (their text
    chosen for every conflict) saves nothing: the outcome names that version (`same_as`)."""
    side = check_editable(session, viewer, agreement)
    mine = checked_text(mine)
    base = version(session, agreement, base_number)
    theirs = version(session, agreement, theirs_number)
    try:
        resolved = merge(base.text, theirs.text, mine).text(choices)
    except KeyError as exc:
        raise DomainError(_l("Choose a text for every conflict."), field="choices") from exc
    theirs_rows = rules.wage_rows(theirs.wage_table)
    rows, conflicts = merge_wages(rules.wage_rows(base.wage_table), theirs_rows, mine_rows)
    take_theirs = {
        (c.kind, c.job_category)
        for c in conflicts
        if wage_choices.get((c.kind, c.job_category)) == "theirs"
    }
    if any((c.kind, c.job_category) not in wage_choices for c in conflicts):
        raise DomainError(_l("Choose a value for every conflict."), field="choices")
    by_key = {(r.kind, r.job_category): r for r in theirs_rows}
    resolved_rows: list[WageRow] = []
    for row in rows:
        key = (row.kind, row.job_category)
        if key not in take_theirs:
            resolved_rows.append(row)
        elif key in by_key:  # their value (a row they removed stays removed)
            resolved_rows.append(by_key[key])
    kept = {(r.kind, r.job_category) for r in resolved_rows}
    resolved_rows += [by_key[key] for key in take_theirs if key in by_key and key not in kept]
    outcome = _save(
        session, viewer, agreement, side, theirs.number, resolved, note, resolved_rows, "edit",
        same_is_outcome=True,
    )  # fmt: skip
    return outcome, resolved, resolved_rows


def returned_wage_rows(raw: str, base: AgreementVersion, theirs: AgreementVersion) -> list[WageRow]:
    """The user's wage table as the resolve form sends it back: rows of the base or the other
    version only, in their units, each figure checked as on the edit form. Anything else is a
    tampered form (400)."""
    known = {
        (r.kind, r.job_category): r.unit
        for r in (*rules.wage_rows(base.wage_table), *rules.wage_rows(theirs.wage_table))
    }
    refused = DomainError(_l("The form was altered; open the page again."), status=400)
    try:
        rows = rules.wage_rows(raw)
    except (ValueError, KeyError, TypeError, ArithmeticError, AttributeError) as exc:
        raise refused from exc
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.kind, row.job_category)
        if known.get(key) != row.unit or key in seen or not row.value.is_finite():
            raise refused
        kind = ItemKind(row.kind)
        if item_problems(kind, row.unit, KIND_RULES[kind].direction, row.value):
            raise refused
        seen.add(key)
    return rows


def imported_wage_rows(
    cells: Sequence[Sequence[str]] | None, base: AgreementVersion
) -> list[WageRow]:
    """The wage table of a Word draft (the cells of a version's file, contracts.wordfiles): the
    base version's rows, in its order, with the figures as the draft has them; the base's table
    when the draft has none. Rows are changed on the edit page, not in Word: a table whose rows
    are not the base's (item, job category, unit), or with a figure that is no figure, is refused
    beside the file."""
    base_rows = rules.wage_rows(base.wage_table)
    if cells is None:
        return base_rows
    refused = DomainError(
        _l(
            "The wage table in the document cannot be read back: keep its rows as they were "
            "written (job category, item, unit) and change only the figures."
        ),
        field="document",
    )
    labels = WageLabels(item_names=ITEM_NAMES)
    try:
        read = {(r.kind, r.job_category, r.unit): r for r in map(labels.row_of, cells)}
    except ValueError as error:
        raise refused from error
    if len(read) != len(cells) or set(read) != {
        (r.kind, r.job_category, r.unit) for r in base_rows
    }:
        raise refused
    rows = [read[(r.kind, r.job_category, r.unit)] for r in base_rows]
    for row in rows:
        try:
            kind = ItemKind(row.kind)
        except ValueError:  # not an item of a standard: nothing to check its figure by
            continue
        if item_problems(kind, row.unit, KIND_RULES[kind].direction, row.value):
            raise refused
    return rows
