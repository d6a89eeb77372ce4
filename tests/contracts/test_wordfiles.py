"""Agreement texts and Word: exporting a version with its layout, fonts and wage table, the round
trip through the import, and the redline's tracked changes checked by simulating Word's Accept
All and Reject All."""

import io
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from contracts.diff import DELETE, INSERT, WageRow, diff_texts, new_text, old_text
from contracts.docx_import import read_docx, read_draft
from contracts.rules import plain_figure
from contracts.structure import normalise, parse
from contracts.wordfiles import WageLabels, text_blocks, write_docx, write_redline_docx
from tests.laws import LAWS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIMIT = 600_000
WHEN = datetime(2026, 5, 1, 8, 30, tzinfo=UTC)
LABELS = WageLabels(item_names={"monthly_pay_floor": "月工资标准", "annual_rise": "工资年增长幅度"})
ROWS = [
    WageRow("monthly_pay_floor", "厨师长", Decimal("2184.00"), "元/月"),
    WageRow("monthly_pay_floor", "餐具清洗员", Decimal("1196.50"), "元/月"),
    WageRow("annual_rise", "", Decimal("9"), "%"),
]
AGREEMENT = normalise(
    "海珠区餐饮行业工资专项集体合同\n\n"
    "第一章 总则\n\n"
    "第一条 为维护职工和企业的合法权益，订立本合同。\n\n"
    "本合同对本行业内签订或者确认本合同的企业具有约束力。\n\n"
    "第二章 工资标准\n\n"
    "第二条 厨师长月工资标准为2184元。\n"
)


def law(name: str) -> str:
    return normalise((LAWS / f"{name}.md").read_text(encoding="utf-8"))


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    files[name] = content
    return zipped(files)


# --- Word's Accept All and Reject All, simulated on document.xml -------------------------------


def _paragraph_text(p: etree._Element, *, accept: bool) -> str:
    dropped = W + ("del" if accept else "ins")
    out = []
    for run in p.iter(W + "r"):
        parent = run.getparent()
        if parent is not None and parent.tag == dropped:
            continue
        for child in run:
            if child.tag in (W + "t", W + "delText"):
                out.append(child.text or "")
            elif child.tag == W + "tab":
                out.append("\t")
    return "".join(out)


def resolve(data: bytes, *, accept: bool, skip: int) -> str:
    """The body text after Accept All (accept=True) or Reject All: the tracked runs of the other
    kind dropped, and a paragraph whose mark is deleted (accept) or inserted (reject) merged
    with the next one. `skip`: the title (and note) paragraphs before the body."""
    merged_mark = W + ("del" if accept else "ins")
    body = document_xml(data).find(W + "body")
    assert body is not None
    paragraphs = body.findall(W + "p")[skip:]
    lines, current = [], ""
    for p in paragraphs:
        current += _paragraph_text(p, accept=accept)
        if p.find(f"{W}pPr/{W}rPr/{merged_mark}") is not None:
            continue
        lines.append(current)
        current = ""
    assert current == "", "the last paragraph mark is never a tracked change"
    return "\n".join(lines)


def redline(ops, note: str = "") -> bytes:
    return write_redline_docx(
        "修订对照", ops, author="海珠区餐饮行业工会联合会", when=WHEN, note=note
    )


def assert_round_trip(old: str, new: str, ops=None) -> bytes:
    ops = diff_texts(old, new) if ops is None else ops
    data = redline(ops)
    assert resolve(data, accept=True, skip=1) == new
    assert resolve(data, accept=False, skip=1) == old
    return data


# --- the redline --------------------------------------------------------------------------------


