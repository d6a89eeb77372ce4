"""The periods of Shanghai's regulations (上海市集体合同条例 and 上海市职工代表大会条例), quoted
article by article."""

from __future__ import annotations

from reminders.profiles import LocalPeriod, Period, PeriodKind, Unit, local_profile
from reminders.regulations.national import NATIONAL

_SH = "《上海市集体合同条例》"
_SH_CONGRESS = "《上海市职工代表大会条例》"

SHANGHAI = local_profile(
    NATIONAL,
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
