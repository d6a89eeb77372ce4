"""R8 through the editing pages: once a version is signed, the edit, resolve and import forms are
shown again with the message and what was typed (409), nothing saved; and each request locks the
agreement at most once, a page that only shows a form not at all."""

import io
import re

import pytest

from contracts import editing, services
from contracts.wordfiles import WageLabels, write_docx
from db import utcnow
from tests.contracts.conftest import count_versions, v1_of


def text_of(response):
    return response.get_data(as_text=True)


def form_error(page: str) -> str:
    match = re.search(r"data-form-error>([^<]*)<", page)
    return match.group(1) if match else ""


@pytest.fixture
def signed(session, table, agreement):
    """Version 2 (the other side's) is signed; version 1 is what the user began from."""
    v1 = v1_of(session, agreement)
    v2 = editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=1,
        text=v1.text.replace("3400元", "3300元"), note="",
    ).version  # fmt: skip
    v2.signed_at = utcnow()
    session.commit()
    return v1


def test_a_form_opened_on_a_signed_text_is_a_409(client, login, table, agreement, signed):
    login(table.chair)
    assert client.get(f"/agreements/{agreement.id}/edit").status_code == 409
    assert client.get(f"/agreements/{agreement.id}/import").status_code == 409


def test_an_edit_sent_after_the_signature_keeps_what_was_typed(
    client, login, session, table, agreement, signed
):
    login(table.chair)
    mine = signed.text.replace("一式三份", "一式四份")
    response = client.post(
        f"/agreements/{agreement.id}/edit",
        data={"base_number": "1", "text": mine, "note": "我方修改"},
    )
    assert response.status_code == 409
    page = text_of(response)
    assert "R8" in form_error(page) and "第 2 版已签字" in form_error(page)
    assert "一式四份" in page and 'value="我方修改"' in page
    assert count_versions(session, agreement) == 2


def test_a_resolution_sent_after_the_signature_keeps_what_was_typed(
    client, login, session, table, agreement, signed
):
    login(table.chair)
    mine = signed.text.replace("3400元", "3600元")
    response = client.post(
        f"/agreements/{agreement.id}/resolve",
        data={"base_number": "1", "theirs_number": "2", "mine": mine, "choice_0": "own",
              "own_0": "厨师长3500元", "note": "折中"},
    )  # fmt: skip
    assert response.status_code == 409
    page = text_of(response)
    assert "R8" in form_error(page)
    assert "厨师长3500元" in page and "3600元" in page and 'value="折中"' in page
    assert count_versions(session, agreement) == 2


def test_an_import_sent_after_the_signature_keeps_the_note(
    client, login, session, table, agreement, signed
):
    login(table.chair)
    draft = write_docx("草案", signed.text.replace("一式三份", "一式五份"), [], WageLabels())
    response = client.post(
        f"/agreements/{agreement.id}/import",
        data={"base_number": "1", "document": (io.BytesIO(draft), "草案.docx"), "note": "企业方稿"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 409
    page = text_of(response)
    assert "R8" in form_error(page) and 'value="企业方稿"' in page
    assert count_versions(session, agreement) == 2


@pytest.fixture
def locks(monkeypatch):
    """The agreements each request locked, by id."""
    taken: list[int] = []
    real = services.lock

    def counting(session, agreement):
        taken.append(agreement.id)
        real(session, agreement)

    monkeypatch.setattr(services, "lock", counting)
    return taken


def test_a_form_page_takes_no_lock_and_a_save_takes_one(
    client, login, session, table, agreement, locks
):
    login(table.chair)
    v1 = v1_of(session, agreement)
    assert client.get(f"/agreements/{agreement.id}/edit").status_code == 200
    assert client.get(f"/agreements/{agreement.id}/import").status_code == 200
    assert locks == []
    mine = v1.text.replace("一式三份", "一式四份")
    response = client.post(
        f"/agreements/{agreement.id}/edit", data={"base_number": "1", "text": mine}
    )
    assert response.status_code == 302
    assert locks == [agreement.id]


def test_a_resolution_locks_once(client, login, session, table, agreement, locks):
    v1 = v1_of(session, agreement)
    editing.save_edit(
        session, table.viewer(table.rep), agreement, base_number=1,
        text=v1.text.replace("3400元", "3300元"), note="",
    )  # fmt: skip
    session.commit()
    locks.clear()
    login(table.chair)
    response = client.post(
        f"/agreements/{agreement.id}/resolve",
        data={"base_number": "1", "theirs_number": "2",
              "mine": v1.text.replace("3400元", "3600元"), "choice_0": "mine"},
    )  # fmt: skip
    assert response.status_code == 302
    assert locks == [agreement.id]
