"""Articles matched across two versions of a text, pure: added, removed, changed, moved or
renumbered (a renumbered article is paired with its old number, not removed and added again),
with the figures that changed inside each changed article."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from contracts.diff import DELETE, EQUAL, NumberChange, Ops, diff_texts, number_changes
from contracts.structure import Article, Structure, parse


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
        article = self.new or self.old  # a change has one side at least
        return article.label if article is not None else ""


@dataclass(frozen=True)
class Summary:
    old_structure: Structure
    new_structure: Structure
    articles: list[ArticleChange] = field(default_factory=list)  # in the new text's order

    @property
    def has_articles(self) -> bool:
        """Both texts have articles (else they are compared as plain text)."""
        return self.old_structure.has_articles and self.new_structure.has_articles

    @property
    def outside_changed(self) -> bool:
        """The text outside the articles differs: the preamble, a heading or the text under one
        (a chapter's opening paragraph, an appendix under a closing heading)."""

        def outside(structure: Structure) -> tuple[str, list[tuple[str, str]]]:
            return structure.preamble, [(h.heading, h.intro) for h in structure.headings]

        return outside(self.old_structure) != outside(self.new_structure)

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
    old_at, new_at = SpanLocator.of_articles(old), SpanLocator.of_articles(new)
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


class SpanLocator:
    """Which of some ordered, disjoint spans of a text (its articles, say) holds an offset, and
    where that stretch ends."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts = [start for start, _end in spans]
        self.ends = [end for _start, end in spans]

    @classmethod
    def of_articles(cls, structure: Structure) -> SpanLocator:
        return cls([(a.start, a.end) for a in structure.articles])

    def owner(self, offset: int) -> tuple[int, int]:
        """(span index or −1, the offset where this span, or the stretch outside any, ends)."""
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
        old_index = by_new.get(j)
        if old_index is None:
            changes.append(ArticleChange(ChangeKind.ADDED, None, article))
            continue
        before = old_structure.articles[old_index]
        changed = before.body != article.body
        renumbered = before.number != article.number
        moved = old_index not in ordered
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
        add_removed(old_index)
    summary.articles.extend(changes)
    return summary


def article_label_map(old_text: str, new_text: str) -> dict[str, str]:
    """Each article's label in the old text → its label in the new one (when it is still there)."""
    old_structure, new_structure = parse(old_text), parse(new_text)
    if old_text == new_text:
        return {a.label: a.label for a in old_structure.articles}
    pairs = match_articles(old_structure, new_structure, diff_texts(old_text, new_text))
    return {old_structure.articles[i].label: new_structure.articles[j].label for i, j in pairs}
