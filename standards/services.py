"""Sector standards: saving one with its items (checked item by item and against the minimum
wage, R14) and its versions; reading them back, and comparing terms with one."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlmodel import Session, col, select

from audit import trail
from errors import DomainError
from organizations.models import Organization, OrgKind, Region, Sector
from organizations.permissions import Viewer
from pagination import Page, paginate
from standards import rules
from standards.labels import FIELD_LABELS, KIND_LABELS, PROBLEM_MESSAGES, STANDARD_SAVED
from standards.minimum_checks import (
    check_minimum_wage_during,
    figure,
    minimum_wages_during,
    shortfall,
)
from standards.models import SectorStandard, StandardItem, StandardStatus
from standards.permissions import can_edit_standards, visible_standards_clause
from standards.reference import minimum_wage_in_force
from standards.validation import (
    JOB_CATEGORY_MAX_LENGTH,
    ItemsRefused,
    item_problems,
    parse_amount,
)
from standards.vocabulary import Direction, ItemKind, Unit

# Other packages read these through this module.
__all__ = ["figure", "minimum_wages_during", "shortfall"]


@dataclass(frozen=True)
class ItemData:
    """One item as entered (on a form or in a workbook row)."""

    kind: ItemKind
    job_category: str
    value: str | Decimal
    unit: Unit | str | None
    direction: Direction | str | None
    note: str | None = None
    row: int | None = None  # where it came from, for messages


@dataclass(frozen=True)
class StandardData:
    sector_code: str
    region_code: str
    title: str
    effective_from: date
    effective_to: date | None


def _where(item: ItemData) -> str:
    category = item.job_category or str(_l("all job categories"))
    label = f"{KIND_LABELS[item.kind]} · {category}"
    return str(_l("row %(row)s (%(item)s)", row=item.row, item=label)) if item.row else label


def _category_problem(category: str) -> str | None:
    """A job category is a name of at most JOB_CATEGORY_MAX_LENGTH characters on one line."""
    if len(category) > JOB_CATEGORY_MAX_LENGTH:
        return str(
            _l(
                "a job category has at most %(count)s characters.",
                count=JOB_CATEGORY_MAX_LENGTH,
            )
        )
    if any(unicodedata.category(c) == "Cc" for c in category):
        return str(_l("a job category cannot hold tabs, line breaks or other control characters."))
    return None


def checked_items(items: list[ItemData]) -> list[rules.StandardTerm]:
    """Every item's problems at once, named by row or item; nothing is saved if there is one."""
    problems: list[str] = []
    seen: dict[tuple[ItemKind, str], ItemData] = {}
    terms: list[rules.StandardTerm] = []
    for item in items:
        found = item_problems(item.kind, item.unit, item.direction, item.value)
        for problem in found:
            problems.append(
                f"{_where(item)}: {FIELD_LABELS[problem.field]} {PROBLEM_MESSAGES[problem.code]}"
            )
        key = (item.kind, item.job_category.strip())
        category_problem = _category_problem(key[1])
        if category_problem:
            problems.append(f"{_where(item)}: {category_problem}")
        if key in seen:
            problems.append(str(_l("%(item)s appears twice.", item=_where(item))))
        seen[key] = item
        if not found and not category_problem:
            value = parse_amount(item.value)
            assert value is not None and item.unit is not None and item.direction is not None
            terms.append(
                rules.StandardTerm(
                    item.kind, key[1] or None, value, Unit(item.unit), Direction(item.direction)
                )
            )
    if not items:
        problems.append(str(_l("A standard needs at least one item.")))
    if problems:
        raise ItemsRefused(problems)
    return terms


def _overlapping(session: Session, data: StandardData, ignore: int | None) -> SectorStandard | None:
    """Another standard for the same sector and area whose period meets this one's."""
    stmt = select(SectorStandard).where(
        SectorStandard.sector_code == data.sector_code,
        SectorStandard.region_code == data.region_code,
        SectorStandard.status != StandardStatus.DRAFT,
    )
    for other in session.exec(stmt):
        if other.id == ignore:
            continue
        ends = other.effective_to or date.max
        if other.effective_from <= (data.effective_to or date.max) and data.effective_from <= ends:
            return other
    return None