def test_redline_of_a_real_revision_accepts_to_the_new_text_and_rejects_to_the_old():
    old = law("妇女权益保障法(2018-10-26)")
    new = law("妇女权益保障法(2022-10-30)")
    ops = diff_texts(old, new)
    assert any(op == DELETE and "\n" in text for op, text in ops)  # marks of both kinds
    assert any(op == INSERT and "\n" in text for op, text in ops)
    data = write_redline_docx(
        "妇女权益保障法修订对照", ops, author="全国人大常委会", when=WHEN, note="2018 → 2022"
    )
    assert resolve(data, accept=True, skip=2) == new
    assert resolve(data, accept=False, skip=2) == old
    # The reader takes tracked changes as accepted: importing the redline gives the new text.
    assert read_docx(data, max_chars=LIMIT) == normalise(
        f"妇女权益保障法修订对照\n\n2018 → 2022\n\n{new}"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("原有条款。\n", "新增条款。\n原有条款。\n"),  # insertion at the start
        ("原有条款。\n", "原有条款。\n新增条款。\n"),  # at the end
        ("原有条款。\n", "新增原有条款。\n"),
        ("甲方\n乙方\n", "甲方乙方\n"),  # a deleted line break
        ("甲方乙方\n", "甲方\n\n\n乙方\n"),  # inserted line breaks
        ("第一条 工资2100元。\n第二条 另行约定。\n", "第二条 另行约定。\n"),  # a whole line
        ("", "全新文本。\n"),  # from nothing
        ("旧文本。\n", ""),  # to nothing
        ("无变化。\n", "无变化。\n"),
        ("<script>alert(1)</script> & 甲\n", "<b>粗体</b> &amp; 乙\n"),
        ("岗位\t工资\n厨师长\t2100\n", "岗位\t工资\n厨师长\t2300\n帮厨\t1900\n"),  # tabs
    ],
)
def test_redline_accept_all_gives_the_new_text_and_reject_all_the_old(old, new):
    assert_round_trip(old, new)


def test_redline_of_hand_written_runs_with_line_breaks_inside_changes():
    ops = [
        ("+", "开头\n"),
        ("=", "甲"),
        ("-", "乙\n丙"),
        ("+", "丁\n\n戊"),
        ("=", "己\n"),
        ("+", "末尾"),
    ]
    assert_round_trip(old_text(ops), new_text(ops), ops)


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet="甲乙丙\n\t<&a ", max_size=25), st.text(alphabet="甲乙丁\n\t<&b ", max_size=25)
)
def test_redline_round_trips_any_pair_of_texts(old, new):
    assert_round_trip(old, new)


def test_redline_revisions_carry_unique_ids_the_author_and_a_utc_date():
    data = redline(diff_texts("甲乙丙\n丁\n", "甲丙戊\n\n丁己\n"), note="第1版 → 第2版")
    root = document_xml(data)
    revisions = [e for e in root.iter(W + "ins", W + "del")]
    assert len(revisions) >= 3
    ids = [e.get(W + "id") for e in revisions]
    assert len(set(ids)) == len(ids)
    assert {e.get(W + "author") for e in revisions} == {"海珠区餐饮行业工会联合会"}
    assert {e.get(W + "date") for e in revisions} == {"2026-05-01T08:30:00Z"}
    # Deleted text only as w:delText inside w:del, inserted text as w:t, spaces kept.
    for deleted in root.iter(W + "del"):
        assert deleted.find(f".//{W}t") is None
    for text in root.iter(W + "delText"):
        assert text.getparent().getparent().tag == W + "del"
        assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert paragraphs[:2] == ["修订对照", "第1版 → 第2版"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<w:trackRevisions/>" in archive.read("word/settings.xml")


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 5, 1, 16, 30, tzinfo=timezone(timedelta(hours=8))), "2026-05-01T08:30:00Z"),
        (datetime(2026, 5, 1, 8, 30, 15, 999), "2026-05-01T08:30:15Z"),  # naive: UTC
    ],
)
def test_redline_dates_are_utc(when, expected):
    data = write_redline_docx("t", [("-", "甲"), ("+", "乙")], author="a", when=when)
    assert {e.get(W + "date") for e in document_xml(data).iter(W + "ins", W + "del")} == {expected}


def test_redline_drops_characters_xml_forbids():
    data = redline([("=", "甲\x01"), ("-", "\ud800乙\n"), ("+", "丙\x0b\n")])
    assert resolve(data, accept=True, skip=1) == "甲丙\n"
    assert resolve(data, accept=False, skip=1) == "甲乙\n"


