"""Two people of one side on the same form: the later save of a form based on offers someone
else has saved since is not written; it shows both values and who saved first (409), and the
person then keeps the stored values or saves theirs over them. A create form sent twice makes
one row, and the second answer leads to what the first made."""

from sqlmodel import func, select

from accounts.models import Role
from bargaining.models import Offer, Settlement, Side
from tests.bargaining.helpers import in_session, items
from tests.two_browsers import browser, differences, form_message, hidden, page_of


def offers_at(session, record) -> dict[int, str]:
    session.expire_all()
    rows = session.exec(
        select(Offer).where(Offer.session_id == record.id, Offer.side == Side.UNION)
    )
    return {o.item_id: f"{o.value.normalize():f}" for o in rows}


def test_a_stale_offers_form_shows_both_values_and_who_saved_first(
    app, client, login, session, table, make_user
):
    negotiation, record = in_session(table)
    chef, washer, _rise = items(table, negotiation)
    colleague = make_user(Role.FEDERATION_STAFF, table.federation, display_name="王晓红")
    session.commit()
    url = f"/negotiations/{negotiation.id}/sessions/1/offers/union"
    first, second = browser(app, colleague), login(table.chair)
    first_form, second_form = first.get(url), second.get(url)
    base = hidden(first_form, "based_on")
    assert hidden(second_form, "based_on") == base

    saved = first.post(url, data={"based_on": base, f"item_{chef.id}": "3600"})
    assert saved.status_code == 302
    stale = second.post(
        url, data={"based_on": base, f"item_{chef.id}": "3500", f"item_{washer.id}": "2600"}
    )

    assert stale.status_code == 409
    assert "王晓红" in form_message(stale)
    assert differences(stale) == {
        "月工资标准 · 厨师长": ("3500", "3600"),
        "月工资标准 · 餐具清洗员": ("2600", "—"),
    }
    assert 'value="3500"' in page_of(stale)  # the input is kept
    assert offers_at(session, record) == {chef.id: "3600"}  # the first's value stands

    # Keeping the stored values: the form shown again has them.
    assert 'value="3600"' in page_of(second.get(url))
    # Saving theirs over them: the page is now based on the stored version.
    again = second.post(
        url,
        data={
            "based_on": hidden(stale, "based_on"),
            f"item_{chef.id}": "3500",
            f"item_{washer.id}": "2600",
        },
    )
    assert again.status_code == 302
    assert offers_at(session, record) == {chef.id: "3500", washer.id: "2600"}
    # And the first person's page, based on their own save, is stale in its turn.
    late = first.post(url, data={"based_on": base, f"item_{chef.id}": "3700"})
    assert late.status_code == 409
    assert offers_at(session, record) == {chef.id: "3500", washer.id: "2600"}


# --- a create form sent twice --------------------------------------------------------------


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_request_form_sent_twice_opens_one_negotiation(client, login, session, table):
    from bargaining.models import Negotiation

    login(table.chair)
    token = hidden(client.get("/negotiations/new"), "form_token")
    data = {
        "form_token": token,
        "counterpart_id": table.association.id,
        "topic": "special_wage",
        "year": 2026,
        "title": "2026年度海珠区餐饮行业工资集体协商",
        "request_sent_on": "2026-03-02",
        "request_received_on": "2026-03-03",
        "request_text": "现提出开展工资集体协商的要求。",
    }
    before = count(session, Negotiation)
    first = client.post("/negotiations/new", data=data)
    second = client.post("/negotiations/new", data=data)
    assert first.status_code == second.status_code == 302
    assert count(session, Negotiation) == before + 1
    assert second.headers["Location"] == first.headers["Location"]
    shown = client.get(second.headers["Location"])
    assert "此表单提交了两次，只在第一次保存了一份。" in page_of(shown)


def test_a_session_form_sent_twice_records_one_session(client, login, session, table):
    from bargaining.models import BargainingSession, Representative

    negotiation = table.seated()
    session.commit()
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/sessions/new"
    data = {
        "form_token": hidden(client.get(url), "form_token"),
        "held_on": "2026-03-12",
        "place": "海珠区总工会三楼会议室",
        "chair_side": "union",
        "attendee_ids": [str(r.id) for r in session.exec(select(Representative)).all()],
        "agenda": "2026年工资标准",
        "minutes": "双方交换报价。",
    }
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 302
    assert count(session, BargainingSession) == 1
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Location"].endswith(f"/negotiations/{negotiation.id}/sessions/1")


