"""The history pages of a negotiation and an agreement, the administrator's audit trail, and
refused writes recorded although their request rolls back."""

import re

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from accounts.models import Role
from audit.models import AuditEntry, AuditRowImmutable


def _zh(client):
    client.post("/language", data={"lang": "zh_CN", "next": "/"})
    return client


def test_the_negotiation_history_shows_each_move_in_chinese(client, login, table):
    negotiation = table.answered()
    table.session.commit()
    page = _zh(login(table.chair)).get(f"/negotiations/{negotiation.id}/history")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<h1 class="h3 mb-3">历史记录' in body
    assert "状态：已提出要求，等待书面回应 → 已回应，待开始协商" in body
    assert table.rep.display_name in body  # who answered


def test_the_negotiation_history_is_404_to_an_outsider_and_asks_a_visitor_to_log_in(
    client, login, table
):
    negotiation = table.request()
    table.session.commit()
    assert client.get(f"/negotiations/{negotiation.id}/history").status_code == 302
    response = login(table.stranger).get(f"/negotiations/{negotiation.id}/history")
    assert response.status_code == 404


def test_the_agreement_history_shows_the_version_and_its_download(client, login, table, agreement):
    browser = _zh(login(table.rep))
    assert browser.get(f"/agreements/{agreement.id}/versions/1.docx").status_code == 200
    body = browser.get(f"/agreements/{agreement.id}/history").get_data(as_text=True)
    assert "保存了第 1 版" in body
    actions = table.session.exec(
        select(AuditEntry.action)
        .where(AuditEntry.subject_type == "agreement", AuditEntry.subject_id == agreement.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["agreement_created", "agreement_version_saved", "agreement_exported"]
    assert ".docx" in body


def test_an_outsider_cannot_read_an_agreement_history(client, login, table, agreement):
    assert login(table.stranger).get(f"/agreements/{agreement.id}/history").status_code == 404


def test_a_refused_write_is_recorded_although_the_request_rolls_back(client, login, table):
    negotiation = table.request()
    table.session.commit()
    response = login(table.stranger).post(
        f"/negotiations/{negotiation.id}/end",
        data={"outcome": "withdrawn", "ended_on": "2026-03-05", "reason": "接管"},
    )
    assert response.status_code == 404
    row = table.session.exec(select(AuditEntry).where(AuditEntry.action == "write_refused")).one()
    assert (row.subject_type, row.subject_id) == ("negotiation", negotiation.id)
    assert row.actor_id == table.stranger.id
    assert f"/negotiations/{negotiation.id}/end" in row.details["what"]
    table.session.refresh(negotiation)
    assert negotiation.status.value == "requested"  # nothing of the refused request stands


def test_the_administrator_filters_the_trail(client, login, table, make_user):
    table.answered()  # the association's representative answers: a status change
    table.session.commit()
    browser = _zh(login(table.admin))
    browser.post(f"/admin/users/{table.stranger.id}/active", data={})  # the admin's own row

    def rows(**query):
        page = browser.get("/admin/audit", query_string=query).get_data(as_text=True)
        return page.split('data-testid="history"')[1] if 'data-testid="history"' in page else ""

    everything = rows()
    assert table.rep.display_name in everything and table.admin.display_name in everything
    by_person = rows(person=table.rep.username)
    assert table.rep.display_name in by_person and "停用了账号" not in by_person
    by_action = rows(action="account_disabled")
    assert "停用了账号" in by_action and "状态：" not in by_action
    by_organisation = rows(organization=table.association.name[-6:])
    assert "状态：" in by_organisation and "停用了账号" not in by_organisation
    assert rows(since="2099-01-01") == ""
    assert "尚无记录。" in browser.get("/admin/audit?since=2099-01-01").get_data(as_text=True)


def test_a_backwards_date_range_is_a_400_with_the_message_beside_the_field(client, login, table):
    response = login(table.admin).get(
        "/admin/audit", query_string={"since": "2026-05-01", "until": "2026-04-01"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field-error="until"' in page
    assert 'data-testid="history"' not in page  # no rows the filter did not ask for


def test_only_an_administrator_reads_the_whole_trail(client, login, table):
    assert login(table.chair).get("/admin/audit").status_code == 403


def test_account_changes_are_recorded(client, login, table, make_user):
    user = make_user(Role.UNION_CHAIR)
    table.session.commit()
    login(table.admin).post(f"/admin/users/{user.id}/active", data={})
    actions = table.session.exec(
        select(AuditEntry.action).where(
            AuditEntry.subject_type == "user", AuditEntry.subject_id == user.id
        )
    ).all()
    assert actions == ["account_disabled"]


def test_audit_rows_cannot_be_changed_through_the_orm(table, session):
    table.answered()  # its answer is recorded
    session.flush()
    row = session.exec(select(AuditEntry)).first()
    row.reason = "rewritten"
    with pytest.raises(AuditRowImmutable):
        session.flush()
    session.rollback()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entry SET reason = 'x'", "DELETE FROM audit_entry"]
)
def test_audit_rows_cannot_be_changed_even_in_plain_sql(table, session, statement):
    table.answered()  # its answer is recorded
    session.flush()
    with pytest.raises(DatabaseError, match="append-only"), session.begin_nested():
        session.execute(text(statement))


@pytest.mark.parametrize(
    "dates",
    [
        {"until": "9999-12-31"},
        {"since": "0001-01-01"},
        {"since": "0001-01-01", "until": "9999-12-31"},
    ],
)
def test_dates_at_the_ends_of_the_calendar_bound_nothing(client, login, table, dates):
    """A range from the first day there is, or to the last, is every row (not a 500)."""
    table.answered()
    table.session.commit()
    response = _zh(login(table.admin)).get("/admin/audit", query_string=dates)
    assert response.status_code == 200
    assert "状态：已提出要求，等待书面回应 → 已回应，待开始协商" in response.get_data(as_text=True)


def test_a_role_change_reads_in_the_readers_language(client, login, table, make_user):
    """The administrator who changed the role read Chinese; a reader in English sees the role in
    English (the row keeps the role's code, not the words of whoever acted)."""
    from accounts import services as accounts

    user = make_user(Role.FEDERATION_STAFF, table.federation)
    accounts.update_user(
        table.session,
        user,
        display_name=user.display_name,
        email=None,
        role=Role.FEDERATION_CHAIR,
        actor=table.admin,
    )
    table.session.commit()
    browser = login(table.admin)
    browser.post("/language", data={"lang": "en", "next": "/"})
    english = browser.get("/admin/audit", query_string={"action": "account_changed"})
    assert "Changed the account (role: Federation chair)" in english.get_data(as_text=True)
    chinese = _zh(browser).get("/admin/audit", query_string={"action": "account_changed"})
    rows = chinese.get_data(as_text=True).split('data-testid="history"')[1]
    assert "修改了账号（角色：联合会主席）" in rows


def test_every_record_a_refusal_names_is_called_by_its_words(app):
    from accounts.refusals import SUBJECT_OF_ARGUMENT
    from audit import trail

    with app.test_request_context():
        for subject_type in SUBJECT_OF_ARGUMENT.values():
            assert trail.subject_label(subject_type) != subject_type


def test_a_refused_change_of_an_organisation_names_its_record_in_chinese(client, login, table):
    response = login(table.stranger).post(
        f"/organizations/{table.association.id}/edit", data={"name": "被改掉的协会"}
    )
    assert response.status_code in (403, 404)
    client.post("/logout")
    page = _zh(login(table.admin)).get("/admin/audit", query_string={"action": "write_refused"})
    rows = page.get_data(as_text=True).split('data-testid="history"')[1]
    assert f"组织记录 {table.association.id}" in rows
    assert "organization" not in rows.replace(f"/organizations/{table.association.id}", "")


def test_the_action_filter_names_each_action_once_without_placeholders(client, login, table):
    """The filter lists actions, not rows: a figure only a row knows reads '…' (was
    '创建了账号 %(login)s' and '保存了第 %(number)s 版（与第 %(merged_with)s 版合并）')."""
    page = _zh(login(table.admin)).get("/admin/audit")
    options = page.get_data(as_text=True).split('name="action"')[1].split("</select>")[0]
    assert "%(" not in options
    assert "创建了账号 …" in options and "保存了第 … 版（与第 … 版合并）" in options
    # Each option names one action: three kinds of download all read '下载了 …'.
    names = re.findall(r"<option[^>]*>([^<]*)</option>", options)
    assert len(names) == len(set(names)), names
    assert "下载了集体合同文本" in names and "下载了行业标准" in names
