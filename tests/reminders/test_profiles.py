"""Jurisdiction profiles (R4, R9–R13): every period against the regulation it cites — the quoted
phrase must stand in that very article of the real text — national defaults, inheritance, the
region lookup and the bounds an administrator's setting must respect."""

import re
from pathlib import Path

import pytest

from reminders.profiles import (
    Period,
    PeriodKind,
    Profile,
    Unit,
    profile_for_region,
    validate_period,
)
from reminders.regulations import NATIONAL, PROFILES

LAWS = Path(__file__).resolve().parent.parent / "data" / "laws"

# National sources whose text is not in tests/data/laws: their quotations were checked by hand
# against published copies and cannot be checked here. Only the national profile may cite them.
NOT_IN_TEST_DATA = {"集体合同规定", "工资集体协商试行办法"}

BY_CODE = {p.code: p for p in PROFILES}

# Periods whose number is a judgement, not the text's: 第四十八条 says only 及时 (without delay).
NUMBER_NOT_IN_TEXT = {("national", PeriodKind.PUBLICATION)}


def law_file(title: str) -> Path:
    """The file of a regulation by its title: 北京市集体合同条例 → 北京市集体合同条例.md, and
    浙江省集体合同条例 → 浙江省集体合同条例(2010-11-25).md."""
    matches = [f for f in LAWS.glob("*.md") if re.sub(r"\(.*\)$", "", f.stem) == title]
    assert len(matches) == 1, f"no single law file for {title}: {matches}"
    return matches[0]


def articles(path: Path) -> dict[str, str]:
    """The text of each article (第X条 at the start of a line) up to the next one or a heading."""
    found: dict[str, str] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"第([一二三四五六七八九十百零]+)条", line)
        if match:
            current = match.group(1)
            found[current] = ""
        elif line.startswith("#"):
            current = None
        if current is not None:
            found[current] += line
    return found


def cited(article: str) -> tuple[str, str]:
    """《上海市集体合同条例》第十五条 → ("上海市集体合同条例", "十五")."""
    match = re.fullmatch(r"《(.+)》第([一二三四五六七八九十百零]+)条", article)
    assert match, f"not a citation of one article: {article}"
    return match.group(1), match.group(2)


def chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def spellings(length: int, unit: Unit) -> set[str]:
    """How the texts write a period: 十五日 / 15日, 十个工作日, 三个月 / 3个月 / 两个月."""
    numbers = {chinese(length), str(length)} | ({"两"} if length == 2 else set())
    suffix = {Unit.DAYS: "日", Unit.WORKING_DAYS: "个工作日", Unit.MONTHS: "个月"}[unit]
    return {n + suffix for n in numbers}


def all_periods():
    return [
        pytest.param(profile, kind, period, id=f"{profile.code}-{kind.value}")
        for profile in PROFILES
        for kind, period in profile.periods.items()
    ]


def own_periods():
    params = []
    for profile in PROFILES:
        for period in profile.periods.values():
            if not period.inherited and period.quote:
                name = f"{profile.code}-{period.kind.value}"
                params.append(pytest.param(profile, period, id=name))
        for i, other in enumerate(profile.other_periods):
            params.append(pytest.param(profile, other, id=f"{profile.code}-other{i}"))
    return params


# --- the quotations ------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "period"), own_periods())
def test_quote_stands_in_the_cited_article_and_states_the_period(profile, period):
    title, number = cited(period.article)
    if (profile.code, getattr(period, "kind", None)) in NUMBER_NOT_IN_TEXT:
        assert "及时" in period.quote and "及时" in period.note
    else:
        assert any(s in period.quote for s in spellings(period.length, period.unit))
    if title in NOT_IN_TEST_DATA:
        assert profile is NATIONAL, f"{period.article} cannot be checked against a text"
        return
    text = articles(law_file(title))
    assert number in text, f"{period.article} does not exist"
    assert period.quote in text[number], f"{period.quote!r} is not in {period.article}"


