"""The list of negotiations shows the latest changed first: every use case that changes a
negotiation or anything of it stamps it (guards.touch), a further session held in session too."""

from datetime import UTC, date, datetime

import pytest

from bargaining import services
from bargaining.models import Side
from tests.bargaining.conftest import TODAY
from tests.bargaining.helpers import (
    current,
    hold,
    in_session,
    items,
    name_recorder,
    offer,
    propose,
    save_side,
)

LONG_AGO, LATER = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)


def further_session(table, negotiation, record):
    hold(table, negotiation, held_on=date(2026, 3, 13), chair_side=Side.EMPLOYER)


def offers(table, negotiation, record):
    chef, _washer, _rise = items(table, negotiation)
    offer(table, negotiation, record, Side.UNION, {chef.id: "3600"})


def proposal(table, negotiation, record):
    propose(table, negotiation, Side.UNION)


def item_list(table, negotiation, record):
    rows = [services.ItemRow(i.kind, i.job_category, i.unit) for i in items(table, negotiation)]
    services.save_items(table.session, table.viewer(table.chair), negotiation, rows[:2])


def representatives(table, negotiation, record):
    rows = [
        services.MemberRow(r.id, r.name, r.affiliation, r.phone, r.is_chief, r.is_expert)
        for r in current(table, negotiation, Side.UNION)
    ]
    save_side(table, negotiation, Side.UNION, rows)


def vacancy(table, negotiation, record):
    leaving = current(table, negotiation, Side.UNION)[-1]
    services.vacate(
        table.session, table.viewer(table.chair), negotiation, leaving,
        on=TODAY, reason="调离本单位", today=TODAY,
    )  # fmt: skip


def recorder(table, negotiation, record):
    name_recorder(table, negotiation, phone="13500001111")


@pytest.mark.parametrize(
    "change",
    [further_session, offers, proposal, item_list, representatives, vacancy, recorder],
)
def test_a_change_brings_the_negotiation_to_the_top_of_the_list(table, change):
    negotiation, record = in_session(table)
    other = table.request(year=2027)
    negotiation.updated_at, other.updated_at = LONG_AGO, LATER
    table.session.flush()
    change(table, negotiation, record)
    table.session.flush()
    assert negotiation.updated_at > LATER
    listed = services.visible_negotiations(
        table.session, table.viewer(table.chair), page=1, per_page=10
    )
    assert [n.id for n in listed.items] == [negotiation.id, other.id]
