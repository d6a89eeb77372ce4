"""Jurisdiction profiles: what a statutory period and a profile are, the profile of a region, and
the periods an administrator may set. The profiles themselves, quoted from their regulations,
are data in reminders.regulations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class PeriodKind(StrEnum):
    """A legal clock in the life of a negotiation or an agreement (DOMAIN.md R1, R4, R9–R13)."""

    #: R4: starts when a side receives the written bargaining request; ends with the written answer.
    ANSWER = "answer"
    #: R10: starts when both chiefs sign the agreement; ends when the employer side has sent the
    #: text to the labour bureau.
    FILING = "filing"
    #: R10: as FILING, for a special wage agreement (工资专项集体合同).
    SPECIAL_WAGE_FILING = "special_wage_filing"
    #: R11: starts when the bureau receives the text; ends with its review opinion, or, without
    #: an objection, with the agreement taking effect.
    REVIEW = "review"
    #: R12: starts when the agreement takes effect; ends when it is published to everyone covered.
    PUBLICATION = "publication"
    #: R9: counted back from the expiry date: the window opens this long before expiry, and
    #: either side may ask to renew or renegotiate until the agreement expires.
    RENEWAL_WINDOW = "renewal_window"
    #: R1: starts the day a representative's seat falls vacant; ends when the side names a new one.
    VACANCY_REFILL = "vacancy_refill"
    #: R13: starts when the bureau receives an incomplete filing; ends when it has asked for the
    #: missing items.
    MISSING_ITEMS = "missing_items"
    #: R6/R11 neighbourhood: starts when the bureau accepts an application to coordinate a
    #: bargaining dispute (协调处理集体协商争议); ends when it concludes the coordination.
    DISPUTE_SETTLEMENT = "dispute_settlement"


class Unit(StrEnum):
    """How a period is counted. DAYS follow R26 (counted from the next day; a last day on a rest
    day moves to the next working day); WORKING_DAYS (工作日) count working days only, so rest
    days and holidays never count; MONTHS end on the corresponding day (民法典 第202条)."""

    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class Period:
    """One statutory period of a profile, with the article and the exact phrase it comes from.

    `inherited` means the local text is silent and the national period applies; an inherited
    period has no quotation. `note` records what the number alone does not say (a different
    start of the clock, a narrower scope, a related rule without a number)."""

    kind: PeriodKind
    length: int
    unit: Unit
    article: str
    quote: str
    inherited: bool = False
    note: str = ""


@dataclass(frozen=True)
class LocalPeriod:
    """A period a local text sets that no deadline is kept for yet (recorded for the reader)."""

    subject: str
    length: int
    unit: Unit
    article: str
    quote: str


@dataclass(frozen=True)
class Profile:
    """A jurisdiction: the regions it covers (GB/T 2260 prefixes) and a period for every kind."""

    code: str
    name: str
    region_prefixes: tuple[str, ...]
    source: str
    periods: dict[PeriodKind, Period] = field(hash=False)
    other_periods: tuple[LocalPeriod, ...] = ()


def local_profile(
    national: Profile,
    code: str,
    name: str,
    prefix: str,
    source: str,
    own: tuple[Period, ...],
    inherited_notes: dict[PeriodKind, str] | None = None,
    other_periods: tuple[LocalPeriod, ...] = (),
) -> Profile:
    """A local profile: its own periods, and the `national` one (marked inherited) for every
    kind its text is silent on."""
    periods = {p.kind: p for p in own}
    notes = inherited_notes or {}
    for kind, default in national.periods.items():
        if kind not in periods:
            periods[kind] = replace(default, quote="", inherited=True, note=notes.get(kind, ""))
    ordered = {kind: periods[kind] for kind in PeriodKind}
    return Profile(code, name, (prefix,), source, ordered, other_periods)


def profile_for_region(region_code: str, profiles: tuple[Profile, ...]) -> Profile:
    """The profile whose region prefix the (6-digit GB/T 2260) code starts with — the longest
    such prefix where several match — else the national default (the profile without prefixes)."""
    code = (region_code or "").strip()
    best: Profile | None = None
    best_length = 0
    fallback = next(p for p in profiles if not p.region_prefixes)
    for profile in profiles:
        for prefix in profile.region_prefixes:
            if prefix and code.startswith(prefix) and len(prefix) > best_length:
                best, best_length = profile, len(prefix)
    return best or fallback


# The longest period an administrator may set: a year, in each unit (about 250 working days make
# a year in China). Anything longer is a typing mistake, not a statute.
MAX_LENGTH: dict[Unit, int] = {Unit.DAYS: 366, Unit.WORKING_DAYS: 250, Unit.MONTHS: 24}


def validate_period(length: int, unit: Unit | str) -> str | None:
    """None for a usable period, else an error code: `unknown_unit`, `not_a_number`,
    `not_positive` (zero or negative) or `too_long` (more than MAX_LENGTH of the unit)."""
    try:
        unit = Unit(unit)
    except ValueError:
        return "unknown_unit"
    if isinstance(length, bool) or not isinstance(length, int):
        return "not_a_number"
    if length < 1:
        return "not_positive"
    if length > MAX_LENGTH[unit]:
        return "too_long"
    return None
