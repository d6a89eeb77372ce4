"""The demo agreement in a real browser: the federation chair reads version 3 with its comments,
compares it with version 1 (the figure change stated in words), and saves an edit; the
comparison fits a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journey import PHONE, log_in, scroll_width

pytestmark = pytest.mark.e2e


def open_agreement(page: Page) -> None:
    page.goto("/agreements")
    page.locator("table a").first.click()
    expect(page).to_have_url(re.compile(r"/agreements/\d+/versions/\d+$"))


def test_the_chair_compares_versions_and_saves_an_edit(new_page, snap):
    page = new_page()
    page.goto("/login")
    log_in(page)
    open_agreement(page)
    expect(page.locator("#article-第四条")).to_contain_text("测算依据")  # the open comment
    snap(page, "version")
    page.goto(page.url.rsplit("/versions/", 1)[0] + "/compare?old=1&new=3")
    expect(page.get_by_test_id("summary-list")).to_contain_text("3700 → 3750 元（+1.4%）")
    expect(page.get_by_test_id("wage-changes")).to_contain_text("3,750.00")
    snap(page, "compare")
    page.goto(page.url.split("/compare")[0] + "/edit")
    text = page.locator("textarea[name=text]")
    text.fill(text.input_value().replace("一式四份", "一式五份"))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/versions/4$"))
    expect(page.locator("main")).to_contain_text("一式五份")


def test_the_side_by_side_comparison_fits_a_phone(new_page, snap):
    page = new_page(*PHONE)
    page.goto("/login")
    log_in(page, "assoc.rep")
    open_agreement(page)
    page.goto(page.url.rsplit("/versions/", 1)[0] + "/compare?old=1&new=3&view=side")
    expect(page.get_by_test_id("diff-side")).to_be_visible()
    assert scroll_width(page) <= PHONE[0]
    snap(page, "compare-phone")
