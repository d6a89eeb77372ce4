"""The periods of Zhejiang's regulations (浙江省集体合同条例), quoted article by article."""

from __future__ import annotations

from reminders.profiles import LocalPeriod, Period, PeriodKind, Unit, local_profile
from reminders.regulations.national import NATIONAL

_ZJ = "《浙江省集体合同条例》"

ZHEJIANG = local_profile(
    NATIONAL,
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
