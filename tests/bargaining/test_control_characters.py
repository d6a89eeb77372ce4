"""A negotiation's name with a line break is refused beside the field, in Chinese, the input
kept: it would end up in the subject of every reminder e-mail."""

from sqlmodel import select

from bargaining.models import Negotiation


def test_a_name_with_a_line_break_is_refused_beside_it_and_kept(client, login, session, table):
    login(table.chair)
    response = client.post(
        "/negotiations/new",
        data={
            "counterpart_id": table.association.id,
            "topic": "special_wage",
            "year": "2026",
            "title": "2026年度工资集体协商\r\nBcc: x@evil.example",
            "request_sent_on": "2026-03-02",
            "request_received_on": "2026-03-03",
            "request_text": "现提出开展工资集体协商的要求。\r\n此致",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = page[page.index('data-field-error="title"') :]
    assert "只能填写一行文字" in error[: error.index("</div>")]
    assert 'data-field-error="request_text"' not in page  # a text area may break lines
    assert "Bcc: x@evil.example" in page  # what was typed is shown again
    assert session.exec(select(Negotiation)).first() is None
