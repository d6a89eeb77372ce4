"""Merging an edit made from an older version with what was saved meanwhile, pure.

Both edits are turned into replacements of stretches of the base text (from the character
diffs base → theirs and base → mine). Replacements that touch different stretches are both
applied; where they overlap (or both insert at one point, differently) the region is a conflict,
shown with the base, their and my text so that the user decides. Nothing typed is dropped.
"""

from __future__ import annotations

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
    an insertion at the edge of a replacement does not (it goes before or after it)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def merge(base: str, theirs: str, mine: str) -> Merged:
    """Three-way merge of `mine` (edited from `base`) with `theirs` (saved since)."""
    if theirs in (base, mine):
        return Merged([mine])
    if mine == base:
        return Merged([theirs])
    ours = [(e, "theirs") for e in edits(diff_texts(base, theirs))]
    ours += [(e, "mine") for e in edits(diff_texts(base, mine))]
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
                conflict = Conflict(base[start:end], theirs_text, mine_text)
                pieces.append(_placed(conflict, base, start, end, structure))
        position = end
    pieces.append(base[position:])
    return Merged(_joined(pieces))


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
