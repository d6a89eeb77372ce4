"""Merging an edit made from an older version with what was saved meanwhile."""

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contracts.diff import DELETE, EQUAL, INSERT, diff_texts
from contracts.merge import (
    Conflict,
    Edit,
    Merged,
    edits,
    merge,
    sentence_bounds,
    sentence_edits,
    sentences,
)
from contracts.structure import normalise
from tests.laws import LAWS

BASE = "第一条 月工资不低于2100元。\n第二条 每日工作八小时。\n第三条 本合同一式三份。\n"


# --- edits ---------------------------------------------------------------------------------------


def test_edits_are_replacements_of_stretches_of_the_base():
    ops = [(EQUAL, "ab"), (DELETE, "c"), (INSERT, "X"), (EQUAL, "de"), (INSERT, "Y"), (EQUAL, "f")]
    assert edits(ops) == [Edit(2, 3, "X"), Edit(5, 5, "Y")]


def test_a_deletion_then_an_insertion_is_one_replacement():
    assert edits([(DELETE, "ab"), (INSERT, "c"), (INSERT, "d"), (DELETE, "e")]) == [
        Edit(0, 3, "cd")
    ]


def test_edits_at_the_ends_and_none():
    assert edits([(DELETE, "abc")]) == [Edit(0, 3, "")]
    assert edits([(INSERT, "abc")]) == [Edit(0, 0, "abc")]
    assert edits([(EQUAL, "abc"), (INSERT, "d")]) == [Edit(3, 3, "d")]
    assert edits([(EQUAL, "abc")]) == []
    assert edits([]) == []


def apply(base: str, changes: list[Edit]) -> str:
    out, position = [], 0
    for edit in changes:
        out += [base[position : edit.start], edit.text]
        position = edit.end
    return "".join(out) + base[position:]


@given(
    st.text(alphabet="工资元一二0123，。\n", max_size=40),
    st.text(alphabet="工资元一二0123，。\n", max_size=40),
)
def test_applying_the_edits_to_the_base_gives_the_other_text(base, other):
    changes = edits(diff_texts(base, other))
    assert apply(base, changes) == other
    assert all(a.end <= b.start for a, b in itertools.pairwise(changes))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="工资元一二0123，。；\n", max_size=40),
    st.text(alphabet="工资元一二0123，。；\n", max_size=40),
)
def test_edits_widened_to_sentences_still_give_the_other_text(base, other):
    bounds = sentence_bounds(base)
    widened = sentence_edits(base, bounds, edits(diff_texts(base, other)))
    assert apply(base, widened) == other
    assert all(a.end <= b.start for a, b in itertools.pairwise(widened))
    assert all(edit.start in bounds and edit.end in bounds for edit in widened)


# --- merge ---------------------------------------------------------------------------------------


def test_edits_of_different_articles_both_survive():
    theirs = BASE.replace("2100", "2300")
    mine = BASE.replace("一式三份", "一式四份")
    merged = merge(BASE, theirs, mine)
    assert merged.clean
    assert merged.text() == BASE.replace("2100", "2300").replace("一式三份", "一式四份")


def test_the_same_edit_on_both_sides_is_no_conflict():
    both = BASE.replace("2100", "2300")
    merged = merge(BASE, both, both)
    assert merged.clean and merged.text() == both
    # The same change among others is no conflict either.
    merged = merge(BASE, both, both.replace("八小时", "七小时"))
    assert merged.clean
    assert merged.text() == both.replace("八小时", "七小时")


def test_different_edits_of_one_figure_conflict():
    merged = merge(BASE, BASE.replace("2100", "2300"), BASE.replace("2100", "2500"))
    assert not merged.clean
    assert merged.conflicts == [Conflict(base="2100", theirs="2300", mine="2500")]
    assert merged.pieces[0] == "第一条 月工资不低于"
    assert merged.text({0: "2400"}) == BASE.replace("2100", "2400")


def test_a_conflict_keeps_non_overlapping_edits_of_both_sides_around_it():
    theirs = BASE.replace("2100", "2300").replace("八小时", "七小时")
    mine = BASE.replace("2100", "2500").replace("一式三份", "一式四份")
    merged = merge(BASE, theirs, mine)
    [conflict] = merged.conflicts
    assert (conflict.theirs, conflict.mine) == ("2300", "2500")
    assert merged.text({0: conflict.mine}) == mine.replace("八小时", "七小时")
    assert merged.text({0: conflict.theirs}) == theirs.replace("一式三份", "一式四份")


