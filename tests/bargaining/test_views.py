"""The bargaining pages through the client: a negotiation from the written request to the
agreed values, as each side's people see and do it, and what others may not see."""

import io
import re
from datetime import date

import pytest
from docx import Document
from sqlmodel import select

from bargaining.models import Negotiation, NegotiationStatus, Offer, Representative, Side
from standards.models import SectorStandard, StandardItem, StandardStatus
from tests.two_browsers import version_shown


def text_of(response):
    return response.get_data(as_text=True)


def test_a_negotiation_from_request_to_agreed_values(client, login, session, table):
    # The federation asks to bargain, in writing.
    login(table.chair)
    response = client.post(
        "/negotiations/new",
        data={
            "counterpart_id": table.association.id,
            "topic": "special_wage",
            "year": "2026",
            "title": "2026年度海珠区餐饮行业工资集体协商",
            "request_sent_on": "2026-03-02",
            "request_received_on": "2026-03-03",
            "request_text": "现提出开展工资集体协商的要求。",
        },
    )
    assert response.status_code == 302
    negotiation = session.exec(select(Negotiation)).one()
    base = f"/negotiations/{negotiation.id}"
    assert response.headers["Location"].endswith(f"{base}/items")
    items = {
        f"rows-{i}-{key}": value
        for i, row in enumerate(
            [("monthly_pay_floor", "厨师长", "元/月"), ("monthly_pay_floor", "餐具清洗员", "元/月"),
             ("annual_rise", "", "%")]
        )
        for key, value in zip(("kind", "job_category", "unit"), row, strict=True)
    }  # fmt: skip
    assert "年增长幅度用 %。" in text_of(client.get(f"{base}/items"))
    items |= version_shown(client, f"{base}/items")
    assert client.post(f"{base}/items", data=items).status_code == 302
    page = text_of(client.get(base))
    # 20 days from 3 March: 23 March, a Monday.
    assert "2026-03-23" in page, page[page.find("<main") :][:3000]
    client.post("/logout")

    # The association answers within the period, and both sides name their people.
    login(table.rep)
    response = client.post(
        f"{base}/answer",
        data={"answered_on": "2026-03-10", "agrees": "yes", "text": "同意于三月开展协商。"},
    )
    assert response.status_code == 302
    employer = {
        f"rows-{i}-{k}": v
        for i, (name, phone) in enumerate([("刘建国", "13711110000"), ("陈志强", "13711110001"),
                                           ("黄丽", "13711110002")])
        for k, v in {"name": name, "affiliation": "协会", "phone": phone}.items()
    } | {"rows-0-is_chief": "y"}  # fmt: skip
    employer |= version_shown(client, f"{base}/representatives/employer")
    assert client.post(f"{base}/representatives/employer", data=employer).status_code == 302
    client.post("/logout")
    login(table.chair)
    union = {
        f"rows-{i}-{k}": v
        for i, (name, phone) in enumerate([("何秀英", "13911110000"), ("李明", "13911110001"),
                                           ("王芳", "13911110002")])
        for k, v in {"name": name, "affiliation": "工会", "phone": phone}.items()
    } | {"rows-0-is_chief": "y"}  # fmt: skip
    union |= version_shown(client, f"{base}/representatives/union")
    assert client.post(f"{base}/representatives/union", data=union).status_code == 302
    assert (
        client.post(
            f"{base}/recorder",
            data={"name": "张敏", "phone": "13500000000", "affiliation": "区总工会"},
        ).status_code
        == 302
    )
    # R3: the recorder is named jointly: the sides cannot meet until the association agrees.
    assert 'data-testid="recorder-waiting"' in text_of(client.get(base))
    assert f"{base}/recorder/agree" not in text_of(client.get(base))  # named by this side
    client.post("/logout")
    login(table.rep)
    assert f"{base}/recorder/agree" in text_of(client.get(base))
    assert client.post(f"{base}/recorder/agree").status_code == 302
    assert 'data-testid="recorder-waiting"' not in text_of(client.get(base))
    client.post("/logout")
    login(table.chair)

    # Session 1, chaired by the union side's chief (it asked to bargain); the offers converge.
    form_page = text_of(client.get(f"{base}/sessions/new"))
    assert re.search(r'checked[^>]*value="union"|value="union"[^>]*checked', form_page), form_page[
        form_page.find("chair_side") :
    ][:800]
    reps = session.exec(select(Representative)).all()
    session_form = {
        "held_on": "2026-03-12",
        "place": "海珠区总工会三楼会议室",
        "chair_side": "union",
        "attendee_ids": [str(r.id) for r in reps],
        "agenda": "2026年工资标准",
        "minutes": "双方交换报价。",
    }
    response = client.post(f"{base}/sessions/new", data=session_form)
    assert response.status_code == 302, text_of(response)[:2000]
    item_ids = [i for (i,) in session.exec(select(StandardItem.id)).all()]  # none yet
    assert item_ids == []
    from bargaining.models import NegotiationItem

    chef, washer, rise = session.exec(
        select(NegotiationItem).order_by(NegotiationItem.position)
    ).all()
    offers = {f"item_{chef.id}": "3600", f"item_{washer.id}": "2800", f"item_{rise.id}": "10"}
    offers |= version_shown(client, f"{base}/sessions/1/offers/union")
    assert client.post(f"{base}/sessions/1/offers/union", data=offers).status_code == 302
    # The union side may not enter the employer side's offers.
    assert client.post(f"{base}/sessions/1/offers/employer", data=offers).status_code == 403
    client.post("/logout")
    login(table.rep)
    offers = {f"item_{chef.id}": "3200", f"item_{washer.id}": "2550", f"item_{rise.id}": "6"}
    offers |= version_shown(client, f"{base}/sessions/1/offers/employer")
    assert client.post(f"{base}/sessions/1/offers/employer", data=offers).status_code == 302
    page = text_of(client.get(base))
    assert "−400.00" in page and "(−11.1%)" in page  # the chef: 3200 − 3600, of 3600

    # The employer side proposes the values; the union side accepts them.
    proposal = {
        f"item_{chef.id}": "3400", f"item_{washer.id}": "2650", f"item_{rise.id}": "8",
        "effective_from": "2026-05-01", "effective_to": "2027-04-30",
    }  # fmt: skip
    assert client.post(f"{base}/settlement", data=proposal).status_code == 302
    client.post("/logout")
    login(table.chair)
    settlement_id = re.search(r"/settlement/(\d+)/accept", text_of(client.get(base))).group(1)
    response = client.post(f"{base}/settlement/{settlement_id}/accept")
    assert response.status_code == 302
    session.refresh(negotiation)
    assert negotiation.status is NegotiationStatus.AGREED
    standard = session.get(SectorStandard, negotiation.standard_id)
    assert standard.status is StandardStatus.DRAFT
    values = session.exec(
        select(StandardItem.job_category, StandardItem.value).where(
            StandardItem.standard_id == standard.id
        )
    ).all()
    assert sorted((c, float(v)) for c, v in values) == [
        ("", 8.0),
        ("厨师长", 3400.0),
        ("餐具清洗员", 2650.0),
    ]
    page = text_of(client.get(base))
    outcome = re.search(r'<div class="alert alert-success" role="status">(.*?)</div>', page, re.S)
    assert outcome is not None, "no outcome on the page"
    assert outcome.group(1).split()[:3] == ["已达成一致", "·", negotiation.ended_on.isoformat()]
    assert f'href="/standards/{standard.id}"' in outcome.group(1)  # the draft it made


