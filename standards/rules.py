"""The comparison engine: terms against a sector standard (R16) and the minimum wage (R14).

Pure functions over Decimals. Problems come back as codes; the caller turns them into words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from standards.vocabulary import Direction, ItemKind, Unit
from standards.wage_floor import (
    DAYS_PER_MONTH,
    EXACT,
    HOURS_PER_DAY,
    HOURS_PER_MONTH,
    PERCENT,
    QUOTIENT,
    TENTH,
    ApplicableMinimum,
    MinimumBasis,
    MinimumWage,
    MinimumWageCheck,
    applicable_minimum,
    check_minimum_wage,
    hourly_to_monthly,
    money,
    monthly_to_hourly,
    standard_below_minimum,
)

# The conversion at 174 hours and the minimum-wage checks live in standards.wage_floor; they are
# part of this engine's interface.
__all__ = [
    "DAYS_PER_MONTH",
    "HOURS_PER_DAY",
    "HOURS_PER_MONTH",
    "ApplicableMinimum",
    "MinimumBasis",
    "MinimumWage",
    "MinimumWageCheck",
    "applicable_minimum",
    "check_minimum_wage",
    "hourly_to_monthly",
    "money",
    "monthly_to_hourly",
    "standard_below_minimum",
]


# --- terms, standards and what comparing them gives ------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One term of an enterprise's agreement or of a draft. job_category None or "" means
    every job category."""

    kind: ItemKind
    job_category: str | None
    value: Decimal
    unit: Unit


@dataclass(frozen=True, slots=True)
class StandardTerm:
    """One item of a sector standard. job_category None or "" means every job category."""

    kind: ItemKind
    job_category: str | None
    value: Decimal
    unit: Unit
    direction: Direction


class Verdict(StrEnum):
    """A term against a standard item, from the workers' point of view."""

    FALLS_SHORT = "falls_short"
    MEETS = "meets"
    EXCEEDS = "exceeds"
    INCOMPARABLE = "incomparable"  # units that cannot be converted, e.g. 件/天 against 件/小时


@dataclass(frozen=True, slots=True)
class ItemComparison:
    standard: StandardTerm
    term: Term
    verdict: Verdict
    gap: Decimal | None  # term minus standard, in the standard's unit; None when incomparable
    gap_percent: Decimal | None  # gap ÷ standard × 100 to 0.1; None when the standard is 0
    converted: bool = False  # the term was turned monthly ↔ hourly at HOURS_PER_MONTH


@dataclass(frozen=True, slots=True)
class Comparison:
    items: list[ItemComparison]  # in the standard's order
    missing: list[StandardTerm]  # standard items no term answers
    extra: list[Term]  # terms the standard does not cover
    minimum_wage: list[MinimumWageCheck]  # empty when no minimum wage was given
    hours_per_month: Decimal  # the conversion assumption, to be shown

    @property
    def counts(self) -> dict[Verdict, int]:
        counts = dict.fromkeys(Verdict, 0)
        for item in self.items:
            counts[item.verdict] += 1
        return counts

    @property
    def falls_short(self) -> list[ItemComparison]:
        return [item for item in self.items if item.verdict is Verdict.FALLS_SHORT]

    @property
    def incomparable(self) -> list[ItemComparison]:
        return [item for item in self.items if item.verdict is Verdict.INCOMPARABLE]

    @property
    def meets_standard(self) -> bool:
        """R16: every standard item is answered by terms at least as good for workers."""
        return not self.missing and all(
            item.verdict in (Verdict.MEETS, Verdict.EXCEEDS) for item in self.items
        )

    @property
    def below_minimum_wage(self) -> list[MinimumWageCheck]:
        return [check for check in self.minimum_wage if not check.clears]

    @property
    def clears_minimum_wage(self) -> bool:
        """R14, for the pay items among the terms (true when no minimum wage was given)."""
        return all(check.clears for check in self.minimum_wage)


# --- the prepared standard --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreparedItem:
    """A standard item with what every comparison needs worked out once."""

    index: int
    item: StandardTerm
    value: Decimal
    unit: Unit
    higher_is_better: bool
    value_as_monthly: Decimal | None  # value × 174 for an hourly item, to meet monthly terms


_Key = tuple[ItemKind, str | None]


@dataclass(frozen=True, slots=True, eq=False)
class PreparedStandard:
    """A standard's items indexed for comparing many term sets: build once, compare often.
    Its dicts are not to be changed after `from_items`."""

    items: tuple[StandardTerm, ...]
    by_key: dict[_Key, PreparedItem]
    # Per kind, the items for one job category: a term for every category answers those the
    # terms do not name.
    specific_by_kind: dict[ItemKind, tuple[PreparedItem, ...]]

    @classmethod
    def from_items(cls, items: Iterable[StandardTerm]) -> PreparedStandard:
        """Raises ValueError for two items of one kind and job category."""
        ordered = tuple(items)
        by_key: dict[_Key, PreparedItem] = {}
        specific: dict[ItemKind, list[PreparedItem]] = {}
        for index, item in enumerate(ordered):
            key = (item.kind, item.job_category or None)
            if key in by_key:
                raise ValueError(f"two standard items for {item.kind} / {key[1] or 'all'}")
            entry = PreparedItem(
                index=index,
                item=item,
                value=item.value,
                unit=item.unit,
                higher_is_better=item.direction == Direction.HIGHER_IS_BETTER,
                value_as_monthly=EXACT.multiply(item.value, HOURS_PER_MONTH)
                if item.unit == Unit.YUAN_PER_HOUR
                else None,
            )
            by_key[key] = entry
            if key[1] is not None:
                specific.setdefault(item.kind, []).append(entry)
        return cls(ordered, by_key, {kind: tuple(entries) for kind, entries in specific.items()})


