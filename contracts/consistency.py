"""Whether a version's articles and its wage table name the same amounts: the warnings shown when
a version is saved and on its page, and the check a congress vote on the text is to call."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from contracts import rules
from contracts.diff import WageRow
from contracts.models import AgreementVersion
from contracts.structure import Structure, parse


def consistency_problems(version: AgreementVersion) -> list[str]:
    """Each place where an article names a job category of the version's wage table with an
    amount the table does not hold for it (rules.amount_mismatches), in words: empty when the
    text and the table agree.

    Today a mismatch is only a warning (on saving and on the version page). The congress vote on
    a version (not built yet) must call this before the text is put to the vote and refuse while
    it returns anything: the delegates would otherwise vote on a text whose articles and table
    say different things."""
    return problems_in(parse(version.text), rules.wage_rows(version.wage_table))


def problems_in(structure: Structure, rows: Sequence[WageRow]) -> list[str]:
    """consistency_problems of a text already parsed (the version page has it) and its table."""
    mismatches = rules.amount_mismatches(
        [(article.label, article.body) for article in structure.articles], rows
    )
    return [
        str(
            _l(
                "%(article)s names %(written)s %(unit)s for %(job)s; the wage table has "
                "%(table)s %(unit)s.",
                article=m.article,
                job=m.job_category,
                written=_shown(m.written),
                unit=m.unit,
                table=" / ".join(_shown(value) for value in m.table),
            )
        )
        for m in mismatches
    ]


def _shown(value: Decimal) -> str:
    """2800 → 2,800; 23.50 → 23.5: a figure as the text would write it, with thousands marked."""
    return format(Decimal(rules.plain_figure(value)), ",f")
