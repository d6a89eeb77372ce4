"""Importing a Word draft: paragraphs, tables, line breaks, automatic numbers, strict OOXML; and
refusing, never crashing on, what is not a Word document, an encrypted one, bombs, too much text
or none."""

import io
import re
import zipfile

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from contracts.docx_import import DocxError, read_docx
from contracts.structure import parse
from contracts.wordfiles import write_docx
from tests.contracts.test_wordfiles import (
    LABELS,
    LIMIT,
    W,
    document_xml,
    law,
    replace_part,
    save,
    zipped,
)


def docx_of(*paragraphs: str) -> DocxDocument:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return document


def test_reads_paragraphs_in_order_with_blank_lines_between():
    data = save(docx_of("合同", "", "　　第一条　工资标准。  ", "第二条 另行约定。"))
    assert read_docx(data, max_chars=LIMIT) == "合同\n\n第一条　工资标准。\n\n第二条 另行约定。\n"


def test_reads_tables_in_place_one_line_per_row_without_merged_duplicates():
    document = docx_of("前言")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["岗位", "工资", "备注"], ["厨师长", "2184", "中心城区"], ["", "1819", "外围"]]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))  # vertically merged: 厨师长 for both rows
    table.cell(0, 1).merge(table.cell(0, 2))  # horizontally merged
    document.add_paragraph("后记")
    text = read_docx(save(document), max_chars=LIMIT)
    assert text == "前言\n\n岗位\t工资 备注\n厨师长\t2184\t中心城区\n1819\t外围\n\n后记\n"


def test_headers_footers_and_comments_are_left_out():
    document = docx_of("正文")
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉文字"
    section.footer.paragraphs[0].text = "页脚文字"
    paragraph = document.add_paragraph("第一条 条文")
    document.add_comment(paragraph.runs, text="批注文字", author="审查人")
    assert read_docx(save(document), max_chars=LIMIT) == "正文\n\n第一条 条文\n"


def test_line_breaks_and_tabs_inside_a_paragraph():
    document = Document()
    run = document.add_paragraph().add_run("第一条 甲\t乙")
    run.add_break()
    run.add_text("丙")
    assert read_docx(save(document), max_chars=LIMIT) == "第一条 甲\t乙\n丙\n"


def test_automatic_article_numbers_are_written_out():
    document = Document()
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/>'
        '<w:suff w:val="space"/></w:lvl></w:abstractNum>'
    )
    numbering.find(qn("w:num")).addprevious(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for number in range(12):
        paragraph = document.add_paragraph(f"条文{number + 1}")
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )
    text = read_docx(save(document), max_chars=LIMIT)
    articles = parse(text).articles
    assert [a.label for a in articles][:3] == ["第一条", "第二条", "第三条"]
    assert (articles[11].label, articles[11].body) == ("第十二条", "条文12")


def test_normalised_on_the_way_in():
    data = save(docx_of("e\u0301 甲  ", "", ""))
    assert read_docx(data, max_chars=LIMIT) == "\u00e9 甲\n"


def test_strict_ooxml_is_read_too():
    data = save(docx_of("第一条 严格格式"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    strict = xml.replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    assert read_docx(replace_part(data, "word/document.xml", strict), max_chars=LIMIT) == (
        "第一条 严格格式\n"
    )


def refusal(data: bytes, max_chars: int = LIMIT) -> str:
    with pytest.raises(DocxError) as caught:
        read_docx(data, max_chars=max_chars)
    assert isinstance(caught.value, ValueError)
    return caught.value.code


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "not_docx"),
        (b"%PDF-1.7 not a Word file", "not_docx"),
        (b"PK\x03\x04 a broken zip", "not_docx"),
        (zipped({"xl/workbook.xml": b"<workbook/>"}), "not_docx"),  # a zip, not a document
        (OLE + "EncryptedPackage".encode("utf-16-le") + bytes(64), "encrypted"),
        (OLE + "WordDocument".encode("utf-16-le") + bytes(64), "not_docx"),  # an old .doc
        (zipped({"word/document.xml": b"<w:document><w:body>"}), "not_docx"),  # bad XML
        (zipped({"word/document.xml": b"<document/>"}), "not_docx"),  # not WordprocessingML
    ],
)
def test_refuses_what_is_not_a_word_document(data, code):
    assert refusal(data) == code


