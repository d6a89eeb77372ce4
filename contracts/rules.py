"""The rules of an agreement's text, pure: its term (R9), the hash chain of its versions, the
limits of a text, and whether its articles and its wage table name the same amounts."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
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


# --- the articles against the wage table ----------------------------------------------------------

MONEY_UNITS = ("元/月", "元/小时", "元/件")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
# Where what is said of a job category ends: a sentence or clause mark (a comma between a figure's
# thousands is no clause mark).
_CLAUSE_END = re.compile(r"[。；;！？!?\n]|[，,](?!\d{3}(?!\d))")
# An amount in yuan: 2800元, 2,800 元, 2，800元, 23.5元/小时. It starts at a figure's first digit,
# never after a thousands separator: a search of 1,000,000,… (no 元) would otherwise start again
# after each comma and read the rest of the figure each time (quadratic in its length).
_AMOUNT = re.compile(
    r"(?<![\d.])(?<!\d[,，])(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?[ \u3000]*元(/(?:月|小时|件))?"
)
# Words that make an amount something else than the category's pay standard: overtime pay,
# allowances, bonuses, fees, a rise or a cut by so much.
_OTHER_AMOUNT = re.compile(r"加班|津贴|补贴|补助|奖|费|福利|提成|增加|增长|提高|上调|下调|降低|扣")
_PER_HOUR = re.compile(r"每小时|小时工资|时薪|工时工价")
_PER_PIECE = re.compile(r"每件|计件")


@dataclass(frozen=True, slots=True)
class AmountMismatch:
    """An article that names a job category of the wage table with an amount the table does not
    hold for it: '第四条: 服务员 2800 元, the table 2750 元/月'."""

    article: str
    job_category: str
    written: Decimal
    unit: str
    table: tuple[Decimal, ...]  # the table's figures for that category in that unit


def _amount_unit(said: str, suffix: str | None) -> str:
    """The unit an amount is meant in: as written after it (元/小时), else by the words before it
    (每小时 …), else a month's pay."""
    if suffix:
        return "元" + suffix
    if _PER_HOUR.search(said):
        return "元/小时"
    if _PER_PIECE.search(said):
        return "元/件"
    return "元/月"


def amount_mismatches(
    articles: Sequence[tuple[str, str]], rows: Sequence[WageRow]
) -> list[AmountMismatch]:
    """Where an article (label, text) names a job category of the wage table and, in the same
    clause after it, an amount in yuan that differs from every figure the table holds for that
    category in that unit. Full-width digits and thousands separators are read as figures; the
    longest category name wins (厨师长, not 厨师); an amount of another kind (加班费, 津贴, a rise
    of so much) and a category the table does not name are left alone; a category named twice is
    checked each time."""
    figures: dict[tuple[str, str], list[Decimal]] = {}
    for row in rows:
        if row.job_category and row.unit in MONEY_UNITS:
            figures.setdefault((row.job_category, row.unit), []).append(row.value)
    categories = sorted({job for job, _unit in figures}, key=len, reverse=True)
    if not categories:
        return []
    named = re.compile("|".join(re.escape(job) for job in categories))
    found: list[AmountMismatch] = []
    for label, text in articles:
        text = text.translate(_FULL_WIDTH)
        mentions = list(named.finditer(text))
        for index, mention in enumerate(mentions):
            stop = mentions[index + 1].start() if index + 1 < len(mentions) else len(text)
            clause_end = _CLAUSE_END.search(text, mention.end(), stop)
            clause = text[mention.end() : clause_end.start() if clause_end else stop]
            amount = _AMOUNT.search(clause)
            if amount is None or _OTHER_AMOUNT.search(clause[: amount.start()]):
                continue
            written = Decimal(
                amount.group(1).replace(",", "").replace("，", "") + (amount.group(2) or "")
            )
            unit = _amount_unit(clause[: amount.start()], amount.group(3))
            table = figures.get((mention.group(), unit))
            if table and written not in table:
                found.append(AmountMismatch(label, mention.group(), written, unit, tuple(table)))
    return found
