"""A federation chair imports the sector standard on a phone-sized screen: a workbook below the
minimum wage is refused item by item, the corrected one is read by job category with its chart
and the minimum wage it answers to, and entered figures are judged item by item in words."""

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = (375, 812)
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows: list[tuple[object, ...]]) -> dict[str, object]:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["岗位工种", "项目", "数值", "单位"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return {"name": "标准.xlsx", "mimeType": MIME, "buffer": out.getvalue()}


def test_a_federation_imports_and_reads_its_standard_on_a_phone(new_page, snap):
    page = new_page(*PHONE)
    page.goto("/login")
    page.locator("input[name=username]").fill("fed.chair")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))

    page.goto("/standards/new")
    page.locator("input[name=title]").fill("海珠区餐饮行业岗位工资标准（测试）")
    page.locator("input[name=effective_from]").fill("2030-01-01")
    page.locator("input[name=effective_to]").fill("2030-12-31")
    below = [("厨师长", "月工资标准", 3600, "元/月"), ("洗碗工", "月工资标准", 2300, "元/月")]
    page.locator("input[name=workbook]").set_input_files(workbook(below))
    page.locator("main form button[type=submit]").click()
    error = page.locator("[data-field-error=workbook]")
    expect(error).to_contain_text("洗碗工")  # R14: named with its gap
    expect(error).to_contain_text("200.00")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    snap(page, "below-minimum")

    good = [
        ("厨师长", "月工资标准", 3600, "元/月"),
        ("洗碗工", "月工资标准", 2600, "元/月"),
        ("帮厨", "工时工价", 16, "元/小时"),
        ("", "年增长幅度", 8, "%"),
    ]
    page.locator("input[name=workbook]").set_input_files(workbook(good))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/standards/\d+$"))
    expect(page.get_by_test_id("standard-table")).to_contain_text("3,600.00")
    chart = page.locator("img[src$='/pay-floors.png']")
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_attribute("alt", re.compile("2"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    # the hour rate is held to the monthly minimum ÷ 174 (2,500 ÷ 174 = 14.37), and says so
    expect(page.get_by_test_id("minimum-assumption")).to_contain_text("14.37")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    snap(page, "standard")

    page.locator("a[href$='/compare']").first.click()
    page.locator("main form[method=post] input.form-control").first.fill("3500")
    page.locator("main form[method=post] button[type=submit]").click()
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("-100.00")
    verdict = comparison.locator("tbody tr").first.locator(".badge")
    box = verdict.bounding_box()  # the verdict in words, beside its item, on a phone
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    snap(page, "compared")
