"""The rules of an agreement's text, pure: its term (R9), the hash chain of its versions, and the
limits of a text."""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from contracts.diff import WageRow

MIN_TERM_YEARS, MAX_TERM_YEARS = 1, 3  # R9 (集体合同规定 第38条)


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February in a common year); the
    last representable day when that lies beyond the calendar."""
    year = day.year + years
    if year > date.max.year:
        return date.max
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def term_problem(start: date, end: date) -> str | None:
    """R9: a term of one to three years, `end` its last day. None when it is one, else
    "too_short" or "too_long"."""
    if end < years_after(start, MIN_TERM_YEARS) - timedelta(days=1):
        return "too_short"
    if end > years_after(start, MAX_TERM_YEARS) - timedelta(days=1):
        return "too_long"
    return None


def plain_figure(value: Decimal) -> str:
    """2500.00 → 2500, 23.70 → 23.7, 1E+3 → 1000: a figure as written in an agreement."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def wage_json(rows: Sequence[WageRow]) -> str:
    """A wage table as canonical JSON (its hash must not depend on spacing or key order)."""
    return json.dumps(
        [
            {
                "kind": r.kind,
                "job_category": r.job_category,
                "value": format(r.value.normalize(), "f"),  # 3400.0000 and 3400 are one figure
                "unit": r.unit,
            }
            for r in rows
        ],
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def wage_rows(text: str) -> list[WageRow]:
    """A wage table from its JSON (raises ValueError, KeyError or TypeError when malformed)."""
    rows = json.loads(text or "[]")
    if not isinstance(rows, list):
        raise TypeError("a wage table is a list")
    return [
        WageRow(
            str(row["kind"]), str(row["job_category"]), Decimal(str(row["value"])), str(row["unit"])
        )
        for row in rows
    ]


def chain_hash(
    agreement_id: int,
    previous: str | None,
    number: int,
    text_sha256: str,
    wage_sha256: str,
    meta: str = "",
) -> str:
    """A version's link in the chain: its agreement, the previous link, its number, its text, its
    table and its record (`version_meta`): two agreements that start from one text still have
    chains of their own, and a changed author or date breaks the chain like a changed word."""
    return sha256(
        f"{agreement_id}\n{previous or ''}\n{number}\n{text_sha256}\n{wage_sha256}\n{meta}"
    )


def version_meta(
    *,
    author_name: str,
    side: str | None,
    note: str,
    source: str,
    base_number: int | None,
    created_at: datetime,
) -> str:
    """Who saved a version, for which side, why, from which version and when, as hashed."""
    moment = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    return json.dumps(
        [
            author_name,
            side or "",
            note,
            source,
            base_number,
            moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