def test_two_different_insertions_at_one_point_conflict():
    point = BASE.index("第三条")
    theirs = BASE[:point] + "第三条 甲。\n" + BASE[point:]
    mine = BASE[:point] + "第三条 乙。\n" + BASE[point:]
    merged = merge(BASE, theirs, mine)
    [conflict] = merged.conflicts
    assert conflict.base == ""
    assert "甲" in conflict.theirs and "乙" in conflict.mine
    assert "乙" not in conflict.theirs and "甲" not in conflict.mine
    assert merged.text({0: conflict.theirs + conflict.mine}).count("第三条") == 3


def test_two_edits_of_one_sentence_conflict_even_apart():
    """Deleting 八小时 and appending after it touch different characters of one sentence: joined,
    they would make '每日工作，每周四十小时', a sentence neither side wrote."""
    theirs = BASE.replace("每日工作八小时", "每日工作")
    mine = BASE.replace("每日工作八小时", "每日工作八小时，每周四十小时")
    merged = merge(BASE, theirs, mine)
    [conflict] = merged.conflicts
    assert (conflict.base, conflict.theirs, conflict.mine) == ("八小时", "", "八小时，每周四十小时")
    assert conflict.article == "第二条"
    assert merged.text({0: conflict.theirs}) == theirs
    assert merged.text({0: conflict.mine}) == mine


def test_two_edits_far_apart_in_one_sentence_conflict():
    base = "第一条 企业应当按月支付工资，月工资不低于2100元，每日工作八小时。\n"
    theirs = base.replace("按月", "每月十五日前")
    mine = base.replace("八小时", "七小时")
    merged = merge(base, theirs, mine)
    [conflict] = merged.conflicts
    assert conflict.theirs.startswith("每月十五日前") and conflict.theirs.endswith("八")
    assert conflict.mine.startswith("按月") and conflict.mine.endswith("七")
    assert merged.text({0: conflict.mine}) == mine


def test_edits_of_two_sentences_of_one_article_merge():
    base = "第一条 月工资不低于2100元。每日工作八小时；每周休息两日。\n"
    theirs = base.replace("2100", "2300")
    mine = base.replace("八小时", "七小时").replace("两日", "一日")
    merged = merge(base, theirs, mine)
    assert merged.clean
    assert merged.text() == "第一条 月工资不低于2300元。每日工作七小时；每周休息一日。\n"


def test_a_sentence_deleted_and_the_next_one_edited_merge():
    base = "第一条 甲。乙。丙。\n"
    merged = merge(base, base.replace("乙。", ""), base.replace("丙", "丁"))
    assert merged.clean and merged.text() == "第一条 甲。丁。\n"
    # Deleting 甲。 leaves "第一条 乙。": a sentence of theirs that my edit of 乙 would change.
    assert not merge(base, base.replace("甲。", ""), base.replace("乙", "丁")).clean


def test_text_added_to_an_unfinished_last_sentence_is_an_edit_of_it():
    merged = merge("丁", "", "丁丑")  # no sentence end: 丑 continues the sentence they deleted
    [conflict] = merged.conflicts
    assert (conflict.base, conflict.theirs, conflict.mine) == ("丁", "", "丁丑")


def test_text_added_after_a_last_sentence_they_left_unfinished_conflicts():
    """They changed the last sentence and dropped its 。 (the text has no line end after it);
    I added a sentence after it: joined, the two would be one sentence neither side wrote."""
    base = "第一条 月工资不低于2100元。"
    theirs = "第一条 月工资不低于2300元"
    mine = base + "第二条 每日工作八小时。"
    merged = merge(base, theirs, mine)
    [conflict] = merged.conflicts
    assert conflict.theirs.endswith("2300元") and conflict.mine.endswith("八小时。")
    for choice in ("theirs", "mine"):
        expected = theirs if choice == "theirs" else mine
        assert merged.text({0: getattr(conflict, choice)}) == expected


SHORT = st.text(alphabet="甲乙12，。；\n", max_size=12)


