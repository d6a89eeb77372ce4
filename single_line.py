"""What one line of text may not hold (control characters, line and paragraph separators), and
folding any text into one such line."""

from __future__ import annotations

import re

# C0 (tab, CR and LF included), DEL, C1 (NEL included), and the Unicode line and paragraph
# separators: none belongs in a name, a title or an e-mail header.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def one_line(text: str) -> str:
    """The text on one line: each control character becomes a space, runs of spaces one space."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
