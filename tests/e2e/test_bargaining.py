"""The demo negotiation in a real browser: the federation chair reads the offers and the
convergence chart, accepts the association's settlement, and finds the draft standard; the page
fits a phone-sized screen.

These tests serve a demo world of their own: accepting the settlement ends the negotiation, and
with it the clock of its open vacancy, which the reminder tests read in the shared one."""

import re
import threading
from collections.abc import Iterator

import pytest
from alembic import command
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from app import create_app
from bargaining.demo import TITLE
from db import alembic_config, session_scope
from demo import seed_demo
from tests.e2e.conftest import _QuietHandler
from tests.e2e.test_journey import PHONE, log_in, scroll_width

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-bargaining') / 'demo.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e", "SESSION_COOKIE_SECURE": False})
    engine = app.extensions["database"].engine
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with session_scope(engine) as session:
        seed_demo(session)
    yield app
    engine.dispose()


@pytest.fixture(scope="module")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def open_negotiation(page: Page) -> None:
    page.goto("/negotiations")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator("h1")).to_contain_text(TITLE)


def test_the_chair_accepts_the_converged_values(new_page, snap):
    page = new_page()
    page.goto("/login")
    log_in(page)
    open_negotiation(page)
    table = page.get_by_test_id("offer-table")
    expect(table).to_contain_text("3,900.00")  # the head chef's floor both sides reached
    # A federation representative has left since the last session: the seat's refill deadline.
    expect(page.get_by_test_id("vacancy")).to_contain_text("苏丽萍")
    expect(page.get_by_test_id("record-deadlines")).to_contain_text("补足协商代表空缺")
    chart = page.locator("#offers img")
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_attribute("alt", re.compile("厨师长"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    snap(page, "negotiation")

    page.locator("#settlement form button[type=submit]").click()
    link = page.locator("a[href^='/standards/']").first
    expect(link).to_be_visible()
    snap(page, "agreed")
    link.click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.get_by_test_id("standard-table")).to_contain_text("2,580.00")


def test_the_negotiation_fits_a_phone(new_page, snap):
    page = new_page(*PHONE)
    page.goto("/login")
    log_in(page, "assoc.rep")
    open_negotiation(page)
    assert scroll_width(page) <= PHONE[0]
    # The phone gets the narrow chart, drawn at about its width, so the text is not shrunk away.
    chart = page.locator("#offers img")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert "width=narrow" in chart.evaluate("img => img.currentSrc")
    assert chart.evaluate("img => img.naturalWidth") <= 2 * PHONE[0]
    snap(page, "phone")