def save_standard(
    session: Session,
    viewer: Viewer,
    data: StandardData,
    items: list[ItemData],
    *,
    supersedes: SectorStandard | None = None,
) -> SectorStandard:
    """Save a standard in force from its start date, or a new version of `supersedes` (which then
    ends the day before and stays readable). Every check first; nothing half-saved."""
    federation = session.get(Organization, viewer.org_id)
    if not can_edit_standards(
        viewer, federation, region_code=data.region_code, sector_code=data.sector_code
    ):
        raise DomainError(_l("Only the sector's federation keeps this standard."), status=403)
    _check_heading(session, data)
    if supersedes is not None:
        if supersedes.status is StandardStatus.DRAFT:
            # A draft is not in force: a "new version" of it would put it on record as replaced
            # and show it to everyone.
            raise DomainError(
                _l("A draft is not in force: there is no version of it to replace yet."),
                status=409,
            )
        successor = session.exec(
            select(SectorStandard.id).where(SectorStandard.supersedes_id == supersedes.id)
        ).first()
        if successor is not None:
            raise DomainError(
                _l("A later version replaces this one already: revise the latest version."),
                status=409,
            )
        if (supersedes.sector_code, supersedes.region_code) != (data.sector_code, data.region_code):
            raise DomainError(_l("A new version keeps its sector and area."), field="sector_code")
        if data.effective_from <= supersedes.effective_from:
            raise DomainError(
                _l(
                    "A new version starts after the version it replaces (%(start)s).",
                    start=supersedes.effective_from.isoformat(),
                ),
                field="effective_from",
            )
    terms = checked_items(items)
    check_minimum_wage_during(
        session, data.region_code, data.effective_from, data.effective_to, terms
    )
    clash = _overlapping(session, data, supersedes.id if supersedes else None)
    if clash is not None:
        raise DomainError(
            _l(
                "“%(title)s” covers this sector and area from %(start)s to %(end)s; the periods "
                "overlap. To replace it, import a new version from its page.",
                title=clash.title,
                start=clash.effective_from.isoformat(),
                end=clash.effective_to.isoformat() if clash.effective_to else _l("open-ended"),
            ),
            field="effective_from",
        )
    if supersedes is not None:
        # The old version ends the day before the new one starts, never later than it was agreed.
        day_before = data.effective_from - timedelta(days=1)
        supersedes.effective_to = min(supersedes.effective_to or day_before, day_before)
        supersedes.status = StandardStatus.SUPERSEDED
    standard = SectorStandard(
        sector_code=data.sector_code,
        region_code=data.region_code,
        title=data.title.strip(),
        effective_from=data.effective_from,
        effective_to=data.effective_to,
        status=StandardStatus.IN_FORCE,
        supersedes_id=supersedes.id if supersedes else None,
        federation_id=federation.id
        if federation and federation.kind == OrgKind.FEDERATION
        else None,
    )
    saved = _add(session, standard, items, terms)
    trail.record(
        session,
        actor=viewer,
        action=STANDARD_SAVED,
        subject=saved,
        title=saved.title,
        replaces=supersedes.id if supersedes else None,
    )
    return saved


def save_draft_standard(
    session: Session, data: StandardData, items: list[ItemData], *, federation_id: int
) -> SectorStandard:
    """A draft standard of agreed values (a negotiation's outcome, not yet in force): every item
    checked and R14 over its period, but no overlap with the standard in force, which it is meant
    to follow. The caller has checked that the acting user is a party to the agreement."""
    terms = check_draft_standard(session, data, items)
    standard = SectorStandard(
        sector_code=data.sector_code,
        region_code=data.region_code,
        title=data.title.strip(),
        effective_from=data.effective_from,
        effective_to=data.effective_to,
        status=StandardStatus.DRAFT,
        federation_id=federation_id,
    )
    return _add(session, standard, items, terms)


def check_draft_standard(
    session: Session, data: StandardData, items: list[ItemData]
) -> list[rules.StandardTerm]:
    """Every check a draft standard must pass (its heading, each item, R14 over its period),
    saving nothing: the terms it would hold, or a DomainError."""
    _check_heading(session, data)
    terms = checked_items(items)
    check_minimum_wage_during(
        session, data.region_code, data.effective_from, data.effective_to, terms
    )
    return terms


def _check_heading(session: Session, data: StandardData) -> None:
    if not data.title.strip():
        raise DomainError(_l("Enter a title."), field="title")
    if session.get(Sector, data.sector_code) is None:
        raise DomainError(_l("Choose a sector from the list."), field="sector_code")
    if session.get(Region, data.region_code) is None:
        raise DomainError(_l("Choose a region from the list."), field="region_code")
    if data.effective_to is not None and data.effective_to < data.effective_from:
        raise DomainError(_l("The end comes before the start."), field="effective_to")


