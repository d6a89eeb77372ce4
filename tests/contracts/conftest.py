"""Fixtures of the agreement tests: an agreed negotiation of Haizhu's catering sector, and its
sector agreement drafted from the template (version 1)."""

from datetime import date

import pytest

from bargaining import services as bargaining
from bargaining.models import Side
from contracts import services
from tests.bargaining.conftest import TODAY, Table


def agree(table: Table):
    """A negotiation taken through one session to values both sides accepted."""
    negotiation = table.seated()
    record = bargaining.record_session(
        table.session,
        table.viewer(table.chair),
        negotiation,
        table.session_data(negotiation),
        today=TODAY,
    )
    items = bargaining.items_of(table.session, negotiation)
    values = dict(zip([i.id for i in items], ["3400", "2650", "8"], strict=True))
    for side, user in ((Side.UNION, table.chair), (Side.EMPLOYER, table.rep)):
        bargaining.save_offers(table.session, table.viewer(user), negotiation, record, side, values)
    bargaining.propose_settlement(
        table.session,
        table.viewer(table.rep),
        negotiation,
        values,
        effective_from=date(2026, 5, 1),
        effective_to=date(2027, 4, 30),
    )
    proposal = bargaining.settlement_of(table.session, negotiation)
    bargaining.accept_settlement(
        table.session, table.viewer(table.chair), negotiation, proposal, today=TODAY
    )
    return negotiation


@pytest.fixture
def table(session, make_org, make_federation, make_user):
    table = Table(session, make_org, make_federation, make_user)
    session.commit()
    return table


@pytest.fixture
def agreement(table):
    negotiation = agree(table)
    made = services.create_from_negotiation(
        table.session,
        table.viewer(table.chair),
        negotiation,
        term_start=date(2026, 5, 1),
        term_end=date(2027, 4, 30),
    )
    table.session.commit()
    return made
