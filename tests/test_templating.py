"""The template filters that replace a library's: the same text as the library's."""

from datetime import UTC, datetime

import pytest
from flask_babel import format_datetime

from templating import NUMERIC_DATETIME_PATTERNS

MOMENTS = [
    datetime(2026, 12, 31, 16, 30, tzinfo=UTC),  # already 1 January 2027 in China
    datetime(2026, 3, 1, 15, 59, 59),  # naive: stored UTC, 23:59:59 in China
    datetime(2026, 7, 9, 0, 5, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("pattern", sorted(NUMERIC_DATETIME_PATTERNS))
def test_datetimeformat_writes_what_babel_writes_in_china_standard_time(app, moment, pattern):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string("{{ moment|datetimeformat(pattern) }}")
        shown = template.render(moment=moment, pattern=pattern)
        assert shown == format_datetime(moment, pattern)
    if moment.day == 31:
        assert shown.startswith("2027-01-01")


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("pattern", sorted(NUMERIC_DATETIME_PATTERNS))
def test_datetimeformat_in_a_page_writes_what_babel_writes(app, moment, pattern):
    """A page's templates get the zone from the context processor, looked up once a page."""
    from flask import render_template_string

    with app.test_request_context("/"):
        shown = render_template_string("{{ moment|datetimeformat(pattern) }}", **locals())
        assert shown == format_datetime(moment, pattern)


def test_datetimeformat_leaves_other_patterns_to_babel(app):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string("{{ moment|datetimeformat('MMMM') }}")
        assert template.render(moment=MOMENTS[2]) == format_datetime(MOMENTS[2], "MMMM")


@pytest.mark.parametrize(
    "value",
    [
        "第十二条",
        "第十二条",
        "a b&c/d?e=f",
        "",
        {"article": "第一条", "page": 2},
        [("q", "x y")],
        12,
    ],
)
def test_urlencode_writes_what_jinja_writes(app, value):
    """The kept quoting of a text, and anything else quoted by Jinja's own filter, twice alike."""
    from jinja2 import Environment

    plain = Environment(autoescape=True).from_string("{{ value|urlencode }}")
    ours = app.jinja_env.from_string("{{ value|urlencode }}")
    with app.test_request_context("/"):
        for _ in range(2):
            assert ours.render(value=value) == plain.render(value=value)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_templates_translate_and_escape_as_jinjas_newstyle_gettext(app, language):
    """`_` and ngettext in one step: translated, the variables escaped, `num` given to plurals."""
    from flask import render_template_string, session
    from flask_babel import get_translations
    from markupsafe import Markup

    source = (
        "{{ _('%(n)s days left', n='<3>') }}|{{ _('Reminders') }}|"
        "{{ ngettext('%(num)s item', '%(num)s items', 2) }}"
    )
    with app.test_request_context("/"):
        session["lang"] = language
        catalogue = get_translations()
        expected = "|".join(
            (
                Markup(catalogue.ugettext("%(n)s days left")) % {"n": "<3>"},
                catalogue.ugettext("Reminders"),
                Markup(catalogue.ungettext("%(num)s item", "%(num)s items", 2)) % {"num": 2},
            )
        )
        shown = render_template_string(source)
    assert shown == expected
    assert "&lt;3&gt;" in shown
    if language == "zh_CN":
        assert "Reminders" not in shown
