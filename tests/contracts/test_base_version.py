"""A forged or missing base version in the edit and resolve forms: the edit form again with a
clear message about the version it began from and the text kept, never "第 None 版", a bare
error page or a save based on a version nobody chose."""

import re

import pytest
from sqlmodel import func, select

from contracts import services
from contracts.forms import unknown_base
from contracts.models import AgreementVersion

FORGED = ["x", "", "²", "0", "2", "99", "99999999999999999999", "１", None]


def count_versions(session) -> int:
    return session.exec(select(func.count()).select_from(AgreementVersion)).one()


def top_error(page: str) -> str:
    match = re.search(r"data-form-error>([^<]*)<", page)
    return match.group(1) if match else ""


def expected(app, newest: int) -> str:
    with app.test_request_context():
        return str(unknown_base(newest))


@pytest.fixture
def sent_text(session, agreement) -> str:
    return services.version(session, agreement, 1).text.replace("一式三份", "一式五份")


@pytest.mark.parametrize("base", FORGED)
def test_an_edit_without_a_known_base_version_says_so_and_keeps_the_text(
    app, client, login, session, table, agreement, sent_text, base
):
    login(table.chair)
    data = {"text": sent_text, "note": "改份数"}
    if base is not None:
        data["base_number"] = base
    response = client.post(f"/agreements/{agreement.id}/edit", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert top_error(page) == expected(app, 1)
    assert top_error(page).startswith("此表单没有写明是从哪一版开始修改的")
    assert "None" not in page
    assert "您正在修改第 1 版" in page  # sent again, it begins from the newest version
    assert re.search(r'name="base_number" type="hidden" value="1"', page)
    assert "一式五份" in page and 'value="改份数"' in page
    assert count_versions(session) == 1


@pytest.mark.parametrize("number", FORGED)
def test_a_resolution_without_known_versions_is_the_edit_form_with_the_text_kept(
    app, client, login, session, table, agreement, sent_text, number
):
    login(table.chair)
    data = {"mine": sent_text, "note": "改份数", "theirs_number": "1"}
    if number is not None:
        data["base_number"] = number
    response = client.post(f"/agreements/{agreement.id}/resolve", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert top_error(page) == expected(app, 1)
    assert "None" not in page
    assert f'action="/agreements/{agreement.id}/resolve"' not in page  # the edit form
    assert "一式五份" in page and 'value="改份数"' in page
    assert count_versions(session) == 1


def test_the_edit_from_a_known_version_still_saves(
    client, login, session, table, agreement, sent_text
):
    login(table.chair)
    data = {"base_number": "1", "text": sent_text}
    response = client.post(f"/agreements/{agreement.id}/edit", data=data)
    assert response.status_code == 302
    assert count_versions(session) == 2
