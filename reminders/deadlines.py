"""Deadlines as rows computed from the domain state: packages register the events that start a
legal clock (a request received, a representative leaving …); reminders works out each last day
from the area's jurisdiction profile and the holiday calendar, and `rebuild` keeps the rows in
step. reminders imports no higher package: they register with it (ARCHITECTURE.md layers)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, func, text, update
from sqlmodel import Session, col, select

from db import insert_rows, table_of, utcnow
from reminders import rules
from reminders.clock import Computer, Periods, load_calendar
from reminders.models import Deadline, DeadlineParty, DeadlineStatus
from reminders.profiles import PeriodKind


class Event(NamedTuple):
    """What starts a legal clock, as a package reports it (a named tuple: a rebuild makes
    hundreds of thousands of them, and a frozen dataclass costs several times more to make)."""

    source: str  # e.g. "bargaining.answer"
    subject_key: str  # e.g. "negotiation:12"; unique with source and kind
    kind: PeriodKind
    scope: str  # the record whose page lists the deadline, e.g. "negotiation:12"
    subject: str  # the user's own name for it, e.g. the negotiation's title
    starts_on: date
    region_code: str
    rule: str  # the DOMAIN.md rule, e.g. "R4"
    org_ids: tuple[int, ...]  # whose people are reminded
    detail: str = ""  # e.g. the name of the representative whose seat is vacant
    url: str = ""
    done: bool = False


# A package's deadline source: every event, or (a scope given, e.g. "negotiation:12") at least
# those of that record; reminders keeps only the events of the scope asked for.
Source = Callable[[Session, str | None], Iterable[Event]]
Key = tuple[str, str, str]
SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """A package's deadline source (app.py wires them: reminders imports no higher package)."""
    SOURCES[name] = source


# --- rebuilding the rows -------------------------------------------------------------------------


@dataclass
class RebuildReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    missing_years: set[int] = field(default_factory=set)
    # The first CHANGES_KEPT changes, for the operator: (what, key, last day before, after).
    changes: list[Change] = field(default_factory=list)

    def note(self, what: str, key: Key, before: date | None, after: date | None) -> None:
        if len(self.changes) < CHANGES_KEPT:
            self.changes.append(Change(what, "/".join(key), before, after))


@dataclass(frozen=True)
class Change:
    what: str  # added | changed | done | reopened | removed
    key: str  # source/subject_key/kind
    before: date | None
    after: date | None


CHANGES_KEPT = 1000


_BATCH = 5000


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]


# The columns rebuild compares, in this order; `parties` is the sorted ids of the organisations
# reminded (",12,40,"), kept on the row so that a rebuild sees a change without reading every
# deadline_party row.
COMPARED = (
    "source",
    "subject_key",
    "kind",
    "scope",
    "subject",
    "detail",
    "url",
    "starts_on",
    "due_on",
    "status",
    "rule",
    "article",
    "profile_code",
    "missing_years",
    "parties",
)
_DUE_ON, _STATUS, _PARTIES = (
    COMPARED.index("due_on"),
    COMPARED.index("status"),
    COMPARED.index("parties"),
)


@functools.lru_cache(maxsize=65536)
def _parties_text(org_ids: tuple[int, ...]) -> str:
    """The organisations reminded, as kept on the row: ",12,40,"."""
    return "," + ",".join(map(str, sorted(set(org_ids)))) + ","


def _wanted(
    session: Session, sources: dict[str, Source], scope: str | None, report: RebuildReport
) -> dict[Key, tuple[Any, ...]]:
    """Every deadline the sources report now, as the values of COMPARED."""
    computer = Computer(load_calendar(session), Periods.load(session))
    rows: dict[Key, tuple[Any, ...]] = {}
    missing: set[tuple[int, ...]] = set()
    for name, source in sources.items():
        for event in source(session, scope):
            if event.source != name:
                raise ValueError(f"source {name!r} reported an event of {event.source!r}")
            if scope is not None and event.scope != scope:
                continue
            computed = computer(event.region_code, event.kind, event.starts_on)
            if computed.missing_years:
                missing.add(computed.missing_years)
            kind = event.kind.value
            rows[(event.source, event.subject_key, kind)] = (
                event.source,
                event.subject_key,
                kind,
                event.scope,
                event.subject[:300],
                event.detail[:200],
                event.url[:200],
                event.starts_on,
                computed.due_on,
                DeadlineStatus.DONE if event.done else DeadlineStatus.OPEN,
                event.rule,
                computed.article[:200],
                computed.profile_code,
                ",".join(map(str, computed.missing_years)),
                _parties_text(tuple(event.org_ids)),
            )
    for years in missing:
        report.missing_years.update(years)
    return rows


def _next_reminder(values: tuple[Any, ...]) -> date | None:
    if values[_STATUS] is DeadlineStatus.DONE:
        return None
    return rules.first_reminder_on(values[_DUE_ON])


def _party_rows(deadline_id: int, parties: str) -> list[tuple[int, int]]:
    return [(deadline_id, int(org)) for org in parties.strip(",").split(",") if org]


def refresh(session: Session, scope: str) -> RebuildReport:
    """Recompute the deadlines of one record after its state changed (a request answered, a
    representative leaving …), in the caller's transaction, so its pages show them at once."""
    return rebuild(session, scope=scope)


