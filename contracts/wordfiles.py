"""Agreement texts written as Word: a version as .docx with its wage table, and two versions as a
.docx with real tracked changes (a redline). Reading a .docx draft is in contracts.docx_import."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from lxml import etree

from bargaining.letters import (
    BODY_FONT,
    LATIN_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    clean_text,
    new_document,
)
from contracts.diff import DELETE, INSERT, WageRow
from contracts.docx_import import TEXT_TITLE_STYLE, WAGE_HEADING_STYLE
from contracts.layout import Block, Line, WageLabels, text_blocks, text_lines

__all__ = [  # the layout is contracts.layout's; pdf and the views take it from here too
    "Block",
    "Line",
    "WageLabels",
    "text_blocks",
    "text_lines",
    "write_docx",
    "write_redline_docx",
]

# --- writing a version --------------------------------------------------------------------------

# 仿宋 小四 on a fixed 22 pt line rather than the letters' 三号 on 28 pt: a 30,000-character
# agreement then runs to about 30 A4 pages instead of about 55.
BODY_SIZE = Pt(12)  # 小四
BODY_LINE = Pt(22)
CHAPTER_FONT = "黑体"
CHAPTER_SIZE = Pt(16)  # 三号
SECTION_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(12)
TABLE_LINE = Pt(18)
INDENT = Pt(24)  # two characters of 小四
BLANK_LINE = Pt(8)  # a blank line of the text: a little space, not a whole line of 22 pt
_TABLE_WIDTHS = (Mm(50), Mm(46), Mm(30), Mm(30))  # the 156 mm between the letters' margins


@dataclass(frozen=True)
class _Look:
    east_asian: str
    size: Length
    bold: bool = False


_LOOKS = {
    "title": _Look(TITLE_FONT, TITLE_SIZE, bold=True),
    "chapter": _Look(CHAPTER_FONT, CHAPTER_SIZE, bold=True),
    "section": _Look(CHAPTER_FONT, SECTION_SIZE, bold=True),
    "body": _Look(BODY_FONT, BODY_SIZE),
    "table": _Look(BODY_FONT, TABLE_SIZE),
}


def _style(
    document: DocxDocument,
    name: str,
    look: _Look,
    *,
    alignment: WD_ALIGN_PARAGRAPH,
    line: Length | None = None,
    before: Length = Pt(0),
    after: Length = Pt(0),
    outline_level: int | None = None,
) -> ParagraphStyle:
    """A paragraph style with its East Asian font, so text someone adds in Word looks right."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.name = LATIN_FONT
    style.font.size = look.size
    style.font.bold = look.bold or None
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), look.east_asian)
    layout = style.paragraph_format
    layout.alignment = alignment
    layout.space_before, layout.space_after = before, after
    if line is not None:
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = line
    if outline_level is not None:  # listed in Word's navigation pane
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(outline_level))
        style.element.get_or_add_pPr().append(outline)
    return style


def _styles(document: DocxDocument) -> dict[str, ParagraphStyle]:
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    centre, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    styles = {
        "title": _style(
            document,
            "Agreement Title",
            _LOOKS["title"],
            alignment=centre,
            after=Pt(18),
            outline_level=0,
        ),
        "chapter": _style(
            document,
            "Agreement Chapter",
            _LOOKS["chapter"],
            alignment=centre,
            before=Pt(12),
            after=Pt(6),
            outline_level=1,
        ),
        "section": _style(
            document,
            "Agreement Section",
            _LOOKS["section"],
            alignment=centre,
            before=Pt(6),
            after=Pt(6),
            outline_level=2,
        ),
        "body": _style(
            document, "Agreement Body", _LOOKS["body"], alignment=justify, line=BODY_LINE
        ),
        "indented": _style(
            document, "Agreement Paragraph", _LOOKS["body"], alignment=justify, line=BODY_LINE
        ),
        "table": _style(
            document, "Agreement Table", _LOOKS["table"], alignment=centre, line=TABLE_LINE
        ),
    }
    styles["chapter"].paragraph_format.keep_with_next = True
    styles["section"].paragraph_format.keep_with_next = True
    styles["indented"].paragraph_format.first_line_indent = INDENT
    # Word and WPS prefer the indent in characters: it then follows a changed font size.
    styles["indented"].element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    return styles