# --- comparing ------------------------------------------------------------------------------


def pairs_of(
    terms: Iterable[Term], standard: PreparedStandard
) -> tuple[list[tuple[PreparedItem, Term]], list[Term], set[int]]:
    """Which term answers which standard item: the pairs to compare, the terms that answer
    none, and the indexes of the items answered.

    A term for one job category answers the standard's item for that category, or failing one
    the standard's item for every category. A term for every category answers the standard's
    item for every category, and each item for one category that no term names."""
    by_key = standard.by_key
    specific_by_kind = standard.specific_by_kind
    pairs: list[tuple[PreparedItem, Term]] = []
    answered: set[int] = set()
    unanswering: list[tuple[int, Term]] = []
    general: list[tuple[int, Term, bool]] = []
    for position, term in enumerate(terms):
        category = term.job_category or None
        entry = by_key.get((term.kind, category))
        if entry is None and category is not None:
            entry = by_key.get((term.kind, None))
        if entry is not None:
            pairs.append((entry, term))
            answered.add(entry.index)
        if category is None and term.kind in specific_by_kind:
            general.append((position, term, entry is not None))
        elif entry is None:
            unanswering.append((position, term))
    if general:
        named = frozenset(answered)
        for position, term, matched in general:
            answers = matched
            for entry in specific_by_kind[term.kind]:
                if entry.index not in named:
                    pairs.append((entry, term))
                    answered.add(entry.index)
                    answers = True
            if not answers:
                unanswering.append((position, term))
        unanswering.sort(key=lambda pair: pair[0])
    return pairs, [term for _, term in unanswering], answered


def unit_factors(term_unit: Unit, standard_unit: Unit) -> tuple[int, int] | None:
    """What a term's and a standard item's figures are multiplied by to meet in one unit, or
    None when the units cannot be converted. Monthly and hourly pay meet at monthly, where × 174
    is exact: (1, 174) for a monthly term against an hourly item, (174, 1) the other way."""
    if term_unit == standard_unit:
        return 1, 1
    if term_unit == Unit.YUAN_PER_MONTH and standard_unit == Unit.YUAN_PER_HOUR:
        return 1, int(HOURS_PER_MONTH)
    if term_unit == Unit.YUAN_PER_HOUR and standard_unit == Unit.YUAN_PER_MONTH:
        return int(HOURS_PER_MONTH), 1
    return None


def _sides(entry: PreparedItem, term: Term) -> tuple[Decimal, Decimal] | None:
    """The term's and the standard's figures in a common unit, exactly; None when the units
    cannot be converted (see unit_factors)."""
    factors = unit_factors(term.unit, entry.unit)
    if factors is None:
        return None
    ours, theirs = factors
    if theirs != 1:
        assert entry.value_as_monthly is not None
        return term.value, entry.value_as_monthly
    if ours != 1:
        return EXACT.multiply(term.value, HOURS_PER_MONTH), entry.value
    return term.value, entry.value


def _item_comparison(entry: PreparedItem, term: Term) -> ItemComparison:
    sides = _sides(entry, term)
    if sides is None:
        return ItemComparison(entry.item, term, Verdict.INCOMPARABLE, None, None)
    ours, theirs = sides
    gap = EXACT.subtract(ours, theirs)
    if entry.value_as_monthly is not None and term.unit == Unit.YUAN_PER_MONTH:
        gap = QUOTIENT.divide(gap, HOURS_PER_MONTH)  # back to the standard's 元/小时
    gap_percent = (
        None
        if entry.value == 0
        else PERCENT.divide(gap.scaleb(2, EXACT), entry.value).quantize(
            TENTH, rounding=ROUND_HALF_UP, context=EXACT
        )
    )
    if ours == theirs:
        verdict = Verdict.MEETS
    elif (ours > theirs) == entry.higher_is_better:
        verdict = Verdict.EXCEEDS
    else:
        verdict = Verdict.FALLS_SHORT
    return ItemComparison(
        entry.item, term, verdict, gap, gap_percent, converted=term.unit != entry.unit
    )


def compare(
    terms: Iterable[Term],
    standard: PreparedStandard,
    minimum_wage: MinimumWage | None = None,
) -> Comparison:
    """Every term against the standard item it answers (R16), the items no term answers, the
    terms the standard does not cover, and the pay terms against the minimum wage (R14)."""
    terms = terms if isinstance(terms, Sequence) else list(terms)
    pairs, extra, answered = pairs_of(terms, standard)
    pairs.sort(key=lambda pair: pair[0].index)
    return Comparison(
        items=[_item_comparison(entry, term) for entry, term in pairs],
        missing=[item for index, item in enumerate(standard.items) if index not in answered],
        extra=extra,
        minimum_wage=[] if minimum_wage is None else check_minimum_wage(terms, minimum_wage),
        hours_per_month=HOURS_PER_MONTH,
    )


def summarise(terms: Iterable[Term], standard: PreparedStandard) -> tuple[int, int, int, int]:
    """What `compare` would count, without building it: (falls short, meets, exceeds,
    missing). Incomparable pairs are in none of the four."""
    pairs, _extra, answered = pairs_of(terms, standard)
    falls_short = meets = exceeds = 0
    for entry, term in pairs:
        if term.unit == entry.unit:
            ours, theirs = term.value, entry.value
        else:
            sides = _sides(entry, term)
            if sides is None:
                continue
            ours, theirs = sides
        if ours == theirs:
            meets += 1
        elif (ours > theirs) == entry.higher_is_better:
            exceeds += 1
        else:
            falls_short += 1
    return falls_short, meets, exceeds, len(standard.items) - len(answered)
