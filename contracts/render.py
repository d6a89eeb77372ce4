"""A diff as HTML: the inline redline and the side-by-side view aligned by article. Every piece of
text is escaped, so a version holding markup shows it as text."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from contracts.articles import ArticleChange, ChangeKind, SpanLocator, Summary
from contracts.diff import DELETE, EQUAL, INSERT, Ops, diff_texts
from contracts.structure import Structure


def inline(ops: Ops) -> Markup:
    """The redline: deleted text struck through, inserted text underlined, in reading order."""
    out: list[str] = []
    for op, text in ops:
        if op == EQUAL:
            out.append(str(escape(text)))
        elif op == DELETE:
            out.append(f'<del class="diff-del">{escape(text)}</del>')
        else:
            out.append(f'<ins class="diff-ins">{escape(text)}</ins>')
    return Markup("".join(out))


def _sides(ops: Ops) -> tuple[Markup, Markup]:
    left: list[str] = []
    right: list[str] = []
    for op, text in ops:
        if op == EQUAL:
            left.append(str(escape(text)))
            right.append(str(escape(text)))
        elif op == DELETE:
            left.append(f'<del class="diff-del">{escape(text)}</del>')
        elif op == INSERT:
            right.append(f'<ins class="diff-ins">{escape(text)}</ins>')
    return Markup("".join(left)), Markup("".join(right))


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: the old and the new text of one article (or of the text
    outside the articles: the preamble, headings and what follows them), and what happened."""

    left: Markup
    right: Markup
    change: ArticleChange | None
    unchanged: bool


def side_by_side(
    summary: Summary, old: str, new: str, ops: Ops, *, show_all: bool = True
) -> list[Row]:
    """Rows aligned by article, or only the rows that changed; a text without articles is one
    row. The text between articles (title, preamble, chapter and section headings, a chapter's
    opening paragraph, an appendix after the last heading) has rows of its own, each placed
    before the article it precedes and paired with the old text it shares the most with."""
    if not (summary.old_structure.has_articles and summary.new_structure.has_articles):
        left, right = _sides(ops)
        return [Row(left, right, None, old == new)] if show_all or old != new else []
    old_spans = _gap_spans(old, summary.old_structure)
    new_spans = _gap_spans(new, summary.new_structure)
    old_gaps = [old[start:end].strip() for start, end in old_spans]
    new_gaps = [new[start:end].strip() for start, end in new_spans]
    paired = _paired_gaps(old_spans, new_spans, old_gaps, new_gaps, ops)
    unpaired_old = set(range(len(old_gaps))) - set(paired.values())
    old_index = {a.start: i for i, a in enumerate(summary.old_structure.articles)}
    new_index = {a.start: j for j, a in enumerate(summary.new_structure.articles)}
    rows: list[Row] = []

    def gap_rows(old_gap: int | None, new_gap: int | None) -> None:
        """The old gap (if no new one took it) and the new gap (with its old one, if paired)."""
        if old_gap is not None and old_gap in unpaired_old:
            unpaired_old.discard(old_gap)
            _gap_row(rows, old_gaps[old_gap], "", show_all)
        if new_gap is not None:
            pair = paired.get(new_gap)
            _gap_row(rows, old_gaps[pair] if pair is not None else "", new_gaps[new_gap], show_all)

    for change in summary.articles:
        gap_rows(
            old_index[change.old.start] if change.old else None,
            new_index[change.new.start] if change.new else None,
        )
        if not show_all and change.kind is ChangeKind.UNCHANGED:
            continue  # not drawn: most of a long text, half the page's time
        rows.append(_article_row(change, old, new))
    gap_rows(len(old_gaps) - 1, len(new_gaps) - 1)  # after the last article
    return rows


def _article_row(change: ArticleChange, old: str, new: str) -> Row:
    before = old[change.old.start : change.old.end].strip() if change.old else ""
    after = new[change.new.start : change.new.end].strip() if change.new else ""
    if change.kind is ChangeKind.REMOVED:
        return Row(
            Markup(f'<del class="diff-del">{escape(before)}</del>'), Markup(""), change, False
        )
    if change.kind is ChangeKind.ADDED:
        return Row(
            Markup(""), Markup(f'<ins class="diff-ins">{escape(after)}</ins>'), change, False
        )
    left, right = _sides(diff_texts(before, after))
    return Row(left, right, change, change.kind is ChangeKind.UNCHANGED)


def _gap_row(rows: list[Row], before: str, after: str, show_all: bool) -> None:
    if (before or after) and (show_all or before != after):
        left, right = _sides(diff_texts(before, after))
        rows.append(Row(left, right, None, before == after))


def _gap_spans(text: str, structure: Structure) -> list[tuple[int, int]]:
    """The stretches outside any article: gap k lies before article k, the last one after the last
    article (an article runs to the next article or heading, so most gaps are empty)."""
    spans, previous = [], 0
    for article in structure.articles:
        spans.append((previous, article.start))
        previous = article.end
    spans.append((previous, len(text)))
    return spans


def _paired_gaps(
    old_spans: list[tuple[int, int]],
    new_spans: list[tuple[int, int]],
    old_gaps: list[str],
    new_gaps: list[str],
    ops: Ops,
) -> dict[int, int]:
    """New gap → the old gap whose characters the diff keeps most of in it (at least half of the
    longer one), each old gap paired once."""
    old_at, new_at = SpanLocator(old_spans), SpanLocator(new_spans)
    shared: dict[tuple[int, int], int] = {}
    i = j = 0
    for op, piece in ops:
        length = len(piece)
        if op == EQUAL:
            pos = 0
            while pos < length:  # a stretch at a time: gap boundaries are few
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
    paired: dict[int, int] = {}
    taken: set[int] = set()
    for (a, b), count in sorted(shared.items(), key=lambda item: -item[1]):
        if a in taken or b in paired or not (old_gaps[a] and new_gaps[b]):
            continue
        if 2 * count >= max(len(old_gaps[a]), len(new_gaps[b])):
            paired[b] = a
            taken.add(a)
    return paired
