"""Merging an edit made from an older version with what was saved meanwhile, pure.

Both edits are turned into replacements of stretches of the base text (from the character
diffs base → theirs and base → mine), each widened to the whole sentences it touches (a sentence
ends at 。；！？ or a line end). Replacements of different sentences are both applied; where both
sides changed the same sentence (or both insert at one point, differently) the region is a
conflict, shown with the base, their and my text so that the user decides: two edits of one
sentence are never joined into a sentence neither side wrote. Nothing typed is dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from contracts.diff import DELETE, EQUAL, INSERT, Ops, WageRow, diff_texts
from contracts.structure import Structure, parse


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace base[start:end] with `text` (an insertion when start == end)."""

    start: int
    end: int
    text: str


def edits(ops: Ops) -> list[Edit]:
    """The diff base → other as replacements of stretches of the base, in order."""
    out: list[Edit] = []
    position = 0
    pending: Edit | None = None
    for op, text in ops:
        if op == EQUAL:
            if pending is not None:
                out.append(pending)
                pending = None
            position += len(text)
        elif op == DELETE:
            if pending is None:
                pending = Edit(position, position + len(text), "")
            else:
                pending = Edit(pending.start, pending.end + len(text), pending.text)
            position += len(text)
        elif op == INSERT:
            if pending is None:
                pending = Edit(position, position, text)
            else:
                pending = Edit(pending.start, pending.end, pending.text + text)
    if pending is not None:
        out.append(pending)
    return out


@dataclass(frozen=True, slots=True)
class Conflict:
    """A region both sides changed: the base's text there, theirs and mine; and, to show where it
    is, the article it falls in and the unchanged words around it on its line."""

    base: str
    theirs: str
    mine: str
    article: str = field(default="", compare=False)
    before: str = field(default="", compare=False)
    after: str = field(default="", compare=False)


CONTEXT_CHARS = 30


def _placed(conflict: Conflict, base: str, start: int, end: int, structure: Structure) -> Conflict:
    """The conflict with its article's label and up to CONTEXT_CHARS of the line around it ("…"
    where the line goes on)."""
    line_start = base.rfind("\n", 0, start) + 1
    line_end = base.find("\n", end)
    line_end = len(base) if line_end == -1 else line_end
    article = next((a.label for a in structure.articles if a.start <= start < a.end), "")
    before = base[max(line_start, start - CONTEXT_CHARS) : start]
    after = base[end : min(line_end, end + CONTEXT_CHARS)]
    return replace(
        conflict,
        article=article,
        before=("…" if start - len(before) > line_start else "") + before,
        after=after + ("…" if end + len(after) < line_end else ""),
    )


@dataclass(frozen=True)
class Merged:
    """The merged text as pieces: plain text, or a Conflict to resolve."""

    pieces: list[str | Conflict]

    @property
    def conflicts(self) -> list[Conflict]:
        return [p for p in self.pieces if isinstance(p, Conflict)]

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def text(self, choices: dict[int, str] | None = None) -> str:
        """The merged text, each conflict replaced by the chosen text (by its index among the
        conflicts); an unresolved conflict raises KeyError."""
        choices = choices or {}
        out: list[str] = []
        index = 0
        for piece in self.pieces:
            if isinstance(piece, Conflict):
                out.append(choices[index])
                index += 1
            else:
                out.append(piece)
        return "".join(out)


