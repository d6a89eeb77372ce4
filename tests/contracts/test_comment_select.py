"""The comment form's article select: drawn as WTForms draws it, only quicker."""

from wtforms.widgets import Select

from contracts.forms import CommentForm

LABELS = ["第一条", "第二条", '第三条 <"&>', "第十二条"]


def test_the_article_select_draws_the_same_markup_as_wtforms(app):
    with app.test_request_context("/", method="POST", data={"article_label": "第二条"}):
        form = CommentForm(labels=LABELS, meta={"csrf": False})
        quick = form.article_label()
        plain = Select()(form.article_label)
    assert quick == plain
    assert '<option selected value="第二条">第二条</option>' in quick
    assert "&lt;&#34;&amp;&gt;" in quick  # a label is escaped


def test_the_kept_options_follow_the_choice_and_the_list(app):
    """Drawn once per list and choice: another choice, none, or another list is drawn anew."""
    for data, labels in (
        ({"article_label": "第二条"}, LABELS),
        ({"article_label": "第十二条"}, LABELS),
        ({}, LABELS),
        ({"article_label": "第二条"}, LABELS[:2]),
    ):
        with app.test_request_context("/", method="POST", data=data):
            form = CommentForm(labels=labels, meta={"csrf": False})
            assert form.article_label() == Select()(form.article_label)
            assert form.article_label(class_="form-select") == Select()(
                form.article_label, class_="form-select"
            )
