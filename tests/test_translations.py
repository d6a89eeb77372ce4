"""Every user-visible string is in the catalogues and translated into Simplified Chinese."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
SKIP_DIRS = {".venv", "tests", "bench", "migrations", "node_modules"}


def _source_strings() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}

    def keep(dirname: str) -> bool:
        return not any(part in SKIP_DIRS or part.startswith(".") for part in Path(dirname).parts)

    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords, directory_filter=keep
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue() -> dict[str, str]:
    with ZH.open("rb") as handle:
        return {
            m.id: m.string
            for m in read_po(handle)
            if m.id and isinstance(m.id, str) and isinstance(m.string, str)
        }


def test_every_source_string_is_translated_into_chinese():
    catalogue = _catalogue()
    missing = sorted(s for s in _source_strings() if not catalogue.get(s))
    assert missing == [], "run `make catalogues` and translate: " + "; ".join(missing)


def test_translations_keep_their_placeholders():
    for source, translated in _catalogue().items():
        assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(translated)), source
