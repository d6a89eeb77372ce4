"""The written request and answer (R4) as Word documents: what they say, their official-letter
layout and fonts, the jurisdiction's answer period, and user text kept as harmless text."""

import dataclasses
import io
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from bargaining.letters import (
    LetterData,
    answer_letter,
    body_paragraphs,
    chinese_date,
    request_letter,
)

UNION = "广州市海珠区餐饮行业工会联合会"
ASSOCIATION = "广州市海珠区餐饮行业协会"
TITLE = "关于开展2026年度餐饮行业工资集体协商的要求书"

REQUEST = LetterData(
    title="餐饮行业工资集体协商",
    topic="工资专项集体协商",
    year=2026,
    from_org=UNION,
    to_org=ASSOCIATION,
    sent_on=date(2026, 3, 2),
    body=(
        "为维护行业职工和企业的合法权益，我会提出开展本年度工资集体协商。\n"
        "\n"
        "　　协商拟于2026年3月下旬举行，地点另行商定。\r\n"
        "请贵会推选协商代表并书面告知。"
    ),
    answer_period_days=20,
    items=(("厨师长月工资标准", "元/月"), ("小时工资", "元/小时"), ("年度工资增长幅度", "%")),
)
ANSWER = dataclasses.replace(
    REQUEST,
    from_org=ASSOCIATION,
    to_org=UNION,
    sent_on=date(2026, 3, 12),
    body="我会将组织会员企业推选协商代表，并于3月20日前书面告知。",
    answer_agrees=True,
    received_on=date(2026, 3, 3),
    answer_due_on=date(2026, 3, 23),
    items=(),
)


def opened(data: bytes):
    return Document(io.BytesIO(data))


def texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text]


def east_asian_font(paragraph) -> str | None:
    return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml").decode()


# --- the request ---------------------------------------------------------------------------


def test_the_request_has_a_centred_title_in_song_bold_xiao_er():
    document = opened(request_letter(REQUEST))
    title = document.paragraphs[0]
    assert title.text == TITLE
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title) == "宋体"
    assert title.runs[0].font.bold is True
    assert title.runs[0].font.size == Pt(18)


def test_the_request_is_addressed_to_the_other_party():
    lines = texts(opened(request_letter(REQUEST)))
    assert lines[1] == "广州市海珠区餐饮行业协会："


def test_the_body_is_split_into_indented_fangsong_paragraphs():
    document = opened(request_letter(REQUEST))
    body = [p for p in document.paragraphs if p.text.startswith(("为维护", "协商拟于", "请贵会"))]
    assert [p.text for p in body] == [
        "为维护行业职工和企业的合法权益，我会提出开展本年度工资集体协商。",
        "协商拟于2026年3月下旬举行，地点另行商定。",  # the typed 　　 indent is dropped
        "请贵会推选协商代表并书面告知。",
    ]
    for paragraph in body:
        indent = paragraph._p.pPr.ind
        assert indent.get(qn("w:firstLineChars")) == "200"
        assert paragraph.paragraph_format.first_line_indent == Pt(32)
        assert east_asian_font(paragraph) == "仿宋"
        assert paragraph.runs[0].font.size == Pt(16)


def test_the_request_lists_the_items_in_a_table():
    document = opened(request_letter(REQUEST))
    assert len(document.tables) == 1
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["序号", "协商事项", "计量单位"],
        ["1", "厨师长月工资标准", "元/月"],
        ["2", "小时工资", "元/小时"],
        ["3", "年度工资增长幅度", "%"],
    ]
    assert "本次协商类别为工资专项集体协商，拟协商事项如下：" in texts(document)


def test_a_request_without_items_has_no_table():
    document = opened(request_letter(dataclasses.replace(REQUEST, items=())))
    assert document.tables == []
    assert "本次协商类别为工资专项集体协商。" in texts(document)


@pytest.mark.parametrize("days", [15, 20, 30])
def test_the_answer_period_comes_from_the_data_not_the_national_default(days):
    document = opened(request_letter(dataclasses.replace(REQUEST, answer_period_days=days)))
    closing = [line for line in texts(document) if "第三十二条" in line]
    assert closing == [
        f"根据《集体合同规定》第三十二条，请贵方自收到本要求书之日起{days}日内以书面形式"
        "予以回应，无正当理由不得拒绝进行集体协商。"
    ]
    if days != 20:
        assert "20日" not in "".join(texts(document))


def test_the_signature_block_is_right_aligned_with_the_date_in_chinese():
    document = opened(request_letter(REQUEST))
    sender, dated = [p for p in document.paragraphs if p.text][-2:]
    assert (sender.text, dated.text) == (UNION, "2026年3月2日")
    assert sender.alignment == dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_the_page_is_a4_with_official_margins():
    section = opened(request_letter(REQUEST)).sections[0]
    # Stored in twips, so to the nearest millimetre.
    size = [round(length.mm) for length in (section.page_width, section.page_height)]
    margins = [round(length.mm) for length in (section.top_margin, section.left_margin)]
    assert (size, margins) == ([210, 297], [37, 28])