def rebuild(
    session: Session, sources: dict[str, Source] | None = None, *, scope: str | None = None
) -> RebuildReport:
    """Recompute every deadline (or those of one record, `scope`) from the domain state and bring
    the rows in step: new ones added, changed ones updated (their reminders stay; a new last day
    restarts the steps), ones no source reports any more removed, and the organisations reminded
    of each kept in step. Rebuilds take turns (a lock on PostgreSQL; SQLite's write lock)."""
    _take_turns(session)
    report = RebuildReport()
    chosen = SOURCES if sources is None else sources
    wanted = _wanted(session, chosen, scope, report)
    table = table_of(Deadline)
    parties_table = table_of(DeadlineParty)
    current = select(table.c.id, *[table.c[name] for name in COMPARED])
    if scope is not None:
        current = current.where(table.c.scope == scope)
    if sources is not None:  # only the rows of the sources given are theirs to remove
        current = current.where(table.c.source.in_(list(sources)))
    existing = {(row[1], row[2], row[3]): row for row in session.execute(current)}

    now = utcnow()
    inserts: list[tuple[Any, ...]] = []  # the values of COMPARED, then next_reminder_on
    updates: list[tuple[dict[str, Any], bool]] = []
    party_adds: list[tuple[int, int]] = []
    replaced_parties: list[int] = []
    for key, values in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            report.note("added", key, None, values[_DUE_ON])
            inserts.append((*values, _next_reminder(values)))
            continue
        if tuple(row[1:]) == values:
            report.unchanged += 1
            continue
        restart = row.due_on != values[_DUE_ON] or row.status != values[_STATUS]
        what = "changed"
        if row.status != values[_STATUS]:
            what = "done" if values[_STATUS] is DeadlineStatus.DONE else "reopened"
        report.note(what, key, row.due_on, values[_DUE_ON])
        record = dict(zip(COMPARED, values, strict=True)) | {"b_id": row.id, "updated_at": now}
        if restart:
            record["next_reminder_on"] = _next_reminder(values)
        updates.append((record, restart))
        if row.parties != values[_PARTIES]:
            replaced_parties.append(row.id)
            party_adds += _party_rows(row.id, values[_PARTIES])

    if inserts:
        first = _allocate_ids(session, table, len(inserts))
        for offset, values in enumerate(inserts):
            party_adds += _party_rows(first + offset, values[_PARTIES])
        insert_rows(
            session.connection(),
            table,
            ["id", *COMPARED, "next_reminder_on", "updated_at"],
            ((first + offset, *values, now) for offset, values in enumerate(inserts)),
        )
        _advance_sequence(session, first + len(inserts) - 1)
    _update(session, table, updates)
    for batch in _batches(replaced_parties):
        session.execute(delete(parties_table).where(parties_table.c.deadline_id.in_(batch)))
    insert_rows(session.connection(), parties_table, ["deadline_id", "organization_id"], party_adds)
    gone = [row.id for row in existing.values()]
    for key, row in existing.items():
        report.note("removed", key, row.due_on, None)
    for batch in _batches(gone):
        session.execute(delete(table).where(table.c.id.in_(batch)))
    report.added, report.changed, report.removed = len(inserts), len(updates), len(gone)
    session.flush()
    return report


# Any constant: the key of the PostgreSQL advisory lock that rebuilds take turns on.
_REBUILD_LOCK = 726_601_2026


def _take_turns(session: Session) -> None:
    """Two rebuilds at once (the nightly one and an administrator's change, or two schedulers)
    would both insert the same new deadline; on PostgreSQL they queue on a transaction-scoped
    advisory lock. SQLite's writers are serialised already (write requests BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REBUILD_LOCK})


def _allocate_ids(session: Session, table: Any, count: int) -> int:
    """The first of `count` new ids. Only rebuilds insert deadlines, and they take turns, so ids
    can be given out here; the rows' parties are then written without reading the ids back
    (RETURNING row by row made a rebuild of 500,000 deadlines several times slower)."""
    if not count:
        return 0
    highest = session.execute(select(func.max(table.c.id))).scalar_one()
    return int(highest or 0) + 1


def _advance_sequence(session: Session, last_id: int) -> None:
    """PostgreSQL's id sequence past the ids given out here."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('deadline', 'id'), :last)"),
            {"last": last_id},
        )


def _update(session: Session, table: Any, updates: list[tuple[dict[str, Any], bool]]) -> None:
    """Changed rows, in batches; where the last day or the state changed, the reminder steps
    start again from the first one still to come (steps already sent are not sent twice)."""
    for restart in (False, True):
        names = [*COMPARED, "updated_at"] + (["next_reminder_on"] if restart else [])
        rows = [record for record, restarts in updates if restarts is restart]
        if not rows:
            continue
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({name: bindparam(name) for name in names})
        )
        for batch in _batches(rows):
            session.connection().execute(statement, batch)


def deadlines_of(session: Session, scope: str) -> list[Deadline]:
    """The deadlines a record's page lists (a negotiation's answer and vacancies …)."""
    return list(
        session.exec(select(Deadline).where(Deadline.scope == scope).order_by(col(Deadline.due_on)))
    )
