"""Merging an edit made from an older version with what was saved meanwhile."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.diff import DELETE, EQUAL, INSERT, diff_texts
from contracts.merge import Conflict, Edit, Merged, edits, merge

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


def test_an_insertion_at_the_edge_of_a_deletion_merges():
    theirs = BASE.replace("每日工作八小时", "每日工作")  # deletes 八小时
    mine = BASE.replace("每日工作八小时", "每日工作八小时，每周四十小时")  # appends after it
    merged = merge(BASE, theirs, mine)
    assert merged.clean
    assert merged.text() == BASE.replace("每日工作八小时", "每日工作，每周四十小时")


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
GAP = st.text(alphabet="天地玄黄宇宙洪荒", min_size=1, max_size=12)
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
