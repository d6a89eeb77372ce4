"""The items under negotiation (R15), through the service and the page: a line half filled in is
refused beside it with the input kept, never skipped (nor, for an item on the list, deleted
unsaid); an item with offers keeps its place and its unit, and a refused list changes nothing."""

import html
import re

from sqlmodel import select

from bargaining import services
from bargaining.forms import ITEM_MISSING
from bargaining.models import NegotiationItem, Side
from standards.vocabulary import ItemKind, Unit
from tests.bargaining.helpers import in_session, items, offer, refused, text
from tests.two_browsers import version_shown


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def listed(session, negotiation) -> list[tuple[str, str, str]]:
    session.expire_all()
    return [
        (i.kind.value, i.job_category, i.unit.value)
        for i in services.items_of(session, negotiation)
    ]


def posted(items, **changes) -> dict[str, str]:
    """The items page as sent back with `items` as rows, each (kind, job category, unit)."""
    form: dict[str, str] = {}
    for i, (kind, category, unit) in enumerate(items):
        form |= {f"rows-{i}-kind": kind, f"rows-{i}-job_category": category, f"rows-{i}-unit": unit}
    return form | changes


def test_a_line_without_its_item_is_refused_beside_it_and_nothing_is_deleted(
    app, client, login, session, table
):
    """The chef's line with its item set back to "—" but its job category and unit still there:
    refused beside the line, the line kept as typed, the chef still under negotiation (it was
    dropped from the list, and so deleted, without a word)."""
    negotiation = table.request()
    session.commit()
    before = listed(session, negotiation)
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/items"
    response = client.post(url, data=posted(before, **{"rows-0-kind": ""}))
    assert response.status_code == 400
    page = page_of(response)
    beside = re.search(r'data-field-error="rows-0-kind">(.*?)</div>', page, re.S)
    with app.test_request_context():  # in the page's language
        assert beside is not None and beside.group(1).strip() == str(ITEM_MISSING)
    assert 'name="rows-0-job_category" type="text" value="厨师长"' in page
    assert listed(session, negotiation) == before


def test_a_line_with_only_a_unit_or_a_job_category_is_refused(client, login, session, table):
    negotiation = table.request()
    session.commit()
    before = listed(session, negotiation)
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/items"
    for extra in ({"rows-3-unit": "元/月"}, {"rows-3-job_category": "服务员"}):
        response = client.post(url, data=posted(before, **extra))
        assert response.status_code == 400
        assert 'data-field-error="rows-3-kind"' in page_of(response)
    assert listed(session, negotiation) == before


def test_blank_lines_are_skipped(client, login, session, table):
    negotiation = table.request()
    session.commit()
    before = listed(session, negotiation)
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/items"
    form = posted(before, **{"rows-3-kind": "", "rows-3-job_category": " ", "rows-3-unit": ""})
    response = client.post(url, data=form | version_shown(client, url))
    assert response.status_code == 302
    assert listed(session, negotiation) == before


def test_a_refused_unit_change_deletes_nothing_first(table):
    """The washer is dropped (no offers) and the dishwashing quota's unit changed (it has
    offers): the unit change is refused, and the washer is still there: every check comes before
    any write."""
    negotiation, record = in_session(table)
    chair = table.viewer(table.chair)
    quota = services.ItemRow(ItemKind.LABOUR_QUOTA, "餐具清洗员", Unit.PIECES_PER_HOUR)
    kept = [services.ItemRow(i.kind, i.job_category, i.unit) for i in items(table, negotiation)]
    services.save_items(table.session, chair, negotiation, [*kept, quota])
    added = services.items_of(table.session, negotiation)[-1]
    offer(table, negotiation, record, Side.UNION, {added.id: "300"})
    before = listed(table.session, negotiation)
    chef, _washer, rise = kept
    rows = [chef, rise, services.ItemRow(quota.kind, quota.job_category, Unit.PIECES_PER_DAY)]
    error = refused(services.save_items, table.session, chair, negotiation, rows)
    assert error.field == "items" and "餐具清洗员" in text(error)
    assert listed(table.session, negotiation) == before
    assert len(table.session.exec(select(NegotiationItem)).all()) == 4
