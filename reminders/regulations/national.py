"""The national default: the periods of 《集体合同规定》, the Labour Contract Law and
《工资集体协商试行办法》, quoted article by article; every local profile inherits what its text
is silent on from here."""

from __future__ import annotations

from reminders.profiles import Period, PeriodKind, Profile, Unit

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
