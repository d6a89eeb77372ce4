"""The demo agreement: the sector agreement of this year's agreed negotiation, drafted from the
template and revised by both sides — one revision merged with another made at the same time — with
comments on its articles."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session, select

from accounts.models import User
from bargaining.demo import LAST_YEAR_TITLE
from bargaining.models import Negotiation, NegotiationStatus
from contracts import comments, editing, rules, services
from contracts.diff import WageRow
from contracts.models import Agreement
from organizations.demo import SeedReport
from organizations.services import viewer_for
from standards.models import StandardItem
from standards.vocabulary import ItemKind


def seed_contracts(session: Session, report: SeedReport) -> None:
    negotiation = session.exec(
        select(Negotiation).where(Negotiation.title == LAST_YEAR_TITLE)
    ).first()
    if negotiation is None or negotiation.status is not NegotiationStatus.AGREED:
        return
    if session.exec(select(Agreement.id).where(Agreement.negotiation_id == negotiation.id)).first():
        report.tally(False)
        return
    chair = session.exec(select(User).where(User.username == "fed.chair")).one()
    rep = session.exec(select(User).where(User.username == "assoc.rep")).one()
    union, employer = viewer_for(session, chair), viewer_for(session, rep)
    agreement = services.create_from_negotiation(
        session,
        union,
        negotiation,
        term_start=date(negotiation.year, 1, 1),
        term_end=date(negotiation.year, 12, 31),
    )
    first = services.latest(session, agreement)
    assert first is not None
    # The association's revision: the head chef's floor up by 50 yuan, in text and table, above
    # the sector standard on purpose, which the article says (the text and the table agree, and
    # the difference from the standard is explained, not an oversight).
    rows = rules.wage_rows(first.wage_table)
    chef = rows[0]
    rows[0] = replace(chef, value=chef.value + 50)
    old_figure = f"{chef.job_category}{rules.plain_figure(chef.value)}元"
    new_figure = f"{chef.job_category}{rules.plain_figure(chef.value + 50)}元"
    line = next(line for line in first.text.split("\n") if old_figure in line)
    revised = line.replace(old_figure, new_figure, 1) + (
        f"其中{new_figure}高于行业工资标准规定的{standard_figure(session, negotiation, chef)}元："
        "本合同的标准可以高于行业工资标准，但不得低于行业工资标准。"
    )
    editing.save_edit(
        session,
        employer,
        agreement,
        base_number=1,
        text=first.text.replace(line, revised, 1),
        note="企业方意见：厨师长标准上调50元，高于行业工资标准",
        rows=rows,
    )
    # The federation's revision, begun on version 1 at the same time: merged, not overwritten.
    editing.save_edit(
        session,
        union,
        agreement,
        base_number=1,
        text=first.text.replace("本合同一式三份，双方各执一份，报劳动保障行政部门一份。",
                                "本合同一式四份，双方各执一份，报劳动保障行政部门一份，"
                                "报上级工会一份。"),
        note="职工方意见：增加报上级工会一份",
    )  # fmt: skip
    newest = services.latest(session, agreement)
    assert newest is not None and newest.number == 3
    comments.add_comment(
        session,
        union,
        agreement,
        newest,
        article_label="第四条",
        body="建议补充各岗位工种的测算依据，作为合同附件。",
    )
    resolved = comments.add_comment(
        session,
        employer,
        agreement,
        newest,
        article_label="第十四条",
        body="报送份数请与区人社局确认。",
    )
    comments.resolve_comment(session, union, agreement, resolved)
    report.tally(True)


def standard_figure(session: Session, negotiation: Negotiation, row: WageRow) -> str:
    """The sector standard's figure for a row of the wage table (the agreed value when the
    negotiation has no standard), as the text writes it."""
    item = session.exec(
        select(StandardItem).where(
            StandardItem.standard_id == negotiation.standard_id,
            StandardItem.kind == ItemKind(row.kind),
            StandardItem.job_category == row.job_category,
        )
    ).first()
    return rules.plain_figure(item.value if item is not None else row.value)