@settings(max_examples=500, deadline=None)
@given(base=SHORT, theirs=SHORT, mine=SHORT)
def test_every_merged_sentence_of_short_texts_is_one_that_a_side_wrote(base, theirs, mine):
    """As for the statutes below, on short texts that may end without a sentence mark."""
    merged = merge(base, theirs, mine)
    written = {*sentences(base), *sentences(theirs), *sentences(mine)}
    for choice in ("theirs", "mine"):
        text = merged.text({i: getattr(c, choice) for i, c in enumerate(merged.conflicts)})
        assert [s for s in sentences(text) if s not in written] == []


def test_a_deleted_sentence_end_joins_the_next_sentence_into_the_edit():
    """Their edit deletes the 。 between two sentences (one sentence now): my edit of the second
    sentence conflicts with it."""
    base = "第一条 甲乙。丙丁。\n"
    merged = merge(base, base.replace("乙。丙", "乙，丙"), base.replace("丁", "戊"))
    [conflict] = merged.conflicts
    assert (conflict.theirs, conflict.mine) == ("，丙丁", "。丙戊")


def test_a_deletion_overlapping_an_edit_conflicts():
    theirs = BASE.replace("第二条 每日工作八小时。\n", "")
    mine = BASE.replace("八小时", "七小时")
    merged = merge(BASE, theirs, mine)
    [conflict] = merged.conflicts
    assert "七" in conflict.mine and "七" not in conflict.theirs
    assert merged.text({0: conflict.theirs}) == theirs


def test_when_only_one_side_changed_its_text_is_the_result():
    changed = BASE.replace("2100", "2300")
    assert merge(BASE, BASE, changed) == Merged([changed])  # nothing saved meanwhile
    assert merge(BASE, changed, BASE) == Merged([changed])  # I changed nothing
    assert merge(BASE, changed, BASE).text() == changed


def test_an_unresolved_conflict_has_no_text():
    merged = merge(BASE, BASE.replace("2100", "2300"), BASE.replace("2100", "2500"))
    with pytest.raises(KeyError):
        merged.text()
    with pytest.raises(KeyError):
        merged.text({1: "2400"})


def test_two_conflicts_are_numbered_in_order():
    theirs = BASE.replace("2100", "2300").replace("三份", "四份")
    mine = BASE.replace("2100", "2500").replace("三份", "五份")
    merged = merge(BASE, theirs, mine)
    assert [(c.theirs, c.mine) for c in merged.conflicts] == [("2300", "2500"), ("四", "五")]
    assert merged.text({0: "2300", 1: "五"}) == BASE.replace("2100", "2300").replace("三份", "五份")


# --- properties ----------------------------------------------------------------------------------

# Three disjoint alphabets: the text around the edited regions, and one for each region, so that
# the character diffs can only place each side's edit inside its own region.
FRAME = st.text(alphabet="天地玄黄宇宙洪荒", max_size=12)
# A gap that ends one sentence and begins the next: the two regions are in different sentences.
GAP = st.builds(lambda a, b: a + "。" + b, FRAME, FRAME)
REGION_A = st.text(alphabet="甲乙丙丁", max_size=8)
REGION_B = st.text(alphabet="子丑寅卯", max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    before=FRAME,
    x=REGION_A,
    gap=GAP,
    y=REGION_B,
    after=FRAME,
    new_x=REGION_A,
    new_y=REGION_B,
    theirs_first=st.booleans(),
)
def test_edits_of_disjoint_regions_merge_cleanly_into_both(
    before, x, gap, y, after, new_x, new_y, theirs_first
):
    base = before + x + gap + y + after
    first = before + new_x + gap + y + after
    second = before + x + gap + new_y + after
    theirs, mine = (first, second) if theirs_first else (second, first)
    merged = merge(base, theirs, mine)
    assert merged.clean
    assert merged.text() == before + new_x + gap + new_y + after


@settings(max_examples=200, deadline=None)
@given(before=FRAME, x=REGION_A, gap=FRAME, y=REGION_B, after=FRAME, new_x=REGION_A, new_y=REGION_B)
def test_edits_of_two_regions_of_one_sentence_conflict(before, x, gap, y, after, new_x, new_y):
    assume(new_x != x and new_y != y)
    base = before + x + gap + y + after  # no sentence end anywhere: one sentence
    merged = merge(base, before + new_x + gap + y + after, before + x + gap + new_y + after)
    assert not merged.clean


