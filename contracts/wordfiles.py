"""Agreement texts and Word: a .docx draft read as plain text, a version written as .docx with
its wage table, and two versions as a .docx with real tracked changes (a redline)."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
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
from contracts.rules import plain_figure
from contracts.structure import chinese_numeral, normalise, parse

# --- laying a text out: title, chapters, sections, articles, paragraphs ------------------------

_SECTION = re.compile(r"^[ \t　#]*第[零〇一二两三四五六七八九十百千\d]+节(?:[ \t　]|$)")
_HEADING_MARKS = " \t　#"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of a laid-out text. `kind` is "chapter", "section", "article" (the first
    paragraph of an article: `label` is 第X条 and `text` what follows it), "continued" (a further
    paragraph of an article) or "paragraph" (preamble)."""

    kind: str
    text: str
    label: str = ""


def text_blocks(title: str, text: str) -> list[Block]:
    """The paragraphs of a normalised text by their role, blank lines dropped, and the first line
    dropped when it only repeats the title (the template's text starts with it)."""
    structure = parse(text)
    chapter_starts = {c.start for c in structure.chapters}
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
        if start in chapter_starts:
            blocks.append(Block("chapter", line.strip(_HEADING_MARKS)))
            in_article = False
        elif start in articles:
            label = articles[start].label
            rest = line[line.index(label) + len(label) :].lstrip(" \t　")
            blocks.append(Block("article", rest, label))
            in_article = True
        elif _SECTION.match(line):
            blocks.append(Block("section", line.strip(_HEADING_MARKS)))
        else:
            blocks.append(Block("continued" if in_article else "paragraph", line.strip()))
    return blocks


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


def _run(text: str, look: _Look, *, bold: bool = False, deleted: bool = False) -> CT_R:
    """<w:r> with its fonts (w:eastAsia too), its text in w:t (w:delText when deleted) and tabs as
    <w:tab/>. Built directly: python-docx's run and font setters cost a quarter of a millisecond
    a run, a second for a long agreement."""
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
    heading = _paragraph(document, styles["section"])
    heading.get_or_add_pPr().pageBreakBefore_val = True
    heading.append(_run(labels.heading, _LOOKS["section"]))
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
            paragraph.append(_run(text, _LOOKS["table"], bold=number == 0))


def _to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(
    title: str, text: str, wage_rows: Sequence[WageRow], wage_labels: WageLabels
) -> bytes:
    """A version as a Word document: A4, the title centred (宋体 bold 小二), chapters centred
    (黑体 三号), each article's label in bold before its text (仿宋 小四), further paragraphs
    indented two characters, and the wage table at the end."""
    title = " ".join(title.split("\n")).strip()
    document = new_document(title, "")
    styles = _styles(document)
    _paragraph(document, styles["title"]).append(_run(title, _LOOKS["title"]))
    body = _LOOKS["body"]
    for block in text_blocks(title, text):
        if block.kind in ("chapter", "section"):
            paragraph = _paragraph(document, styles[block.kind])
            paragraph.append(_run(block.text, _LOOKS[block.kind]))
        elif block.kind == "article":
            paragraph = _paragraph(document, styles["body"])
            paragraph.append(_run(block.label, body, bold=True))
            if block.text:
                paragraph.append(_run("　" + block.text, body))
        else:
            _paragraph(document, styles["indented"]).append(_run(block.text, body))
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
    _paragraph(document, styles["title"]).append(_run(title, _LOOKS["title"]))
    if note.strip():
        _paragraph(document, styles["body"]).append(_run(note.strip(), _LOOKS["body"]))
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
                    paragraph.get_or_add_pPr().append(mark)
                paragraph = _paragraph(document, styles["body"])
            if not line:
                continue
            run = _run(line, look, deleted=op == DELETE)
            if op in (INSERT, DELETE):
                wrapper = revision(op)
                wrapper.append(run)
                run = wrapper
            paragraph.append(run)
    _track_revisions(document)
    return _to_bytes(document)


