"""Each kind of bad input of the issue, through the pages: refused with a 4xx, a message that names
the rule (R-number), the input kept in the form, and nothing saved."""

import html
import re
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from bargaining import rules, services
from bargaining.labels import problem_message
from bargaining.models import (
    BargainingSession,
    Negotiation,
    NegotiationStatus,
    Offer,
    Representative,
    Settlement,
    Side,
)
from tests.bargaining.conftest import TODAY
from tests.two_browsers import version_shown


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def message(app, rule, code, **params) -> str:
    """The refusal in the words the page uses (the request's language)."""
    with app.test_request_context():
        return problem_message(rules.Problem(rule, code, params))


def stored(session) -> tuple:
    session.expire_all()
    return (
        sorted(session.exec(select(Representative.name, Representative.phone)).all()),
        session.exec(select(func.count()).select_from(BargainingSession)).one(),
        sorted(session.exec(select(col(Offer.item_id), col(Offer.value))).all()),
        session.exec(select(Negotiation.status, Negotiation.recorder_phone)).all(),
    )


def members(*people, chiefs=(0,), experts=()):
    """A side's table as posted: (name, phone) per line."""
    form = {}
    for i, (name, phone) in enumerate(people):
        form |= {
            f"rows-{i}-name": name,
            f"rows-{i}-affiliation": "单位 职务",
            f"rows-{i}-phone": phone,
        }
        if i in chiefs:
            form[f"rows-{i}-is_chief"] = "y"
        if i in experts:
            form[f"rows-{i}-is_expert"] = "y"
    return form


UNION = [("何秀英", "13911110000"), ("李明", "13911110001"), ("王芳", "13911110002")]


@pytest.mark.parametrize(
    ("people", "chiefs", "experts", "rule", "code", "params"),
    [
        (UNION[:2], (0,), (), "R1", rules.Code.TOO_FEW, {"count": 2, "minimum": 3}),
        (UNION, (0, 1), (), "R1", rules.Code.TWO_CHIEFS, {"names": "何秀英、李明"}),
        (UNION, (), (), "R1", rules.Code.NO_CHIEF, {}),
        (UNION, (0,), (0,), "R1", rules.Code.EXPERT_CHIEF, {"names": "何秀英"}),
        (
            [*UNION, ("赵强", "13911110003"), ("孙丽", "13911110004")],
            (0,),
            (1, 2),
            "R1",
            rules.Code.TOO_MANY_EXPERTS,
            {"experts": 2, "count": 5},
        ),
    ],
    ids=["two representatives", "two chiefs", "no chief", "expert chief", "2 experts of 5"],
)
def test_a_side_breaking_r1_is_refused_and_kept(
    app, client, login, session, table, people, chiefs, experts, rule, code, params
):
    negotiation = table.answered()
    session.commit()
    before = stored(session)
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/representatives/union"
    sent = members(*people, chiefs=chiefs, experts=experts) | version_shown(client, url)
    response = client.post(url, data=sent)
    assert response.status_code == 400
    page = page_of(response)
    assert message(app, rule, code, **params) in page
    for name, phone in people:
        assert f'value="{name}"' in page and f'value="{phone}"' in page
    assert stored(session) == before


@pytest.mark.parametrize(
    ("people", "experts"),
    [(UNION, (1,)), ([*UNION, *[(f"代表{i}", f"1391111002{i}") for i in range(3)]], (1, 2))],
    ids=["1 expert of 3", "2 experts of 6"],
)
def test_experts_up_to_a_third_are_saved(client, login, session, table, people, experts):
    negotiation = table.answered()
    session.commit()
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/representatives/union"
    sent = members(*people, experts=experts) | version_shown(client, url)
    response = client.post(url, data=sent)
    assert response.status_code == 302
    saved = session.exec(select(Representative).where(Representative.is_expert)).all()
    assert len(saved) == len(experts)


