"""The article summary of two versions: articles added, removed, changed, moved or renumbered
(matched to their old numbers), with the figures changed inside them, on small texts and on the
real 2018 and 2022 texts of the women's rights law."""

from contracts.articles import ChangeKind, summarise
from contracts.diff import EQUAL, diff_texts
from contracts.render import side_by_side
from contracts.structure import chinese_numeral, normalise
from tests.contracts.test_diff import law

BODIES = {
    "a": "本合同适用于本行业内的企业和职工。",
    "b": "企业应当按月足额支付职工工资，不得克扣。",
    "c": "月工资标准不低于2100元。",
    "C": "月工资标准不低于2300元。",
    "d": "职工每日工作时间不超过八小时。",
    "e": "本合同自双方签字之日起生效。",
    "n": "企业应当为职工依法缴纳社会保险费。",
}


def contract(keys: str) -> str:
    """A small agreement whose articles, numbered in order, have these bodies."""
    articles = [f"第{chinese_numeral(i)}条 {BODIES[k]}" for i, k in enumerate(keys, start=1)]
    return "工资专项集体合同\n\n" + "\n\n".join(articles) + "\n"


def kinds(summary):
    return [(c.kind, c.labels) for c in summary.articles]


def test_an_inserted_article_renumbers_the_following_ones_without_removing_them():
    summary = summarise(contract("abcde"), contract("abncde"))
    assert kinds(summary) == [
        (ChangeKind.UNCHANGED, "第一条"),
        (ChangeKind.UNCHANGED, "第二条"),
        (ChangeKind.ADDED, "第三条"),
        (ChangeKind.RENUMBERED, "第三条 → 第四条"),
        (ChangeKind.RENUMBERED, "第四条 → 第五条"),
        (ChangeKind.RENUMBERED, "第五条 → 第六条"),
    ]
    assert summary.count(ChangeKind.ADDED) == 1
    assert summary.count(ChangeKind.RENUMBERED) == 3
    assert summary.count(ChangeKind.REMOVED) == 0
    renumbered = summary.articles[3]
    assert renumbered.renumbered and not renumbered.changed and not renumbered.moved
    assert renumbered.new is not None and renumbered.new.body == BODIES["c"]


def test_two_swapped_articles_one_moved():
    summary = summarise(contract("abcde"), contract("acbde"))
    assert summary.count(ChangeKind.MOVED) == 1
    assert summary.count(ChangeKind.ADDED) == summary.count(ChangeKind.REMOVED) == 0
    assert {c.labels for c in summary.changes} == {"第二条 → 第三条", "第三条 → 第二条"}
    moved = next(c for c in summary.articles if c.kind is ChangeKind.MOVED)
    assert moved.moved and not moved.changed


def test_an_article_moved_to_the_end():
    summary = summarise(contract("abcde"), contract("acdeb"))
    assert kinds(summary) == [
        (ChangeKind.UNCHANGED, "第一条"),
        (ChangeKind.RENUMBERED, "第三条 → 第二条"),
        (ChangeKind.RENUMBERED, "第四条 → 第三条"),
        (ChangeKind.RENUMBERED, "第五条 → 第四条"),
        (ChangeKind.MOVED, "第二条 → 第五条"),
    ]


def test_a_changed_figure_in_an_article():
    summary = summarise(contract("abcde"), contract("abCde"))
    assert [c.kind for c in summary.changes] == [ChangeKind.CHANGED]
    [change] = summary.changes
    assert change.labels == "第三条"
    assert change.changed and not change.renumbered
    assert [str(n) for n in change.numbers] == ["月工资标准不低于 2100 → 2300 元（+9.5%）"]


def test_an_article_both_renumbered_and_changed_is_changed_under_both_labels():
    summary = summarise(contract("abcde"), contract("anbCde"))
    changed = [c for c in summary.articles if c.kind is ChangeKind.CHANGED]
    assert [(c.labels, c.renumbered) for c in changed] == [("第三条 → 第四条", True)]
    assert [str(n) for n in changed[0].numbers] == ["月工资标准不低于 2100 → 2300 元（+9.5%）"]


def test_a_deleted_article_is_listed_where_it_stood():
    summary = summarise(contract("abcde"), contract("abde"))
    assert kinds(summary) == [
        (ChangeKind.UNCHANGED, "第一条"),
        (ChangeKind.UNCHANGED, "第二条"),
        (ChangeKind.REMOVED, "第三条"),
        (ChangeKind.RENUMBERED, "第四条 → 第三条"),
        (ChangeKind.RENUMBERED, "第五条 → 第四条"),
    ]
    first_gone = summarise(contract("abcde"), contract("bcde"))
    assert first_gone.articles[0].kind is ChangeKind.REMOVED
    assert first_gone.articles[0].labels == "第一条"
    last_gone = summarise(contract("abcde"), contract("abcd"))
    assert kinds(last_gone)[-1] == (ChangeKind.REMOVED, "第五条")


