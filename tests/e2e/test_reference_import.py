"""An administrator imports minimum wages from a workbook in a real browser, on a phone-sized
screen: a workbook with a bad row is refused with the row named beside the file field and the
page still fits the screen; the corrected workbook is imported and the figures are listed."""

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = (375, 812)


def workbook(monthly: object) -> dict[str, object]:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["地区", "档次", "月最低工资（元）", "执行日期"])
    sheet.append(["440600", "二类", 2280, "2031-03-01"])
    sheet.append(["广东省佛山市", "二类", monthly, "2032-03-01"])
    out = io.BytesIO()
    book.save(out)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return {"name": "最低工资.xlsx", "mimeType": mime, "buffer": out.getvalue()}


def test_an_administrator_imports_minimum_wages_on_a_phone(new_page, snap):
    page = new_page(*PHONE)
    page.goto("/login")
    page.locator("input[name=username]").fill("admin")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))

    page.goto("/reference/minimum-wages")
    page.locator("a[href='/reference/minimum-wages/import']").click()
    expect(page.get_by_test_id("accepted-columns")).to_be_visible()

    page.locator("input[name=workbook]").set_input_files(workbook("两千"))
    page.locator("main form button[type=submit]").click()
    error = page.locator("[data-field-error=workbook]")
    expect(error).to_contain_text("第 3 行")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    snap(page, "refused")

    page.locator("input[name=workbook]").set_input_files(workbook(2400))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/reference/minimum-wages$"))
    expect(page.locator("main")).to_contain_text("2,400.00")
    snap(page, "imported")
