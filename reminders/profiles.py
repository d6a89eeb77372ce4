"""Jurisdiction profiles: the statutory periods of each region, read from its regulations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class PeriodKind(StrEnum):
    """A legal clock in the life of a negotiation or an agreement (DOMAIN.md R1, R4, R9–R13)."""

    #: R4: starts when a side receives the written bargaining request; ends with the written answer.
    ANSWER = "answer"
    #: R10: starts when both chiefs sign the agreement; ends when the employer side has sent the
    #: text to the labour bureau.
    FILING = "filing"
    #: R10: as FILING, for a special wage agreement (工资专项集体合同).
    SPECIAL_WAGE_FILING = "special_wage_filing"
    #: R11: starts when the bureau receives the text; ends with its review opinion, or, without
    #: an objection, with the agreement taking effect.
    REVIEW = "review"
    #: R12: starts when the agreement takes effect; ends when it is published to everyone covered.
    PUBLICATION = "publication"
    #: R9: counted back from the expiry date: the window opens this long before expiry, and
    #: either side may ask to renew or renegotiate until the agreement expires.
    RENEWAL_WINDOW = "renewal_window"
    #: R1: starts the day a representative's seat falls vacant; ends when the side names a new one.
    VACANCY_REFILL = "vacancy_refill"
    #: R13: starts when the bureau receives an incomplete filing; ends when it has asked for the
    #: missing items.
    MISSING_ITEMS = "missing_items"
    #: R6/R11 neighbourhood: starts when the bureau accepts an application to coordinate a
    #: bargaining dispute (协调处理集体协商争议); ends when it concludes the coordination.
    DISPUTE_SETTLEMENT = "dispute_settlement"


class Unit(StrEnum):
    """How a period is counted. DAYS follow R26 (counted from the next day; a last day on a rest
    day moves to the next working day); WORKING_DAYS (工作日) count working days only, so rest
    days and holidays never count; MONTHS end on the corresponding day (民法典 第202条)."""

    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class Period:
    """One statutory period of a profile, with the article and the exact phrase it comes from.

    `inherited` means the local text is silent and the national period applies; an inherited
    period has no quotation. `note` records what the number alone does not say (a different
    start of the clock, a narrower scope, a related rule without a number)."""

    kind: PeriodKind
    length: int
    unit: Unit
    article: str
    quote: str
    inherited: bool = False
    note: str = ""


@dataclass(frozen=True)
class LocalPeriod:
    """A period a local text sets that no deadline is kept for yet (recorded for the reader)."""

    subject: str
    length: int
    unit: Unit
    article: str
    quote: str


@dataclass(frozen=True)
class Profile:
    """A jurisdiction: the regions it covers (GB/T 2260 prefixes) and a period for every kind."""

    code: str
    name: str
    region_prefixes: tuple[str, ...]
    source: str
    periods: dict[PeriodKind, Period] = field(hash=False)
    other_periods: tuple[LocalPeriod, ...] = ()


# --- the national default ---------------------------------------------------------------------

_RULES = "《集体合同规定》"  # 2004, 劳动和社会保障部令第22号
_WAGE_MEASURES = "《工资集体协商试行办法》"  # 2000, 劳动和社会保障部令第9号

NATIONAL = Profile(
    code="national",
    name="全国（国家规定）",
    region_prefixes=(),
    source=(
        "《集体合同规定》（2004年1月20日劳动和社会保障部令第22号）；"
        "《中华人民共和国劳动合同法》（2012年12月28日修正）；"
        "《工资集体协商试行办法》（2000年劳动和社会保障部令第9号）"
    ),
    periods={
        p.kind: p
        for p in (
            Period(
                PeriodKind.ANSWER,
                20,
                Unit.DAYS,
                f"{_RULES}第三十二条",
                "另一方应当在收到集体协商要求之日起20日内以书面形式给以回应",
            ),
            Period(
                PeriodKind.FILING,
                10,
                Unit.DAYS,
                f"{_RULES}第四十二条",
                "应当自双方首席代表签字之日起10日内，由用人单位一方将文本一式三份报送劳动保障"
                "行政部门审查",
            ),
            Period(
                PeriodKind.SPECIAL_WAGE_FILING,
                7,
                Unit.DAYS,
                f"{_WAGE_MEASURES}第二十一条",
                "工资协议签订后，应于7日内",
                # The later 集体合同规定 (第四十二条) gives 专项集体合同 10 days as well; the
                # older, shorter period is kept so a reminder is never too late (R10).
                note="《集体合同规定》第四十二条对专项集体合同亦规定10日；取较短的7日。",
            ),
            Period(
                PeriodKind.REVIEW,
                15,
                Unit.DAYS,
                "《劳动合同法》第五十四条",
                "劳动行政部门自收到集体合同文本之日起十五日内未提出异议的，集体合同即行生效",
                note="另见《集体合同规定》第四十五条（审查意见书15日内送达）、第四十七条。",
            ),
            Period(
                PeriodKind.PUBLICATION,
                # 第四十八条 says only 及时 ("without delay") and sets no number. 5 days is the
                # shortest period any researched local text sets (河南 5日, 浙江 5个工作日), so
                # the reminder never lets "without delay" run longer than a local rule would;
                # it is a reminder date, not a statutory cut-off.
                5,
                Unit.DAYS,
                f"{_RULES}第四十八条",
                "及时以适当的形式向本方全体人员公布",
                note="原文只称“及时”，未定天数；5日为提醒日期（各地最短的规定）。",
            ),
            Period(
                PeriodKind.RENEWAL_WINDOW,
                3,
                Unit.MONTHS,
                f"{_RULES}第三十八条",
                "集体合同或专项集体合同期满前3个月内，任何一方均可向对方提出重新签订或续订的要求",
            ),
            Period(
                PeriodKind.VACANCY_REFILL,
                15,
                Unit.DAYS,
                f"{_RULES}第三十一条",
                "应在空缺之日起15日内按照本规定产生新的代表",
            ),
            Period(
                PeriodKind.MISSING_ITEMS,
                # No national text: DOMAIN.md R13 takes it from a local review measure.
                7,
                Unit.DAYS,
                "地方集体合同审查办法（R13）",
                "",
                note="无全国性条文，取自地方审查办法。",
            ),
            Period(
                PeriodKind.DISPUTE_SETTLEMENT,
                30,
                Unit.DAYS,
                f"{_RULES}第五十二条",
                "应当自受理协调处理申请之日起30日内结束协调处理工作",
                note="期满未结束的，可延长，但不超过15日。",
            ),
        )
    },
)


def _local(
    code: str,
    name: str,
    prefix: str,
    source: str,
    own: tuple[Period, ...],
    inherited_notes: dict[PeriodKind, str] | None = None,
    other_periods: tuple[LocalPeriod, ...] = (),
) -> Profile:
    """A local profile: its own periods, and the national one (marked inherited) for every kind
    its text is silent on."""
    periods = {p.kind: p for p in own}
    notes = inherited_notes or {}
    for kind, national in NATIONAL.periods.items():
        if kind not in periods:
            periods[kind] = replace(national, quote="", inherited=True, note=notes.get(kind, ""))
    ordered = {kind: periods[kind] for kind in PeriodKind}
    return Profile(code, name, (prefix,), source, ordered, other_periods)


_BJ = "《北京市集体合同条例》"
_SH = "《上海市集体合同条例》"
_SH_CONGRESS = "《上海市职工代表大会条例》"
_ZJ = "《浙江省集体合同条例》"
_CQ = "《重庆市集体合同条例》"
_HN = "《河南省企业工资集体协商条例》"

BEIJING = _local(
    "beijing",
    "北京市",
    "11",
    "《北京市集体合同条例》（2005年7月22日通过，2005年11月1日起施行）",
    (
        Period(
            PeriodKind.ANSWER,
            20,
            Unit.DAYS,
            f"{_BJ}第三十二条",
            "另一方应当在收到集体协商要求之日起二十日内给以书面答复",
        ),
        Period(
            PeriodKind.FILING,
            10,
            Unit.DAYS,
            f"{_BJ}第三十九条",
            "自双方签字之日起十日内，由用人单位向所在地的区、县劳动保障行政部门备案",
        ),
        Period(
            PeriodKind.REVIEW,
            15,
            Unit.DAYS,
            f"{_BJ}第三十九条",
            "自备案之日起十五日内劳动保障行政部门未提出异议的，集体合同即行生效",
            note="自备案之日起算。",
        ),
        Period(
            PeriodKind.RENEWAL_WINDOW,
            3,
            Unit.MONTHS,
            f"{_BJ}第四十三条",
            "集体合同期满前三个月内，任何一方均可向对方提出续订的要求",
        ),
        Period(
            PeriodKind.DISPUTE_SETTLEMENT,
            30,
            Unit.DAYS,
            f"{_BJ}第五十条",
            "自受理协调处理集体协商争议申请之日起三十日内应当结束协调处理工作",
            note="特殊情况可延长，但不超过十五日。",
        ),
    ),
    inherited_notes={
        PeriodKind.PUBLICATION: (
            "第十三条只要求「及时向本方全体人员公布生效的集体合同」，未定天数。"
        ),
        PeriodKind.VACANCY_REFILL: "第十五条：更换「应当按照代表产生的程序进行」，未定天数。",
    },
    other_periods=(
        LocalPeriod(
            "bargaining suspended for at most 60 days",
            60,
            Unit.DAYS,
            f"{_BJ}第三十七条",
            "中止协商期限不得超过六十日",
        ),
        LocalPeriod(
            "a dissolved or terminated agreement is filed within 10 days",
            10,
            Unit.DAYS,
            f"{_BJ}第四十八条",
            "应当自解除、终止集体合同之日起十日内报送",
        ),
    ),
)

SHANGHAI = _local(
    "shanghai",
    "上海市",
    "31",
    "《上海市集体合同条例》（2008年1月1日起实施；所存文本为修正后的文本，未注明修正日期）",
    (
        Period(
            PeriodKind.ANSWER,
            15,
            Unit.DAYS,
            f"{_SH}第十五条",
            "另一方在收到集体协商建议书之日起十五日内应当给予书面答复",
        ),
        Period(
            PeriodKind.FILING,
            10,
            Unit.DAYS,
            f"{_SH}第二十三条",
            "企业自收到书面告知之日起十日内，负责将集体合同报送市或者区、县人力资源社会保障部门",
            note=(
                "起算点不是签字，而是企业收到职工方首席代表关于职代会通过情况的书面告知；"
                "行业性、区域性集体合同（第三十一条）未定报送期限，适用国家规定。"
            ),
        ),
        Period(
            PeriodKind.REVIEW,
            15,
            Unit.DAYS,
            f"{_SH}第二十三条",
            "人力资源社会保障部门自收到集体合同文本之日起十五日内未提出异议的，集体合同即行生效",
            note="行业性、区域性集体合同同为十五日（第三十一条）。",
        ),
    ),
    other_periods=(
        LocalPeriod(
            "each side names its representatives within 15 days of agreeing to bargain",
            15,
            Unit.DAYS,
            f"{_SH}第十七条",
            "自双方同意集体协商之日起十五日内产生协商代表",
        ),
        LocalPeriod(
            "without an agreement, a representative's mandate ends 6 months after appointment",
            6,
            Unit.MONTHS,
            f"{_SH}第八条",
            "协商代表履行代表职责的期限为自担任协商代表起六个月",
        ),
        LocalPeriod(
            "papers for the staff congress reach the delegates at least 7 days before it",
            7,
            Unit.DAYS,
            f"{_SH_CONGRESS}第三十条",
            "应当在职工代表大会召开的七日前送交职工代表",
        ),
        LocalPeriod(
            "the union reports the congress to the superior union within 7 working days",
            7,
            Unit.WORKING_DAYS,
            f"{_SH_CONGRESS}第三十七条",
            "应当在职工代表大会闭会之日起七个工作日内",
        ),
    ),
)

ZHEJIANG = _local(
    "zhejiang",
    "浙江省",
    "33",
    "《浙江省集体合同条例》（2010年11月25日修订，2011年1月1日起施行）",
    (
        Period(
            PeriodKind.ANSWER,
            10,
            Unit.WORKING_DAYS,
            f"{_ZJ}第七条",
            "应当在收到书面要求之日起十个工作日内予以书面答复",
        ),
        Period(
            PeriodKind.FILING,
            10,
            Unit.DAYS,
            f"{_ZJ}第三十四条",
            "应当自双方首席代表签字之日起十日内，由用人单位一方将集体合同文本一式五份及说明等材料"
            "报送有管辖权的人力资源和社会保障主管部门",
            note="一式五份（国家规定为三份）。",
        ),
        Period(
            PeriodKind.REVIEW,
            15,
            Unit.DAYS,
            f"{_ZJ}第三十四条",
            "人力资源和社会保障主管部门自收到集体合同文本之日起十五日内未提出异议的，集体合同即行生效",
        ),
        Period(
            PeriodKind.PUBLICATION,
            5,
            Unit.WORKING_DAYS,
            f"{_ZJ}第三十五条",
            "用人单位应当自集体合同生效之日起五个工作日内向全体职工公布集体合同文本",
        ),
        Period(
            PeriodKind.RENEWAL_WINDOW,
            90,
            Unit.DAYS,
            f"{_ZJ}第三十条",
            "集体合同期满前九十日内，任何一方均可向对方提出重新签订或者续订的要求",
        ),
        Period(
            PeriodKind.DISPUTE_SETTLEMENT,
            30,
            Unit.DAYS,
            f"{_ZJ}第三十九条",
            "应当自受理之日起三十日内结束协调处理",
            note="争议复杂的可延长，最长不超过十五日，并书面说明理由。",
        ),
    ),
    inherited_notes={
        PeriodKind.VACANCY_REFILL: "第十三条：替补「按照协商代表产生的程序进行」，未定天数。",
    },
    other_periods=(
        LocalPeriod(
            "topics and the list of representatives reach the other side 7 days before a session",
            7,
            Unit.DAYS,
            f"{_ZJ}第十六条",
            "集体协商双方应当在举行集体协商会议的七日前",
        ),
        LocalPeriod(
            "an agreed draft goes to the staff congress within 15 working days",
            15,
            Unit.WORKING_DAYS,
            f"{_ZJ}第二十四条",
            "应当在十五个工作日内提交用人单位职工代表大会或者职工大会讨论",
        ),
        LocalPeriod(
            "a renegotiated draft goes back to the vote within 5 working days",
            5,
            Unit.WORKING_DAYS,
            f"{_ZJ}第二十四条",
            "集体合同草案应当在五个工作日内再次提交讨论和表决",
        ),
        LocalPeriod(
            "a dissolved agreement is filed within 5 working days",
            5,
            Unit.WORKING_DAYS,
            f"{_ZJ}第三十三条",
            "用人单位应当自解除之日起五个工作日内报有管辖权的人力资源和社会保障主管部门备案",
        ),
    ),
)

CHONGQING = _local(
    "chongqing",
    "重庆市",
    "50",
    "《重庆市集体合同条例》（2016年11月24日修订，2017年1月1日起施行）",
    (
        Period(
            PeriodKind.ANSWER,
            20,
            Unit.DAYS,
            f"{_CQ}第十九条",
            "另一方应当自收到协商要求之日起二十日内以书面形式予以答复",
        ),
        Period(
            PeriodKind.FILING,
            10,
            Unit.DAYS,
            f"{_CQ}第二十八条",
            "用人单位应当自双方首席代表签字之日起十日内将集体合同文本以及有关资料一式三份报送"
            "人力资源和社会保障行政部门",
        ),
        Period(
            PeriodKind.REVIEW,
            15,
            Unit.DAYS,
            f"{_CQ}第二十八条",
            "人力资源和社会保障行政部门自收到集体合同文本之日起十五日内，未对集体合同的合法性"
            "提出书面异议的，集体合同即行生效",
        ),
        Period(
            PeriodKind.PUBLICATION,
            10,
            Unit.DAYS,
            f"{_CQ}第二十九条",
            "用人单位应当自集体合同生效之日起十日内，以书面形式向全体职工公布",
        ),
        Period(
            PeriodKind.RENEWAL_WINDOW,
            3,
            Unit.MONTHS,
            f"{_CQ}第三十三条",
            "集体合同期满前三个月内，用人单位或者职工方可以向对方提出重新签订或者续订集体合同的要求",
        ),
        Period(
            PeriodKind.DISPUTE_SETTLEMENT,
            60,
            Unit.DAYS,
            f"{_CQ}第四十八条",
            "应当自受理之日起六十日内处理结束",
            note="有特殊情况的，经负责人批准可延长三十日。",
        ),
    ),
    inherited_notes={
        PeriodKind.VACANCY_REFILL: (
            "第十五条另要求「应当在下一次协商会议召开前依照本条例的规定产生新的协商代表」："
            "以十五日与下次会议两者中较早者为准。"
        ),
    },
    other_periods=(
        LocalPeriod(
            "each side supplies the information needed 10 days before a session",
            10,
            Unit.DAYS,
            f"{_CQ}第二十条",
            "应当在集体协商会议召开十日前如实向对方提供集体协商所需的情况和资料",
        ),
        LocalPeriod(
            "a suspension lasts no more than 30 days unless the sides agree otherwise",
            30,
            Unit.DAYS,
            f"{_CQ}第二十二条",
            "中止的期限一般不超过三十日",
        ),
        LocalPeriod(
            "an employer ordered by the bureau corrects within 15 days",
            15,
            Unit.DAYS,
            f"{_CQ}第五十条",
            "责令其在十五日内改正",
        ),
    ),
)

HENAN = _local(
    "henan",
    "河南省",
    "41",
    "《河南省企业工资集体协商条例》（2013年11月29日通过，2014年1月1日起施行）",
    (
        Period(
            PeriodKind.ANSWER,
            10,
            Unit.WORKING_DAYS,
            f"{_HN}第二十一条",
            "被要约方应当自收到要约书之日起十个工作日内给予答复",
            note="仅适用于工资集体协商；其他议题适用国家规定的20日（十个工作日通常更早届满）。",
        ),
        Period(
            PeriodKind.SPECIAL_WAGE_FILING,
            5,
            Unit.WORKING_DAYS,
            f"{_HN}第二十八条",
            "企业应当在工资专项集体合同签订之日起五个工作日内",
        ),
        Period(
            PeriodKind.REVIEW,
            15,
            Unit.DAYS,
            f"{_HN}第二十九条",
            "劳动行政部门自收到工资专项集体合同之日起十五日内未提出异议的，工资专项集体合同即行生效",
        ),
        Period(
            PeriodKind.PUBLICATION,
            5,
            Unit.DAYS,
            f"{_HN}第三十条",
            "企业应当自工资专项集体合同生效之日起五日内以适当方式向全体职工公布",
        ),
        Period(
            PeriodKind.RENEWAL_WINDOW,
            2,
            Unit.MONTHS,
            f"{_HN}第三十一条",
            "期满前两个月内，双方应当依照本条例规定的程序重新协商签订工资专项集体合同",
            note="工资专项集体合同；双方“应当”在此期间重新协商，并非可选。",
        ),
        Period(
            PeriodKind.DISPUTE_SETTLEMENT,
            30,
            Unit.DAYS,
            f"{_HN}第三十八条",
            "劳动行政部门应当在三十日内完成协调处理工作",
            note="收到申请后五个工作日内开始协调；复杂的可延长，不超过十五日。",
        ),
    ),
    inherited_notes={
        PeriodKind.FILING: "本条例只调整工资专项集体合同，综合性集体合同适用国家规定。",
        PeriodKind.VACANCY_REFILL: (
            "第八条：「职工方协商代表缺额的，应当按照本条规定进行补选」，未定天数。"
        ),
    },
    other_periods=(
        LocalPeriod(
            "representatives are announced within 3 working days of being chosen",
            3,
            Unit.WORKING_DAYS,
            f"{_HN}第十三条",
            "协商代表产生后，应当于三个工作日内在本单位公布",
        ),
        LocalPeriod(
            "proposals and information reach the other side 5 working days before a session",
            5,
            Unit.WORKING_DAYS,
            f"{_HN}第二十三条",
            "在工资集体协商会议召开五个工作日前",
        ),
        LocalPeriod(
            "wage bargaining lasts at most 2 months from receipt of the offer",
            2,
            Unit.MONTHS,
            f"{_HN}第二十六条",
            "工资集体协商期限为被要约方收到要约之日起两个月",
        ),
        LocalPeriod(
            "after that, either side may apply for coordination within 15 days, else it ends",
            15,
            Unit.DAYS,
            f"{_HN}第三十七条",
            "双方均可以自期满之日起十五日内以书面形式向有管辖权的劳动行政部门提出协调处理申请",
        ),
        LocalPeriod(
            "the bureau takes up the coordination within 5 working days",
            5,
            Unit.WORKING_DAYS,
            f"{_HN}第三十八条",
            "劳动行政部门自收到申请之日起五个工作日内",
        ),
    ),
)

PROFILES: tuple[Profile, ...] = (NATIONAL, BEIJING, SHANGHAI, ZHEJIANG, CHONGQING, HENAN)


def profile_for_region(region_code: str, profiles: tuple[Profile, ...] = PROFILES) -> Profile:
    """The profile whose region prefix the (6-digit GB/T 2260) code starts with — the longest
    such prefix where several match — else the national default (the profile without prefixes)."""
    code = (region_code or "").strip()
    best: Profile | None = None
    best_length = 0
    fallback = next((p for p in profiles if not p.region_prefixes), NATIONAL)
    for profile in profiles:
        for prefix in profile.region_prefixes:
            if prefix and code.startswith(prefix) and len(prefix) > best_length:
                best, best_length = profile, len(prefix)
    return best or fallback


# The longest period an administrator may set: a year, in each unit (about 250 working days make
# a year in China). Anything longer is a typing mistake, not a statute.
MAX_LENGTH: dict[Unit, int] = {Unit.DAYS: 366, Unit.WORKING_DAYS: 250, Unit.MONTHS: 24}


def validate_period(length: int, unit: Unit | str) -> str | None:
    """None for a usable period, else an error code: `unknown_unit`, `not_a_number`,
    `not_positive` (zero or negative) or `too_long` (more than MAX_LENGTH of the unit)."""
    try:
        unit = Unit(unit)
    except ValueError:
        return "unknown_unit"
    if isinstance(length, bool) or not isinstance(length, int):
        return "not_a_number"
    if length < 1:
        return "not_positive"
    if length > MAX_LENGTH[unit]:
        return "too_long"
    return None
