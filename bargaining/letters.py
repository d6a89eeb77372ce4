"""The written bargaining request (协商要求书) and answer (回应书) of R4 as Word documents."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# GB/T 9704-2012 (layout of official documents): A4, body in 仿宋 三号 (16 pt) on a fixed 28 pt
# line, title in 小标宋 小二 (18 pt). 方正小标宋 is not on every machine, so the title asks for 宋体
# in bold, which every Chinese Windows and WPS install has.
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(18)  # 小二
TABLE_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(28)
TITLE_LINE_SPACING = Pt(34)
TABLE_LINE_SPACING = Pt(22)
FIRST_LINE_INDENT = Pt(32)  # two characters of 三号
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}

# Characters XML 1.0 does not allow (tab, line feed and carriage return are allowed), plus lone
# surrogates and the two non-characters: lxml refuses them, so one stray byte would break a letter.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Indents people type by hand (spaces, ideographic spaces, tabs): the layout indents instead.
_LEADING_SPACE = re.compile(r"^[ \t\u3000\u00a0]+")


@dataclass(frozen=True)
class LetterData:
    """Everything a request or answer letter says. Labels arrive already translated; the letters
    themselves are always in Chinese, as legal documents addressed to a Chinese party.

    *answer_period_days* is the jurisdiction's period for the written answer (R4: 20 days
    nationally, 15 in Shanghai), so it is data, never a literal. *received_on*, *answer_agrees*
    and *answer_due_on* are for the answer letter; *items* (label, unit) for the request."""

    title: str  # the negotiation, e.g. "2026年度餐饮行业工资集体协商"
    topic: str  # e.g. "工资专项集体协商"
    year: int
    from_org: str
    to_org: str
    sent_on: date
    body: str
    answer_period_days: int
    answer_agrees: bool | None = None
    received_on: date | None = None
    answer_due_on: date | None = None
    items: Sequence[tuple[str, str]] = ()
    # The area's rule for the answer: its article and how the period counts (日, 个工作日, 个月).
    answer_article: str = "《集体合同规定》第三十二条"
    answer_period_unit: str = "日"


def chinese_date(day: date) -> str:
    """2026年3月2日: the form dates take in a Chinese letter."""
    return f"{day.year}年{day.month}月{day.day}日"


def clean_text(text: str) -> str:
    """*text* without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text)


def body_paragraphs(text: str) -> list[str]:
    """The user's text split into paragraphs, one per non-blank line, hand-typed indents
    removed."""
    lines = clean_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs = (_LEADING_SPACE.sub("", line).rstrip() for line in lines)
    return [paragraph for paragraph in paragraphs if paragraph]


def subject(data: LetterData) -> str:
    """What the bargaining is about, with its year: the title, prefixed with the year unless it
    already names it."""
    title = clean_text(data.title).strip()
    return title if str(data.year) in title else f"{data.year}年度{title}"


def request_heading(data: LetterData) -> str:
    return f"关于开展{subject(data)}的要求书"


def answer_heading(data: LetterData) -> str:
    return f"关于开展{subject(data)}要求的回应书"


# --- building blocks ---------------------------------------------------------------------


def _set_fonts(run: Run, east_asian: str, size: Pt, *, bold: bool = False) -> None:
    # font.name writes only w:ascii and w:hAnsi; Chinese characters take the w:eastAsia font.
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = True if bold else None
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph(
    container: DocxDocument | _Cell,
    text: str,
    *,
    alignment: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    east_asian: str = BODY_FONT,
    size: Pt = BODY_SIZE,
    bold: bool = False,
    paragraph: Paragraph | None = None,
) -> Paragraph:
    if paragraph is None:
        paragraph = container.add_paragraph()
    layout = paragraph.paragraph_format
    layout.alignment = alignment
    layout.space_before = Pt(0)
    layout.space_after = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = {TITLE_SIZE: TITLE_LINE_SPACING, TABLE_SIZE: TABLE_LINE_SPACING}.get(
        size, LINE_SPACING
    )
    if indent:
        layout.first_line_indent = FIRST_LINE_INDENT
        # Word and WPS prefer the indent in characters, so it follows a changed font size.
        paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    _set_fonts(paragraph.add_run(clean_text(text)), east_asian, size, bold=bold)
    return paragraph


def _blank_line(document: DocxDocument) -> None:
    _paragraph(document, "")


def new_document(heading: str, author: str) -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    # The Normal style too, so text someone adds in Word later keeps the letter's fonts.
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    # The template's defaults mark East Asian text as en-US in a theme font: make it Chinese.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(theme), None)
            fonts.set(qn("w:ascii"), LATIN_FONT)
            fonts.set(qn("w:hAnsi"), LATIN_FONT)
            fonts.set(qn("w:eastAsia"), BODY_FONT)
        for language in defaults.iter(qn("w:lang")):
            language.set(qn("w:eastAsia"), "zh-CN")
    properties = document.core_properties
    properties.title = clean_text(heading)
    properties.author = clean_text(author)
    properties.last_modified_by = clean_text(author)
    properties.comments = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    return document