def test_the_article_parser_finds_real_articles():
    shanghai = articles(law_file("上海市集体合同条例"))
    assert len(shanghai) == 42
    assert shanghai["十五"].startswith("第十五条 集体协商双方的任何一方")
    # a wrong article number must fail: the 15-day answer is in 第十五条, not 第十六条
    assert "十五日内应当给予书面答复" not in shanghai["十六"]


@pytest.mark.parametrize(("profile", "kind", "period"), all_periods())
def test_every_period_is_a_usable_setting_of_its_kind(profile, kind, period):
    assert period.kind is kind
    assert validate_period(period.length, period.unit) is None


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.code)
def test_every_profile_has_every_kind_in_order(profile):
    assert list(profile.periods) == list(PeriodKind)


def test_notes_quote_their_regulation_verbatim():
    """A phrase in 「」 in an inherited period's note is the local text's own wording."""
    files = {
        "beijing": ["北京市集体合同条例"],
        "zhejiang": ["浙江省集体合同条例"],
        "chongqing": ["重庆市集体合同条例"],
        "henan": ["河南省企业工资集体协商条例"],
        "shanghai": ["上海市集体合同条例", "上海市职工代表大会条例"],
    }
    checked = 0
    for code, titles in files.items():
        text = "".join(law_file(t).read_text(encoding="utf-8") for t in titles)
        for period in BY_CODE[code].periods.values():
            for phrase in re.findall(r"「(.+?)」", period.note):
                assert phrase in text, f"{code}: {phrase!r}"
                checked += 1
    assert checked >= 4


# --- what each profile says -----------------------------------------------------------------------

D, WD, M = Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS
K = PeriodKind

EXPECTED = [
    # national defaults (集体合同规定 2004 unless named)
    ("national", K.ANSWER, 20, D, "《集体合同规定》第三十二条"),
    ("national", K.FILING, 10, D, "《集体合同规定》第四十二条"),
    ("national", K.SPECIAL_WAGE_FILING, 7, D, "《工资集体协商试行办法》第二十一条"),
    ("national", K.REVIEW, 15, D, "《劳动合同法》第五十四条"),
    ("national", K.PUBLICATION, 5, D, "《集体合同规定》第四十八条"),
    ("national", K.RENEWAL_WINDOW, 3, M, "《集体合同规定》第三十八条"),
    ("national", K.VACANCY_REFILL, 15, D, "《集体合同规定》第三十一条"),
    ("national", K.MISSING_ITEMS, 7, D, "地方集体合同审查办法（R13）"),
    ("national", K.DISPUTE_SETTLEMENT, 30, D, "《集体合同规定》第五十二条"),
    # Beijing
    ("beijing", K.ANSWER, 20, D, "《北京市集体合同条例》第三十二条"),
    ("beijing", K.FILING, 10, D, "《北京市集体合同条例》第三十九条"),
    ("beijing", K.REVIEW, 15, D, "《北京市集体合同条例》第三十九条"),
    ("beijing", K.RENEWAL_WINDOW, 3, M, "《北京市集体合同条例》第四十三条"),
    ("beijing", K.DISPUTE_SETTLEMENT, 30, D, "《北京市集体合同条例》第五十条"),
    # Shanghai: the issue's "answers in 15 days" holds — in 第十五条
    ("shanghai", K.ANSWER, 15, D, "《上海市集体合同条例》第十五条"),
    ("shanghai", K.FILING, 10, D, "《上海市集体合同条例》第二十三条"),
    ("shanghai", K.REVIEW, 15, D, "《上海市集体合同条例》第二十三条"),
    # Zhejiang: answer and publication in working days; the issue's 90-day window holds
    ("zhejiang", K.ANSWER, 10, WD, "《浙江省集体合同条例》第七条"),
    ("zhejiang", K.FILING, 10, D, "《浙江省集体合同条例》第三十四条"),
    ("zhejiang", K.REVIEW, 15, D, "《浙江省集体合同条例》第三十四条"),
    ("zhejiang", K.PUBLICATION, 5, WD, "《浙江省集体合同条例》第三十五条"),
    ("zhejiang", K.RENEWAL_WINDOW, 90, D, "《浙江省集体合同条例》第三十条"),
    ("zhejiang", K.DISPUTE_SETTLEMENT, 30, D, "《浙江省集体合同条例》第三十九条"),
    # Chongqing
    ("chongqing", K.ANSWER, 20, D, "《重庆市集体合同条例》第十九条"),
    ("chongqing", K.FILING, 10, D, "《重庆市集体合同条例》第二十八条"),
    ("chongqing", K.REVIEW, 15, D, "《重庆市集体合同条例》第二十八条"),
    ("chongqing", K.PUBLICATION, 10, D, "《重庆市集体合同条例》第二十九条"),
    ("chongqing", K.RENEWAL_WINDOW, 3, M, "《重庆市集体合同条例》第三十三条"),
    ("chongqing", K.DISPUTE_SETTLEMENT, 60, D, "《重庆市集体合同条例》第四十八条"),
    # Henan (wage bargaining only)
    ("henan", K.ANSWER, 10, WD, "《河南省企业工资集体协商条例》第二十一条"),
    ("henan", K.SPECIAL_WAGE_FILING, 5, WD, "《河南省企业工资集体协商条例》第二十八条"),
    ("henan", K.REVIEW, 15, D, "《河南省企业工资集体协商条例》第二十九条"),
    ("henan", K.PUBLICATION, 5, D, "《河南省企业工资集体协商条例》第三十条"),
    ("henan", K.RENEWAL_WINDOW, 2, M, "《河南省企业工资集体协商条例》第三十一条"),
    ("henan", K.DISPUTE_SETTLEMENT, 30, D, "《河南省企业工资集体协商条例》第三十八条"),
]