def test_the_letters_are_word_documents_of_the_recorded_text(client, login, table):
    negotiation = table.answered()
    table.session.commit()
    login(table.chair)
    response = client.get(f"/negotiations/{negotiation.id}/request.docx")
    assert response.status_code == 200
    assert response.headers["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "广州市海珠区餐饮行业协会：" in text and "现提出开展工资集体协商的要求" in text
    assert "《集体合同规定》第三十二条" in text and "20日内" in text
    assert text.rstrip().endswith("广州市海珠区餐饮行业工会联合会\n2026年3月2日")
    # The items under negotiation, as recorded, in a table.
    [items] = document.tables
    rows = [[cell.text for cell in row.cells] for row in items.rows]
    assert any("厨师长" in cell for row in rows for cell in row)
    assert any("餐具清洗员" in cell for row in rows for cell in row)
    answer = Document(io.BytesIO(client.get(f"/negotiations/{negotiation.id}/answer.docx").data))
    answer_text = "\n".join(p.text for p in answer.paragraphs)
    assert "已于2026年3月3日收悉" in answer_text and "同意协商。" in answer_text
    assert "（即2026年3月23日前）" in answer_text  # answered on 10 March, within the period


def test_the_answer_period_is_a_setting_of_the_areas_profile(client, login, session, table):
    """National: 20 days from 3 March (23 March). An administrator's setting of 15 days for the
    national profile moves it to 18 March; the page names the rule it comes from."""
    from reminders.models import PeriodSetting

    negotiation = table.request()
    table.session.commit()
    login(table.chair)
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    assert "2026-03-23" in page and "第三十二条" in page
    session.add(PeriodSetting(profile_code="national", kind="answer", length=15, unit="days"))
    session.commit()
    assert "2026-03-18" in text_of(client.get(f"/negotiations/{negotiation.id}"))


@pytest.mark.parametrize("who", ["bureau", "stranger"])
def test_others_see_nothing_of_a_negotiation(client, login, table, who):
    negotiation = table.request()
    table.session.commit()
    login(getattr(table, who))
    for path in (
        "",
        "/request.docx",
        "/items",
        "/answer",
        "/representatives/union",
        "/sessions/new",
    ):
        assert client.get(f"/negotiations/{negotiation.id}{path}").status_code == 404, path
    listing = client.get("/negotiations")
    assert listing.status_code == 200 and "2026年度海珠区" not in text_of(listing)
    client.post("/logout")
    login(table.chair)  # where the party finds it, by the same words
    assert "2026年度海珠区" in text_of(client.get("/negotiations"))


def test_an_anonymous_visitor_is_sent_to_log_in(client, table):
    negotiation = table.request()
    table.session.commit()
    response = client.get(f"/negotiations/{negotiation.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_side_with_two_representatives_is_refused_with_the_rule_and_kept(
    client, login, session, table
):
    negotiation = table.answered()
    table.session.commit()
    login(table.chair)
    form = {
        "rows-0-name": "何秀英", "rows-0-affiliation": "工会", "rows-0-phone": "13911110000",
        "rows-0-is_chief": "y",
        "rows-1-name": "李明", "rows-1-affiliation": "工会", "rows-1-phone": "13911110001",
    }  # fmt: skip
    url = f"/negotiations/{negotiation.id}/representatives/union"
    response = client.post(url, data=form | version_shown(client, url))
    assert response.status_code == 400
    page = text_of(response)
    assert "R1" in page and "李明" in page  # the rule named, the input kept
    assert session.exec(select(Representative)).first() is None


def test_a_session_dated_before_the_request_is_refused(client, login, session, table):
    negotiation = table.seated()
    table.session.commit()
    login(table.chair)
    reps = session.exec(select(Representative)).all()
    response = client.post(
        f"/negotiations/{negotiation.id}/sessions/new",
        data={
            "held_on": "2026-03-01",
            "place": "会议室",
            "chair_side": "union",
            "attendee_ids": [str(r.id) for r in reps],
            "agenda": "工资",
        },
    )
    assert response.status_code == 400
    assert "R4" in text_of(response) and "2026-03-03" in text_of(response)


def test_an_offer_that_is_not_a_number_is_refused_beside_its_field(client, login, session, table):
    from bargaining import services

    negotiation = table.seated()
    services.record_session(
        session, table.viewer(table.chair), negotiation, table.session_data(negotiation),
        today=date(2026, 3, 20),
    )  # fmt: skip
    session.commit()
    chef = services.items_of(session, negotiation)[0]
    login(table.chair)
    response = client.post(
        f"/negotiations/{negotiation.id}/sessions/1/offers/union",
        data={f"item_{chef.id}": "三千六"},
    )
    assert response.status_code == 400
    assert 'value="三千六"' in text_of(response)
    assert session.exec(select(Offer)).first() is None


def test_escaped_user_text(client, login, table):
    negotiation = table.request(request_text="<script>alert(1)</script>")
    table.session.commit()
    login(table.chair)
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_convergence_chart_is_served(client, login, session, table):
    from bargaining import services

    negotiation = table.seated()
    record = services.record_session(
        session, table.viewer(table.chair), negotiation, table.session_data(negotiation),
        today=date(2026, 3, 20),
    )  # fmt: skip
    chef = services.items_of(session, negotiation)[0]
    services.save_offers(
        session, table.viewer(table.chair), negotiation, record, Side.UNION, {chef.id: "3600"}
    )
    services.save_offers(
        session, table.viewer(table.rep), negotiation, record, Side.EMPLOYER, {chef.id: "3200"}
    )
    session.commit()
    login(table.chair)
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    assert f"/negotiations/{negotiation.id}/items/{chef.id}/chart.png" in page
    response = client.get(f"/negotiations/{negotiation.id}/items/{chef.id}/chart.png")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")
    assert (
        client.get(f"/negotiations/{negotiation.id}/items/{chef.id}/chart.svg").status_code == 200
    )
    # A phone gets the narrow drawing, whose words stay legible at its width.
    narrow = f"/negotiations/{negotiation.id}/items/{chef.id}/chart.png?width=narrow"
    assert f'media="(max-width: 575.98px)" srcset="{narrow}"' in page
    wide_png = response.data
    narrow_png = client.get(narrow).data
    assert narrow_png.startswith(b"\x89PNG")
    width_of = lambda png: int.from_bytes(png[16:20], "big")  # noqa: E731
    assert width_of(narrow_png) < width_of(wide_png) * 0.6


def test_after_a_suspension_the_session_form_starts_from_the_agreed_resumption(
    client, login, session, table, monkeypatch
):
    """R6: the sides agreed when, where and on what to resume; the next session's form says so."""
    from bargaining import services

    negotiation = table.seated()
    services.record_session(
        session, table.viewer(table.chair), negotiation,
        table.session_data(
            negotiation, suspended=True, resume_on=date(2026, 3, 19),
            resume_place="行业协会二楼会议室", resume_topics="餐具清洗员工资标准",
        ),
        today=date(2026, 3, 20),
    )  # fmt: skip
    session.commit()
    monkeypatch.setattr("bargaining.table_views.local_today", lambda: date(2026, 3, 20))
    login(table.rep)
    page = text_of(client.get(f"/negotiations/{negotiation.id}/sessions/new"))
    assert 'value="2026-03-19"' in page
    assert 'value="行业协会二楼会议室"' in page
    assert "餐具清洗员工资标准</textarea>" in page


def test_only_the_side_that_asked_is_offered_the_withdrawal(client, login, session, table):
    negotiation = table.answered()  # the federation asked
    session.commit()
    login(table.rep)
    page = text_of(client.get(f"/negotiations/{negotiation.id}/end"))
    assert 'value="failed"' in page and 'value="withdrawn"' not in page
    response = client.post(
        f"/negotiations/{negotiation.id}/end",
        data={"outcome": "withdrawn", "ended_on": "2026-03-20", "reason": "协会撤回要求"},
    )
    assert response.status_code == 400
    page = text_of(response)
    refusal = re.search(r'data-field-error="outcome">(.*?)</div>', page, re.S)
    assert refusal is not None and refusal.group(1).strip()  # beside the choice refused
    assert "协会撤回要求</textarea>" in page  # the reason kept
    session.refresh(negotiation)
    assert negotiation.status is NegotiationStatus.ANSWERED
    client.post("/logout")
    login(table.chair)
    assert 'value="withdrawn"' in text_of(client.get(f"/negotiations/{negotiation.id}/end"))


def test_before_the_first_session_the_page_lists_the_items(client, login, table):
    negotiation = table.request()
    table.session.commit()
    login(table.chair)
    page = text_of(client.get(f"/negotiations/{negotiation.id}"))
    assert 'data-testid="items-under-negotiation"' in page and "餐具清洗员" in page
    assert 'data-testid="offer-table"' not in page
