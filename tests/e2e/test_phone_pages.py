"""This round's new pages on a phone-sized screen, as a user sees them: the federation's coverage
requests and a stale edit's comparison fit the screen, and no page breaks the
Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, expect
from sqlmodel import select

from db import session_scope
from organizations.demo import FEDERATION, RESTAURANTS
from organizations.labels import COVERAGE_STATUS_LABELS
from organizations.models import CoverageStatus, Organization
from organizations.rules import credit_code_check_char
from tests.e2e.test_journey import PHONE, log_in, scroll_width

pytestmark = pytest.mark.e2e

# How many lines an element's text takes on the screen.
LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""


def org_id(app: Flask, name: str) -> int:
    with session_scope(app.extensions["database"].engine) as session:
        org = session.exec(select(Organization).where(Organization.name == name)).one()
        assert org.id is not None
        return org.id


@pytest.fixture
def phone(new_page) -> Iterator[tuple[Page, list[str]]]:
    """A phone-sized page and the console's complaints about it (CSP violations among them)."""
    page = new_page(*PHONE)
    complaints: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            complaints.append(message.text)

    page.on("console", listen)
    page.goto("/login")
    yield page, complaints


def test_a_federations_requests_fit_a_phone_and_withdraw(live_app, phone, snap):
    """A request's status, date and withdraw button stay within a phone's screen (they were a
    table whose status column shrank to a character a line and pushed 'withdraw' off screen)."""
    page, complaints = phone
    log_in(page, "fed.chair")
    federation = org_id(live_app, FEDERATION)
    first17 = "91440105MA0E2E001"
    code = first17 + credit_code_check_char(first17)
    page.goto(f"/organizations/{federation}")
    page.locator("input[name=credit_code]").fill(code)
    page.locator("form:has(input[name=credit_code]) button[type=submit]").click()
    requests = page.get_by_test_id("coverage-requests")
    expect(requests).to_contain_text(code)
    snap(page, "phone-coverage-requests")
    withdraw = page.locator(f"form[action*='{code}/withdraw'] button")
    box = withdraw.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE[0], "withdraw is off screen"
    with live_app.test_request_context():
        awaiting = str(COVERAGE_STATUS_LABELS[CoverageStatus.REQUESTED])
    status = requests.get_by_text(awaiting, exact=True)
    assert status.evaluate(LINES) == 1, "the request's status is squeezed"
    assert scroll_width(page) <= PHONE[0]
    withdraw.click()
    expect(page.locator("#covered")).to_be_visible()
    expect(withdraw).to_have_count(0)
    assert complaints == []


def test_a_stale_edit_compares_each_field_on_one_line_on_a_phone(live_app, new_page, phone, snap):
    """The comparison of a stale organisation record names each field on one line (its label
    column shrank to a character a line: 地/址)."""
    page, complaints = phone
    enterprise = org_id(live_app, RESTAURANTS[-1][0])
    first = new_page(*PHONE)
    for browser_page in (first, page):
        browser_page.goto("/login")
        log_in(browser_page, "admin")
        browser_page.goto(f"/organizations/{enterprise}/edit")
        expect(browser_page.locator("input[name=phone]")).to_be_visible()
    first.locator("input[name=phone]").fill("020-88881111")
    first.locator("main form button[type=submit].btn-primary").click()
    expect(first).to_have_url(f"/organizations/{enterprise}")
    page.locator("input[name=phone]").fill("020-88882222")
    page.locator("input[name=address]").fill("广州市海珠区新港西路222号")
    page.locator("main form button[type=submit].btn-primary").click()
    labels = page.locator("[data-stale-edit] th[scope=row]")
    expect(labels.first).to_be_visible()
    snap(page, "phone-stale-edit")
    assert labels.count() >= 1
    for label in labels.all():
        assert label.evaluate(LINES) == 1, f"{label.inner_text()} is squeezed"
    assert complaints == []
