"""Words a screen reader or a tooltip gives are translated too: no template writes English into an
attribute that people hear or see (aria-label, title, placeholder, alt)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SPOKEN = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"{]*[A-Za-z]{3,}[^"{]*)"')
NOT_WORDS = {"SHA-256"}  # a name that reads the same in every language


def test_no_template_writes_english_into_a_spoken_attribute():
    found = [
        f"{path.relative_to(TEMPLATES)}: {name}={value!r}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for name, value in SPOKEN.findall(path.read_text(encoding="utf-8"))
        if value not in NOT_WORDS
    ]
    assert found == []  # was aria-label="breadcrumb" in nine templates