TEXT = st.text(alphabet="工资元一二三0123，。\n", max_size=30)


@settings(max_examples=300, deadline=None)
@given(base=TEXT, theirs=TEXT, mine=TEXT)
def test_nothing_typed_is_dropped(base, theirs, mine):
    """Choosing my text in every conflict keeps each of my edits; each of their edits is either
    merged or offered in a conflict."""
    merged = merge(base, theirs, mine)
    conflicts = merged.conflicts
    for conflict in conflicts:
        assert conflict.theirs != conflict.mine
        assert conflict.base in base
    keep_mine = merged.text({i: c.mine for i, c in enumerate(conflicts)})
    keep_theirs = merged.text({i: c.theirs for i, c in enumerate(conflicts)})
    for edit in edits(diff_texts(base, mine)):
        assert edit.text in keep_mine
    for edit in edits(diff_texts(base, theirs)):
        assert edit.text in keep_theirs
        assert edit.text in keep_mine or any(edit.text in c.theirs for c in conflicts)
    if merged.clean:
        assert keep_mine == keep_theirs == merged.text()
    if theirs in (base, mine):
        assert merged.clean and merged.text() == mine
    elif mine == base:
        assert merged.clean and merged.text() == theirs


def test_a_conflict_knows_its_article_and_the_words_around_it():
    base = "第一条 总则。\n第二条 主要岗位月工资：厨师长3400元；厨师3200元。\n第三条 附则。\n"
    merged = merge(base, base.replace("3400", "3300"), base.replace("3400", "3600"))
    [conflict] = merged.conflicts
    assert (conflict.base, conflict.theirs, conflict.mine) == ("3400", "3300", "3600")
    assert conflict.article == "第二条"
    assert conflict.before == "第二条 主要岗位月工资：厨师长"  # from the start of its line
    assert conflict.after == "元；厨师3200元。"  # to the end of its line


def test_the_words_around_a_conflict_in_a_long_line_are_cut_with_an_ellipsis():
    long = "甲" * 40
    base = f"第一条 {long}3400{long}\n"
    [conflict] = merge(base, base.replace("3400", "3300"), base.replace("3400", "3600")).conflicts
    assert conflict.before == "…" + "甲" * 30 and conflict.after == "甲" * 30 + "…"


# --- sentences of real statutes ----------------------------------------------------------------

LAW_TEXTS = [
    normalise(path.read_text(encoding="utf-8"))
    for path in sorted(LAWS.glob("*.md"))
    if path.name != "README.md"
]
TYPED = st.text(alphabet="甲乙丙工资2100元，。；\n", max_size=8)


@st.composite
def revised(draw, text: str, centre: int) -> str:
    """The text with one to three edits (a deletion of up to 15 characters and what is typed
    instead) near `centre`, so that two sides' edits often fall in the same sentence."""
    places = draw(st.lists(st.integers(-60, 60), min_size=1, max_size=3))
    for place in sorted({min(max(centre + p, 0), len(text)) for p in places}, reverse=True):
        cut = draw(st.integers(0, 15))
        text = text[:place] + draw(TYPED) + text[place + cut :]
    return text


@st.composite
def statute_edits(draw) -> tuple[str, str, str]:
    base = draw(st.sampled_from(LAW_TEXTS))
    centre = draw(st.integers(0, len(base)))
    return base, draw(revised(base, centre)), draw(revised(base, centre))


@settings(max_examples=150, deadline=None)
@given(statute_edits())
def test_every_merged_sentence_is_one_that_a_side_wrote(texts):
    """Each sentence of the merge (with every conflict settled for either side) is the base's,
    the first side's or the second side's: two edits of one sentence are a conflict, never a
    sentence neither side wrote."""
    base, theirs, mine = texts
    merged = merge(base, theirs, mine)
    written = {*sentences(base), *sentences(theirs), *sentences(mine)}
    conflicts = merged.conflicts
    for choice in ("theirs", "mine"):
        text = merged.text({i: getattr(c, choice) for i, c in enumerate(conflicts)})
        assert [s for s in sentences(text) if s not in written] == []
