"""How an agreement's text is laid out in its files, pure: its lines and paragraphs by role (title,
chapters, sections, articles, paragraphs) as parse reads them, and the words of its wage table.
contracts.wordfiles and contracts.pdf write them; contracts.docx_import reads them back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from contracts.diff import WageRow
from contracts.rules import plain_figure
from contracts.structure import parse

# --- laying a text out: title, chapters, sections, articles, paragraphs ------------------------

_HEADING_MARKS = " \t　#"
_INDENT = " \t　"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of a laid-out text. `kind` is "chapter", "section", "article" (the first
    paragraph of an article: `label` is 第X条 and `text` what follows it), "continued" (a further
    paragraph of an article) or "paragraph" (the preamble, or text under a heading outside any
    article)."""

    kind: str
    text: str
    label: str = ""


def text_blocks(title: str, text: str) -> list[Block]:
    """The paragraphs of a normalised text by their role, blank lines dropped, and the first line
    dropped when it only repeats the title (the template's text starts with it)."""
    structure = parse(text)  # what is a chapter, section or article is parse's to say
    heading_kinds = {c.start: "chapter" for c in structure.chapters} | {
        s.start: "section" for s in structure.sections
    }
    articles = {a.start: a for a in structure.articles}
    blocks: list[Block] = []
    offset = 0
    in_article = False
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        if not blocks and line.strip(_HEADING_MARKS) == title.strip():
            continue
        if start in heading_kinds:
            blocks.append(Block(heading_kinds[start], line.strip(_HEADING_MARKS)))
            in_article = False  # what follows a heading, up to an article, is no article's
        elif start in articles:
            label = articles[start].label
            rest = line[line.index(label) + len(label) :].lstrip(" \t　")
            blocks.append(Block("article", rest, label))
            in_article = True
        else:
            blocks.append(Block("continued" if in_article else "paragraph", line.strip()))
    return blocks


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a text as a version's Word file lays it out, nothing dropped: `kind` is
    "blank", "title" (the first line, repeating the title), "chapter", "section", "article",
    "continued" or "paragraph"; `lead` what comes before its words (indentation, Markdown's '#'
    marks), which the layout shows in its own way; `label` an article's 第X条; `text` the rest,
    for an article with the space after its label as written."""

    kind: str
    lead: str
    text: str
    label: str = ""


def text_lines(title: str, text: str) -> list[Line]:
    """Every line of a normalised text by its role (see Line): joined by line breaks, the lines'
    leads, labels and texts give the text back exactly."""
    structure = parse(text)
    heading_kinds = {c.start: "chapter" for c in structure.chapters} | {
        s.start: "section" for s in structure.sections
    }
    articles = {a.start: a for a in structure.articles}
    lines: list[Line] = []
    offset = 0
    in_article = False
    for line in text.removesuffix("\n").split("\n"):
        start, offset = offset, offset + len(line) + 1
        words = line.lstrip(_HEADING_MARKS)
        lead = line[: len(line) - len(words)]
        if not line.strip():
            lines.append(Line("blank", line, ""))
        elif not any(x.kind != "blank" for x in lines) and words.strip() == title.strip():
            lines.append(Line("title", lead, words))
        elif start in heading_kinds:
            lines.append(Line(heading_kinds[start], lead, words))
            in_article = False  # what follows a heading, up to an article, is no article's
        elif start in articles:
            label = articles[start].label
            at = line.index(label)
            lines.append(Line("article", line[:at], line[at + len(label) :], label))
            in_article = True
        else:
            words = line.lstrip(_INDENT)
            kind = "continued" if in_article else "paragraph"
            lines.append(Line(kind, line[: len(line) - len(words)], words))
    return lines


@dataclass(frozen=True)
class WageLabels:
    """The words of the wage table, already translated by the caller: its heading, the column
    titles, the job category of a row that applies to every job, and the name of each item kind
    (monthly_pay_floor → 月工资标准); a kind without a name shows as it is."""

    heading: str = "附：工资标准表"
    job_category: str = "岗位工种"
    item: str = "项目"
    value: str = "标准"
    unit: str = "单位"
    all_jobs: str = "全部岗位"
    item_names: Mapping[str, str] = field(default_factory=dict)

    def columns(self) -> tuple[str, str, str, str]:
        return (self.job_category, self.item, self.value, self.unit)

    def cells(self, row: WageRow) -> tuple[str, str, str, str]:
        return (
            row.job_category or self.all_jobs,
            self.item_names.get(row.kind, row.kind),
            plain_figure(row.value),
            row.unit,
        )

    def row_of(self, cells: Sequence[str]) -> WageRow:
        """A row of the table as `cells` wrote it, read back (a figure may carry thousands
        separators); ValueError when the cells are no such row."""
        if len(cells) != len(self.columns()):
            raise ValueError(cells)
        job, item, figure, unit = (cell.strip() for cell in cells)
        kinds = {name: kind for kind, name in self.item_names.items()}
        try:
            value = Decimal(figure.replace(",", "").replace("，", ""))
        except ArithmeticError as error:
            raise ValueError(figure) from error
        if not value.is_finite():
            raise ValueError(figure)
        return WageRow(kinds.get(item, item), "" if job == self.all_jobs else job, value, unit)
