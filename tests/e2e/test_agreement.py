"""The demo agreement in a real browser: the federation chair reads version 3 with its comments,
compares it with version 1 (the figure change stated in words), and saves an edit; two people
edit one figure at once and the second resolves the conflict; the comparison fits a phone."""

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


def test_two_people_edit_one_figure_and_the_second_resolves_the_conflict(new_page, snap):
    """The association's representative and the federation chair both open the editor; the
    representative saves first. The chair's save merges the change elsewhere, shows the figure
    both changed side by side with the article it is in, keeps what the chair typed, and saves
    the chair's choice."""
    chair, rep = new_page(), new_page()
    for page, user in ((chair, "fed.chair"), (rep, "assoc.rep")):
        page.goto("/login")
        log_in(page, user)
        open_agreement(page)
        page.goto(page.url.rsplit("/versions/", 1)[0] + "/edit")
    chef = re.compile(r"厨师长(\d+)元")
    rep_text = rep.locator("textarea[name=text]")
    figure = int(chef.search(rep_text.input_value()).group(1))
    rep_text.fill(chef.sub(f"厨师长{figure - 50}元", rep_text.input_value(), count=1))
    rep.locator("main form button[type=submit]").click()
    expect(rep.locator(".alert-success")).to_be_visible()
    chair_text = chair.locator("textarea[name=text]")
    typed = chef.sub(f"厨师长{figure + 100}元", chair_text.input_value(), count=1)
    typed = typed.replace("双方应当共同监督", "双方应当共同认真监督")
    chair_text.fill(typed)
    chair.locator("main form button[type=submit]").click()
    conflict = chair.get_by_test_id("conflict")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("第四条")
    expect(conflict).to_contain_text(str(figure - 50))
    expect(conflict).to_contain_text(str(figure + 100))
    assert chair.locator("textarea[name=mine]").input_value() == typed.replace("\r\n", "\n")
    snap(chair, "conflict")
    chair.locator("input[name=choice_0][value=theirs]").check()
    chair.locator("main form button[type=submit]").click()
    expect(chair).to_have_url(re.compile(r"/versions/\d+$"))
    main = chair.locator("main")
    expect(main).to_contain_text(f"厨师长{figure - 50}元")  # their figure, as chosen
    expect(main).to_contain_text("双方应当共同认真监督")  # my change elsewhere, merged
    snap(chair, "resolved")
