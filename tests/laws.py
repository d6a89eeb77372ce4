"""The real statute texts the tests read: the repository's copy, so a fresh clone has them."""

from pathlib import Path

LAWS = Path(__file__).resolve().parent / "data" / "laws"
