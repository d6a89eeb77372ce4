"""Helpers for the account tests: read a page the way a user sees it, and say what it should say."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale, gettext

from accounts.models import Role

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [*self.text_parts]
        for child in self.children:
            parts.append(child.text)
        return " ".join(" ".join(parts).split())

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text_parts.append(data)


class Page:
    """A rendered page, asked the questions a user (or a screen reader) would ask of it."""

    def __init__(self, html: str) -> None:
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
        self.root = builder.root

    def find_all(self, tag: str | None = None, **attrs: Any) -> list[Element]:
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            el
            for el in self.root.walk()
            if (tag is None or el.tag == tag)
            and all(
                (name in el.attrs) if value is True else el.attrs.get(name) == value
                for name, value in wanted.items()
            )
        ]

    def find(self, tag: str | None = None, **attrs: Any) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def html_lang(self) -> str | None:
        html = self.find("html")
        return html.attrs.get("lang") if html else None

    def field_error(self, name: str) -> str | None:
        """The message shown beside the field `name`, or None when it shows none."""
        element = self.find(data_field_error=name)
        return element.text if element else None

    def field_errors(self) -> dict[str, str]:
        return {
            el.attrs["data-field-error"] or "": el.text
            for el in self.find_all(data_field_error=True)
        }

    def form_error(self) -> str | None:
        element = self.find(data_form_error=True)
        return element.text if element else None

    def input_value(self, name: str) -> str | None:
        element = self.find("input", name=name)
        assert element is not None, f"no input named {name!r}"
        return element.attrs.get("value")

    def selected(self, name: str) -> str | None:
        select = self.find("select", name=name)
        assert select is not None, f"no select named {name!r}"
        for option in select.walk():
            if option.tag == "option" and "selected" in option.attrs:
                return option.attrs.get("value")
        return None

    def checked(self, name: str) -> bool:
        element = self.find("input", name=name)
        assert element is not None, f"no input named {name!r}"
        return "checked" in element.attrs

    def by_testid(self, testid: str) -> Element | None:
        return self.find(data_testid=testid)


@pytest.fixture
def page() -> Callable[[Any], Page]:
    """page(response) -> Page."""
    return lambda response: Page(response.get_data(as_text=True))


@pytest.fixture
def shown(app: Flask) -> Callable[..., str]:
    """shown(msgid, **values): the text a user of the default language (zh_CN) reads for msgid.

    Where the catalogue has no translation for msgid (or is not compiled) this is the English
    text; once it is translated and compiled it is the Chinese one, and the assertions follow."""

    def _shown(msgid: str, **values: Any) -> str:
        with app.test_request_context(), force_locale("zh_CN"):
            return gettext(msgid, **values)

    return _shown


@pytest.fixture
def make_admin(make_user: Callable[..., Any]) -> Callable[..., Any]:
    return lambda **overrides: make_user(Role.ADMIN, **overrides)