def _heading(document: DocxDocument, heading: str) -> None:
    _paragraph(
        document,
        heading,
        alignment=WD_ALIGN_PARAGRAPH.CENTER,
        east_asian=TITLE_FONT,
        size=TITLE_SIZE,
        bold=True,
    )
    _blank_line(document)


def _salutation(document: DocxDocument, to_org: str) -> None:
    _paragraph(document, f"{clean_text(to_org).strip()}：", alignment=WD_ALIGN_PARAGRAPH.LEFT)


def _body(document: DocxDocument, paragraphs: Iterable[str]) -> None:
    for text in paragraphs:
        _paragraph(document, text, indent=True)


def _signature(document: DocxDocument, from_org: str, on: date) -> None:
    _blank_line(document)
    _blank_line(document)
    for text in (clean_text(from_org).strip(), chinese_date(on)):
        paragraph = _paragraph(document, text, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
        # Four characters in from the right margin, as a signature block sits in a letter.
        paragraph.paragraph_format.right_indent = Pt(64)


_TABLE_WIDTHS = (Mm(20), Mm(100), Mm(36))
_CENTRE, _LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT


def _table_row(cells: Sequence[_Cell], texts: Sequence[str], *, header: bool = False) -> None:
    aligns = (_CENTRE, _CENTRE, _CENTRE) if header else (_CENTRE, _LEFT, _CENTRE)
    for cell, text, align, width in zip(cells, texts, aligns, _TABLE_WIDTHS, strict=True):
        cell.width = width
        _paragraph(
            cell,
            text,
            alignment=align,
            size=TABLE_SIZE,
            bold=header,
            paragraph=cell.paragraphs[0],
        )


def _items_table(document: DocxDocument, items: Sequence[tuple[str, str]]) -> None:
    table = document.add_table(rows=1, cols=len(_TABLE_WIDTHS), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice and WPS the grid's: set both.
    for column, width in zip(table.columns, _TABLE_WIDTHS, strict=True):
        column.width = width
    _table_row(table.rows[0].cells, ("序号", "协商事项", "计量单位"), header=True)
    for number, (label, unit) in enumerate(items, start=1):
        texts = (str(number), clean_text(label).strip(), clean_text(unit).strip())
        _table_row(table.add_row().cells, texts)


def _to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the two letters ---------------------------------------------------------------------


def request_letter(data: LetterData) -> bytes:
    """The written request to bargain (R4, 《集体合同规定》第三十二条) as a .docx."""
    heading = request_heading(data)
    document = new_document(heading, data.from_org)
    _heading(document, heading)
    _salutation(document, data.to_org)
    _body(document, body_paragraphs(data.body))
    topic = clean_text(data.topic).strip()
    if data.items:
        _paragraph(document, f"本次协商类别为{topic}，拟协商事项如下：", indent=True)
        _items_table(document, data.items)
    else:
        _paragraph(document, f"本次协商类别为{topic}。", indent=True)
    _paragraph(
        document,
        f"根据{data.answer_article}，请贵方自收到本要求书之日起"
        f"{data.answer_period_days}{data.answer_period_unit}内以书面形式予以回应，"
        "无正当理由不得拒绝进行集体协商。",
        indent=True,
    )
    _paragraph(document, "特此函告。", indent=True)
    _signature(document, data.from_org, data.sent_on)
    return _to_bytes(document)


def answer_letter(data: LetterData) -> bytes:
    """The written answer to a bargaining request (R4) as a .docx: that the request was
    received and when, whether the answering side agrees to bargain, its text, and the period
    of 《集体合同规定》第三十二条 it answers within."""
    if data.answer_agrees is None or data.received_on is None:
        raise ValueError("an answer letter needs answer_agrees and received_on")
    heading = answer_heading(data)
    document = new_document(heading, data.from_org)
    _heading(document, heading)
    _salutation(document, data.to_org)
    topic = clean_text(data.topic).strip()
    _paragraph(
        document,
        f"贵方《{request_heading(data)}》我方已于{chinese_date(data.received_on)}收悉。",
        indent=True,
    )
    if data.answer_agrees:
        decision = f"经研究，我方同意开展本次{topic}。"
    else:
        decision = "经研究，我方不同意开展本次集体协商，理由如下："
    _paragraph(document, decision, indent=True)
    _body(document, body_paragraphs(data.body))
    # The letter says it answers within the period only when it does: a late answer says nothing
    # of the period rather than something untrue.
    if data.answer_due_on is None or data.sent_on <= data.answer_due_on:
        deadline = f"（即{chinese_date(data.answer_due_on)}前）" if data.answer_due_on else ""
        _paragraph(
            document,
            f"根据{data.answer_article}，我方在收到协商要求之日起"
            f"{data.answer_period_days}{data.answer_period_unit}内{deadline}作出本书面回应。",
            indent=True,
        )
    _paragraph(document, "特此回复。", indent=True)
    _signature(document, data.from_org, data.sent_on)
    return _to_bytes(document)
