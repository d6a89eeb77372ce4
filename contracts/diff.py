"""Comparing two versions of a text, pure: a character diff with semantic cleanup (Chinese has
no spaces, so word and line diffs say little), articles matched across versions (added,
removed, changed, moved, renumbered), the figures that changed inside changed articles, and the
wage table's changes.

The character diff is diff-match-patch: its C++ build (fast-diff-match-patch, with checklines and
semantic cleanup) where it imports, else the pure-Python one with no time limit (Diff_Timeout = 0):
its default second returns a coarse diff of a long text, most of it marked changed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from contracts.structure import Article, Structure, parse

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
        assert _fast is not None
        ops = _fast.diff(
            old,
            new,
            timelimit=FAST_TIME_LIMIT_S,
            checklines=True,
            cleanup="Semantic",
            counts_only=False,
        )
    else:
        ops = _slow_diff(old, new)
    return _whole_numbers([(op, text) for op, text in ops if text])


def _slow_diff(old: str, new: str) -> Ops:
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = FALLBACK_DIFF_TIMEOUT
    diffs = dmp.diff_main(old, new, True)  # checklines
    dmp.diff_cleanupSemantic(diffs)
    names = {0: EQUAL, -1: DELETE, 1: INSERT}
    return [(names[op], text) for op, text in diffs]


_TRAILING_NUMBER = re.compile(r"\d[\d.,]*$")
_LEADING_NUMBER = re.compile(r"^[\d.,]*\d")


_DIGITS_ONLY = re.compile(r"^[\d.,]+$")


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

_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_UNIT = re.compile(r"^[元%％个人小时天日周月年倍件]{1,3}")
_LABEL = re.compile(r"[^，。；：、,.;:（）()\s\d]{1,10}$")


@dataclass(frozen=True, slots=True)
class NumberChange:
    """A figure that changed: '月工资 2100 → 2300 元（+9.5%）'."""

    label: str
    old: Decimal
    new: Decimal
    unit: str

    @property
    def percent(self) -> Decimal | None:
        if self.old == 0:
            return None
        change = (self.new - self.old) * 100 / self.old
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __str__(self) -> str:
        text = f"{self.label} {_plain(self.old)} → {_plain(self.new)}"
        text += f" {self.unit}" if self.unit else ""
        if self.percent is not None:
            text += f"（{'+' if self.percent > 0 else ''}{self.percent}%）"
        return text.strip()


def _plain(value: Decimal) -> str:
    return f"{value:f}"


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


# --- articles matched across versions ------------------------------------------------------------


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"  # same content, elsewhere in the order
    RENUMBERED = "renumbered"  # same content (or changed), another number
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ArticleChange:
    kind: ChangeKind
    old: Article | None
    new: Article | None
    changed: bool = False  # the body differs
    renumbered: bool = False
    moved: bool = False
    numbers: tuple[NumberChange, ...] = ()

    @property
    def labels(self) -> str:
        if self.old and self.new and self.old.label != self.new.label:
            return f"{self.old.label} → {self.new.label}"
        return (self.new or self.old).label  # type: ignore[union-attr]


@dataclass(frozen=True)
class Summary:
    old_structure: Structure
    new_structure: Structure
    articles: list[ArticleChange] = field(default_factory=list)  # in the new text's order

    @property
    def has_articles(self) -> bool:
        """Both texts have articles (else they are compared as plain text)."""
        return self.old_structure.has_articles and self.new_structure.has_articles

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for a in self.articles if a.kind is kind)

    @property
    def changes(self) -> list[ArticleChange]:
        return [a for a in self.articles if a.kind is not ChangeKind.UNCHANGED]


SIMILAR = 0.5  # share of an article's characters two versions must have in common to be one


def match_articles(old: Structure, new: Structure, ops: Ops | None = None) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same article in two versions: identical bodies first,
    then by the characters the diff keeps in common, then by shared character pairs."""
    pairs: dict[int, int] = {}
    by_body: dict[str, list[int]] = {}
    for i, article in enumerate(old.articles):
        by_body.setdefault(article.body, []).append(i)
    taken_new: set[int] = set()
    for j, article in enumerate(new.articles):
        candidates = by_body.get(article.body)
        if candidates:
            pairs[candidates.pop(0)] = j
            taken_new.add(j)
    if ops is not None:
        for i, j in _matched_by_diff(old, new, ops, set(pairs), taken_new):
            pairs[i] = j
            taken_new.add(j)
    for i, j in _matched_by_pairs(old, new, set(pairs), taken_new):
        pairs[i] = j
    return sorted(pairs.items(), key=lambda pair: pair[1])


