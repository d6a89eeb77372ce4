"""An agreement's text, pure: normalising it as stored, and reading its Chinese legal structure —
chapters (第X章), articles (第X条) and their paragraphs — with the offsets of each article in the
text, so that diffs and comments can point into it."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

MAX_TEXT_CHARS = 600_000  # a long collective agreement is 30,000; the longest statute 200,000

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = r"(?:\d{1,4}|[零〇一二两三四五六七八九十百千]{1,8})"  # up to article 9999
# A heading at the start of a line, perhaps after Markdown's '#' marks or spaces: 第三章 / 第十二条.
_CHAPTER = re.compile(rf"^[ \t　#]*第({_NUMERAL})章[ \t　]*(.*)$", re.MULTILINE)
_ARTICLE = re.compile(rf"^[ \t　#]*(第({_NUMERAL})条)[ \t　]*", re.MULTILINE)
_SECTION = re.compile(rf"^[ \t　#]*第({_NUMERAL})节[ \t　]*(.*)$", re.MULTILINE)
# Control characters other than tab and line feed (C0 and C1), and the invisible characters that
# copying from web pages and PDFs leaves in a text: zero-width space, word joiner, byte order mark.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff]")
# Every way a line may end: CR LF, CR, NEL, and Unicode's line and paragraph separators.
_LINE_END = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


def normalise(text: str) -> str:
    """The text as stored: line endings as "\\n" (so a CR LF file and an LF file are equal), no
    control characters but tab, no zero-width spaces, no trailing (ideographic) spaces on a line,
    one final line break, NFC."""
    text = _LINE_END.sub("\n", text)
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    lines = [line.rstrip(" \t\u3000") for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n" if any(lines) else ""


@functools.lru_cache(maxsize=4096)  # a long text repeats the same few hundred numerals
def chinese_number(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 两千 → 2000; Arabic digits as they are."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for char in numeral:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _UNITS:
            total += (current or 1) * _UNITS[char]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return total + current


def chinese_numeral(number: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十: how articles are numbered."""
    if not 0 < number < 10_000:
        raise ValueError(number)
    digits = "零一二三四五六七八九"
    if number < 20:
        return ("十" if number >= 10 else "") + (digits[number % 10] if number % 10 else "")
    out, gap = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit:
            out += ("零" if gap else "") + digits[digit] + name
            gap = False
        elif out:
            gap = True
    return out


@dataclass(frozen=True, slots=True)
class Article:
    """One article: its number, label (第十二条) and where it lies in the text. `body` is the
    article without its label; `paragraphs` its paragraphs, the first one after the label."""

    number: int
    label: str
    chapter: str | None  # the chapter heading it falls under, e.g. "第三章 工资"
    start: int
    end: int
    body: str

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.body.split("\n") if p.strip())


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter (第X章) or section (第X节) heading, and the text that follows it before the next
    article or heading: a chapter's opening paragraph, or an appendix after the last heading."""

    number: int
    heading: str  # the whole line: 第三章 工资
    start: int
    intro: str = ""


@dataclass(frozen=True, slots=True)
class Structure:
    preamble: str  # what comes before the first article (title, preamble)
    chapters: tuple[Chapter, ...] = ()
    articles: tuple[Article, ...] = field(default_factory=tuple)
    sections: tuple[Chapter, ...] = ()  # 第X节, within chapters

    @property
    def headings(self) -> list[Chapter]:
        """Chapters and sections, in the order of the text."""
        return sorted((*self.chapters, *self.sections), key=lambda h: h.start)

    @property
    def has_articles(self) -> bool:
        return bool(self.articles)

    def by_label(self, label: str) -> Article | None:
        return next((a for a in self.articles if a.label == label), None)


def _line_starts(text: str) -> list[int]:
    """The offsets of the lines whose first character (after indentation and Markdown's '#'
    marks) is 第: the only lines where a chapter, section or article can begin. Found with
    str.find, far faster than a multiline regex that tries every position of a long text."""
    found: list[int] = []
    position = text.find("第")
    while position != -1:
        line_start = text.rfind("\n", 0, position) + 1
        if not text[line_start:position].strip(" \t\u3000#"):
            found.append(line_start)
        line_end = text.find("\n", position)
        position = -1 if line_end == -1 else text.find("第", line_end)
    return found


# Versions never change (each is a new row), and every view of one parses it again: the version
# page of a 60,000-character agreement spent a tenth of its time here. Structure is immutable.
@functools.lru_cache(maxsize=16)
def parse(text: str) -> Structure:
    """The chapters, sections and articles of a normalised text. An article runs from its label to
    the next article or heading (or the end); a text without 第X条 has no articles."""
    headings: dict[str, list[tuple[int, str, int, int]]] = {"chapter": [], "section": []}
    starts: list[tuple[int, re.Match[str], int]] = []
    for line_start in _line_starts(text):
        for pattern, found in ((_CHAPTER, headings["chapter"]), (_SECTION, headings["section"])):
            heading = pattern.match(text, line_start)
            if heading is not None:
                try:
                    number = chinese_number(heading.group(1))
                except ValueError:  # 第十2章: not a chapter number
                    break
                found.append((number, heading.group(0).strip(" \t　#"), line_start, heading.end()))
                break
        else:
            match = _ARTICLE.match(text, line_start)
            if match is None:
                continue
            try:
                starts.append((line_start, match, chinese_number(match.group(2))))
            except ValueError:  # 第十2条: not an article number
                continue
    boundaries = sorted(
        [s for s, _, _ in starts]
        + [h[2] for h in (*headings["chapter"], *headings["section"])]
        + [len(text)]
    )

    def heading_of(number: int, line: str, start: int, line_end: int) -> Chapter:
        end = boundaries[bisect.bisect_right(boundaries, start)]
        return Chapter(number, line, start, text[line_end:end].strip())

    chapters = [heading_of(*found) for found in headings["chapter"]]
    sections = [heading_of(*found) for found in headings["section"]]
    chapter_starts = [c.start for c in chapters]
    articles: list[Article] = []
    for start, match, number in starts:
        end = boundaries[bisect.bisect_right(boundaries, start)]
        under = bisect.bisect_left(chapter_starts, start) - 1  # the last chapter before it
        articles.append(
            Article(
                number=number,
                label=match.group(1),
                chapter=chapters[under].heading if under >= 0 else None,
                start=start,
                end=end,
                body=text[match.end() : end].strip(),
            )
        )
    first = min(
        [a.start for a in articles] + [h.start for h in (*chapters, *sections)] + [len(text)]
    )
    return Structure(text[:first].strip(), tuple(chapters), tuple(articles), tuple(sections))
