"""Pure organisation rules: the unified social credit code, region codes, federation names (R18)."""

from __future__ import annotations

import re
from collections.abc import Sequence

# GB 32100-2015: 31 characters (no I, O, S, V, Z); the 18th is a check character over the first 17.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17 of a unified social credit code."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * weight
        for ch, weight in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(raw: str) -> str:
    return raw.strip().upper().replace(" ", "")


def credit_code_problem(code: str) -> str | None:
    """None when valid; otherwise which part is wrong: 'length', 'characters' or 'check'."""
    if len(code) != 18:
        return "length"
    if not _CREDIT_CODE_SHAPE.match(code):
        return "characters"
    if credit_code_check_char(code[:17]) != code[17]:
        return "check"
    return None


def region_ancestors(code: str) -> list[str]:
    """A GB/T 2260 code and the codes of the divisions above it, most specific first."""
    chain = [code]
    if code[4:] != "00":
        chain.append(code[:4] + "00")
    if code[2:4] != "00":
        chain.append(code[:2] + "0000")
    return list(dict.fromkeys(chain))


def region_prefix(code: str) -> str:
    """The start every code inside this area shares: 44 for a province, 4401 for a city."""
    if code[2:] == "0000":
        return code[:2]
    if code[4:] == "00":
        return code[:4]
    return code


def region_contains(outer: str, inner: str) -> bool:
    return outer in region_ancestors(inner)


FEDERATION_SUFFIX = "工会联合会"


def area_names(division_names: Sequence[str]) -> list[str]:
    """The ways an area's name may be written, from its divisions' names outermost first:
    广东省, 广州市, 海珠区 → 广东省广州市海珠区, 广州市海珠区, 海珠区."""
    return ["".join(division_names[i:]) for i in range(len(division_names))]


def federation_name_problem(name: str, area: str | Sequence[str]) -> str | None:
    """R18: «administrative area» + «region or sector» + 工会联合会. None when it fits.
    `area` is the area's name, or every way it may be written (see `area_names`)."""
    if not name.endswith(FEDERATION_SUFFIX):
        return "suffix"
    written = [area] if isinstance(area, str) else list(area)
    prefix = max((a for a in written if a and name.startswith(a)), key=len, default=None)
    if prefix is None:
        return "area"
    middle = name[len(prefix) : -len(FEDERATION_SUFFIX)]
    if not middle.strip():
        return "sector"
    return None


def name_grams(text: str) -> set[str]:
    """The two-character pieces of a name, case-folded: what the name index stores and a search
    looks up. Chinese has no spaces between words, so substrings are the unit of search."""
    folded = "".join(text.split()).casefold()
    if len(folded) < 2:
        return {folded} if folded else set()
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


CREDIT_CODE_QUERY = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{4,18}$")


def looks_like_credit_code(query: str) -> bool:
    """Four or more characters of the credit-code alphabet: the start of a code, not a name."""
    return bool(CREDIT_CODE_QUERY.match(normalise_credit_code(query)))


def coverage_problem(
    federation_region: str,
    federation_sector: str | None,
    enterprise_region: str,
    enterprise_sector: str | None,
) -> str | None:
    """A federation covers the enterprises of its area and, for a sector federation, of its
    sector (a regional federation, with no sector, covers every sector of its area).
    None when the enterprise fits; else 'area' or 'sector'."""
    if not region_contains(federation_region, enterprise_region):
        return "area"
    if federation_sector and enterprise_sector != federation_sector:
        return "sector"
    return None
