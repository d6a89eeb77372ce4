"""A negotiation's files, made from the recorded data: the written request and answer (R4) as Word
documents, and an item's convergence chart (PNG or SVG, cached like the standards' charts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from bargaining import services
from bargaining.labels import SIDE_LABELS, TOPIC_LABELS
from bargaining.letters import LetterData, answer_letter, request_letter
from bargaining.models import Negotiation, NegotiationItem, Side
from charts.web import chart_cache
from organizations.models import Organization
from reminders.clock import UNIT_WORDS, Clock
from reminders.profiles import PeriodKind
from standards.reference import minimum_wage_in_force, wage_guideline_for
from standards.rules import MinimumBasis, MinimumWage, applicable_minimum
from standards.vocabulary import ItemKind, Unit

CHART_MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
# The convergence chart's minimum-wage line, named by the minimum it is: an hour rate (工时工价)
# is drawn against the monthly minimum ÷ 174, a part-time hourly rate against the part-time one.
MINIMUM_LINE_LABELS = {
    MinimumBasis.MONTHLY: _l("Local minimum wage"),
    MinimumBasis.MONTHLY_PER_HOUR: _l("Local minimum wage ÷ 174 hours"),
    MinimumBasis.PART_TIME_HOURLY: _l("Part-time hourly minimum wage"),
}


def letter(session: Session, negotiation: Negotiation, which: str) -> tuple[bytes, str]:
    """The request or the answer as a Word document, and its file name."""
    clock = Clock(session)
    deadline = services.answer_deadline(clock, negotiation)
    period = clock.period(negotiation.region_code, PeriodKind.ANSWER)
    requester = negotiation.requested_by
    sender = requester if which == "request" else requester.other
    data = LetterData(
        title=negotiation.title,
        topic=str(TOPIC_LABELS[negotiation.topic]),
        year=negotiation.year,
        from_org=_name(session, negotiation.org_of(sender)),
        to_org=_name(session, negotiation.org_of(sender.other)),
        sent_on=negotiation.request_sent_on if which == "request" else negotiation.answered_on,  # type: ignore[arg-type]
        body=negotiation.request_text if which == "request" else negotiation.answer_text or "",
        answer_agrees=bool(negotiation.answer_agrees),
        received_on=negotiation.request_received_on,
        answer_due_on=deadline.due_on,
        answer_period_days=period.length,
        answer_period_unit=UNIT_WORDS[period.unit],
        answer_article=period.article,
        items=[
            (services.item_label(i), i.unit.value) for i in services.items_of(session, negotiation)
        ],
    )
    if which == "request":
        return request_letter(data), f"{negotiation.title}-协商要求书.docx"
    return answer_letter(data), f"{negotiation.title}-协商回应书.docx"


def chart(
    session: Session, negotiation: Negotiation, item_id: int, fmt: str, *, narrow: bool = False
) -> bytes | None:
    """An item's offers over the sessions, with the minimum wage (pay items) or the year's
    wage-guideline band (the annual rise) behind them; cached by content. *narrow*: drawn for a
    phone's screen, each session's name over its date."""
    # matplotlib loads with the first chart drawn, not with every start of the app.
    from bargaining.charts import ChartLabels, Convergence, cached_convergence_chart

    rows = services.offer_table(session, negotiation)
    row = next((r for r in rows if r.item.id == item_id), None)
    if row is None:
        return None
    offered = [c for c in row.cells if c.union is not None or c.employer is not None]
    if not offered:
        return None
    minimum = None
    minimum_label = _("Local minimum wage")
    band = None
    if row.item.unit in (Unit.YUAN_PER_MONTH, Unit.YUAN_PER_HOUR):
        line = _minimum_line(session, negotiation, row.item, offered[-1].session.held_on)
        if line is not None:
            minimum, minimum_label = line
    elif row.item.kind == ItemKind.ANNUAL_RISE:
        guideline = wage_guideline_for(session, negotiation.region_code, negotiation.year)
        if guideline is not None:
            band = (guideline.lower, guideline.baseline, guideline.upper)
    sessions = [
        f"{_('Session %(n)s', n=c.session.number)}\n{format_date(c.session.held_on, 'short')}"
        if narrow
        else _(
            "Session %(n)s, %(date)s",
            n=c.session.number,
            date=format_date(c.session.held_on, "short"),
        )
        for c in offered
    ]
    labels = ChartLabels(
        union=str(SIDE_LABELS[Side.UNION]),
        employer=str(SIDE_LABELS[Side.EMPLOYER]),
        minimum_wage=minimum_label,
        guideline_band=_("Wage guideline (lower to upper line)"),
        baseline=_("Guideline baseline"),
        gap=_("Gap"),
    )
    convergence = Convergence(
        row.label,
        row.item.unit.value,
        sessions,
        [c.union for c in offered],
        [c.employer for c in offered],
        labels,
        minimum=minimum,
        band=band,
        narrow=narrow,
    )
    return cached_convergence_chart(chart_cache(), convergence, fmt)


def _minimum_line(
    session: Session, negotiation: Negotiation, item: NegotiationItem, on: date
) -> tuple[Decimal, str] | None:
    """The minimum-wage line of a pay item's chart (R14) and its name: the minimum in force on
    that day that the standards' checks hold this kind of item to, in its unit. None where the
    area has none on record, or the item is not held to one (an allowance, a piece rate)."""
    in_force = minimum_wage_in_force(session, negotiation.region_code, on)
    if in_force is None:
        return None
    applicable = applicable_minimum(
        item.kind, item.unit, MinimumWage(in_force.monthly, in_force.hourly)
    )
    if applicable is None:
        return None
    return applicable.amount, str(MINIMUM_LINE_LABELS[applicable.basis])


def _name(session: Session, org_id: int) -> str:
    organization = session.get(Organization, org_id)
    return organization.name if organization else ""
