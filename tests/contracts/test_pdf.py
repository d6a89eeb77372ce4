"""A version as PDF: a real PDF on A4 with its Chinese font embedded, the text and the wage table
readable from it, page numbers, and markup in the text kept as text."""

import io
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from contracts.diff import WageRow
from contracts.pdf import agreement_html, cjk_font, write_pdf
from contracts.structure import normalise
from contracts.wordfiles import WageLabels
from tests.laws import LAWS

LABELS = WageLabels(item_names={"monthly_pay_floor": "月工资标准"})
ROWS = [
    WageRow("monthly_pay_floor", "厨师长", Decimal("2184.00"), "元/月"),
    WageRow("annual_rise", "", Decimal("9.0"), "%"),
]
TEXT = normalise(
    "第一章 总则\n\n第一条 为维护职工和企业的合法权益，订立本合同。\n\n"
    "本合同对本行业内的企业具有约束力。\n\n第二条 <script>alert('x')</script> & 工资。\n"
)


@pytest.fixture(scope="module")
def statute_pdf() -> bytes:
    text = normalise((LAWS / "劳动合同法(2012-12-28).md").read_text(encoding="utf-8"))
    return write_pdf("中华人民共和国劳动合同法", text, ROWS, LABELS)


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    return write_pdf("海珠区餐饮行业工资专项集体合同", TEXT, ROWS, LABELS)


def embedded_fonts(reader: PdfReader) -> dict[str, int]:
    """The fonts of all pages whose program is embedded: name → size of the font program."""
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]  # a PDF dictionary, read key by key
        for font in resources["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in descriptor:
                    fonts[str(font["/BaseFont"])] = len(descriptor[key].get_object().get_data())
    return fonts


def test_a_statute_becomes_an_a4_pdf_with_its_chinese_font_embedded(statute_pdf):
    assert statute_pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(statute_pdf))
    assert len(reader.pages) > 5
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    fonts = embedded_fonts(reader)
    family = cjk_font().family.replace(" ", "-")
    assert any(family in name for name in fonts), fonts
    assert all(size > 1000 for size in fonts.values())  # programs, not stubs
    assert reader.metadata.title == "中华人民共和国劳动合同法"


def test_the_text_and_the_page_numbers_can_be_read_back(statute_pdf):
    reader = PdfReader(io.BytesIO(statute_pdf))
    pages = len(reader.pages)
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert "中华人民共和国劳动合同法" in first
    assert "第一条" in first
    assert f"第 1 页，共 {pages} 页" in first
    assert f"第 {pages} 页，共 {pages} 页" in last
    assert "附：工资标准表" in last
    assert "厨师长" in last
    assert "2184" in last and "2184.00" not in last
    assert "全部岗位" in last


def test_markup_in_the_text_is_shown_as_text(small_pdf):
    reader = PdfReader(io.BytesIO(small_pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "<script>alert('x')</script> & 工资" in text
    assert "/JavaScript" not in str(reader.trailer["/Root"].get_object())


def test_the_html_escapes_everything_it_is_given():
    html = str(
        agreement_html(
            "<b>标题</b>",
            TEXT,
            [WageRow("<i>kind</i>", "<u>岗位</u>", Decimal(1), "&元")],
            WageLabels(heading="<h1>附</h1>"),
        )
    )
    assert "<script>" not in html and "<b>标题</b>" not in html and "<u>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;标题&lt;/b&gt;" in html
    assert "&amp;元" in html and "&lt;h1&gt;附&lt;/h1&gt;" in html
    assert cjk_font().regular.as_uri() in html  # the embedded font, by file URL
    assert 'counter(page) " 页，共 " counter(pages)' in html


def test_a_text_without_articles_or_wage_rows_still_makes_a_pdf():
    data = write_pdf("说明", "一段没有条款的文字。\x01\ud800\n", [], LABELS)
    reader = PdfReader(io.BytesIO(data))
    assert "一段没有条款的文字。" in reader.pages[0].extract_text()
    assert "附：工资标准表" not in reader.pages[0].extract_text()


def test_the_agreement_modules_load_without_matplotlib():
    """Only a PDF export looks for its font (through matplotlib's FreeType binding): importing
    the agreement package, its PDF module included, does not load matplotlib."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    modules = sorted(p.stem for p in (root / "contracts").glob("*.py") if p.stem != "__init__")
    assert "pdf" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('contracts.' + name)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
