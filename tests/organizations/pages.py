"""Reading a rendered page the way a user sees it: field errors, kept input, links, visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def within(self, other: Element) -> bool:
        node = self.parent
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.body_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.open[-1] if self.open else None
        element = Element(tag, {k: v or "" for k, v in attrs}, parent)
        self.elements.append(element)
        if tag not in VOID_TAGS:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.parts.append(data)
        if not any(e.tag in ("script", "style", "title") for e in self.open):
            self.body_parts.append(data)


class Page:
    """A parsed HTML response."""

    def __init__(self, html: str) -> None:
        parser = _Parser()
        parser.feed(html)
        parser.close()
        self.html = html
        self.elements = parser.elements
        self.text = " ".join("".join(parser.body_parts).split())

    def find_all(self, tag: str | None = None, **attrs: str | None) -> list[Element]:
        """Elements with these attributes (data_field_error → data-field-error); None: present."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and all(k in e.attrs and (v is None or e.attrs[k] == v) for k, v in wanted.items())
        ]

    def find(self, tag: str | None = None, **attrs: str | None) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def field_error(self, name: str) -> str | None:
        """The error shown beside a form field, or None when there is none."""
        element = self.find("div", data_field_error=name)
        return element.text if element is not None else None

    def field_errors(self) -> dict[str, str]:
        return {e.attrs["data-field-error"]: e.text for e in self.find_all(data_field_error=None)}

    def form_error(self) -> str | None:
        element = self.find(data_form_error=None)
        return element.text if element is not None else None

    def value(self, name: str) -> str | None:
        """What a form control named `name` holds: an input's value, a select's chosen option."""
        control = self.find(name=name)
        if control is None:
            return None
        if control.tag == "select":
            options = [o for o in self.find_all("option") if o.within(control)]
            chosen = [o for o in options if "selected" in o.attrs]
            return chosen[0].attrs.get("value", chosen[0].text) if chosen else None
        if control.tag == "textarea":
            return "".join(control.parts)
        return control.attrs.get("value")

    def links(self) -> list[str]:
        return [a.attrs["href"] for a in self.find_all("a", href=None)]

    def link_texts(self) -> list[str]:
        return [a.text for a in self.find_all("a", href=None)]

    def alerts(self) -> list[str]:
        return [e.text for e in self.find_all(role="alert")]