@pytest.mark.parametrize(("code", "kind", "length", "unit", "article"), EXPECTED)
def test_period_as_the_regulation_sets_it(code, kind, length, unit, article):
    period = BY_CODE[code].periods[kind]
    assert (period.length, period.unit, period.article) == (length, unit, article)
    assert period.inherited is False
    assert period.quote or (code, kind) == ("national", K.MISSING_ITEMS)


# Where the local text is silent, the national period applies.
INHERITED = {
    "beijing": {K.SPECIAL_WAGE_FILING, K.PUBLICATION, K.VACANCY_REFILL, K.MISSING_ITEMS},
    "shanghai": {
        K.SPECIAL_WAGE_FILING,
        K.PUBLICATION,
        K.RENEWAL_WINDOW,
        K.VACANCY_REFILL,
        K.MISSING_ITEMS,
        K.DISPUTE_SETTLEMENT,
    },
    "zhejiang": {K.SPECIAL_WAGE_FILING, K.VACANCY_REFILL, K.MISSING_ITEMS},
    "chongqing": {K.SPECIAL_WAGE_FILING, K.VACANCY_REFILL, K.MISSING_ITEMS},
    "henan": {K.FILING, K.VACANCY_REFILL, K.MISSING_ITEMS},
}


def test_every_period_is_either_expected_or_inherited():
    expected = {(code, kind) for code, kind, *_ in EXPECTED}
    for profile in PROFILES:
        for kind, period in profile.periods.items():
            own = (profile.code, kind) in expected
            assert own != (kind in INHERITED.get(profile.code, set())), (profile.code, kind)
            assert period.inherited is not own


@pytest.mark.parametrize(
    ("code", "kind"),
    [(code, kind) for code, kinds in INHERITED.items() for kind in sorted(kinds)],
)
def test_a_silent_text_inherits_the_national_period_without_a_quote(code, kind):
    period, national = BY_CODE[code].periods[kind], NATIONAL.periods[kind]
    assert period.inherited is True
    assert period.quote == ""
    assert (period.length, period.unit, period.article) == (
        national.length,
        national.unit,
        national.article,
    )


