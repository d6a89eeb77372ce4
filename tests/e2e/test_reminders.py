"""Reminders in a real browser: the demo's open vacancy (R1, 15 days to refill) is reminded by
the scheduler; the federation chair sees the badge, finds the deadline with its rule and
article, reads the reminder, and the badge goes; the pages fit a phone."""

import re

import pytest
from playwright.sync_api import expect

from reminders import scheduler
from tests.e2e.test_journey import PHONE, log_in, scroll_width

pytestmark = pytest.mark.e2e


def test_the_chair_is_reminded_of_an_open_vacancy_and_reads_it(live_app, new_page, snap):
    done = scheduler.tick(live_app)  # what `flask reminders run` does every minute
    assert done.recorded > 0

    page = new_page()
    page.goto("/login")
    log_in(page)
    badge = page.get_by_test_id("reminder-badge")
    expect(badge).to_be_visible()
    unread = int(badge.inner_text())
    assert unread >= 1

    page.goto("/deadlines")
    upcoming = page.get_by_test_id("deadlines-upcoming")
    expect(upcoming).to_contain_text("补足协商代表空缺")
    expect(upcoming).to_contain_text("《集体合同规定》第三十一条")
    snap(page, "deadlines")

    page.goto("/inbox")
    reminders = page.get_by_test_id("reminder")
    expect(reminders.first).to_contain_text("补足协商代表空缺")
    snap(page, "inbox")
    page.get_by_role("button", name=re.compile("全部标为已读")).click()
    expect(page.get_by_test_id("reminder-badge")).to_have_count(0)

    # The negotiation's own page lists the same clock.
    reminders.first.get_by_role("link").click()
    expect(page.get_by_test_id("record-deadlines")).to_contain_text("补足协商代表空缺")


@pytest.mark.parametrize("path", ["/deadlines", "/inbox", "/settings/reminders"])
def test_the_reminder_pages_fit_a_phone(new_page, snap, path):
    page = new_page(*PHONE)
    page.goto("/login")
    log_in(page)
    page.goto(path)
    assert scroll_width(page) <= PHONE[0]
    snap(page, path.strip("/").replace("/", "-"))
