"""The answer deadline (R4) and a vacancy's refill deadline (R1 第31条) on the negotiation's pages:
worked out by the reminders engine from the area's jurisdiction profile and the holiday calendar
(R26), shown with the rule they come from, and flagged once they pass."""

import re
from datetime import date

import pytest

from bargaining import presenters
from bargaining.models import Side
from organizations.models import OrgKind, Region
from reminders.models import HolidayDay, HolidayYear
from tests.bargaining.conftest import TODAY, Table


def text_of(response):
    return response.get_data(as_text=True)


def deadline_line(page: str) -> str:
    match = re.search(r'data-testid="answer-deadline">(.*?)</div>', page, re.S)
    assert match, "no answer deadline on the page"
    return match.group(1)


def test_the_page_gives_the_national_period_and_its_article(client, login, table, monkeypatch):
    negotiation = table.request()  # received Tuesday 3 March 2026
    table.session.commit()
    monkeypatch.setattr("bargaining.views.local_today", lambda: date(2026, 3, 23))
    login(table.chair)
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    assert "2026-03-23" in deadline_line(page)  # 20 days: Monday 23 March
    assert "《集体合同规定》第三十二条" in page
    assert 'data-testid="answer-overdue"' not in page


@pytest.mark.parametrize(
    ("today", "overdue"), [(date(2026, 3, 23), False), (date(2026, 3, 24), True)]
)
def test_an_unanswered_request_is_overdue_the_day_after_the_deadline(table, today, overdue):
    negotiation = table.request()
    page = presenters.negotiation_page(
        table.session, table.viewer(table.chair), negotiation, today=today, chart_item_id=None
    )
    assert (page.answer_deadline.due_on, page.answer_overdue) == (date(2026, 3, 23), overdue)
    [row] = presenters.list_rows(table.session, [negotiation], today)
    assert (row.deadline, row.overdue) == (date(2026, 3, 23), overdue)


def test_an_answered_request_is_never_overdue(table):
    negotiation = table.answered()
    page = presenters.negotiation_page(
        table.session,
        table.viewer(table.chair),
        negotiation,
        today=date(2026, 12, 1),
        chart_item_id=None,
    )
    assert not page.answer_overdue
    [row] = presenters.list_rows(table.session, [negotiation], date(2026, 12, 1))
    assert (row.deadline, row.overdue) == (None, False)


def test_the_list_flags_an_overdue_answer(client, login, table, monkeypatch):
    table.request()
    table.session.commit()
    monkeypatch.setattr("bargaining.views.local_today", lambda: date(2026, 4, 1))
    login(table.chair)
    page = text_of(client.get("/negotiations"))
    assert "2026-03-23" in page and 'data-testid="answer-overdue"' in page


def test_shanghai_gives_fifteen_days_under_its_own_regulation(
    client, login, session, make_org, make_federation, make_user
):
    """R10: periods are settings of the jurisdiction; Shanghai's regulation gives 15 days."""
    session.add(Region(code="310101", name="黄浦区", full_name="上海市黄浦区"))
    session.flush()
    association = make_org(
        OrgKind.ASSOCIATION, name="上海市黄浦区餐饮行业协会", region_code="310101"
    )
    table = Table(session, make_org, make_federation, make_user)
    table.federation.region_code = "310101"
    table.federation.counterpart_id = association.id
    table.association = association
    negotiation = table.request()
    session.commit()
    login(table.chair)
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    # 15 days from 3 March end on Wednesday 18 March.
    assert "2026-03-18" in deadline_line(page)
    assert "《上海市集体合同条例》第十五条" in page


def test_a_deadline_on_a_statutory_holiday_moves_past_it(client, login, session, table):
    """R26: received 11 September, 20 days end on 1 October (National Day); with the holiday
    calendar loaded the answer is due on the first working day after the holiday."""
    session.add(HolidayYear(year=2026, source="国务院办公厅通知"))
    session.add_all(
        HolidayDay(day=date(2026, 10, d), kind="holiday", name="国庆节") for d in range(1, 8)
    )
    session.add(HolidayDay(day=date(2026, 10, 10), kind="workday", name="国庆节调休"))
    negotiation = table.request()
    negotiation.request_sent_on, negotiation.request_received_on = (
        date(2026, 9, 10),
        date(2026, 9, 11),
    )
    session.commit()
    page = presenters.negotiation_page(
        table.session,
        table.viewer(table.chair),
        negotiation,
        today=date(2026, 9, 12),
        chart_item_id=None,
    )
    assert page.answer_deadline.due_on == date(2026, 10, 8)
    assert page.answer_deadline.missing_years == ()