def test_the_national_profile_inherits_nothing_and_comes_first():
    assert PROFILES[0] is NATIONAL
    assert NATIONAL.code == "national" and NATIONAL.region_prefixes == ()
    assert not any(p.inherited for p in NATIONAL.periods.values())


def test_issue_claims_checked_against_the_texts():
    assert BY_CODE["shanghai"].periods[K.ANSWER].length == 15
    renewal = BY_CODE["zhejiang"].periods[K.RENEWAL_WINDOW]
    assert (renewal.length, renewal.unit) == (90, Unit.DAYS)  # 90 days, not 3 months


def test_profiles_are_distinct_and_cover_their_provinces():
    assert [p.code for p in PROFILES] == [
        "national",
        "beijing",
        "shanghai",
        "zhejiang",
        "chongqing",
        "henan",
    ]
    prefixes = {p.code: p.region_prefixes for p in PROFILES[1:]}
    assert prefixes == {
        "beijing": ("11",),
        "shanghai": ("31",),
        "zhejiang": ("33",),
        "chongqing": ("50",),
        "henan": ("41",),
    }
    assert all(p.name and p.source for p in PROFILES)


def test_periods_and_profiles_are_frozen():
    period = NATIONAL.periods[K.ANSWER]
    with pytest.raises(AttributeError):
        period.length = 30
    assert hash(NATIONAL) == hash(NATIONAL)


# --- the region lookup ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "code"),
    [
        ("110105", "beijing"),  # 朝阳区
        ("310101", "shanghai"),  # 黄浦区
        ("330106", "zhejiang"),  # 杭州市西湖区
        ("500101", "chongqing"),  # 万州区
        ("500112", "chongqing"),  # 渝北区
        ("410105", "henan"),  # 郑州市金水区
        ("440105", "national"),  # 广州市海珠区: no Guangdong profile
        ("130102", "national"),  # 石家庄市长安区
        ("", "national"),
        (" 110105 ", "beijing"),
    ],
)
def test_profile_for_region(region, code):
    assert profile_for_region(region, PROFILES).code == code


def test_profile_for_region_prefers_the_longest_prefix_and_falls_back_to_national():
    guangzhou = Profile("guangzhou", "广州市", ("4401",), "", dict(NATIONAL.periods))
    guangdong = Profile("guangdong", "广东省", ("44",), "", dict(NATIONAL.periods))
    profiles = (NATIONAL, guangdong, guangzhou)
    assert profile_for_region("440105", profiles) is guangzhou
    assert profile_for_region("440306", profiles) is guangdong
    assert profile_for_region("110105", profiles) is NATIONAL


# --- bounds on a period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "unit", "error"),
    [
        (0, Unit.DAYS, "not_positive"),
        (-1, Unit.DAYS, "not_positive"),
        (1, Unit.DAYS, None),
        (366, Unit.DAYS, None),
        (367, Unit.DAYS, "too_long"),
        (0, Unit.MONTHS, "not_positive"),
        (1, Unit.MONTHS, None),
        (24, Unit.MONTHS, None),
        (25, Unit.MONTHS, "too_long"),
        (-5, Unit.WORKING_DAYS, "not_positive"),
        (250, Unit.WORKING_DAYS, None),
        (251, Unit.WORKING_DAYS, "too_long"),
        (10, "working_days", None),  # the form's value
        (10, "weeks", "unknown_unit"),
        (True, Unit.DAYS, "not_a_number"),
        (None, Unit.DAYS, "not_a_number"),
        (1.5, Unit.DAYS, "not_a_number"),
    ],
)
def test_validate_period(length, unit, error):
    assert validate_period(length, unit) == error


def test_a_period_record_matches_the_positional_form_the_deadline_code_uses():
    # reminders.deadlines builds an administrator's setting as Period(kind, length, unit, article,
    # quote, inherited=False)
    period = Period(K.ANSWER, 12, Unit.DAYS, "x", "", inherited=False)
    assert (period.kind, period.length, period.unit, period.note) == (K.ANSWER, 12, Unit.DAYS, "")