def _run(
    text: str, look: _Look, *, bold: bool = False, deleted: bool = False, hidden: bool = False
) -> etree._Element:
    """<w:r> with its fonts (w:eastAsia too), its text in w:t (w:delText when deleted) and tabs as
    <w:tab/>; `hidden` text (w:vanish) is kept in the file but not shown. Built directly:
    python-docx's run and font setters cost a quarter of a millisecond a run, a second for a long
    agreement."""
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    fonts = OxmlElement(
        "w:rFonts",
        {qn("w:ascii"): LATIN_FONT, qn("w:hAnsi"): LATIN_FONT, qn("w:eastAsia"): look.east_asian},
    )
    properties.append(fonts)
    if bold or look.bold:
        properties.append(OxmlElement("w:b"))
        properties.append(OxmlElement("w:bCs"))
    if hidden:
        properties.append(OxmlElement("w:vanish"))  # after w:b, before w:sz (CT_RPr's order)
    half_points = str(round(look.size.pt * 2))
    for tag in ("w:sz", "w:szCs"):
        properties.append(OxmlElement(tag, {qn("w:val"): half_points}))
    run.append(properties)
    for number, piece in enumerate(clean_text(text).split("\t")):
        if number:
            run.append(OxmlElement("w:tab"))
        if piece:
            element = OxmlElement("w:delText" if deleted else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = piece
            run.append(element)
    return run


def _append(parent: etree._Element, child: etree._Element) -> None:
    """Append an element of any class: lxml's stubs type `append` for the parent's own class
    (a w:r is no w:p), python-docx's parts are of many."""
    parent.append(child)


def _paragraph(document: DocxDocument, style: ParagraphStyle) -> CT_P:
    """A new paragraph of the body in `style` (by id: python-docx's style setter looks the style
    up among all of them, each time)."""
    paragraph = document.add_paragraph()._p
    paragraph.style = style.style_id
    return paragraph


def _wage_table(
    document: DocxDocument,
    styles: dict[str, ParagraphStyle],
    rows: Sequence[WageRow],
    labels: WageLabels,
) -> None:
    heading = _paragraph(document, styles["wage_heading"])
    heading.get_or_add_pPr().pageBreakBefore_val = True
    _append(heading, _run(labels.heading, _LOOKS["section"]))
    table = document.add_table(rows=1 + len(rows), cols=len(_TABLE_WIDTHS), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, _TABLE_WIDTHS, strict=True):
        column.width = width  # LibreOffice and WPS read the grid, Word the cells
    header = OxmlElement("w:tblHeader")  # the header row again on every page
    table.rows[0]._tr.get_or_add_trPr().append(header)
    texts = [labels.columns(), *(labels.cells(row) for row in rows)]
    for number, (row, cells) in enumerate(zip(table.rows, texts, strict=True)):
        for cell, text, width in zip(row.cells, cells, _TABLE_WIDTHS, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]._p
            paragraph.style = styles["table"].style_id
            _append(paragraph, _run(text, _LOOKS["table"], bold=number == 0))


def _to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _version_styles(document: DocxDocument) -> dict[str, ParagraphStyle]:
    """The styles of a version's file: those of any agreement file, and the ones by which
    contracts.docx_import knows such a file again and reads it back exactly (the text's own
    title line, the wage table's heading) and a low line for a blank line of the text."""
    styles = _styles(document)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    styles["text_title"] = _style(
        document, "Agreement Text Title", _LOOKS["title"], alignment=centre, after=Pt(18)
    )
    styles["wage_heading"] = _style(
        document, "Agreement Wage Heading", _LOOKS["section"], alignment=centre, after=Pt(6)
    )
    styles["blank"] = _style(
        document, "Agreement Blank Line", _LOOKS["body"], alignment=centre, line=BLANK_LINE
    )
    assert styles["text_title"].style_id == TEXT_TITLE_STYLE
    assert styles["wage_heading"].style_id == WAGE_HEADING_STYLE
    return styles


def write_docx(
    title: str, text: str, wage_rows: Sequence[WageRow], wage_labels: WageLabels
) -> bytes:
    """A version as a Word document: A4, the title centred (宋体 bold 小二), chapters centred
    (黑体 三号), each article's label in bold before its text (仿宋 小四), further paragraphs
    indented two characters, and the wage table at the end. Each line of the text is a
    paragraph (a blank one a low empty paragraph), its indentation and Markdown marks kept as
    hidden text: contracts.docx_import reads the file back to exactly this text and table."""
    title = " ".join(title.split("\n")).strip()
    document = new_document(title, "")
    styles = _version_styles(document)
    lines = text_lines(title, text)
    if not any(line.kind == "title" for line in lines):  # the title, above the text
        _append(_paragraph(document, styles["title"]), _run(title, _LOOKS["title"]))
    body = _LOOKS["body"]
    for line in lines:
        if line.kind == "blank":
            paragraph, look = _paragraph(document, styles["blank"]), body
        elif line.kind == "title":
            paragraph, look = _paragraph(document, styles["text_title"]), _LOOKS["title"]
        elif line.kind in ("chapter", "section"):
            paragraph, look = _paragraph(document, styles[line.kind]), _LOOKS[line.kind]
        elif line.kind == "article":
            paragraph, look = _paragraph(document, styles["body"]), body
        else:
            paragraph, look = _paragraph(document, styles["indented"]), body
        if line.lead:
            _append(paragraph, _run(line.lead, look, hidden=True))
        if line.label:
            _append(paragraph, _run(line.label, look, bold=True))
        if line.text:
            _append(paragraph, _run(line.text, look))
    if wage_rows:
        _wage_table(document, styles, wage_rows, wage_labels)
    return _to_bytes(document)


# --- writing a redline --------------------------------------------------------------------------


def _revision_date(when: datetime) -> str:
    """ISO 8601 in UTC with a Z, as Word writes w:date; a naive datetime is taken as UTC."""
    moment = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_redline_docx(
    title: str, ops: Sequence[tuple[str, str]], *, author: str, when: datetime, note: str = ""
) -> bytes:
    """The new version with the changes from the old one as Word revisions (w:ins and w:del,
    paragraph marks included): Accept All gives exactly the new text, Reject All the old one.
    `ops` are diff_texts' runs; each line of the text is a paragraph."""
    title = " ".join(title.split("\n")).strip()
    document = new_document(title, author)
    styles = _styles(document)
    _append(_paragraph(document, styles["title"]), _run(title, _LOOKS["title"]))
    if note.strip():
        _append(_paragraph(document, styles["body"]), _run(note.strip(), _LOOKS["body"]))
    ids = itertools.count(1)
    author, date = clean_text(author) or "-", _revision_date(when)

    def revision(op: str) -> etree._Element:
        attributes = {qn("w:id"): str(next(ids)), qn("w:author"): author, qn("w:date"): date}
        return OxmlElement("w:ins" if op == INSERT else "w:del", attributes)

    look = _LOOKS["body"]
    paragraph = _paragraph(document, styles["body"])
    for op, text in ops:
        for number, line in enumerate(clean_text(text).split("\n")):
            if number:  # the line break before this line is a paragraph mark of `op`
                if op in (INSERT, DELETE):
                    mark = OxmlElement("w:rPr")
                    mark.append(revision(op))
                    _append(paragraph.get_or_add_pPr(), mark)
                paragraph = _paragraph(document, styles["body"])
            if not line:
                continue
            run = _run(line, look, deleted=op == DELETE)
            if op in (INSERT, DELETE):
                wrapper = revision(op)
                wrapper.append(run)
                run = wrapper
            _append(paragraph, run)
    _track_revisions(document)
    return _to_bytes(document)


def _track_revisions(document: DocxDocument) -> None:
    """Turn Track Changes on, so the other side's edits to the redline are tracked too."""
    settings = document.settings.element
    proof_state = settings.find(qn("w:proofState"))
    if proof_state is not None and settings.find(qn("w:trackRevisions")) is None:
        proof_state.addnext(OxmlElement("w:trackRevisions"))  # its place in CT_Settings
