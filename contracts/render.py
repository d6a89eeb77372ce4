"""A diff as HTML: the inline redline and the side-by-side view aligned by article. Every piece of
text is escaped, so a version holding markup shows it as text."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from contracts.articles import ArticleChange, ChangeKind, Summary
from contracts.diff import DELETE, EQUAL, INSERT, Ops, diff_texts


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
    """One line of the side-by-side view: the old and the new text of one article (or of the
    preamble), and what happened to it."""

    left: Markup
    right: Markup
    change: ArticleChange | None
    unchanged: bool


def side_by_side(
    summary: Summary, old: str, new: str, ops: Ops, *, show_all: bool = True
) -> list[Row]:
    """Rows aligned by article, or only the rows that changed; a text without articles is one
    row."""
    if not (summary.old_structure.has_articles and summary.new_structure.has_articles):
        left, right = _sides(ops)
        return [Row(left, right, None, old == new)] if show_all or old != new else []
    rows: list[Row] = []
    old_pre, new_pre = summary.old_structure.preamble, summary.new_structure.preamble
    if (old_pre or new_pre) and (show_all or old_pre != new_pre):
        left, right = _sides(diff_texts(old_pre, new_pre))
        rows.append(Row(left, right, None, old_pre == new_pre))
    for change in summary.articles:
        if not show_all and change.kind is ChangeKind.UNCHANGED:
            continue  # not drawn: most of a long text, half the page's time
        before = old[change.old.start : change.old.end].strip() if change.old else ""
        after = new[change.new.start : change.new.end].strip() if change.new else ""
        if change.kind is ChangeKind.REMOVED:
            rows.append(
                Row(
                    Markup(f'<del class="diff-del">{escape(before)}</del>'),
                    Markup(""),
                    change,
                    False,
                )
            )
        elif change.kind is ChangeKind.ADDED:
            rows.append(
                Row(
                    Markup(""),
                    Markup(f'<ins class="diff-ins">{escape(after)}</ins>'),
                    change,
                    False,
                )
            )
        else:
            left, right = _sides(diff_texts(before, after))
            rows.append(Row(left, right, change, change.kind is ChangeKind.UNCHANGED))
    return rows