def _track_revisions(document: DocxDocument) -> None:
    """Turn Track Changes on, so the other side's edits to the redline are tracked too."""
    settings = document.settings.element
    proof_state = settings.find(qn("w:proofState"))
    if proof_state is not None and settings.find(qn("w:trackRevisions")) is None:
        proof_state.addnext(OxmlElement("w:trackRevisions"))  # its place in CT_Settings


# --- reading a draft ----------------------------------------------------------------------------

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024  # bytes unpacked
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # OLE directory names are UTF-16
_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_INDENT = " \t\u3000\u00a0"


class DocxError(ValueError):
    """A file that cannot be imported; `code` says why: "not_docx", "encrypted", "too_large" or
    "empty"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _parser() -> etree.XMLParser:
    # No entities, no DTD, no network, lxml's default depth and size limits (huge_tree off).
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _is_bomb(members: Sequence[zipfile.ZipInfo]) -> bool:
    """More than 50 MB unpacked, or squeezed more than 100 to 1: in all, or in one member big
    enough to matter (a few kilobytes of repeated markup may legitimately pack tighter)."""
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    return (
        unpacked > MAX_UNCOMPRESSED_BYTES
        or unpacked > MAX_COMPRESSION_RATIO * max(packed, 1)
        or any(
            m.file_size > _RATIO_CHECKED_FROM
            and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
            for m in members
        )
    )


def _parts(data: bytes, names: Sequence[str]) -> dict[str, etree._Element]:
    """The parsed XML parts of a .docx that exist among `names` (the first one must)."""
    if data[:8] == _OLE_SIGNATURE:  # an encrypted .docx, or an old binary .doc
        raise DocxError("encrypted" if _ENCRYPTED_STREAM in data else "not_docx")
    parts: dict[str, etree._Element] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if _is_bomb(members):
                raise DocxError("not_docx")
            present = {member.filename: member for member in members}
            if names[0] not in present:
                raise DocxError("not_docx")
            for name in names:
                if name not in present:
                    continue
                member = present[name]
                with archive.open(member) as stream:  # read no more than it claims to hold
                    xml = stream.read(member.file_size + 1)
                if len(xml) > member.file_size:
                    raise DocxError("not_docx")
                root = etree.fromstring(xml, _parser())
                if root.getroottree().docinfo.doctype:
                    raise DocxError("not_docx")
                parts[name] = root
    except DocxError:
        raise
    except Exception as error:  # zipfile, zlib and lxml raise many kinds on a hostile file
        raise DocxError("not_docx") from error
    return parts


class _Names:
    """Qualified tag names in the document's namespace (transitional or strict OOXML)."""

    def __init__(self, namespace: str) -> None:
        self.ns = namespace
        self.deleted = f"{{{namespace}}}del"  # w:del: `del` is a Python keyword

    def __getattr__(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"


def _int(text: str | None, default: int = 0) -> int:
    """A decimal attribute's value, or `default` when it is missing or not a number."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _Numbering:
    """The text of automatic list numbers (第%1条 counted in Chinese, 1., (一) …): what the
    reader sees, so that auto-numbered articles keep their labels."""

    _FORMATS: Mapping[str, Callable[[int], str]] = {
        "decimal": str,
        "decimalZero": lambda n: f"{n:02d}",
        "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
        "chineseCounting": chinese_numeral,
        "chineseCountingThousand": chinese_numeral,
        "chineseLegalSimplified": chinese_numeral,
        "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
        "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
        "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1),
        "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1),
    }

    def __init__(
        self, numbering: etree._Element | None, styles: etree._Element | None, w: _Names
    ) -> None:
        self.w = w
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        if numbering is not None:
            abstract = {
                node.get(w.abstractNumId): self._levels(node)
                for node in numbering.iter(w.abstractNum)
            }
            for num in numbering.iter(w.num):
                ref = num.find(w.abstractNumId)
                levels = dict(abstract.get(ref.get(w.val) if ref is not None else None, {}))
                for override in num.iter(w.lvlOverride):
                    ilvl, start = _int(override.get(w.ilvl)), override.find(w.startOverride)
                    if start is not None and ilvl in levels:
                        levels[ilvl] = (_int(start.get(w.val), 1), *levels[ilvl][1:])
                self.levels[num.get(w.numId, "")] = levels
        if styles is not None:
            based_on: dict[str, str] = {}
            for style in styles.iter(w.style):
                style_id = style.get(w.styleId, "")
                parent, num_pr = style.find(w.basedOn), style.find(f"{w.pPr}/{w.numPr}")
                if parent is not None:
                    based_on[style_id] = parent.get(w.val, "")
                if num_pr is not None:
                    self.style_numbers[style_id] = self._num_pr(num_pr)
            for style_id in list(based_on):  # inherit from the style a style is based on
                seen, current = set(), style_id
                while current not in self.style_numbers and current in based_on:
                    seen.add(current)
                    current = based_on[current]
                    if current in seen:
                        break
                if current in self.style_numbers:
                    self.style_numbers.setdefault(style_id, self.style_numbers[current])

    def _levels(self, abstract: etree._Element) -> dict[int, tuple[int, str, str, str]]:
        w, levels = self.w, {}
        for lvl in abstract.iter(w.lvl):
            start, fmt = lvl.find(w.start), lvl.find(w.numFmt)
            text, suffix = lvl.find(w.lvlText), lvl.find(w.suff)
            levels[_int(lvl.get(w.ilvl))] = (
                _int(start.get(w.val), 1) if start is not None else 1,
                fmt.get(w.val, "decimal") if fmt is not None else "decimal",
                text.get(w.val, "") if text is not None else "",
                {"space": " ", "nothing": ""}.get(
                    suffix.get(w.val, "") if suffix is not None else "", "\t"
                ),
            )
        return levels

    def _num_pr(self, num_pr: etree._Element) -> tuple[str, int]:
        num_id, ilvl = num_pr.find(self.w.numId), num_pr.find(self.w.ilvl)
        return (
            num_id.get(self.w.val, "0") if num_id is not None else "0",
            _int(ilvl.get(self.w.val)) if ilvl is not None else 0,
        )

    def label(self, properties: etree._Element | None) -> str:
        """The number of a paragraph with these properties, counted on; "" when it has none."""
        if properties is None:
            return ""
        num_pr, style = properties.find(self.w.numPr), properties.find(self.w.pStyle)
        number = self._num_pr(num_pr) if num_pr is not None else None
        if number is None and style is not None:
            number = self.style_numbers.get(style.get(self.w.val, ""))
        if number is None or number[0] not in self.levels:
            return ""
        num_id, ilvl = number
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        if not 0 <= ilvl < len(counters):
            return ""
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl][0] if current is None else current + 1
        counters[ilvl + 1 :] = [None] * (len(counters) - ilvl - 1)
        _start, fmt, text, suffix = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""
        for level in range(ilvl + 1):
            value = counters[level]
            if value is None:  # a level above that has not counted yet shows its start
                value = levels.get(level, (1,))[0]
            level_fmt = levels.get(level, (1, "decimal"))[1]
            text = text.replace(f"%{level + 1}", self._format(level_fmt, value))
        return text + suffix

    @classmethod
    def _format(cls, fmt: str, value: int) -> str:
        if not 0 < value <= 1000:  # beyond what a list shows: Arabic (and no huge "AAAA…")
            return str(value)
        return cls._FORMATS.get(fmt, str)(value)


class _Reader:
    """The text of document.xml's body, as the reader sees it with tracked changes accepted."""

    def __init__(self, w: _Names, numbering: _Numbering) -> None:
        self.w = w
        self.numbering = numbering
        # Elements whose content is not text of the body: deleted and moved-away text, properties,
        # drawings and text boxes, alternative content (Word stores each text box twice there).
        self.skipped = {
            w.delText,
            w.deleted,
            w.rt,  # the phonetic guide above ruby text
            w.moveFrom,
            w.pPr,
            w.rPr,
            w.sdtPr,
            w.sdtEndPr,
            w.drawing,
            w.pict,
            w.object,
            w.instrText,
            f"{_MC}AlternateContent",
        }
        self.containers = {w.sdt, w.sdtContent, w.customXml, w.smartTag, w.ins, w.moveTo}

    def _children(self, parent: etree._Element) -> Iterator[etree._Element]:
        """Children, looking through content controls and custom XML around blocks."""
        for child in parent:
            if child.tag in self.containers:
                yield from self._children(child)
            else:
                yield child

    def _inline(self, element: etree._Element, out: list[str]) -> None:
        w = self.w
        for child in element:
            tag = child.tag
            if tag == w.t:
                out.append(child.text or "")
            elif tag == w.tab:
                out.append("\t")
            elif tag == w.br:
                if child.get(w.type) in (None, "textWrapping"):
                    out.append("\n")
            elif tag == w.cr:
                out.append("\n")
            elif tag == w.noBreakHyphen:
                out.append("-")
            elif tag not in self.skipped and len(child):
                self._inline(child, out)

    def paragraph(self, p: etree._Element) -> str:
        out = [self.numbering.label(p.find(self.w.pPr))]
        self._inline(p, out)
        return "".join(out)

    def _mark_deleted(self, p: etree._Element) -> bool:
        w = self.w
        return p.find(f"{w.pPr}/{w.rPr}/{w.deleted}") is not None

    def blocks(self, container: etree._Element) -> Iterator[str]:
        """Each paragraph's text, and each table as one line per row (cells joined by tabs)."""
        w, pending = self.w, ""
        for child in self._children(container):
            if child.tag == w.p:
                text = pending + self.paragraph(child)
                if self._mark_deleted(child):  # its text runs on into the next paragraph
                    pending = text
                    continue
                pending = ""
                yield "\n".join(line.lstrip(_INDENT) for line in text.split("\n"))
            elif child.tag == w.tbl:
                if pending:
                    yield pending
                    pending = ""
                yield "\n".join(self._rows(child))
        if pending:
            yield pending

    def _rows(self, table: etree._Element) -> Iterator[str]:
        w = self.w
        for row in self._children(table):
            if row.tag != w.tr or row.find(f"{w.trPr}/{w.deleted}") is not None:
                continue
            cells = []
            for cell in self._children(row):
                if cell.tag != w.tc:
                    continue
                merge = cell.find(f"{w.tcPr}/{w.vMerge}")
                if merge is not None and merge.get(w.val) != "restart":
                    continue  # the lower part of a vertically merged cell
                text = " ".join(b for b in self.blocks(cell) if b.strip())
                cells.append(" ".join(text.replace("\t", " ").split("\n")).strip())
            if any(cells):
                yield "\t".join(cells)


def read_docx(data: bytes, *, max_chars: int) -> str:
    """The text of a .docx draft for a new version: each paragraph of the body, in order, as a
    line with a blank line between paragraphs (automatic numbers written out, hand indents
    dropped), each table as one line per row with its cells joined by tabs; tracked changes
    accepted; headers, footers, comments, footnotes and text boxes left out. Normalised.
    Raises DocxError for a file that is not a Word document, is encrypted, holds more than
    `max_chars` characters or no text at all."""
    names = ("word/document.xml", "word/numbering.xml", "word/styles.xml")
    parts = _parts(data, names)
    root = parts[names[0]]
    namespace = etree.QName(root).namespace
    if namespace not in (_TRANSITIONAL, _STRICT):
        raise DocxError("not_docx")
    w = _Names(namespace)
    body = root.find(w.body)
    if body is None:
        raise DocxError("empty")
    try:
        numbering = _Numbering(parts.get(names[1]), parts.get(names[2]), w)
        blocks = _Reader(w, numbering).blocks(body)
        text = "\n\n".join(block for block in blocks if block.strip())
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as error:
        raise DocxError("not_docx") from error  # markup no Word document holds
    if len(text) > 2 * max_chars:  # before normalising a huge text
        raise DocxError("too_large")
    text = normalise(text)
    if len(text) > max_chars:
        raise DocxError("too_large")
    if not text.strip():
        raise DocxError("empty")
    return text