def test_texts_without_articles_have_no_article_summary():
    summary = summarise("双方约定月工资2100元。\n", "双方约定月工资2300元。\n")
    assert not summary.has_articles
    assert summary.articles == [] and summary.changes == []


def test_articles_on_one_side_only_are_compared_as_plain_text():
    """The summary says a version has no articles rather than listing none added or removed."""
    summary = summarise("双方约定月工资2100元。\n", contract("ab"))
    assert not summary.has_articles and summary.new_structure.has_articles
    assert summary.articles == []


def test_line_ending_style_is_no_change():
    lf = contract("abcde")
    crlf = lf.replace("\n", "\r\n")
    assert normalise(crlf) == normalise(lf)
    assert diff_texts(normalise(lf), normalise(crlf)) == [(EQUAL, lf)]
    summary = summarise(normalise(lf), normalise(crlf))
    assert summary.changes == []
    assert len(summary.articles) == 5


def test_the_real_2018_and_2022_womens_rights_law():
    old, new = law("妇女权益保障法(2018-10-26).md"), law("妇女权益保障法(2022-10-30).md")
    summary = summarise(old, new)
    by_old = {c.old.label: c for c in summary.articles if c.old is not None}
    # 2018 第九条 reads word for word as 2022 第十二条 (checked against the texts).
    article_9 = "国家保障妇女享有与男子平等的政治权利。"
    assert article_9 in summary.old_structure.by_label("第九条").body
    assert (
        summary.new_structure.by_label("第十二条").body
        == summary.old_structure.by_label("第九条").body
    )
    change = by_old["第九条"]
    assert change.kind is ChangeKind.RENUMBERED
    assert change.new is not None and change.new.label == "第十二条"
    # Every 2018 article found verbatim in 2022 is paired with it, never removed and re-added.
    bodies_2022 = {a.body: a.label for a in summary.new_structure.articles}
    verbatim = {
        a.label: bodies_2022[a.body]
        for a in summary.old_structure.articles
        if a.body in bodies_2022
    }
    assert len(verbatim) == 10
    for old_label, new_label in verbatim.items():
        pair = by_old[old_label]
        assert pair.new is not None and pair.new.label == new_label, old_label
        assert pair.kind in (ChangeKind.RENUMBERED, ChangeKind.MOVED)
    # Each article of both versions appears exactly once.
    assert sum(1 for c in summary.articles if c.old is not None) == 61
    assert sum(1 for c in summary.articles if c.new is not None) == 86
    assert [c.new.number for c in summary.articles if c.new is not None] == list(range(1, 87))


# --- the side-by-side view ------------------------------------------------------------------------

OUTSIDE = normalise(
    "合同\n第一章 总则\n本章规定双方的权利义务。\n第一条 甲。\n第二条 乙。\n"
    "第二章 附则\n附件一 工资标准表\n"
)


def side_rows(old: str, new: str, *, show_all: bool) -> list[tuple[str, str]]:
    ops = diff_texts(old, new)
    rows = side_by_side(summarise(old, new, ops), old, new, ops, show_all=show_all)
    return [(str(row.left), str(row.right)) for row in rows]


def test_side_by_side_shows_the_text_under_headings_and_its_changes():
    """A chapter's opening paragraph and an appendix under the closing chapter are text the
    parties agreed: both are drawn, and a change to them is struck through and underlined."""
    new = OUTSIDE.replace("权利义务", "权利和义务").replace("附件一 工资标准表", "附件一 工资标准")
    whole = side_rows(OUTSIDE, new, show_all=True)
    assert [left for left, _right in whole] == [
        "合同\n第一章 总则\n本章规定双方的权利义务。",
        "第一条 甲。",
        "第二条 乙。",
        '第二章 附则\n附件一 工资标准<del class="diff-del">表</del>',
    ]
    changed = side_rows(OUTSIDE, new, show_all=False)
    assert changed == [
        (
            "合同\n第一章 总则\n本章规定双方的权利义务。",
            '合同\n第一章 总则\n本章规定双方的权利<ins class="diff-ins">和</ins>义务。',
        ),
        (
            '第二章 附则\n附件一 工资标准<del class="diff-del">表</del>',
            "第二章 附则\n附件一 工资标准",
        ),
    ]


def test_a_new_chapter_between_articles_is_a_row_of_its_own():
    new = OUTSIDE.replace("第二条 乙。", "第二章 工资\n本章规定工资标准。\n第二条 乙。")
    new = new.replace("第二章 附则", "第三章 附则")
    rows = side_rows(OUTSIDE, new, show_all=False)
    assert rows == [
        ("", '<ins class="diff-ins">第二章 工资\n本章规定工资标准。</ins>'),
        ('第<del class="diff-del">二</del>章 附则\n附件一 工资标准表',
         '第<ins class="diff-ins">三</ins>章 附则\n附件一 工资标准表'),
    ]  # fmt: skip
