"""Comparing two versions of a text, pure: a character diff with semantic cleanup (Chinese has
no spaces, so word and line diffs say little), the figures that changed ('月工资 2100 → 2300
元（+9.5%）'), and the wage table's changes. Articles are matched in contracts.articles.

The character diff is diff-match-patch: its C++ build (fast-diff-match-patch, with checklines and
semantic cleanup) where it imports, else the pure-Python one with no time limit (Diff_Timeout = 0):
its default second returns a coarse diff of a long text, most of it marked changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

try:  # the C++ build: about ten times faster
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - exercised by test_diff's fallback test
    _fast = None

EQUAL, DELETE, INSERT = "=", "-", "+"
# The C++ build diffs two drafts of 200,000 characters in about 12 ms, far below this limit; it
# is only reached by unrelated long texts (minutes without it), whose diff is then coarser but
# still exact (applying it gives the new text).
FAST_TIME_LIMIT_S = 3.0
# The pure-Python fallback: no limit. Its default of one second marks most of a 200,000-character
# text changed when a few thousand characters were (measured: ~190,000).
FALLBACK_DIFF_TIMEOUT = 0
Ops = list[tuple[str, str]]


def engine() -> str:
    return "fast-diff-match-patch" if _fast is not None else "diff-match-patch"


def diff_texts(old: str, new: str, *, use_fast: bool | None = None) -> Ops:
    """The edits that turn `old` into `new`, as (op, text) runs with op "=", "-" or "+",
    semantically cleaned up and with changed figures widened to whole numbers."""
    if old == new:
        return [(EQUAL, old)] if old else []
    if (_fast is not None) if use_fast is None else use_fast:
        ops = _fast_diff(old, new)
    else:
        ops = _slow_diff(old, new)
    return _whole_numbers([(op, text) for op, text in ops if text])


def _fast_diff(old: str, new: str) -> Ops:
    """The C++ build, asked for the lengths of the runs only (half the time of building their
    strings in C++ for a long text): the runs are then sliced from the two texts."""
    assert _fast is not None
    counts = _fast.diff(
        old,
        new,
        timelimit=FAST_TIME_LIMIT_S,
        checklines=True,
        cleanup="Semantic",
        counts_only=True,
    )
    ops: Ops = []
    i = j = 0
    for op, length in counts:
        if op == EQUAL:
            ops.append((op, old[i : i + length]))
            i += length
            j += length
        elif op == DELETE:
            ops.append((op, old[i : i + length]))
            i += length
        else:
            ops.append((op, new[j : j + length]))
            j += length
    return ops


def _slow_diff(old: str, new: str) -> Ops:
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = FALLBACK_DIFF_TIMEOUT
    diffs = dmp.diff_main(old, new, True)  # checklines
    dmp.diff_cleanupSemantic(diffs)
    names = {0: EQUAL, -1: DELETE, 1: INSERT}
    return [(names[op], text) for op, text in diffs]


# \Z, not $: "$" also matches before a final line break, and a figure at the end of a line
# would then take the line break out of the text.
_TRAILING_NUMBER = re.compile(r"\d[\d.,]*\Z")
_LEADING_NUMBER = re.compile(r"^[\d.,]*\d")


_DIGITS_ONLY = re.compile(r"\A[\d.,]+\Z")


def _touches_digits(group: list[str], *, at_end: bool) -> bool:
    """Whether a change (deleted, inserted) ends (or starts) with a digit on either side."""
    if at_end:
        return group[0][-1:].isdigit() or group[1][-1:].isdigit()
    return group[0][:1].isdigit() or group[1][:1].isdigit()


def _whole_numbers(ops: Ops) -> Ops:
    """A figure changed in part (2[1→3]00) becomes a change of the whole figure (2100 → 2300):
    digits of the unchanged text next to a change that touches digits move into the change."""
    groups: list[list[str]] = []  # [equal] or [deleted, inserted]
    for op, text in ops:
        if op == EQUAL:
            groups.append([text])
        elif groups and len(groups[-1]) == 2:
            groups[-1][0 if op == DELETE else 1] += text
        else:
            groups.append([text, ""] if op == DELETE else ["", text])
    # Changes inside one figure (18[→2]0[0→7]) join up: an unchanged run of digits between two
    # changes that touch digits becomes part of one change.
    joined: list[list[str]] = []
    for group in groups:
        if (
            len(group) == 2
            and len(joined) >= 2
            and len(joined[-1]) == 1
            and len(joined[-2]) == 2
            and _DIGITS_ONLY.match(joined[-1][0])
            and _touches_digits(joined[-2], at_end=True)
            and _touches_digits(group, at_end=False)
        ):
            middle = joined.pop()[0]
            before = joined.pop()
            group = [before[0] + middle + group[0], before[1] + middle + group[1]]
        joined.append(group)
    groups = joined
    for i, group in enumerate(groups):
        if len(group) != 2:
            continue
        deleted, inserted = group
        if i > 0 and len(groups[i - 1]) == 1 and (deleted[:1].isdigit() or inserted[:1].isdigit()):
            match = _TRAILING_NUMBER.search(groups[i - 1][0])
            if match:
                groups[i - 1][0] = groups[i - 1][0][: match.start()]
                deleted, inserted = match.group() + deleted, match.group() + inserted
        if (
            i + 1 < len(groups)
            and len(groups[i + 1]) == 1
            and (deleted[-1:].isdigit() or inserted[-1:].isdigit())
        ):
            match = _LEADING_NUMBER.search(groups[i + 1][0])
            if match:
                groups[i + 1][0] = groups[i + 1][0][match.end() :]
                deleted, inserted = deleted + match.group(), inserted + match.group()
        group[0], group[1] = deleted, inserted
    out: Ops = []
    for group in groups:
        if len(group) == 1:
            if group[0]:
                out.append((EQUAL, group[0]))
        else:
            if group[0]:
                out.append((DELETE, group[0]))
            if group[1]:
                out.append((INSERT, group[1]))
    return out


def old_text(ops: Ops) -> str:
    return "".join(text for op, text in ops if op != INSERT)


def new_text(ops: Ops) -> str:
    return "".join(text for op, text in ops if op != DELETE)


def changed_characters(ops: Ops) -> int:
    return sum(len(text) for op, text in ops if op != EQUAL)


# --- figures that changed ----------------------------------------------------------------------

_NUMBER = re.compile(r"\A(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\Z")
_UNIT = re.compile(r"^[元%％个人小时天日周月年倍件]{1,3}")
_LABEL = re.compile(r"[^，。；：、,.;:（）()\s\d]{1,10}\Z")


@dataclass(frozen=True, slots=True)
class NumberChange:
    """A figure that changed: '月工资 2100 → 2300 元（+9.5%）'."""

    label: str
    old: Decimal
    new: Decimal
    unit: str

    @property
    def percent(self) -> Decimal | None:
        """The relative change; None from zero, and for a figure that is itself a percentage
        (a rise from 7% to 6% is a point less, not "-14.3%"): see `points`."""
        if self.old == 0 or self.points is not None:
            return None
        change = (self.new - self.old) * 100 / self.old
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def points(self) -> str | None:
        """The change of a percentage in percentage points, signed ("-1", "+0.5"); else None."""
        if self.unit not in PERCENT_UNITS:
            return None
        difference = self.new - self.old
        return f"{'+' if difference > 0 else ''}{_plain(difference)}"

    def __str__(self) -> str:
        text = f"{self.label} {_plain(self.old)} → {_plain(self.new)}"
        text += f" {self.unit}" if self.unit else ""
        if self.percent is not None:
            text += f"（{'+' if self.percent > 0 else ''}{self.percent}%）"
        return text.strip()


def _plain(value: Decimal) -> str:
    return f"{value:f}"


PERCENT_UNITS = ("%", "％")


def number_changes(ops: Ops) -> list[NumberChange]:
    """Each place where a whole figure was replaced by another, with the words just before it
    (its label) and the unit just after it."""
    changes: list[NumberChange] = []
    for i, (op, text) in enumerate(ops):
        if op != DELETE or i + 1 >= len(ops) or ops[i + 1][0] != INSERT:
            continue
        inserted = ops[i + 1][1]
        if not (_NUMBER.match(text) and _NUMBER.match(inserted)):
            continue
        before = ops[i - 1][1] if i > 0 and ops[i - 1][0] == EQUAL else ""
        after = ops[i + 2][1] if i + 2 < len(ops) and ops[i + 2][0] == EQUAL else ""
        label = _LABEL.search(before)
        unit = _UNIT.match(after)
        try:
            old, new = Decimal(text.replace(",", "")), Decimal(inserted.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            continue
        changes.append(
            NumberChange(label.group() if label else "", old, new, unit.group() if unit else "")
        )
    return changes


# --- the wage table -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WageRow:
    kind: str
    job_category: str
    value: Decimal
    unit: str


@dataclass(frozen=True, slots=True)
class WageChange:
    kind: str
    job_category: str
    unit: str
    old: Decimal | None  # None: added
    new: Decimal | None  # None: removed

    @property
    def delta(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        """The relative change; None for a row added or removed, from zero, or in percent (its
        delta is already in percentage points)."""
        if self.old is None or self.new is None or self.old == 0 or self.unit in PERCENT_UNITS:
            return None
        return ((self.new - self.old) * 100 / self.old).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def wage_changes(old: Sequence[WageRow], new: Sequence[WageRow]) -> list[WageChange]:
    """Rows added, removed or changed, keyed by item and job category, in the new table's order
    (removed rows last)."""
    before = {(r.kind, r.job_category): r for r in old}
    after = {(r.kind, r.job_category): r for r in new}
    changes = [
        WageChange(
            r.kind, r.job_category, r.unit, before[key].value if key in before else None, r.value
        )
        for key, r in after.items()
        if key not in before or before[key].value != r.value or before[key].unit != r.unit
    ]
    changes += [
        WageChange(r.kind, r.job_category, r.unit, r.value, None)
        for key, r in before.items()
        if key not in after
    ]
    return changes
