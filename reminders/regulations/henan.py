"""The periods of Henan's regulations (河南省企业工资集体协商条例), quoted article by article."""

from __future__ import annotations

from reminders.profiles import LocalPeriod, Period, PeriodKind, Unit, local_profile
from reminders.regulations.national import NATIONAL

_HN = "《河南省企业工资集体协商条例》"

HENAN = local_profile(
    NATIONAL,
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
