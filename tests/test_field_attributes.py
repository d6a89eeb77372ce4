"""Fields draw their attributes quicker than WTForms does, and exactly as WTForms does."""

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from wtforms import Form, PasswordField, StringField, SubmitField
from wtforms.widgets import core

from webforms import quick_html_params

KEYS = st.sampled_from(["name", "id", "class_", "for_", "data_row_id", "aria_describedby", "x"])
VALUES = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(),
    st.text(alphabet="ab\"<>&'第 ", max_size=6),
    st.text(alphabet="ab\"<>&' ", max_size=6).map(Markup),
)


def wtforms_html_params(**kwargs):
    """WTForms 3's html_params, as its source has it."""
    params = []
    for k, v in sorted(kwargs.items()):
        k = core.clean_key(k)
        if v is True:
            params.append(k)
        elif v is False:
            pass
        else:
            v = Markup.escape(v).replace(Markup('"'), Markup("&quot;"))
            params.append(Markup('{k}="{v}"').format(k=k, v=v))
    return Markup(" ").join(params)


@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_the_same_attributes_as_wtforms(attributes):
    quick = quick_html_params(**attributes)
    assert quick == wtforms_html_params(**attributes)
    assert isinstance(quick, Markup)


def test_fields_drawn_in_a_request_escape_what_was_typed(app):
    class Typed(Form):
        title = StringField("Title")
        secret = PasswordField("Secret")
        send = SubmitField('Send "now"')

    with app.test_request_context("/"):
        form = Typed(data={"title": '"><script>'})
        assert form.title() == (
            '<input id="title" name="title" type="text" value="&#34;&gt;&lt;script&gt;">'
        )
        assert form.secret(class_="form-control", required=True) == (
            '<input class="form-control" id="secret" name="secret" required type="password" '
            'value="">'
        )
        assert form.send() == (
            '<input id="send" name="send" type="submit" value="Send &#34;now&#34;">'
        )
