"""The starting text of a sector agreement: the usual chapters and articles of a (special wage)
collective agreement, with the parties, the term and the agreed figures filled in. The figures
also stay in the version's structured wage table; the text refers to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bargaining.letters import chinese_date
from contracts.diff import WageRow
from contracts.models import AgreementKind
from contracts.rules import plain_figure
from contracts.structure import chinese_numeral
from standards.workbooks import KIND_NAMES

KIND_TITLES = {
    AgreementKind.SPECIAL_WAGE: "工资专项集体合同",
    AgreementKind.COLLECTIVE: "集体合同",
    AgreementKind.OTHER_SPECIAL: "专项集体合同",
}
# Each item kind's Chinese name, as the standards' workbooks write it: a legal document is always
# in Chinese, whatever language the pages are read in.
ITEM_NAMES = {kind.value: names[0] for kind, names in KIND_NAMES.items()}


def starting_text(
    *,
    kind: AgreementKind,
    union: str,
    employer: str,
    term_start: date,
    term_end: date,
    rows: Sequence[WageRow],
) -> str:
    """The template's text for these parties, term and agreed figures."""
    floors = [r for r in rows if r.kind == "monthly_pay_floor" and r.job_category]
    rise = next((r for r in rows if r.kind == "annual_rise"), None)
    others = [r for r in rows if r not in floors and r is not rise]
    chapters: list[tuple[str, list[str]]] = [
        (
            "总则",
            [
                "为维护职工和企业的合法权益，构建和谐稳定的劳动关系，根据《中华人民共和国劳动法》"
                "《中华人民共和国劳动合同法》《集体合同规定》和《工资集体协商试行办法》等规定，"
                f"{union}（以下简称职工方）与{employer}（以下简称企业方）经平等协商，订立本合同。",
                "本合同对本行业（区域）内签订或者确认本合同的企业和全体职工具有约束力。"
                "企业与职工个人订立的劳动合同中劳动报酬等标准不得低于本合同规定的标准。",
            ],
        ),
        (
            "工资标准",
            [
                "本合同所附工资标准表为本合同的组成部分，所列各岗位工种月工资标准为职工在法定工作时间内"
                "提供正常劳动后企业应当支付的最低标准，不含加班加点工资、津贴补贴和福利待遇。",
                *(
                    [
                        "主要岗位工种月工资标准如下："
                        + "；".join(f"{r.job_category}{plain_figure(r.value)}元" for r in floors)
                        + "。"
                    ]
                    if floors
                    else []
                ),
                *[
                    f"{ITEM_NAMES.get(r.kind, r.kind)}"
                    f"{('（' + r.job_category + '）') if r.job_category else ''}"
                    f"为{plain_figure(r.value)}{r.unit}。"
                    for r in others
                ],
                "各项工资标准不得低于当地人民政府公布的最低工资标准；最低工资标准调整后高于本合同标准的，"
                "按调整后的最低工资标准执行。",
            ],
        ),
        (
            "工资调整",
            [
                (
                    f"本合同期内，职工工资年增长幅度不低于{plain_figure(rise.value)}%。"
                    if rise is not None
                    else "本合同期内，职工工资年增长幅度由双方参照当地工资指导线另行协商确定。"
                ),
                "企业经济效益增长较快的，应当相应提高职工工资增长幅度；企业确因生产经营困难需要降低增长幅度的，"
                "应当经职工代表大会或者全体职工讨论同意。",
            ],
        ),
        (
            "工资支付",
            [
                "企业应当以货币形式按月足额支付职工工资，不得克扣或者无故拖欠。",
                "企业安排职工延长工作时间、休息日或者法定休假日工作的，应当依法支付加班工资。",
            ],
        ),
        (
            "合同期限与履行",
            [
                f"本合同期限自{chinese_date(term_start)}起至{chinese_date(term_end)}止。",
                "双方应当共同监督本合同的履行。因履行本合同发生争议，双方协商解决；"
                "协商不成的，可以依法申请劳动争议调解、仲裁。",
                "本合同期满前三个月内，任何一方均可以向对方提出重新签订或者续订的要求。",
            ],
        ),
        (
            "附则",
            [
                "本合同经职工代表大会或者全体职工讨论通过，由双方首席代表签字后，"
                "报送劳动保障行政部门审查；劳动保障行政部门自收到之日起15日内未提出异议的，本合同即行生效。",
                "本合同一式三份，双方各执一份，报劳动保障行政部门一份。",
            ],
        ),
    ]
    lines = [f"{union}与{employer}{KIND_TITLES[kind]}", ""]
    number = 0
    for index, (heading, articles) in enumerate(chapters, start=1):
        lines += [f"第{chinese_numeral(index)}章 {heading}", ""]
        for body in articles:
            number += 1
            lines += [f"第{chinese_numeral(number)}条 {body}", ""]
    return "\n".join(lines).strip("\n") + "\n"
