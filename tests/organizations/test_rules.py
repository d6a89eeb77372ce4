"""Pure organisation rules: the GB 32100-2015 credit code, region codes, federation names (R18)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from organizations.rules import (
    CREDIT_CODE_ALPHABET,
    area_names,
    credit_code_check_char,
    credit_code_problem,
    federation_name_problem,
    normalise_credit_code,
    region_ancestors,
    region_contains,
)

# Published on real business licences.
REAL_CODES = ["91350100M000100Y43", "91440300708461136T", "914403001922038216"]
FORBIDDEN_LETTERS = "IOSVZ"
# Where letters may stand: registration authority and type (1–2), the body (9–17), the check (18).
LETTER_POSITIONS = [0, 1, *range(8, 18)]


# --- the unified social credit code ----------------------------------------------------------


def test_the_alphabet_is_the_31_characters_of_the_standard():
    assert len(CREDIT_CODE_ALPHABET) == 31
    assert set(CREDIT_CODE_ALPHABET) == set("0123456789ABCDEFGHJKLMNPQRTUWXY")
    assert not set(FORBIDDEN_LETTERS) & set(CREDIT_CODE_ALPHABET)


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_published_codes_are_valid(code):
    assert credit_code_problem(code) is None
    assert credit_code_check_char(code[:17]) == code[17]


def test_a_check_character_that_would_be_31_is_0():
    # The 17th character can make the weighted sum any residue (its weight 28 is prime to 31),
    # so exactly one choice sums to a multiple of 31; the standard writes its check as 0, not 31.
    first17 = next(
        f"9144030019220382{c}"
        for c in CREDIT_CODE_ALPHABET
        if credit_code_check_char(f"9144030019220382{c}") == "0"
    )
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, weights, strict=True))
    assert total % 31 == 0
    assert credit_code_problem(first17 + "0") is None


@pytest.mark.parametrize("code", REAL_CODES)
@pytest.mark.parametrize("length", [17, 19])
def test_a_code_of_17_or_19_characters_is_the_wrong_length(code, length):
    assert credit_code_problem((code + "0")[:length]) == "length"


@pytest.mark.parametrize("raw", ["", "9144030070846113", "91440300708461136T1"])
def test_only_18_characters_make_a_code(raw):
    assert credit_code_problem(raw) == "length"


@pytest.mark.parametrize("letter", FORBIDDEN_LETTERS)
@pytest.mark.parametrize("position", LETTER_POSITIONS)
def test_the_letters_i_o_s_v_z_are_never_allowed(letter, position):
    code = REAL_CODES[1]
    assert credit_code_problem(code[:position] + letter + code[position + 1 :]) == "characters"


@pytest.mark.parametrize("position", range(2, 8))
def test_the_area_code_in_characters_3_to_8_is_digits(position):
    code = REAL_CODES[1]
    assert credit_code_problem(code[:position] + "A" + code[position + 1 :]) == "characters"


def test_lower_case_is_not_a_code_until_normalised():
    raw = " 9144 0300 7084 6113 6t "
    assert credit_code_problem(raw.strip()) is not None
    assert normalise_credit_code(raw) == "91440300708461136T"
    assert credit_code_problem(normalise_credit_code(raw)) is None


def test_a_wrong_check_character_is_reported_as_such():
    code = REAL_CODES[0]
    wrong = next(c for c in CREDIT_CODE_ALPHABET if c != code[17])
    assert credit_code_problem(code[:17] + wrong) == "check"


ALLOWED = st.sampled_from(CREDIT_CODE_ALPHABET)
DIGIT = st.sampled_from("0123456789")


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    head = "".join(draw(st.lists(ALLOWED, min_size=2, max_size=2)))
    area = "".join(draw(st.lists(DIGIT, min_size=6, max_size=6)))
    body = "".join(draw(st.lists(ALLOWED, min_size=9, max_size=9)))
    first17 = head + area + body
    return first17 + credit_code_check_char(first17)


@given(valid_codes())
def test_every_well_formed_code_with_its_check_character_is_valid(code):
    assert credit_code_problem(code) is None


@given(
    code=st.one_of(valid_codes(), st.sampled_from(REAL_CODES)),
    position=st.integers(min_value=0, max_value=17),
    replacement=st.characters(min_codepoint=0x21, max_codepoint=0x7E),
)
def test_changing_any_one_character_of_a_valid_code_is_caught(code, position, replacement):
    if replacement == code[position]:
        replacement = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.index(code[position]) + 1) % 31]
    changed = code[:position] + replacement + code[position + 1 :]
    assert changed != code
    assert credit_code_problem(changed) is not None


@given(
    code=st.one_of(valid_codes(), st.sampled_from(REAL_CODES)),
    position=st.integers(min_value=0, max_value=16),
    shift=st.integers(min_value=1, max_value=30),
)
def test_a_typo_within_the_alphabet_fails_the_check(code, position, shift):
    """A slip to another allowed character keeps the shape, so the check character must catch it."""
    if position in range(2, 8):
        old = int(code[position])
        new = str((old + shift) % 10) if shift % 10 else str((old + 1) % 10)
    else:
        new = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.index(code[position]) + shift) % 31]
    changed = code[:position] + new + code[position + 1 :]
    assert credit_code_problem(changed) == "check"


# --- region codes (GB/T 2260) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "ancestors"),
    [
        ("440105", ["440105", "440100", "440000"]),  # a district of a city
        ("440100", ["440100", "440000"]),  # a city
        ("440000", ["440000"]),  # a province
        ("441900", ["441900", "440000"]),  # Dongguan: a city without districts
        ("130102", ["130102", "130100", "130000"]),
    ],
)
def test_region_ancestors_are_most_specific_first(code, ancestors):
    assert region_ancestors(code) == ancestors


@pytest.mark.parametrize(
    ("outer", "inner", "contains"),
    [
        ("440100", "440105", True),
        ("440000", "440105", True),
        ("440000", "440305", True),
        ("440105", "440105", True),
        ("440105", "440100", False),  # a district does not contain its city
        ("440100", "440305", False),  # Guangzhou does not contain a Shenzhen district
        ("440100", "440106", True),
        ("440105", "440106", False),  # nor one district its neighbour
        ("130000", "440105", False),
    ],
)
def test_region_contains(outer, inner, contains):
    assert region_contains(outer, inner) is contains


# --- federation names (R18) ------------------------------------------------------------------

HAIZHU = area_names(["广东省", "广州市", "海珠区"])


def test_an_area_may_be_written_from_any_level_down_to_its_own():
    assert HAIZHU == ["广东省广州市海珠区", "广州市海珠区", "海珠区"]


@pytest.mark.parametrize(
    "name",
    [
        "广州市海珠区餐饮行业工会联合会",
        "海珠区餐饮行业工会联合会",
        "广东省广州市海珠区餐饮行业工会联合会",
        "广州市海珠区琶洲街区域性工会联合会",  # a region instead of a sector
        "海珠区建筑业工会联合会",
    ],
)
def test_r18_area_then_sector_or_region_then_suffix_is_a_federation_name(name):
    assert federation_name_problem(name, HAIZHU) is None


def test_r18_a_single_area_name_may_be_given():
    assert federation_name_problem("海珠区餐饮行业工会联合会", "海珠区") is None
    assert federation_name_problem("天河区餐饮行业工会联合会", "海珠区") == "area"


@pytest.mark.parametrize(
    "name",
    [
        "广州市海珠区工会联合会",  # nothing between the area and 工会联合会
        "海珠区工会联合会",
        "广东省广州市海珠区工会联合会",
        "广州市海珠区 工会联合会",
    ],
)
def test_r18_a_bare_federation_after_the_area_names_no_sector_or_region(name):
    assert federation_name_problem(name, HAIZHU) == "sector"


@pytest.mark.parametrize(
    "name",
    [
        "广州市海珠区餐饮行业协会",  # the trade association's name
        "广州市海珠区餐饮业",  # a trade
        "广州市海珠区粤味轩餐饮有限公司工会委员会",  # one enterprise's union
        "广州市海珠区总工会",  # the superior union
        "广州市海珠区餐饮行业工会",  # an industry union, not a federation
        "广州市海珠区餐饮行业工会联合会筹备组",
    ],
)
def test_r18_a_trade_or_single_union_name_is_not_a_federation_name(name):
    assert federation_name_problem(name, HAIZHU) == "suffix"


@pytest.mark.parametrize(
    "name",
    [
        "广州市天河区餐饮行业工会联合会",  # the neighbouring district
        "广州市餐饮行业工会联合会",  # the city, for a district federation
        "广东省餐饮行业工会联合会",
        "餐饮行业工会联合会",  # no area at all
        "深圳市南山区餐饮行业工会联合会",
    ],
)
def test_r18_the_name_starts_with_the_federations_own_area(name):
    assert federation_name_problem(name, HAIZHU) == "area"
