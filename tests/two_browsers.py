"""Helpers for tests of two people at once: a second logged-in browser, a form's hidden fields,
and what a stale edit page shows (the values side by side, the message at the top)."""

import html
import re

import lxml.html
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD


def browser(app: Flask, user) -> FlaskClient:
    """Another browser, with `user` logged in through the login form."""
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def hidden(response, name: str) -> str:
    """The value of a form's hidden field on the page."""
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    found = tree.xpath(f'//input[@name="{name}"]/@value')
    assert found, f"no field {name} on the page"
    return str(found[0])


def form_message(response) -> str:
    found = re.search(r"data-form-error>(.*?)</div>", page_of(response), re.S)
    assert found is not None, "no message at the top of the form"
    return found.group(1).strip()


def differences(response) -> dict[str, tuple[str, str]]:
    """A stale form's comparison: each differing field's label → (yours, stored now)."""
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    rows = tree.xpath("//*[@data-stale-edit]//tr[@data-difference]")
    return {
        row.xpath("string(th)").strip(): (
            row.xpath("string(td[@data-theirs])").strip(),
            row.xpath("string(td[@data-stored])").strip(),
        )
        for row in rows
    }


def form_fields(response) -> dict[str, str]:
    """What a browser would send for the page's form as shown: its inputs' values (checked
    boxes only), textareas and selected options."""
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    forms = tree.xpath("//main//form[@method='post'] | //form[@novalidate]")
    form = max(forms, key=lambda f: len(f.form_values()))  # the page's form, not the menu's
    return {name: value for name, value in form.form_values() if name != "save_over"}


def version_shown(client: FlaskClient, url: str) -> dict[str, str]:
    """The version an edit page's form is based on, as a browser that opened the page sends it
    (nothing when its form names none)."""
    tree = lxml.html.fromstring(client.get(url).get_data(as_text=True))
    found = tree.xpath('//input[@name="based_on"]/@value')
    return {"based_on": str(found[0])} if found else {}