def _overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same stretch of the base. Two insertions at one point do;
    an insertion at the edge of a replacement does not (it goes before or after it), unless the
    replacement leaves its sentence unfinished there (at the end of the base, where it has no
    next sentence to run on over): what is inserted after it would continue its sentence."""
    if _runs_into(a, b) or _runs_into(b, a):
        return True
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _runs_into(a: Edit, b: Edit) -> bool:
    """Whether `a` ends in the middle of a sentence where `b` begins."""
    return a.end == b.start and a.text != "" and a.text[-1] not in SENTENCE_ENDS


def merge(base: str, theirs: str, mine: str) -> Merged:
    """Three-way merge of `mine` (edited from `base`) with `theirs` (saved since)."""
    if theirs in (base, mine):
        return Merged([mine])
    if mine == base:
        return Merged([theirs])
    bounds = sentence_bounds(base)
    ours = [(e, "theirs") for e in sentence_edits(base, bounds, edits(diff_texts(base, theirs)))]
    ours += [(e, "mine") for e in sentence_edits(base, bounds, edits(diff_texts(base, mine)))]
    ours.sort(key=lambda pair: (pair[0].start, pair[0].end))
    # Group edits whose stretches overlap; a group with both sides is a conflict unless both
    # sides made the very same change.
    groups: list[list[tuple[Edit, str]]] = []
    for edit, who in ours:
        if groups and any(_overlap(edit, other) for other, _ in groups[-1]):
            groups[-1].append((edit, who))
        else:
            groups.append([(edit, who)])
    pieces: list[str | Conflict] = []
    position = 0
    structure: Structure | None = None  # the base's articles, read once there is a conflict
    for group in groups:
        start = min(e.start for e, _ in group)
        end = max(e.end for e, _ in group)
        pieces.append(base[position:start])
        sides = {who for _, who in group}
        if len(sides) == 1:
            pieces.append(_apply(base, start, end, [e for e, _ in group]))
        else:
            theirs_text = _apply(base, start, end, [e for e, w in group if w == "theirs"])
            mine_text = _apply(base, start, end, [e for e, w in group if w == "mine"])
            if theirs_text == mine_text:
                pieces.append(mine_text)
            else:
                structure = structure or parse(base)
                head, tail = _common_ends(base[start:end], theirs_text, mine_text)
                pieces.append(base[start : start + head])
                conflict = Conflict(
                    base[start + head : end - tail],
                    theirs_text[head : len(theirs_text) - tail],
                    mine_text[head : len(mine_text) - tail],
                )
                pieces.append(_placed(conflict, base, start + head, end - tail, structure))
                pieces.append(base[end - tail : end])
        position = end
    pieces.append(base[position:])
    return Merged(_joined(pieces))


# --- sentences -----------------------------------------------------------------------------------

SENTENCE_ENDS = "。；！？\n"
_SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}]")
_IN_FIGURE = frozenset("0123456789.,")


def sentence_bounds(text: str) -> list[int]:
    """Where the sentences of a text begin and end: 0, the offset after each 。；！？ and line
    break, and the end of the text."""
    found = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
    return found if found[-1] == len(text) else [*found, len(text)]


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its end mark (a line break is a sentence of its own)."""
    bounds = sentence_bounds(text)
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def sentence_edits(base: str, bounds: list[int], changes: list[Edit]) -> list[Edit]:
    """One side's edits widened to the whole sentences of the base they touch, those of one
    sentence joined: each replaces whole sentences with whole sentences. An insertion between two
    sentences stays one when it ends a sentence itself; a replacement that no longer ends its
    sentence (its end mark deleted) runs on over the next one."""
    out: list[tuple[Edit, list[Edit]]] = []  # each widened edit, and the edits it holds
    i = 0
    while i < len(changes):
        first = changes[i]
        # Text added at the end of a last sentence with no end mark continues that sentence.
        anchor = first.start
        if anchor == len(base) and anchor and base[-1] not in SENTENCE_ENDS:
            anchor -= 1
        start = bounds[bisect.bisect_right(bounds, anchor) - 1]
        end = bounds[bisect.bisect_left(bounds, first.end)]
        group = [first]
        if out and start < out[-1][0].end:  # in the sentence the last one widened into
            previous, held = out.pop()
            start, end, group = previous.start, max(end, previous.end), [*held, first]
        i += 1
        while True:
            while i < len(changes) and changes[i].start < end:
                group.append(changes[i])
                end = max(end, bounds[bisect.bisect_left(bounds, changes[i].end)])
                i += 1
            text = _apply(base, start, end, group)
            if not text or text[-1] in SENTENCE_ENDS or end == len(base):
                break
            end = bounds[bisect.bisect_right(bounds, end)]  # the next sentence joins it
        out.append((Edit(start, end, text), group))
    return [edit for edit, _held in out]


def _common_ends(base: str, theirs: str, mine: str) -> tuple[int, int]:
    """How many characters all three share at the start and at the end (not cutting a figure in
    two: 2100 → 2300 conflicts as 2100, not as 1): what a conflict need not show as its own."""
    shortest = min(len(base), len(theirs), len(mine))
    head = 0
    while head < shortest and base[head] == theirs[head] == mine[head]:
        head += 1
    while head and base[head - 1] in _IN_FIGURE:
        head -= 1
    tail = 0
    while tail < shortest - head and base[-1 - tail] == theirs[-1 - tail] == mine[-1 - tail]:
        tail += 1
    while tail and base[len(base) - tail] in _IN_FIGURE:
        tail -= 1
    return head, tail


def _apply(base: str, start: int, end: int, group: list[Edit]) -> str:
    """base[start:end] with one side's edits (which do not overlap each other) applied."""
    out: list[str] = []
    position = start
    for edit in sorted(group, key=lambda e: (e.start, e.end)):
        out.append(base[position : edit.start])
        out.append(edit.text)
        position = edit.end
    out.append(base[position:end])
    return "".join(out)


def _joined(pieces: list[str | Conflict]) -> list[str | Conflict]:
    out: list[str | Conflict] = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        elif piece != "":
            out.append(piece)
    return out


# --- the wage table ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WageConflict:
    """A row of the wage table both sides changed differently (None: the row was removed)."""

    kind: str
    job_category: str
    unit: str
    theirs: Decimal | None
    mine: Decimal | None


def merge_wages(
    base: Sequence[WageRow], theirs: Sequence[WageRow], mine: Sequence[WageRow]
) -> tuple[list[WageRow], list[WageConflict]]:
    """Three-way merge of the wage table, row by row (a row is its item and job category): a row
    only one side changed takes that side's value; both sides' different changes conflict."""

    def keyed(rows: Sequence[WageRow]) -> dict[tuple[str, str], WageRow]:
        return {(r.kind, r.job_category): r for r in rows}

    b, t, m = keyed(base), keyed(theirs), keyed(mine)
    order = list(dict.fromkeys([*t, *m]))
    merged: list[WageRow] = []
    conflicts: list[WageConflict] = []
    for key in order:
        was, their, my = b.get(key), t.get(key), m.get(key)
        if their == my:
            chosen = my
        elif my == was:
            chosen = their
        elif their == was:
            chosen = my
        else:
            sample = their or my
            assert sample is not None
            conflicts.append(
                WageConflict(
                    key[0],
                    key[1],
                    sample.unit,
                    their.value if their else None,
                    my.value if my else None,
                )
            )
            chosen = my
        if chosen is not None:
            merged.append(chosen)
    return merged, conflicts
