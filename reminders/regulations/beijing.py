"""The periods of Beijing's regulations (北京市集体合同条例), quoted article by article."""

from __future__ import annotations

from reminders.profiles import LocalPeriod, Period, PeriodKind, Unit, local_profile
from reminders.regulations.national import NATIONAL

_BJ = "《北京市集体合同条例》"

BEIJING = local_profile(
    NATIONAL,
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