def test_a_settlement_form_sent_twice_makes_one_proposal(client, login, session, table):
    negotiation, _record = in_session(table)
    chef, washer, rise = items(table, negotiation)
    session.commit()
    login(table.chair)
    url = f"/negotiations/{negotiation.id}/settlement"
    data = {
        "form_token": hidden(client.get(url), "form_token"),
        f"item_{chef.id}": "3400",
        f"item_{washer.id}": "2650",
        f"item_{rise.id}": "8",
        "effective_from": "2026-05-01",
        "effective_to": "2027-04-30",
    }
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 302
    assert count(session, Settlement) == 1  # a second would have replaced the first
    assert second.headers["Location"].endswith(f"/negotiations/{negotiation.id}#settlement")


def test_a_stale_representatives_form_shows_both_lists(
    app, client, login, session, table, make_user
):
    from tests.two_browsers import form_fields

    negotiation = table.seated()
    colleague = make_user(Role.FEDERATION_STAFF, table.federation, display_name="王晓红")
    session.commit()
    url = f"/negotiations/{negotiation.id}/representatives/union"
    first, second = browser(app, colleague), login(table.chair)
    first_data, second_data = form_fields(first.get(url)), form_fields(second.get(url))
    assert first.post(url, data=first_data | {"rows-1-phone": "13911112222"}).status_code == 302

    stale = second.post(url, data=second_data | {"rows-2-affiliation": "工会 副主席"})
    assert stale.status_code == 409
    assert "王晓红" in form_message(stale)
    assert differences(stale) == {
        "union1": ("union1 · 单位 职务 · 13900000001", "union1 · 单位 职务 · 13911112222"),
        "union2": ("union2 · 工会 副主席 · 13900000002", "union2 · 单位 职务 · 13900000002"),
    }
    stored = {r.name: (r.affiliation, r.phone) for r in current_union(session, negotiation)}
    assert stored["union1"] == ("单位 职务", "13911112222")
    assert stored["union2"] == ("单位 职务", "13900000002")

    again = second.post(url, data=form_fields(stale))  # "save mine over them"
    assert again.status_code == 302
    stored = {r.name: (r.affiliation, r.phone) for r in current_union(session, negotiation)}
    assert stored["union1"] == ("单位 职务", "13900000001")  # theirs, knowingly
    assert stored["union2"] == ("工会 副主席", "13900000002")


def current_union(session, negotiation):
    from bargaining import services

    session.expire_all()
    reps = services.representatives_of(session, negotiation, current_only=True)
    return [r for r in reps if r.side is Side.UNION]


def test_a_stale_items_form_shows_both_lists(app, client, login, session, table, make_user):
    from tests.two_browsers import form_fields

    negotiation = table.request()
    colleague = make_user(Role.FEDERATION_STAFF, table.federation, display_name="王晓红")
    session.commit()
    url = f"/negotiations/{negotiation.id}/items"
    first, second = browser(app, colleague), login(table.chair)
    first_data, second_data = form_fields(first.get(url)), form_fields(second.get(url))
    quota = {"rows-3-kind": "labour_quota", "rows-3-job_category": "餐具清洗员"}
    saved = first.post(url, data=first_data | quota | {"rows-3-unit": "件/小时"})
    assert saved.status_code == 302

    dropped = second_data | {"rows-2-kind": "", "rows-2-job_category": "", "rows-2-unit": ""}
    stale = second.post(url, data=dropped)
    assert stale.status_code == 409
    assert "王晓红" in form_message(stale)
    # Theirs drops the annual rise; the stored list has it, and the quota the first one added.
    assert differences(stale) == {
        "年增长幅度": ("—", "%"),
        "劳动定额 · 餐具清洗员": ("—", "件/小时"),
    }
    assert item_kinds(session, negotiation) == [
        "annual_rise",
        "labour_quota",
        "monthly_pay_floor",
        "monthly_pay_floor",
    ]

    assert second.post(url, data=form_fields(stale)).status_code == 302
    assert item_kinds(session, negotiation) == ["monthly_pay_floor", "monthly_pay_floor"]


def item_kinds(session, negotiation) -> list[str]:
    from bargaining import services

    session.expire_all()
    return sorted(i.kind.value for i in services.items_of(session, negotiation))