def test_a_person_on_both_sides_is_refused_naming_r2(app, client, login, session, table):
    negotiation = table.answered()
    session.commit()
    login(table.chair)
    union_page = f"/negotiations/{negotiation.id}/representatives/union"
    sent = members(*UNION) | version_shown(client, union_page)
    assert client.post(union_page, data=sent).status_code == 302
    client.post("/logout")
    login(table.rep)
    employer = [("刘建国", "13711110000"), ("陈志强", "13711110001"), ("何秀英", "139 1111 0000")]
    before = stored(session)
    employer_page = f"/negotiations/{negotiation.id}/representatives/employer"
    sent = members(*employer) | version_shown(client, employer_page)
    response = client.post(employer_page, data=sent)
    assert response.status_code == 400
    page = page_of(response)
    assert message(app, "R2", rules.Code.BOTH_SIDES, names="何秀英") in page
    assert 'value="139 1111 0000"' in page
    assert stored(session) == before


def test_a_recorder_who_is_a_representative_is_refused_naming_r3(
    app, client, login, session, table
):
    negotiation = table.answered()
    session.commit()
    login(table.chair)
    union_page = f"/negotiations/{negotiation.id}/representatives/union"
    sent = members(*UNION) | version_shown(client, union_page)
    assert client.post(union_page, data=sent).status_code == 302
    before = stored(session)
    response = client.post(
        f"/negotiations/{negotiation.id}/recorder",
        data={"name": "李明", "phone": "13911110001", "affiliation": "区总工会"},
    )
    assert response.status_code == 400
    page = page_of(response)
    assert message(app, "R3", rules.Code.RECORDER_IS_REPRESENTATIVE, names="李明") in page
    assert 'value="13911110001"' in page and 'value="区总工会"' in page
    assert stored(session) == before


def test_the_recorder_cannot_then_be_named_a_representative(app, client, login, session, table):
    negotiation = table.answered()
    session.commit()
    login(table.chair)
    client.post(
        f"/negotiations/{negotiation.id}/recorder", data={"name": "张敏", "phone": "13500000000"}
    )
    before = stored(session)
    url = f"/negotiations/{negotiation.id}/representatives/union"
    sent = members(*UNION[:2], ("张敏", "135 0000 0000")) | version_shown(client, url)
    response = client.post(url, data=sent)
    assert response.status_code == 400
    assert message(app, "R3", rules.Code.RECORDER_IS_REPRESENTATIVE, names="张敏") in page_of(
        response
    )
    assert stored(session) == before


def session_form(negotiation, session, **overrides):
    reps = session.exec(select(Representative)).all()
    return {
        "held_on": "2026-03-12",
        "place": "区总工会会议室",
        "chair_side": "union",
        "attendee_ids": [str(r.id) for r in reps],
        "agenda": "工资标准",
        "minutes": "双方交换方案。",
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "rule", "code", "params"),
    [
        ({"held_on": "2026-03-02"}, "R4", rules.Code.BEFORE_REQUEST, {"date": "2026-03-03"}),
        ({"held_on": "2026-03-09"}, "R4", rules.Code.BEFORE_ANSWER, {"date": "2026-03-10"}),
        ({"chair_side": "employer"}, "R5", rules.Code.WRONG_CHAIR, {"chair": "union"}),
        ({"suspended": "y", "resume_place": "协会"}, "R6", rules.Code.NO_RESUMPTION, {}),
    ],
    ids=["before the request", "before the answer", "chair out of turn", "suspension, no date"],
)
def test_a_session_breaking_r4_to_r6_is_refused_and_kept(
    app, client, login, session, table, overrides, rule, code, params
):
    negotiation = table.seated()
    session.commit()
    before = stored(session)
    login(table.chair)
    data = session_form(negotiation, session, **overrides)
    response = client.post(f"/negotiations/{negotiation.id}/sessions/new", data=data)
    assert response.status_code == 400
    page = page_of(response)
    assert message(app, rule, code, **params) in page
    assert (
        f'value="{data["held_on"]}"' in page
        and "区总工会会议室" in page
        and "双方交换方案。" in page
    )
    assert stored(session) == before


