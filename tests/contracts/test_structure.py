"""An agreement's text as stored (normalise) and its Chinese legal structure (parse)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.structure import (
    _ARTICLE,
    _CHAPTER,
    _SECTION,
    chinese_number,
    chinese_numeral,
    normalise,
    parse,
)
from tests.laws import LAWS


def law(name: str) -> str:
    return normalise((LAWS / name).read_text(encoding="utf-8"))


# --- normalise -----------------------------------------------------------------------------------


def test_crlf_cr_and_lf_files_are_stored_alike():
    lf = "第一条 甲。\n第二条 乙。\n"
    assert normalise("第一条 甲。\r\n第二条 乙。\r\n") == lf
    assert normalise("第一条 甲。\r第二条 乙。\r") == lf
    assert normalise("第一条 甲。\r\n第二条 乙。\r") == lf  # mixed
    assert normalise(lf) == lf


def test_control_characters_go_but_tabs_stay():
    assert normalise("甲\x00乙\x07丙\x1b丁\x7f戊\ufeff\n") == "甲乙丙丁戊\n"
    assert normalise("岗位\t工资\t元\n") == "岗位\t工资\t元\n"


def test_zero_width_spaces_left_by_copying_from_a_web_page_go():
    assert normalise("第一条\u200b 月工资\u2060不低于2100元。\n") == "第一条 月工资不低于2100元。\n"


def test_trailing_spaces_and_tabs_are_cut_leading_indent_kept():
    assert normalise("  第一条 甲。  \t\n乙。 \n") == "  第一条 甲。\n乙。\n"


def test_exactly_one_final_line_break_and_no_blank_lines_around():
    assert normalise("甲") == "甲\n"
    assert normalise("\n\n甲\n\n乙\n\n\n") == "甲\n\n乙\n"


@pytest.mark.parametrize("raw", ["", "\n", "\r\n\r\n", "   \n\t\n", "\x00\x01", "\u200b\ufeff\n"])
def test_an_empty_or_blank_text_normalises_to_nothing(raw):
    assert normalise(raw) == ""


def test_the_text_is_stored_in_nfc():
    assert normalise("e\u0301") == "\u00e9\n"


@given(st.text(alphabet=st.sampled_from("工资条第一\t \r\n\x00\x0b"), max_size=40))
def test_normalising_twice_changes_nothing(raw):
    once = normalise(raw)
    assert normalise(once) == once
    assert "\r" not in once


@given(st.text(max_size=60))
def test_no_control_character_but_tab_and_line_feed_survives(raw):
    """C0 and C1 controls alike (Unicode category Cc), as the docstring promises."""
    stored = normalise(raw)
    assert not [c for c in stored if unicodedata.category(c) == "Cc" and c not in "\t\n"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_end_a_line_rather_than_joining_two(separator):
    """U+2028, U+2029 and NEL are line endings: deleting them joins two articles into one."""
    stored = normalise(f"第一条 甲。{separator}第二条 乙。")
    assert stored == "第一条 甲。\n第二条 乙。\n"
    assert [a.label for a in parse(stored).articles] == ["第一条", "第二条"]


# --- Chinese numerals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "number"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("十九", 19),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百一十一", 111),
        ("一千零一十", 1010),
        ("一千零一", 1001),
        ("二千", 2000),
        ("三千", 3000),
    ],
)
def test_numerals_both_ways(numeral, number):
    assert chinese_numeral(number) == numeral
    assert chinese_number(numeral) == number


@pytest.mark.parametrize(
    ("numeral", "number"),
    [("两千", 2000), ("两百", 200), ("〇", 0), ("一百十", 110), ("12", 12), ("１２", 12)],
)
def test_numerals_as_people_also_write_them(numeral, number):
    assert chinese_number(numeral) == number


@given(st.integers(min_value=1, max_value=3000))
def test_numeral_round_trip(number):
    assert chinese_number(chinese_numeral(number)) == number


def test_every_article_number_up_to_3000_has_its_own_numeral():
    numerals = [chinese_numeral(n) for n in range(1, 3001)]
    assert len(set(numerals)) == 3000
    assert [chinese_number(s) for s in numerals] == list(range(1, 3001))


@pytest.mark.parametrize("number", [0, -1, 10_000])
def test_numbers_without_an_article_numeral(number):
    with pytest.raises(ValueError):
        chinese_numeral(number)


def test_a_word_that_is_no_numeral_is_refused():
    with pytest.raises(ValueError):
        chinese_number("十万")


# --- parse ---------------------------------------------------------------------------------------

CONTRACT = """海珠区餐饮行业工资专项集体合同

