"""The demo negotiation in a real browser: the federation chair reads the offers and the
convergence chart, accepts the association's settlement, and finds the draft standard; the page
fits a phone-sized screen."""

import re

import pytest
from playwright.sync_api import Page, expect

from bargaining.demo import TITLE
from tests.e2e.test_journey import PHONE, log_in, scroll_width

pytestmark = pytest.mark.e2e


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