def checked_chair(page: str) -> str | None:
    match = re.search(r'<input[^>]*name="chair_side"[^>]*>', page)
    radios = re.findall(r'<input[^>]*name="chair_side"[^>]*>', page)
    assert match and len(radios) == 2
    return next((_value(radio) for radio in radios if "checked" in radio), None)


def _value(radio: str) -> str:
    found = re.search(r'value="(\w+)"', radio)
    assert found is not None, radio
    return found.group(1)


@pytest.mark.parametrize(("held", "turn"), [(0, "union"), (1, "employer"), (2, "union")])
def test_the_form_proposes_the_chief_whose_turn_it_is(client, login, session, table, held, turn):
    """R5: the side that asked chairs first (the union side here), then the chiefs alternate."""
    negotiation = table.seated()
    for number in range(held):
        services.record_session(
            session, table.viewer(table.chair), negotiation,
            table.session_data(negotiation, held_on=date(2026, 3, 12 + number)), today=TODAY,
        )  # fmt: skip
    session.commit()
    login(table.rep)
    assert (
        checked_chair(page_of(client.get(f"/negotiations/{negotiation.id}/sessions/new"))) == turn
    )


@pytest.fixture
def in_session(table, session):
    negotiation = table.seated()
    services.record_session(
        session, table.viewer(table.chair), negotiation, table.session_data(negotiation),
        today=TODAY,
    )  # fmt: skip
    session.commit()
    return negotiation


@pytest.mark.parametrize(
    "value", ["-1", "-0.5", "三千六", "3,6OO", "NaN", "Infinity", "１２３４５６７８９０１２３４５"]
)
def test_a_negative_or_non_numeric_offer_is_refused_beside_its_field(
    client, login, session, table, in_session, value
):
    chef, washer, _rise = services.items_of(session, in_session)
    before = stored(session)
    login(table.chair)
    response = client.post(
        f"/negotiations/{in_session.id}/sessions/1/offers/union",
        data={f"item_{chef.id}": value, f"item_{washer.id}": "2800"},
    )
    assert response.status_code == 400
    page = page_of(response)
    assert f'data-field-error="item_{chef.id}"' in page and "R15" in page
    assert f'value="{value}"' in page and 'value="2800"' in page
    assert stored(session) == before


def test_an_offer_for_an_item_not_under_negotiation_is_refused(
    app, client, login, session, table, in_session
):
    """A page left open while the items changed sends a figure for an item no longer covered (or
    one of another negotiation): refused naming R15, the other figures kept, nothing saved."""
    chef = services.items_of(session, in_session)[0]
    other = table.request(year=2027)
    foreign = services.items_of(session, other)[0]
    session.commit()
    before = stored(session)
    login(table.chair)
    response = client.post(
        f"/negotiations/{in_session.id}/sessions/1/offers/union",
        data={f"item_{chef.id}": "3600", f"item_{foreign.id}": "9999"},
    )
    assert response.status_code == 400
    page = page_of(response)
    with app.test_request_context():
        from flask_babel import gettext

        expected = gettext("R15: an offer is for an item under negotiation; this one is not.")
    assert expected in page
    assert 'value="3600"' in page
    assert stored(session) == before


def test_a_blank_figure_for_an_item_no_longer_covered_is_ignored(
    client, login, session, table, in_session
):
    chef = services.items_of(session, in_session)[0]
    login(table.chair)
    url = f"/negotiations/{in_session.id}/sessions/1/offers/union"
    sent = {f"item_{chef.id}": "3600", "item_999999": " "} | version_shown(client, url)
    response = client.post(url, data=sent)
    assert response.status_code == 302
    assert session.exec(select(Offer.value)).all() == [3600]


@pytest.fixture
def failed(table, session):
    negotiation = table.seated()
    services.end_negotiation(
        session, table.viewer(table.rep), negotiation, NegotiationStatus.FAILED,
        on=TODAY, reason="双方分歧过大。", today=TODAY,
    )  # fmt: skip
    session.commit()
    return negotiation