为维护双方合法权益，订立本合同。

第一章 总则

第一条 本合同适用于本行业企业。

第二条 双方应当履行本合同。
本条第二款。

第二章 工资标准

第三条 月工资不低于2100元。

第四条 依照第三条执行。
"""


def test_chapters_with_their_headings_numbers_and_offsets():
    structure = parse(CONTRACT)
    assert [(c.number, c.heading) for c in structure.chapters] == [
        (1, "第一章 总则"),
        (2, "第二章 工资标准"),
    ]
    for chapter in structure.chapters:
        assert CONTRACT[chapter.start :].startswith(chapter.heading)


def test_articles_with_their_labels_chapters_and_paragraphs():
    structure = parse(CONTRACT)
    assert structure.has_articles
    assert [(a.number, a.label, a.chapter) for a in structure.articles] == [
        (1, "第一条", "第一章 总则"),
        (2, "第二条", "第一章 总则"),
        (3, "第三条", "第二章 工资标准"),
        (4, "第四条", "第二章 工资标准"),
    ]
    second = structure.by_label("第二条")
    assert second is not None
    assert second.body == "双方应当履行本合同。\n本条第二款。"
    assert second.paragraphs == ("双方应当履行本合同。", "本条第二款。")
    assert structure.by_label("第五条") is None


def test_an_article_runs_from_its_label_to_the_next_article_or_chapter():
    structure = parse(CONTRACT)
    for article in structure.articles:
        piece = CONTRACT[article.start : article.end]
        assert piece.startswith(article.label)
        assert article.body in piece
        assert "章" not in piece  # a chapter heading is never inside an article
    first, second = structure.articles[:2]
    assert first.end == second.start
    assert structure.articles[-1].end == len(CONTRACT)


def test_text_under_a_heading_outside_any_article_is_the_heading_s_intro():
    """A chapter's opening paragraph and an appendix under a closing heading belong to no
    article: each is kept with the heading above it; a sectionless chapter has none."""
    text = normalise(
        "合同\n第一章 总则\n本章规定双方的权利义务。\n第一条 甲。\n第二章 工资\n第一节集体合同\n"
        "本节适用于全体职工。\n\n第二条 乙。\n第三章 附件\n附件一 工资标准表\n附件二 名册\n"
    )
    structure = parse(text)
    assert [(c.heading, c.intro) for c in structure.chapters] == [
        ("第一章 总则", "本章规定双方的权利义务。"),
        ("第二章 工资", ""),
        ("第三章 附件", "附件一 工资标准表\n附件二 名册"),
    ]
    assert [(s.heading, s.intro) for s in structure.sections] == [
        ("第一节集体合同", "本节适用于全体职工。")
    ]
    assert [a.body for a in structure.articles] == ["甲。", "乙。"]


def test_the_preamble_is_what_precedes_the_first_heading():
    preamble = "海珠区餐饮行业工资专项集体合同\n\n为维护双方合法权益，订立本合同。"
    assert parse(CONTRACT).preamble == preamble


def test_markdown_headings_and_full_width_spaces():
    text = "# 合同\n\n## 第一章　总则\n\n### 第一条　甲。\n\n第二条 乙。\n"
    structure = parse(text)
    assert [c.heading for c in structure.chapters] == ["第一章　总则"]
    assert [a.label for a in structure.articles] == ["第一条", "第二条"]
    first = structure.articles[0]
    assert first.body == "甲。"
    assert text[first.start : first.end].lstrip("# ").startswith("第一条")
    assert structure.preamble == "# 合同"


def test_an_article_label_mid_line_is_a_reference_not_an_article():
    structure = parse("第一条 依照第二条执行。\n根据本合同第三条的规定，另行协商。\n")
    assert [a.label for a in structure.articles] == ["第一条"]
    assert structure.articles[0].paragraphs == (
        "依照第二条执行。",
        "根据本合同第三条的规定，另行协商。",
    )


def test_arabic_article_numbers():
    structure = parse("第1条 甲。\n第12条 乙。\n")
    assert [(a.number, a.label) for a in structure.articles] == [(1, "第1条"), (12, "第12条")]


@pytest.mark.parametrize("line", ["第1二条 甲。", "第十2条 乙。"])
def test_a_malformed_article_number_does_not_break_parsing(line):
    """A typo such as 第1二条 at the start of a line must not make every page of the agreement
    fail (parse raises ValueError from chinese_number today)."""
    structure = parse(f"第一条 甲。\n{line}\n第三条 丁。\n")
    assert structure.articles[0].label == "第一条"
    assert structure.articles[-1].label == "第三条"


def test_a_text_without_articles():
    text = "双方约定：\n月工资不低于2100元。\n"
    structure = parse(text)
    assert not structure.has_articles
    assert structure.articles == ()
    assert structure.preamble == text.strip()
    assert parse("").has_articles is False


# --- real statutes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "articles", "chapters", "first_chapter", "last_chapter"),
    [
        ("妇女权益保障法(2018-10-26).md", 61, 9, "第一章 总则", "第九章 附则"),
        ("妇女权益保障法(2022-10-30).md", 86, 10, "第一章 总 则", "第十章 附 则"),
        ("劳动合同法(2012-12-28).md", 98, 8, "第一章 总则", "第八章 附则"),
        ("工会法(2021-12-24).md", 58, 7, "第一章 总 则", "第七章 附 则"),
    ],
)
def test_real_statutes(name, articles, chapters, first_chapter, last_chapter):
    text = law(name)
    structure = parse(text)
    assert [a.number for a in structure.articles] == list(range(1, articles + 1))
    assert len(structure.chapters) == chapters
    assert [c.number for c in structure.chapters] == list(range(1, chapters + 1))
    assert structure.articles[0].chapter == first_chapter
    assert structure.articles[-1].chapter == last_chapter
    for article in structure.articles:
        assert text[article.start : article.end].startswith(article.label)
        assert article.label == f"第{chinese_numeral(article.number)}条"
    assert structure.preamble.startswith("# 中华人民共和国")


def test_a_statute_article_with_its_paragraphs():
    structure = parse(law("妇女权益保障法(2022-10-30).md"))
    second = structure.by_label("第二条")
    assert second is not None
    assert second.paragraphs == (
        "男女平等是国家的基本国策。妇女在政治的、经济的、文化的、社会的和家庭的生活等各方面享有同男子平等的权利。",
        "国家采取必要措施，促进男女平等，消除对妇女一切形式的歧视，禁止排斥、限制妇女依法享有和行使各项权益。",
        "国家保护妇女依法享有的特殊权益。",
    )


def test_a_section_heading_does_not_belong_to_the_article_before_it():
    """劳动合同法 第五章 has sections (### 第一节 集体合同 …): a 第X节 heading is structure,
    like a chapter heading, not the last paragraph of the preceding article."""
    structure = parse(law("劳动合同法(2012-12-28).md"))
    for label in ("第五十条", "第五十六条", "第六十七条"):
        article = structure.by_label(label)
        assert article is not None
        assert "节" not in article.paragraphs[-1], (label, article.paragraphs[-1])
    fifty_six = structure.by_label("第五十六条")
    assert fifty_six is not None
    assert fifty_six.body.endswith("工会可以依法申请仲裁、提起诉讼。")


LINES = [
    "第一条 甲。",
    "第二章 工资",
    "  第三条 乙",
    "第十2条 丙",
    "依照第四条的规定",
    "第一节 总则",
    "# 第五条 丁",
    "",
    "正文第六条。第七条",
    "\u3000第八条 戊",
    "第九条",
    "第十二章",
]


def _found_by_regex(pattern, text: str, group: int = 1) -> list[int]:
    """Where a multiline regex search over the whole text finds a valid heading or article."""
    starts = []
    for match in pattern.finditer(text):
        try:
            chinese_number(match.group(group))
        except ValueError:
            continue
        starts.append(match.start())
    return starts


@given(st.lists(st.sampled_from(LINES), max_size=14))
def test_parse_finds_what_a_regex_over_the_whole_text_finds(lines):
    """parse looks only at lines that start with 第; a plain multiline search must agree."""
    text = normalise("\n".join(lines))
    structure = parse(text)
    assert [a.start for a in structure.articles] == _found_by_regex(_ARTICLE, text, 2)
    assert [c.start for c in structure.chapters] == _found_by_regex(_CHAPTER, text)
    assert [s.start for s in structure.sections] == _found_by_regex(_SECTION, text)


def test_a_text_parsed_again_is_whole_after_a_reader_took_its_headings_apart():
    """Parsing is kept per text (versions never change): what one page does with the headings
    it was given leaves the next page's structure whole."""
    text = "第一章 总则\n第一条 甲。\n第二章 工资\n第二条 乙。\n"
    first = parse(text).headings
    first.pop(0)
    again = parse(text)
    assert [h.heading for h in again.headings] == ["第一章 总则", "第二章 工资"]
    assert [a.label for a in again.articles] == ["第一条", "第二条"]