def test_every_run_with_text_names_an_east_asian_font():
    document = opened(request_letter(REQUEST))
    paragraphs = [*document.paragraphs]
    for table in document.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    runs = [run for paragraph in paragraphs for run in paragraph.runs if run.text]
    assert runs
    for run in runs:
        assert run._element.rPr.rFonts.get(qn("w:eastAsia")) in {"仿宋", "宋体"}, run.text
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"


def test_the_documents_properties_name_the_letter_and_its_sender():
    properties = opened(request_letter(REQUEST)).core_properties
    assert (properties.title, properties.author) == (TITLE, UNION)


# --- the answer ----------------------------------------------------------------------------


def test_an_agreeing_answer_says_when_the_request_came_and_cites_the_period():
    document = opened(answer_letter(dataclasses.replace(ANSWER, answer_period_days=15)))
    lines = texts(document)
    assert lines[0] == "关于开展2026年度餐饮行业工资集体协商要求的回应书"
    assert lines[1] == "广州市海珠区餐饮行业工会联合会："
    assert lines[2] == f"贵方《{TITLE}》我方已于2026年3月3日收悉。"
    assert lines[3] == "经研究，我方同意开展本次工资专项集体协商。"
    assert lines[4] == ANSWER.body
    assert lines[5] == (
        "根据《集体合同规定》第三十二条，我方在收到协商要求之日起15日内"
        "（即2026年3月23日前）作出本书面回应。"
    )
    assert lines[-2:] == [ASSOCIATION, "2026年3月12日"]
    assert document.tables == []


@pytest.mark.parametrize(
    ("answered", "claims"), [(date(2026, 3, 23), True), (date(2026, 3, 24), False)]
)
def test_an_answer_claims_the_period_only_when_it_keeps_it(answered, claims):
    """A late answer (R4) does not say it was made within the period."""
    lines = texts(opened(answer_letter(dataclasses.replace(ANSWER, sent_on=answered))))
    assert any("作出本书面回应" in line for line in lines) is claims


def test_a_refusal_gives_its_reasons_and_an_answer_without_deadline_omits_it():
    refusal = dataclasses.replace(
        ANSWER, answer_agrees=False, answer_due_on=None, body="本年度协商已由各企业分别开展。"
    )
    lines = texts(opened(answer_letter(refusal)))
    assert "经研究，我方不同意开展本次集体协商，理由如下：" in lines
    assert "本年度协商已由各企业分别开展。" in lines
    closing = next(line for line in lines if "第三十二条" in line)
    assert "20日内作出" in closing
    assert "（即" not in closing


@pytest.mark.parametrize(
    "missing", [{"answer_agrees": None}, {"received_on": None}], ids=["agrees", "received"]
)
def test_an_answer_needs_the_decision_and_the_receipt_date(missing):
    with pytest.raises(ValueError, match="answer_agrees and received_on"):
        answer_letter(dataclasses.replace(ANSWER, **missing))


# --- user text is text ---------------------------------------------------------------------


@pytest.mark.parametrize("render", [request_letter, answer_letter], ids=["request", "answer"])
def test_markup_and_control_characters_come_out_as_harmless_text(render):
    hostile = dataclasses.replace(
        ANSWER,
        title="餐饮行业\x01工资集体协商",
        to_org='协会</w:t><w:t>"&amp;',
        body='<script>alert("x")</script>\x00\x07\x0b\x0c\x1f\ufffe正文</w:t></w:r>\n第二段\x08',
        items=(("厨师长\x1b", "元/月"),),
    )
    data = render(hostile)
    document = opened(data)  # a corrupt package would not open
    lines = texts(document)
    assert '<script>alert("x")</script>正文</w:t></w:r>' in lines
    assert "第二段" in lines
    assert '协会</w:t><w:t>"&amp;：' in lines
    assert any("餐饮行业工资集体协商" in line for line in lines)
    xml = document_xml(data)
    assert "<script>" not in xml
    assert "&lt;script&gt;" in xml
    assert not any(chr(code) in xml for code in [*range(0x00, 0x09), 0x0B, 0x0C, 0x1B, 0x1F])


def test_a_body_of_blank_lines_gives_no_empty_paragraphs():
    assert body_paragraphs("\n\n \u3000\n\r\n\t") == []
    assert body_paragraphs("一\r\n\r\n\u3000\u3000二\r三 ") == ["一", "二", "三"]


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 3, 2), "2026年3月2日"),
        (date(2026, 12, 31), "2026年12月31日"),
        (date(2027, 1, 10), "2027年1月10日"),
    ],
)
def test_dates_are_written_the_chinese_way_without_leading_zeros(day, shown):
    assert chinese_date(day) == shown


def test_a_title_that_names_its_year_is_not_given_it_twice():
    data = dataclasses.replace(REQUEST, title="海珠区2026年度餐饮行业工资集体协商")
    assert texts(opened(request_letter(data)))[0] == (
        "关于开展海珠区2026年度餐饮行业工资集体协商的要求书"
    )
