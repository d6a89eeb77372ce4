"""A Word draft (.docx) read as the plain text of a new version: paragraphs in order, tables one
line per row, automatic numbers written out, tracked changes accepted; a version written by
contracts.wordfiles read back exactly, line by line, with its wage table apart; and refused,
never a crash,
when it is not a Word document, is encrypted, unpacks to too much (a zip bomb: checked by
uploads.archives before anything is unpacked), is an XML bomb, or holds too much text or none."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from contracts.structure import chinese_numeral, normalise
from uploads.archives import unpacks_too_far

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # OLE directory names are UTF-16
_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_INDENT = " \t\u3000\u00a0"
# Paragraph styles of a version written by contracts.wordfiles.write_docx: the title it adds above
# the text and the heading of the wage table are no part of the text; the text's own first line,
# when it repeats the title, has a style of its own. A document whose styles define the wage
# table's heading is such a version (Word and WPS keep a document's styles): it is read back one
# paragraph per line, blank ones too, nothing stripped, and its wage table apart.
ADDED_TITLE_STYLE = "AgreementTitle"
TEXT_TITLE_STYLE = "AgreementTextTitle"
WAGE_HEADING_STYLE = "AgreementWageHeading"


class DocxError(ValueError):
    """A file that cannot be imported; `code` says why: "not_docx", "encrypted",
    "too_large_unpacked" (a zip bomb, or more than MAX_UNPACKED_BYTES unpacked), "too_large"
    (more text than an agreement may hold) or "empty"."""

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


def _parts(data: bytes, names: Sequence[str]) -> dict[str, etree._Element]:
    """The parsed XML parts of a .docx that exist among `names` (the first one must)."""
    if data[:8] == _OLE_SIGNATURE:  # an encrypted .docx, or an old binary .doc
        raise DocxError("encrypted" if _ENCRYPTED_STREAM in data else "not_docx")
    parts: dict[str, etree._Element] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if unpacks_too_far(members, max_unpacked_bytes=MAX_UNPACKED_BYTES):
                raise DocxError("too_large_unpacked")
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

    def lines(self, body: etree._Element) -> tuple[list[str], list[list[str]] | None]:
        """A version written by write_docx: each paragraph of the body as one line (empty ones as
        blank lines, indents kept), leaving out the title it added; and the cells of the wage
        table below its heading (header row left out), None when there is none."""
        w, pending, out = self.w, "", []
        wage: list[list[str]] | None = None
        below_heading = False
        for child in self._children(body):
            if child.tag == w.p:
                style = child.find(f"{w.pPr}/{w.pStyle}")
                name = style.get(w.val, "") if style is not None else ""
                if name in (ADDED_TITLE_STYLE, WAGE_HEADING_STYLE):
                    below_heading = name == WAGE_HEADING_STYLE
                    continue
                text = pending + self.paragraph(child)
                if self._mark_deleted(child):  # its text runs on into the next paragraph
                    pending = text
                    continue
                pending = ""
                out.append(text)
            elif child.tag == w.tbl:
                if pending:
                    out.append(pending)
                    pending = ""
                if below_heading and wage is None:
                    wage = list(self._cells(child))[1:]
                else:
                    out.extend("\t".join(cells) for cells in self._cells(child))
                below_heading = False
        if pending:
            out.append(pending)
        return out, wage

    def _rows(self, table: etree._Element) -> Iterator[str]:
        for cells in self._cells(table):
            yield "\t".join(cells)

    def _cells(self, table: etree._Element) -> Iterator[list[str]]:
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
                yield cells


@dataclass(frozen=True)
class Draft:
    """What a .docx draft holds: its text, and the cells of the wage table of a version written
    by write_docx (job category, item, figure, unit; None when it has none)."""

    text: str
    wage_cells: list[list[str]] | None = None


def read_docx(data: bytes, *, max_chars: int) -> str:
    """The text of a .docx draft (see read_draft)."""
    return read_draft(data, max_chars=max_chars).text


def _written_by_us(styles: etree._Element | None, w: _Names) -> bool:
    if styles is None:
        return False
    return any(style.get(w.styleId) == WAGE_HEADING_STYLE for style in styles.iter(w.style))


def read_draft(data: bytes, *, max_chars: int) -> Draft:
    """The text of a .docx draft for a new version: each paragraph of the body, in order, as a
    line with a blank line between paragraphs (automatic numbers written out, hand indents
    dropped), each table as one line per row with its cells joined by tabs; tracked changes
    accepted; headers, footers, comments, footnotes and text boxes left out. Normalised. A
    version written by write_docx comes back exactly as it was written (its text line by line,
    without the title added above it, and its wage table apart), edits made in Word included.
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
    wage: list[list[str]] | None = None
    try:
        numbering = _Numbering(parts.get(names[1]), parts.get(names[2]), w)
        reader = _Reader(w, numbering)
        if _written_by_us(parts.get(names[2]), w):
            lines, wage = reader.lines(body)
            text = "\n".join(lines)
        else:
            text = "\n\n".join(block for block in reader.blocks(body) if block.strip())
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as error:
        raise DocxError("not_docx") from error  # markup no Word document holds
    if len(text) > 2 * max_chars:  # before normalising a huge text
        raise DocxError("too_large")
    text = normalise(text)
    if len(text) > max_chars:
        raise DocxError("too_large")
    if not text.strip():
        raise DocxError("empty")
    return Draft(text, wage)