def _matched_by_diff(
    old: Structure, new: Structure, ops: Ops, taken_old: set[int], taken_new: set[int]
) -> list[tuple[int, int]]:
    """Count, for each old article, the characters the diff keeps that fall in each new one."""
    old_at, new_at = _Locator(old), _Locator(new)
    shared: dict[tuple[int, int], int] = {}
    i = j = 0
    for op, text in ops:
        length = len(text)
        if op == EQUAL:
            pos = 0
            while pos < length:  # a stretch at a time: article boundaries are few
                a, a_end = old_at.owner(i + pos)
                b, b_end = new_at.owner(j + pos)
                stretch = min(a_end - (i + pos), b_end - (j + pos), length - pos)
                if a >= 0 and b >= 0:
                    shared[(a, b)] = shared.get((a, b), 0) + stretch
                pos += stretch
            i += length
            j += length
        elif op == DELETE:
            i += length
        else:
            j += length
    found: list[tuple[int, int]] = []
    for (a, b), count in sorted(shared.items(), key=lambda item: -item[1]):
        if a in taken_old or b in taken_new:
            continue
        size = max(len(old.articles[a].body), len(new.articles[b].body), 1)
        if count / size >= SIMILAR:
            found.append((a, b))
            taken_old.add(a)
            taken_new.add(b)
    return found


class _Locator:
    """Which article holds an offset of the text, and where that stretch ends."""

    def __init__(self, structure: Structure) -> None:
        self.starts = [a.start for a in structure.articles]
        self.ends = [a.end for a in structure.articles]

    def owner(self, offset: int) -> tuple[int, int]:
        """(article index or −1, the offset where this article or gap ends)."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.ends[k]:
            return k, self.ends[k]
        following = k + 1
        return -1, self.starts[following] if following < len(self.starts) else 1 << 62


def _bigrams(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1)}


def _matched_by_pairs(
    old: Structure, new: Structure, taken_old: set[int], taken_new: set[int]
) -> list[tuple[int, int]]:
    """What is left (moved and rewritten articles), by the Dice coefficient of character pairs."""
    rest_old = [i for i in range(len(old.articles)) if i not in taken_old]
    rest_new = [j for j in range(len(new.articles)) if j not in taken_new]
    if not rest_old or not rest_new or len(rest_old) * len(rest_new) > 250_000:
        return []
    grams_old = {i: _bigrams(old.articles[i].body) for i in rest_old}
    grams_new = {j: _bigrams(new.articles[j].body) for j in rest_new}
    scored = []
    for i in rest_old:
        for j in rest_new:
            a, b = grams_old[i], grams_new[j]
            if a and b:
                score = 2 * len(a & b) / (len(a) + len(b))
                if score >= SIMILAR:
                    scored.append((score, i, j))
    found: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _score, i, j in sorted(scored, reverse=True):
        if i not in used_old and j not in used_new:
            found.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return found


def _in_order(pairs: Sequence[tuple[int, int]]) -> set[int]:
    """The old indexes of the longest run of pairs whose old order agrees with the new order
    (a longest increasing subsequence); the other pairs are the moved ones."""
    tails: list[int] = []  # the smallest old index ending an increasing run of each length
    tail_at: list[int] = []
    parent: list[int] = [-1] * len(pairs)
    for k, (i, _j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, i)
        if pos == len(tails):
            tails.append(i)
            tail_at.append(k)
        else:
            tails[pos] = i
            tail_at[pos] = k
        parent[k] = tail_at[pos - 1] if pos else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(pairs[k][0])
        k = parent[k]
    return keep


def summarise(old: str, new: str, ops: Ops | None = None) -> Summary:
    """Article by article, what changed from `old` to `new` (both normalised)."""
    old_structure, new_structure = parse(old), parse(new)
    summary = Summary(old_structure, new_structure)
    if not (old_structure.has_articles and new_structure.has_articles):
        return summary
    if ops is None:
        ops = diff_texts(old, new)
    pairs = match_articles(old_structure, new_structure, ops)
    ordered = _in_order(pairs)
    matched_old = {i for i, _ in pairs}
    by_new = dict((j, i) for i, j in pairs)
    removed = [i for i in range(len(old_structure.articles)) if i not in matched_old]
    changes: list[ArticleChange] = []
    # A removed article is listed where it stood: after the article that preceded it in the old
    # text (or first, when none of those survived).
    after: dict[int | None, list[int]] = {}
    for i in removed:
        anchor = next((k for k in range(i - 1, -1, -1) if k in matched_old), None)
        after.setdefault(anchor, []).append(i)

    def add_removed(anchor: int | None) -> None:
        for i in after.get(anchor, []):
            changes.append(ArticleChange(ChangeKind.REMOVED, old_structure.articles[i], None))

    add_removed(None)
    for j, article in enumerate(new_structure.articles):
        i = by_new.get(j)
        if i is None:
            changes.append(ArticleChange(ChangeKind.ADDED, None, article))
            continue
        before = old_structure.articles[i]
        changed = before.body != article.body
        renumbered = before.number != article.number
        moved = i not in ordered
        if changed:
            kind = ChangeKind.CHANGED
        elif moved:
            kind = ChangeKind.MOVED
        elif renumbered:
            kind = ChangeKind.RENUMBERED
        else:
            kind = ChangeKind.UNCHANGED
        numbers = tuple(number_changes(diff_texts(before.body, article.body))) if changed else ()
        changes.append(ArticleChange(kind, before, article, changed, renumbered, moved, numbers))
        add_removed(i)
    summary.articles.extend(changes)
    return summary


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
        if self.old is None or self.new is None or self.old == 0:
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