# --- writing a version --------------------------------------------------------------------------


def test_written_version_has_the_agreement_layout_and_fonts():
    data = write_docx("海珠区餐饮行业工资专项集体合同", AGREEMENT, ROWS, LABELS)
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    paragraphs = [p for p in document.paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    # The title once (the text's first line repeats it), then chapters, articles, paragraphs;
    # an article's label and its text apart as the text has them (no space added).
    assert texts[:4] == [
        "海珠区餐饮行业工资专项集体合同",
        "第一章 总则",
        "第一条 为维护职工和企业的合法权益，订立本合同。",
        "本合同对本行业内签订或者确认本合同的企业具有约束力。",
    ]
    title, chapter, article, continued = paragraphs[:4]
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.bold and title.runs[0].font.size == Pt(18)
    assert chapter.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert chapter.runs[0].font.bold and chapter.runs[0].font.size == Pt(16)
    assert [(r.text, bool(r.font.bold)) for r in article.runs] == [
        ("第一条", True),
        (" 为维护职工和企业的合法权益，订立本合同。", False),
    ]
    assert article.style.paragraph_format.first_line_indent is None
    assert continued.style.paragraph_format.first_line_indent == Pt(24)
    indent = continued.style.element.find(f"{W}pPr/{W}ind")
    assert indent.get(qn("w:firstLineChars")) == "200"
    fonts = {
        "海珠区餐饮行业工资专项集体合同": "宋体",
        "第一章 总则": "黑体",
        "第一条": "仿宋",
    }
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            east_asian = run._element.rPr.rFonts.get(qn("w:eastAsia"))
            assert east_asian, run.text
            if run.text in fonts:
                assert east_asian == fonts[run.text]
    for style in ("Normal", "Agreement Title", "Agreement Chapter", "Agreement Body"):
        assert document.styles[style].element.rPr.rFonts.get(qn("w:eastAsia"))


def test_written_version_ends_with_the_wage_table():
    document = Document(io.BytesIO(write_docx("合同", AGREEMENT, ROWS, LABELS)))
    assert document.paragraphs[-1].text == "附：工资标准表"
    [table] = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [
        ["岗位工种", "项目", "标准", "单位"],
        ["厨师长", "月工资标准", "2184", "元/月"],
        ["餐具清洗员", "月工资标准", "1196.5", "元/月"],
        ["全部岗位", "工资年增长幅度", "9", "%"],
    ]
    assert all(run.font.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_written_version_without_wage_rows_has_no_table():
    document = Document(io.BytesIO(write_docx("合同", AGREEMENT, [], LABELS)))
    assert not document.tables
    assert "附：工资标准表" not in [p.text for p in document.paragraphs]


def test_written_version_keeps_markup_as_text_and_drops_forbidden_characters():
    text = normalise("第一条 <script>alert(1)</script> & 工资\ud800\n")
    rows = [WageRow("bonus\x01", "厨<b>师", Decimal("1E+3"), "元")]
    data = write_docx("合同\x0b<i>", text, rows, WageLabels())
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["合同<i>", "第一条 <script>alert(1)</script> & 工资"]
    assert [c.text for c in document.tables[0].rows[1].cells] == ["厨<b>师", "bonus", "1000", "元"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2184.00", "2184"), ("23.70", "23.7"), ("1E+3", "1000"), ("0.050", "0.05"), ("0", "0")],
)
def test_figures_have_no_trailing_zeros(value, expected):
    assert plain_figure(Decimal(value)) == expected


def test_text_blocks_know_chapters_sections_articles_and_paragraphs():
    text = normalise(
        "## 第五章 特别规定\n\n### 第一节 集体合同\n\n第五十一条 企业职工一方与用人单位。\n\n"
        "集体合同草案应当提交职工代表大会。\n\n第五十二条\n"
    )
    blocks = [(b.kind, b.label, b.text) for b in text_blocks("标题", text)]
    assert blocks == [
        ("chapter", "", "第五章 特别规定"),
        ("section", "", "第一节 集体合同"),
        ("article", "第五十一条", "企业职工一方与用人单位。"),
        ("continued", "", "集体合同草案应当提交职工代表大会。"),
        ("article", "第五十二条", ""),
    ]


def test_text_blocks_take_their_headings_from_parse():
    """A section heading without a space ("第一节集体合同") is a section to parse, so it is one
    in Word and PDF too; what follows a heading up to an article is no article's paragraph."""
    text = normalise(
        "第五章 特别规定\n本章规定特别事项。\n第五十条 甲。\n第一节集体合同\n本节适用于集体合同。\n"
        "第五十一条 乙。\n"
    )
    blocks = [(b.kind, b.label, b.text) for b in text_blocks("标题", text)]
    assert blocks == [
        ("chapter", "", "第五章 特别规定"),
        ("paragraph", "", "本章规定特别事项。"),
        ("article", "第五十条", "甲。"),
        ("section", "", "第一节集体合同"),
        ("paragraph", "", "本节适用于集体合同。"),
        ("article", "第五十一条", "乙。"),
    ]
    structure = parse(text)
    assert [s.heading for s in structure.sections] == ["第一节集体合同"]
    assert [c.intro for c in structure.headings] == ["本章规定特别事项。", "本节适用于集体合同。"]


# --- the round trip -----------------------------------------------------------------------------


STATUTES = sorted(path.stem for path in LAWS.glob("*.md") if path.name != "README.md")


@pytest.mark.parametrize("name", STATUTES)
def test_a_written_version_reads_back_to_exactly_its_text_and_wage_table(name):
    """No title line added (whether or not the text's first line repeats it), no full-width space
    after 第X条, Markdown's '#' marks, indents and blank lines kept, and the wage table read apart,
    not appended to the last article."""
    original = law(name)
    first_line = original.split("\n", 1)[0].lstrip("# ")
    for title in (first_line, "海珠区餐饮行业工资专项集体合同"):
        draft = read_draft(write_docx(title, original, ROWS, LABELS), max_chars=LIMIT)
        assert draft.text == original
        assert [LABELS.row_of(cells) for cells in draft.wage_cells] == ROWS
    assert read_draft(write_docx("合同", original, [], LABELS), max_chars=LIMIT).wage_cells is None


@pytest.mark.parametrize(
    "text",
    [
        "第一条　工资。\n",  # a full-width space after the label
        "第一条工资。\n",  # none
        "第一条\t工资。\n",
        "  缩进的段落。\n\n\n\n　　全角缩进。\n第二条 末条。\n",  # indents, several blank lines
        "## 第一章 总则\n### 第一节 工资\n#### 第一条 工资。\n",
        "正文\t有\t制表符。\n",
    ],
)
def test_a_written_version_keeps_every_character_of_odd_texts(text):
    assert read_docx(write_docx("合同", text, ROWS, LABELS), max_chars=LIMIT) == text


def test_an_edit_made_in_word_comes_back_as_that_edit_only():
    data = write_docx("合同", AGREEMENT, ROWS, LABELS)
    document = Document(io.BytesIO(data))
    article = next(p for p in document.paragraphs if p.text.startswith("第二条"))
    article.runs[-1].text = article.runs[-1].text.replace("2184", "2200")
    document.tables[0].rows[1].cells[2].paragraphs[0].runs[0].text = "2,200"
    draft = read_draft(save(document), max_chars=LIMIT)
    assert draft.text == AGREEMENT.replace("2184元", "2200元")
    assert LABELS.row_of(draft.wage_cells[0]) == WageRow(
        "monthly_pay_floor", "厨师长", Decimal("2200"), "元/月"
    )


def test_a_redline_is_not_read_as_a_written_version():
    """A redline has no wage table's heading among its styles: read as any Word draft."""
    data = write_redline_docx("修订对照", [("=", "甲\n乙\n")], author="a", when=WHEN)
    assert read_draft(data, max_chars=LIMIT).wage_cells is None
