"""The federation chair's visit in a real browser: log in, see the federation, switch to English
and back, log out; and the home page on a phone-sized screen.

The assertions avoid words whose Chinese translation may still change: the organisation's name,
the html lang attribute, the language buttons, and English words only once English is chosen.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from organizations.demo import FEDERATION

pytestmark = pytest.mark.e2e

PHONE = (375, 812)


def log_in(page: Page, username: str = "fed.chair") -> None:
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()


def scroll_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_federation_chair_logs_in_switches_language_and_logs_out(new_page, snap):
    page = new_page()
    html = page.locator("html")
    home_org = page.get_by_test_id("home-org")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login(\?|$)"))
    expect(html).to_have_attribute("lang", "zh-CN")
    snap(page, "login")

    log_in(page)
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    expect(home_org).to_have_text(FEDERATION)
    expect(html).to_have_attribute("lang", "zh-CN")
    snap(page, "home-chinese")

    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    expect(home_org).to_have_text(FEDERATION)
    expect(page).to_have_title(re.compile("Sector Wage Bargaining"))
    expect(page.get_by_test_id("lang-en")).to_have_count(0)
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    snap(page, "home-english-menu")
    page.keyboard.press("Escape")

    page.get_by_test_id("lang-zh_CN").click()
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(home_org).to_have_text(FEDERATION)
    expect(page.get_by_test_id("lang-zh_CN")).to_have_count(0)
    expect(page.get_by_test_id("lang-en")).to_be_visible()
    snap(page, "home-chinese-again")

    page.get_by_test_id("user-menu").click()
    log_out = page.locator("form[action$='/logout'] button[type=submit]")
    expect(log_out).to_be_visible()
    log_out.click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    snap(page, "logged-out")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?"))


def test_login_and_home_pages_fit_a_phone_screen(new_page, snap):
    width, height = PHONE
    page = new_page(width, height)

    page.goto("/login")
    expect(page.locator("input[name=password]")).to_be_visible()
    snap(page, "phone-login")
    assert scroll_width(page) <= width

    log_in(page)
    expect(page.get_by_test_id("home-org")).to_have_text(FEDERATION)
    snap(page, "phone-home")
    assert scroll_width(page) <= width, "the home page scrolls sideways on a phone"