def test_the_page_names_the_vacancy_period_and_flags_an_open_vacancy(
    client, login, table, monkeypatch
):
    from bargaining import services

    negotiation = table.seated()
    leaving = [
        r
        for r in services.representatives_of(table.session, negotiation, current_only=True)
        if r.side is Side.EMPLOYER
    ][-1]
    services.vacate(
        table.session, table.viewer(table.rep), negotiation, leaving,
        on=date(2026, 3, 20), reason="退休", today=date(2026, 3, 20),
    )  # fmt: skip
    table.session.commit()
    login(table.chair)
    monkeypatch.setattr("bargaining.views.local_today", lambda: date(2026, 4, 7))
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    assert "2026-04-06" in page  # 15 days from Friday 20 March: Saturday 4 April → Monday
    assert "《集体合同规定》第三十一条" in page
    assert 'data-testid="vacancy-overdue"' in page


# --- the reminders' rows, kept in step by the services ------------------------------------------


def rows_of(session, negotiation):
    from reminders.deadlines import deadlines_of

    return {
        (d.kind, d.detail): (d.due_on, d.status.value, d.rule)
        for d in deadlines_of(session, f"negotiation:{negotiation.id}")
    }


def test_the_answer_deadline_is_open_until_the_answer_and_then_done(table):
    negotiation = table.request()
    assert rows_of(table.session, negotiation) == {
        ("answer", ""): (date(2026, 3, 23), "open", "R4")
    }
    from bargaining import services

    services.answer_request(
        table.session, table.viewer(table.rep), negotiation,
        answered_on=date(2026, 3, 10), text="同意协商。", agrees=True, today=TODAY,
    )  # fmt: skip
    assert rows_of(table.session, negotiation)[("answer", "")][1] == "done"


def test_a_vacancy_is_an_open_deadline_until_the_seat_is_filled(table):
    from bargaining import services

    negotiation = table.seated()
    leaving = [
        r
        for r in services.representatives_of(table.session, negotiation, current_only=True)
        if r.side is Side.EMPLOYER
    ][-1]
    services.vacate(
        table.session, table.viewer(table.rep), negotiation, leaving,
        on=TODAY, reason="退休", today=TODAY,
    )  # fmt: skip
    key = ("vacancy_refill", leaving.name)
    assert rows_of(table.session, negotiation)[key] == (date(2026, 4, 6), "open", "R1")
    staying = [
        r
        for r in services.representatives_of(table.session, negotiation, current_only=True)
        if r.side is Side.EMPLOYER
    ]
    rows = [
        services.MemberRow(r.id, r.name, r.affiliation, r.phone, r.is_chief, r.is_expert)
        for r in staying
    ] + [services.MemberRow(None, "新代表", "协会", "13799990000", False, False)]
    services.save_representatives(
        table.session, table.viewer(table.rep), negotiation, Side.EMPLOYER, rows, today=TODAY
    )
    assert rows_of(table.session, negotiation)[key][1] == "done"


def test_ending_a_negotiation_closes_its_open_clocks(table):
    from bargaining import services
    from bargaining.models import NegotiationStatus

    negotiation = table.request()
    services.end_negotiation(
        table.session, table.viewer(table.chair), negotiation, NegotiationStatus.WITHDRAWN,
        on=TODAY, reason="撤回", today=TODAY,
    )  # fmt: skip
    assert rows_of(table.session, negotiation)[("answer", "")][1] == "done"


def _panel(page: str) -> str:
    match = re.search(r'data-testid="record-deadlines">(.*?)</ul>', page, re.S)
    assert match, "no deadlines panel on the page"
    return match.group(1)


def test_the_page_lists_the_negotiations_legal_clocks_as_reminded(
    client, login, table, monkeypatch
):
    """The reminder rows are kept in step by the service itself: the request's answer clock is
    there at once, open, and done once the answer is recorded."""
    negotiation = table.request()
    table.session.commit()
    monkeypatch.setattr("bargaining.views.local_today", lambda: date(2026, 3, 20))
    login(table.chair)
    panel = _panel(text_of(client.get(f"/negotiations/{negotiation.id}")))
    assert "书面回应协商要求" in panel and "2026-03-23" in panel
    assert "依据：R4 · 《集体合同规定》第三十二条" in panel
    assert "3天后到期" in panel

    answered = table.answered(year=2025, title="2025年度海珠区餐饮行业工资集体协商")
    table.session.commit()
    panel = _panel(text_of(client.get(f"/negotiations/{answered.id}")))
    assert "已完成" in panel