def _add(
    session: Session,
    standard: SectorStandard,
    items: list[ItemData],
    terms: list[rules.StandardTerm],
) -> SectorStandard:
    session.add(standard)
    session.flush()
    for position, (item, term) in enumerate(zip(items, terms, strict=True)):
        session.add(
            StandardItem(
                standard_id=standard.id or 0,
                position=position,
                kind=term.kind,
                job_category=term.job_category or "",
                value=term.value,
                unit=term.unit,
                direction=term.direction,
                note=(item.note or "").strip() or None,
            )
        )
    session.flush()
    return standard


def items_of(session: Session, standard: SectorStandard) -> list[StandardItem]:
    stmt = select(StandardItem).where(StandardItem.standard_id == standard.id)
    return list(session.exec(stmt.order_by(col(StandardItem.position), col(StandardItem.id))))


def prepared(items: list[StandardItem]) -> rules.PreparedStandard:
    """The standard as the comparison engine takes it."""
    return rules.PreparedStandard.from_items(
        rules.StandardTerm(i.kind, i.job_category or None, i.value, i.unit, i.direction)
        for i in items
    )


def history(session: Session, standard: SectorStandard) -> list[SectorStandard]:
    """Every version for the standard's sector and area, newest first, with their periods; drafts
    (not yet agreed to be in force, and their federation's alone) only the standard itself."""
    stmt = select(SectorStandard).where(
        SectorStandard.sector_code == standard.sector_code,
        SectorStandard.region_code == standard.region_code,
        or_(
            col(SectorStandard.status) != StandardStatus.DRAFT,
            col(SectorStandard.id) == standard.id,
        ),
    )
    return list(session.exec(stmt.order_by(col(SectorStandard.effective_from).desc())))


def visible_standards(
    session: Session, viewer: Viewer, viewer_region: str, *, page: int, per_page: int
) -> Page:
    """The standards the viewer may read (standards.permissions), newest first."""
    stmt = select(SectorStandard).where(visible_standards_clause(viewer, viewer_region))
    stmt = stmt.order_by(col(SectorStandard.effective_from).desc(), col(SectorStandard.id).desc())
    return paginate(session, stmt, page=page, per_page=per_page)


def new_standard_defaults(
    session: Session, viewer: Viewer, previous: SectorStandard | None
) -> dict[str, object]:
    """A new version keeps its sector, area and title; a federation's standard starts in its own
    sector and area."""
    if previous is not None:
        return {
            "title": previous.title,
            "sector_code": previous.sector_code,
            "region_code": previous.region_code,
        }
    home = session.get(Organization, viewer.org_id)
    if home is not None and home.kind == OrgKind.FEDERATION:
        return {"sector_code": home.sector_code, "region_code": home.region_code}
    return {}


def compare_terms(
    session: Session, standard: SectorStandard, terms: list[rules.Term], on: date
) -> rules.Comparison:
    """Terms against the standard's items and against the minimum wage in force in the
    standard's area on `on` (the terms' date: today for figures entered now)."""
    minimum = minimum_wage_in_force(session, standard.region_code, on)
    return rules.compare(
        terms,
        prepared(items_of(session, standard)),
        rules.MinimumWage(minimum.monthly, minimum.hourly) if minimum else None,
    )


def entered_terms(items: list[StandardItem], entered: dict[int, Decimal]) -> list[rules.Term]:
    """Figures entered against the standard's items (item id → value, in the item's unit); an
    item left blank is one the terms lack."""
    return [
        rules.Term(item.kind, item.job_category or None, entered[item.id or 0], item.unit)
        for item in items
        if (item.id or 0) in entered
    ]


class Phase(StrEnum):
    """Where a standard stands today, from its period (its stored status says only whether a
    later version replaced it)."""

    DRAFT = "draft"
    UPCOMING = "upcoming"
    IN_FORCE = "in_force"
    ENDED = "ended"
    REPLACED = "replaced"


def phase(standard: SectorStandard, today: date) -> Phase:
    if standard.status == StandardStatus.DRAFT:
        return Phase.DRAFT
    if today < standard.effective_from:
        return Phase.UPCOMING
    if standard.effective_to is not None and today > standard.effective_to:
        replaced = standard.status == StandardStatus.SUPERSEDED
        return Phase.REPLACED if replaced else Phase.ENDED
    return Phase.IN_FORCE