@pytest.mark.parametrize(
    ("who", "path", "data", "kept"),
    [
        ("chair", "sessions/new", None, "区总工会会议室"),
        (
            "rep",
            "answer",
            {"answered_on": "2026-03-20", "agrees": "yes", "text": "同意复谈。"},
            "同意复谈。",
        ),
        (
            "chair",
            "end",
            {"outcome": "withdrawn", "ended_on": "2026-03-20", "reason": "撤回要求"},
            "撤回要求",
        ),
        ("chair", "representatives/union", members(*UNION), "13911110002"),
        ("chair", "recorder", {"name": "新记录员", "phone": "13500009999"}, "新记录员"),
        ("chair", "items", {"rows-0-kind": "annual_rise", "rows-0-unit": "%"}, None),
    ],
    ids=["a session", "an answer", "another ending", "representatives", "recorder", "items"],
)
def test_a_failed_negotiation_cannot_be_reopened(
    app, client, login, session, table, failed, who, path, data, kept
):
    """R4: failure is final; bargaining again starts with a new written request."""
    before = stored(session)
    login(getattr(table, who))
    if data is None:
        data = session_form(failed, session, held_on="2026-03-20")
    response = client.post(f"/negotiations/{failed.id}/{path}", data=data)
    assert response.status_code == 400
    page = page_of(response)
    assert message(app, "R4", rules.Code.CLOSED, status="failed") in page
    if kept:
        assert kept in page
    assert stored(session) == before
    session.expire_all()
    assert session.get(Negotiation, failed.id).status is NegotiationStatus.FAILED


def test_a_failed_negotiation_offers_no_way_to_change_it(client, login, session, table, failed):
    login(table.chair)
    page = page_of(client.get(f"/negotiations/{failed.id}"))
    for action in ("/sessions/new", "/end", "/recorder", "/representatives/union", "/items"):
        assert f"/negotiations/{failed.id}{action}" not in page


def test_sides_of_unequal_numbers_cannot_meet_naming_r1(app, client, login, session, table):
    """R1: 4 against 3 keeps the sides from meeting; the form says so and refuses the session."""
    negotiation = table.answered()
    for side, user, count in ((Side.UNION, table.chair, 4), (Side.EMPLOYER, table.rep, 3)):
        services.save_representatives(
            session, table.viewer(user), negotiation, side, table.members(side, count),
            today=TODAY,
        )  # fmt: skip
    services.name_recorder(
        session, table.viewer(table.chair), negotiation, name="记录员", phone="13500000000",
        affiliation="",
    )  # fmt: skip
    session.commit()
    expected = message(app, "R1", rules.Code.UNEQUAL, union=4, employer=3)
    login(table.chair)
    form_page = page_of(client.get(f"/negotiations/{negotiation.id}/sessions/new"))
    assert expected in form_page
    before = stored(session)
    response = client.post(
        f"/negotiations/{negotiation.id}/sessions/new", data=session_form(negotiation, session)
    )
    assert response.status_code == 400
    assert expected in page_of(response) and "区总工会会议室" in page_of(response)
    assert stored(session) == before


def test_a_settlement_below_the_minimum_wage_is_refused_naming_r14(
    client, login, session, table, in_session
):
    """R14: the dishwasher's 2400 a month is below Guangzhou's 2500; nothing is proposed."""
    chef, washer, rise = services.items_of(session, in_session)
    login(table.chair)
    data = {
        f"item_{chef.id}": "3400", f"item_{washer.id}": "2400", f"item_{rise.id}": "8",
        "effective_from": "2026-05-01", "effective_to": "2027-04-30",
    }  # fmt: skip
    response = client.post(f"/negotiations/{in_session.id}/settlement", data=data)
    assert response.status_code == 400
    page = page_of(response)
    # The refusal itself, at the top of the form ("R14" and the item's name are on it anyway).
    assert re.findall(r"data-form-error>(.*?)</div>", page, re.S) == [
        "R14：月工资标准 · 餐具清洗员 为 2,400.00 元/月，"
        "比 2025-03-01 起执行的月最低工资标准 2,500.00 元/月低 100.00 元（4.00 %）。"
    ]
    assert 'value="2400"' in page and 'value="2027-04-30"' in page
    assert session.exec(select(func.count()).select_from(Settlement)).one() == 0