def test_refuses_an_entity_expansion_bomb():
    entities = [b'<!ENTITY a "aaaaaaaaaa">']
    for name in "bcdefghij":  # each ten of the one before: a billion characters of "a"
        previous = chr(ord(name) - 1)
        entities.append(f'<!ENTITY {name} "{f"&{previous};" * 10}">'.encode())
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [' + b"".join(entities) + b"]>"
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert refusal(zipped({"word/document.xml": bomb})) == "not_docx"


def test_refuses_zip_bombs_as_too_large_when_unpacked():
    data = save(docx_of("正文"))
    padded = replace_part(data, "word/document.xml", b" " * (51 * 1024 * 1024))  # over 50 MB
    assert len(padded) < 1024 * 1024  # a small upload that inflates
    assert refusal(padded) == "too_large_unpacked"
    xml = document_xml(data)
    body = xml.find(W + "body")
    for _ in range(200_000):  # 2.6 MB of empty paragraphs: squeezes far more than 100 to 1
        body.insert(0, etree.SubElement(body, W + "p"))
    squeezed = replace_part(data, "word/document.xml", etree.tostring(xml))
    assert refusal(squeezed) == "too_large_unpacked"


def test_the_unpacked_limit_in_the_message_is_the_one_checked():
    from contracts.docx_import import MAX_UNPACKED_BYTES
    from contracts.labels import MAX_UNPACKED_MB

    assert MAX_UNPACKED_BYTES == MAX_UNPACKED_MB * 1024 * 1024


def test_refuses_too_much_text_and_no_text():
    data = write_docx("中华人民共和国工会法", law("工会法(2021-12-24)"), [], LABELS)
    assert refusal(data, max_chars=5_000) == "too_large"
    assert read_docx(data, max_chars=LIMIT)
    assert refusal(save(Document())) == "empty"
    assert refusal(save(docx_of("", "　　", " "))) == "empty"


def test_an_encrypted_zip_member_is_not_a_crash():
    data = bytearray(save(docx_of("正文")))
    # Set the "encrypted" flag of every entry: zipfile then asks for a password.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + offset] |= 1
    assert refusal(bytes(data)) == "not_docx"


@pytest.mark.parametrize(
    ("start", "fmt", "expected"),
    [
        ("5", "decimal", "第5条 条文"),
        ("x", "chineseCounting", "第一条 条文"),  # a broken start counts from one
        ("20000", "chineseCounting", "第20000条 条文"),  # beyond Chinese numerals
        ("999999999", "upperLetter", "第999999999条 条文"),  # no billion-letter label
        ("1", "bullet", "条文"),
    ],
)
def test_odd_numbering_definitions_do_not_break_the_import(start, fmt, expected):
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:lvl w:ilvl="0">'
            f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="第%1条"/>'
            '<w:suff w:val="space"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>')
    )
    paragraph = document.add_paragraph("条文")
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="x"/><w:numId w:val="91"/></w:numPr>')
    )
    assert read_docx(save(document), max_chars=LIMIT) == expected + "\n"


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_damaged_document_is_refused_never_a_crash(data):
    original = save(docx_of("第一条 工资标准。", "第二条 另行约定。"))
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read("word/document.xml")
    cut = data.draw(st.integers(0, len(xml)))
    damaged = xml[:cut] + data.draw(st.binary(max_size=8)) + xml[cut + 1 :]
    try:
        text = read_docx(replace_part(original, "word/document.xml", damaged), max_chars=LIMIT)
    except DocxError as error:
        assert error.code in ("not_docx", "empty")
    else:
        assert isinstance(text, str)
