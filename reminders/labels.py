"""Words for reminders: the kinds of period, their units, and holiday-file problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from reminders.models import Deadline

PERIOD_LABELS = {
    "answer": _l("Written answer to a bargaining request"),
    "filing": _l("Filing the signed agreement with the labour bureau"),
    "special_wage_filing": _l("Filing a special wage agreement"),
    "review": _l("The bureau's review"),
    "publication": _l("Publishing the agreement in force"),
    "renewal_window": _l("Renewal window before expiry"),
    "vacancy_refill": _l("Filling a representative's vacancy"),
    "missing_items": _l("Supplying missing filing items"),
    "dispute_settlement": _l("The bureau's settlement of a bargaining dispute"),
}
UNIT_LABELS = {
    "days": _l("days"),
    "working_days": _l("working days"),
    "months": _l("months"),
}
HOLIDAY_ERRORS = {
    "missing": _l("a value is missing"),
    "bad_date": _l("the date is not a real date (e.g. 2027-01-01)"),
    "bad_kind": _l("the kind is 放假 (holiday) or 调休上班 (make-up working day)"),
    "duplicate": _l("the same date appears twice"),
    "workday_on_weekday": _l("a make-up working day falls on a weekend, not on a weekday"),
    "too_long": _l("the name is longer than 50 characters"),
    "missing_column": _l("the header lacks the date or kind column"),
    "too_large": _l("the file is larger than 2 MB"),
    "too_many_rows": _l("the file has more than 2,000 rows"),
    "too_large_unpacked": _l("the workbook is too large when unpacked (more than 32 MB)"),
    "unsupported_type": _l("choose a .csv or .xlsx file"),
    "not_a_workbook": _l("this is not a readable Excel workbook"),
    "bad_encoding": _l("the text encoding is not UTF-8, GB18030 or UTF-16"),
    "unreadable": _l("the file cannot be read"),
    "empty": _l("the file holds no days"),
    "no_header": _l("no header row (日期, 类型, 名称) was found"),
}


def deadline_title(deadline: Deadline) -> str:
    """What a deadline is about, in the reader's language: the kind of clock and the user's own
    name of the record ('Written answer to a bargaining request: 2026年…'), and a person's name
    where the clock is about one."""
    what = str(PERIOD_LABELS.get(deadline.kind, deadline.kind))
    if deadline.detail:
        return _(
            "%(what)s: %(subject)s (%(detail)s)",
            what=what,
            subject=deadline.subject,
            detail=deadline.detail,
        )
    return _("%(what)s: %(subject)s", what=what, subject=deadline.subject)


def deadline_titler() -> Callable[[Deadline], str]:
    """deadline_title for a page that lists many deadlines (an inbox shows up to 200): the
    kinds' words and the two patterns are looked up once, on first use, in the page's language."""
    words: dict[str, str] = {}
    patterns: list[str] = []

    def title(deadline: Deadline) -> str:
        what = words.get(deadline.kind)
        if what is None:
            what = words[deadline.kind] = str(PERIOD_LABELS.get(deadline.kind, deadline.kind))
        if not patterns:  # without variables, gettext leaves the pattern as it is
            patterns.extend((_("%(what)s: %(subject)s (%(detail)s)"), _("%(what)s: %(subject)s")))
        values = {"what": what, "subject": deadline.subject, "detail": deadline.detail}
        return patterns[0 if deadline.detail else 1] % values

    return title
