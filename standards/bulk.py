"""Comparing many term sets with one standard at once (pure).

A term set is stored packed: its layout — each item's kind, unit and job category, in order —
shared by every set that names the same items (an enterprise's sets year after year, the sets
made from one federation template), and its figures as whole numbers of ten-thousandths (the
four decimal places a figure is stored with, so the packing is exact). Which term answers which
standard item depends on the layout alone, so `rules.pairs_of` runs once per layout; the
figures of every set of a layout are then compared in one step as integers, exactly as
`rules.summarise` compares Decimals, with the same verdicts and the same monthly ↔ hourly
conversion at 174 hours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat

import numpy as np
import numpy.typing as npt

from standards import rules
from standards.vocabulary import ItemKind, Unit

SCALE_PLACES = 4  # a figure is stored with four decimal places (NUMERIC(14, 4))
_AMOUNT = np.dtype("<i8")  # one packed figure: a little-endian 64-bit integer

TermKey = tuple[ItemKind, str | None, Unit]  # kind, job category (None for every one), unit

_FIELD = "\t"
_LINE = "\n"


class PackingError(ValueError):
    """A term that cannot be packed: a figure with more than four decimal places or beyond the
    64-bit range, or a job category holding a tab or a line break."""


# --- packing ---------------------------------------------------------------------------------


def layout_text(keys: Sequence[TermKey]) -> str:
    """The layout as stored: a line per item, "kind<TAB>unit<TAB>job category"."""
    lines = []
    for kind, category, unit in keys:
        category = category or ""
        if _FIELD in category or _LINE in category:
            raise PackingError(f"job category {category!r} holds a tab or a line break")
        lines.append(f"{kind.value}{_FIELD}{unit.value}{_FIELD}{category}")
    return _LINE.join(lines)


def layout_digest(text: str) -> str:
    """The layout's identity: the SHA-256 of its text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_KINDS = {kind.value: kind for kind in ItemKind}
_UNITS = {unit.value: unit for unit in Unit}


def parse_layout(text: str) -> list[TermKey]:
    """The keys of a stored layout. Raises ValueError for a kind or unit this system does not
    know (a layout is only ever written by layout_text)."""
    if not text:
        return []
    keys: list[TermKey] = []
    try:
        for line in text.split(_LINE):
            kind, unit, category = line.split(_FIELD, 2)
            keys.append((_KINDS[kind], category or None, _UNITS[unit]))
    except KeyError as exc:
        raise ValueError(f"unknown kind or unit {exc.args[0]!r} in a stored layout") from exc
    return keys


def pack_amounts(values: Iterable[Decimal]) -> bytes:
    try:
        return np.array([_scaled(value) for value in values], dtype=_AMOUNT).tobytes()
    except OverflowError as exc:
        raise PackingError(str(exc)) from exc


def unpack_amounts(data: bytes) -> list[Decimal]:
    return [Decimal(n).scaleb(-SCALE_PLACES) for n in np.frombuffer(data, dtype=_AMOUNT).tolist()]


def pack_terms(terms: Sequence[rules.Term]) -> tuple[str, bytes]:
    """A set of terms as (layout text, packed figures)."""
    keys = [(t.kind, t.job_category or None, t.unit) for t in terms]
    return layout_text(keys), pack_amounts(t.value for t in terms)


def unpack_terms(layout: str, amounts: bytes) -> list[rules.Term]:
    keys = parse_layout(layout)
    values = unpack_amounts(amounts)
    if len(keys) != len(values):
        raise PackingError(f"{len(values)} figures for a layout of {len(keys)} items")
    return [
        rules.Term(kind, category, value, unit)
        for (kind, category, unit), value in zip(keys, values, strict=True)
    ]


# --- comparing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class LayoutPlan:
    """How the sets of one layout meet a standard: for each comparable pair, the position of
    the set's figure, what it is multiplied by, the standard's figure in the common unit (packed),
    and which way is better; and how many standard items the layout leaves unanswered."""

    width: int  # figures per set
    positions: npt.NDArray[np.intp]
    factors: npt.NDArray[np.int64]
    thresholds: npt.NDArray[np.int64]
    higher_is_better: npt.NDArray[np.bool_]
    missing: int


def scaled_values(standard: rules.PreparedStandard) -> dict[int, int]:
    """Each standard item's figure packed (by the item's index): work done once for all the
    layouts compared with one standard."""
    return {entry.index: _scaled(entry.value) for entry in standard.by_key.values()}


def plan_layout(
    keys: Sequence[TermKey],
    standard: rules.PreparedStandard,
    scaled: Mapping[int, int] | None = None,
) -> LayoutPlan:
    """The pairs `rules.pairs_of` makes for terms with these keys (figures play no part in
    pairing), with the unit conversion of each; incomparable pairs count in no verdict.
    *scaled* is `scaled_values(standard)`, when the caller plans many layouts."""
    if scaled is None:
        scaled = scaled_values(standard)
    probes = [rules.Term(kind, category, Decimal(0), unit) for kind, category, unit in keys]
    position_of = {id(term): position for position, term in enumerate(probes)}
    pairs, _extra, answered = rules.pairs_of(probes, standard)
    positions: list[int] = []
    factors: list[int] = []
    thresholds: list[int] = []
    higher: list[bool] = []
    for entry, term in pairs:
        conversion = rules.unit_factors(term.unit, entry.unit)
        if conversion is None:
            continue
        ours, theirs = conversion
        positions.append(position_of[id(term)])
        factors.append(ours)
        thresholds.append(scaled[entry.index] * theirs)
        higher.append(entry.higher_is_better)
    return LayoutPlan(
        width=len(keys),
        positions=np.array(positions, dtype=np.intp),
        factors=np.array(factors, dtype=np.int64),
        thresholds=np.array(thresholds, dtype=np.int64),
        higher_is_better=np.array(higher, dtype=np.bool_),
        missing=len(standard.items) - len(answered),
    )


def summarise_packed(plan: LayoutPlan, amounts: Sequence[bytes]) -> list[tuple[int, int, int, int]]:
    """`rules.summarise` for each set of the plan's layout, from its packed figures:
    (falls short, meets, exceeds, missing)."""
    return summarise_joined(plan, b"".join(amounts), len(amounts))


def summarise_joined(
    plan: LayoutPlan, joined: bytes, count: int
) -> list[tuple[int, int, int, int]]:
    """`summarise_packed` for *count* sets whose packed figures come one after another in
    *joined* (as the database can hand them over, a layout at a time)."""
    if not count:
        return []
    figures = np.frombuffer(joined, dtype=_AMOUNT)
    if figures.size != plan.width * count:
        raise PackingError(f"{figures.size} figures for {count} sets of {plan.width}")
    if plan.width == 0 or plan.positions.size == 0:
        return [(0, 0, 0, plan.missing)] * count
    ours = figures.reshape(count, plan.width)[:, plan.positions] * plan.factors
    meets = ours == plan.thresholds
    above = ours > plan.thresholds
    exceeds = ~meets & (above == plan.higher_is_better)
    met = meets.sum(axis=1)
    better = exceeds.sum(axis=1)
    short = plan.positions.size - met - better
    missing = repeat(plan.missing, count)
    return list(zip(short.tolist(), met.tolist(), better.tolist(), missing, strict=True))


def _scaled(value: Decimal) -> int:
    number = value.scaleb(SCALE_PLACES)
    if number != number.to_integral_value():
        raise PackingError(f"{value} has more than {SCALE_PLACES} decimal places")
    return int(number)
