"""How the gap between the two sides' offers reads in the offer tables (the negotiation page and
a session's page): the employer's offer minus the union's with a true minus sign, and that as a
percentage of the union's, never a gap that is not closed shown as 0 %."""

import html
import re

import pytest

from bargaining.models import Side
from tests.bargaining.helpers import in_session, items, offer


def cells(page: str, table: str) -> list[str]:
    """The text of each right-aligned cell of a table, tags stripped, in order."""
    found = re.search(rf'data-testid="{table}">(.*?)</table>', page, re.S)
    assert found is not None, f"no {table} table"
    cells = re.findall(r'<td class="text-end">(.*?)</td>', found.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]


@pytest.mark.parametrize(
    ("union", "employer", "shown"),
    [
        ("3600", "3200", "−400.00 (−11.1%)"),
        ("3600", "3601", "+1.00 (<0.1%)"),  # 0.03 %: was "(+0.0%)"
        ("3601", "3600", "−1.00 (>−0.1%)"),
        ("3600", "3960", "+360.00 (+10.0%)"),
        ("3600", "3600", "已达成一致"),
    ],
)
def test_the_gap_reads_with_its_sign_and_never_as_zero_percent_unless_closed(
    client, login, session, table, union, employer, shown
):
    negotiation, record = in_session(table)
    chef, _washer, _rise = items(table, negotiation)
    offer(table, negotiation, record, Side.UNION, {chef.id: union})
    offer(table, negotiation, record, Side.EMPLOYER, {chef.id: employer})
    session.commit()
    login(table.chair)
    base = f"/negotiations/{negotiation.id}"
    # The negotiation page: the chef's gap is its first plain right-aligned cell; a session's
    # page: the third (after each side's offer).
    assert cells(client.get(base).get_data(as_text=True), "offer-table")[0] == shown
    page = client.get(f"{base}/sessions/1").get_data(as_text=True)
    assert cells(page, "session-offers")[2] == shown
