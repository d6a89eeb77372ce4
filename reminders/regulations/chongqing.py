"""The periods of Chongqing's regulations (重庆市集体合同条例), quoted article by article."""

from __future__ import annotations

from reminders.profiles import LocalPeriod, Period, PeriodKind, Unit, local_profile
from reminders.regulations.national import NATIONAL

_CQ = "《重庆市集体合同条例》"

CHONGQING = local_profile(
    NATIONAL,
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
