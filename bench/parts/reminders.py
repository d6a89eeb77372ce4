"""Part `reminders`: 100,000 agreements with 5 legal clocks each (500,000 deadlines, two
organisations reminded of each): selecting what is due today, rebuilding every deadline from
the agreements, and recording 10,000 inbox reminders.

The agreements are real rows of `agreement` (every enterprise of the world with its union, in two
successive terms), their terms spread from three years ago to a year ahead. The signature, filing
and publication dates that start an agreement's clocks come with the signature and filing work
that is not built yet, so this part registers its own deadline source over those rows, deriving
five dated events of each agreement from its term (filing, review, publication, missing filing
items, the renewal window): the rows, the periods, the holiday calendar and the arithmetic are
the real ones.

- `rebuild_s`: `reminders.deadlines.rebuild` from an empty deadline table: 500,000 events
  computed (profile, calendar, R26) and their rows and 1,000,000 party rows written, committed.
- `due_select_ms`: the median of selecting everything due today (open deadlines whose last day
  is today, with the organisations to remind), on `due_select_rows` rows: "today" is the bench's,
  the first working day from today (no clock ends on a rest day), and the filing clocks of 600
  agreements end on it, so that at least 1,000 (deadline, organisation) pairs are selected.
- `plan_select_ms`: the scheduler's selection of the deadlines whose reminder step has come,
  after a catch-up run and the statistics' refresh that autovacuum would make.
- `deliver_10k_s`: `reminders.delivery.plan` recording 10,000 inbox reminders (1,000 deadlines
  whose step came due, two organisations of five people each), committed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, Select, bindparam, exists, func, insert, select, update
from sqlmodel import Session, col

from accounts.models import Role, User
from bench.database import analyze
from bench.generate import World
from bench.harness import BenchContext, median
from bench.registry import Figure, register
from contracts.models import Agreement, AgreementKind, AgreementLevel, AgreementStatus
from db import local_today, table_of, utcnow
from organizations.models import Organization, OrgKind
from reminders import deadlines, delivery
from reminders.calendar_store import load_chinese_calendar
from reminders.clock import Computer, Periods, load_calendar
from reminders.deadlines import Event
from reminders.models import Deadline, DeadlineParty, DeadlineStatus
from reminders.periods import next_working_day
from reminders.profiles import PeriodKind

AGREEMENTS = 100_000
REMINDED = 1_000  # deadlines whose step comes due for deliver_10k
# Agreements whose filing clock ends on the bench's today, so that due_select_ms selects rows:
# two organisations each, at least 1,000 (deadline, organisation) pairs with the others due then.
DUE_TODAY_AGREEMENTS = 600
PEOPLE_PER_ORG = 5
SOURCE = "bench.agreement"
REBUILD_TARGET_S = 60.0
DUE_SELECT_TARGET_MS = 200.0
DUE_SELECT_ROWS = 1_000  # what due_select_ms is measured on, at least
PLAN_SELECT_TARGET_MS = 50.0
DELIVER_TARGET_S = 30.0
# Each clock: its kind, and the day it starts relative to the agreement's term start.
CLOCKS = (
    (PeriodKind.FILING, -25),  # signed 25 days before the term starts
    (PeriodKind.REVIEW, -18),  # filed a week after signing
    (PeriodKind.MISSING_ITEMS, -14),  # the bureau asked for a missing item
    (PeriodKind.PUBLICATION, 0),  # in effect from the term's start
    (PeriodKind.RENEWAL_WINDOW, 300),  # counted towards the renewal window
)


def bench_today(session: Session) -> date:
    """The day the part treats as today: the first working day from today on (no deadline ends
    on a rest day, R26, so a weekend run would find nothing due)."""
    calendar = load_calendar(session)
    return next_working_day(local_today(), calendar.is_working_day)


def _filing_starts(session: Session, today: date) -> Callable[[str], date | None]:
    """For a region, a term start whose filing clock (CLOCKS[0]) ends on `today`, if any."""
    computer = Computer(load_calendar(session), Periods.load(session))
    kind, offset = CLOCKS[0]
    found: dict[str, date | None] = {}

    def start_for(region_code: str) -> date | None:
        if region_code not in found:
            found[region_code] = next(
                (
                    start
                    for delta in range(-400, 400)  # a term may start after its filing is due
                    if computer(
                        region_code,
                        kind,
                        (start := today + timedelta(days=delta)) + timedelta(days=offset),
                    ).due_on
                    == today
                ),
                None,
            )
        return found[region_code]

    return start_for


def _agreement_rows(engine: Engine, today: date) -> Iterator[dict[str, object]]:
    now = utcnow()
    with engine.connect() as conn:
        pairs = conn.execute(
            select(
                col(Organization.id), col(Organization.enterprise_id), col(Organization.region_code)
            )
            .where(
                col(Organization.kind) == OrgKind.UNION,
                col(Organization.enterprise_id).is_not(None),
            )
            .order_by(col(Organization.id))
        ).all()
    with Session(engine) as session:
        filing_start = _filing_starts(session, today)
    made = due_today = 0
    while made < AGREEMENTS:
        for union_id, enterprise_id, region_code in pairs:
            if made == AGREEMENTS:
                return
            # Terms from three years ago to a year ahead, a day apart every ~27 agreements.
            start = today - timedelta(days=1095) + timedelta(days=(made * 37) % 1460)
            if due_today < DUE_TODAY_AGREEMENTS:
                chosen = filing_start(region_code)
                if chosen is not None:
                    start, due_today = chosen, due_today + 1
            made += 1
            yield {
                "kind": AgreementKind.SPECIAL_WAGE if made % 3 else AgreementKind.COLLECTIVE,
                "level": AgreementLevel.ENTERPRISE,
                "title": f"工资专项集体合同（第{made}号）",
                "union_org_id": union_id,
                "employer_org_id": enterprise_id,
                "region_code": region_code,
                "term_start": start,
                "term_end": start + timedelta(days=730),
                "status": AgreementStatus.DRAFTING,
                "head_number": 0,
                "created_at": now,
            }


def agreement_events(session: Session, scope: str | None = None) -> Iterator[Event]:
    """Five clocks of every agreement, derived from its term (see the module's docstring)."""
    rows = session.execute(
        select(
            col(Agreement.id),
            col(Agreement.title),
            col(Agreement.region_code),
            col(Agreement.term_start),
            col(Agreement.union_org_id),
            col(Agreement.employer_org_id),
        )
    )
    for agreement_id, title, region_code, term_start, union_id, employer_id in rows:
        for kind, offset in CLOCKS:
            yield Event(
                source=SOURCE,
                subject_key=f"agreement:{agreement_id}",
                kind=kind,
                scope=f"agreement:{agreement_id}",
                subject=title,
                starts_on=term_start + timedelta(days=offset),
                region_code=region_code,
                rule="R10",
                org_ids=(union_id, employer_id),
                url=f"/agreements/{agreement_id}",
            )


def prepare(engine: Engine, world: World) -> None:
    table = table_of(Agreement)
    with Session(engine) as session, session.begin():
        load_chinese_calendar(session)
        today = bench_today(session)
    batch: list[dict[str, object]] = []
    with engine.begin() as conn:
        for row in _agreement_rows(engine, today):
            batch.append(row)
            if len(batch) == 5000:
                conn.execute(insert(table), batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
    world.counts["agreements"] = AGREEMENTS


def _timed(engine: Engine, work: Callable[[Session], object]) -> float:
    started = time.perf_counter()
    with Session(engine) as session, delivery.writing(session):
        work(session)
    return time.perf_counter() - started


def _add_people(engine: Engine, today: date) -> int:
    """Five people in each of the two organisations of REMINDED deadlines whose step came due
    today; returns how many inbox reminders planning should record."""
    with Session(engine) as session, session.begin():
        chosen = (
            session.execute(
                select(col(Deadline.id))
                .where(
                    col(Deadline.status) == DeadlineStatus.OPEN,
                    col(Deadline.due_on) > today + timedelta(days=3),  # its 7-day step has come
                    col(Deadline.due_on) <= today + timedelta(days=7),
                    # Parties without accounts yet (other parts add some): reminded only now.
                    ~exists()
                    .where(col(DeadlineParty.deadline_id) == col(Deadline.id))
                    .where(col(User.organization_id) == col(DeadlineParty.organization_id)),
                )
                .order_by(col(Deadline.id))
                .limit(REMINDED)
            )
            .scalars()
            .all()
        )
        orgs = sorted(
            set(
                session.execute(
                    select(col(DeadlineParty.organization_id)).where(
                        col(DeadlineParty.deadline_id).in_(chosen)
                    )
                ).scalars()
            )
        )
        now = utcnow()
        users = [
            {
                "username": f"bench-reminded-{org}-{i}",
                "display_name": f"提醒对象{org}-{i}",
                "password_hash": "x",
                "role": Role.FEDERATION_STAFF,
                "organization_id": org,
                "active": True,
                "must_change_password": False,
                "session_nonce": f"n{org}-{i}",
                "created_at": now,
            }
            for org in orgs
            for i in range(PEOPLE_PER_ORG)
        ]
        for start in range(0, len(users), 5000):
            session.execute(insert(table_of(User)), users[start : start + 5000])
        table = table_of(Deadline)
        session.connection().execute(
            update(table).where(table.c.id == bindparam("b_id")).values(next_reminder_on=today),
            [{"b_id": deadline_id} for deadline_id in chosen],
        )
        per_deadline = session.execute(
            select(func.count())
            .select_from(DeadlineParty)
            .join(User, col(User.organization_id) == DeadlineParty.organization_id)
            .where(col(DeadlineParty.deadline_id).in_(chosen))
        ).scalar_one()
    return int(per_deadline)


def _note_plans(ctx: BenchContext, statements: dict[str, Select[*tuple[Any, ...]]]) -> None:
    """PostgreSQL's plan of each timed query, with its actual rows and time."""
    if ctx.engine.dialect.name != "postgresql":
        return
    with ctx.engine.connect() as conn:
        for name, stmt in statements.items():
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            ctx.note(f"reminders: EXPLAIN ANALYZE of {name}:")
            for (line,) in conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}"):
                ctx.note(f"  {line}")


@register(
    "reminders",
    "deadlines of 100,000 agreements: due today, rebuild, 10,000 reminders",
    prepare=prepare,
)
def run(ctx: BenchContext) -> list[Figure]:
    engine = ctx.engine
    with Session(engine) as session:
        today = bench_today(session)
    deadlines.register(SOURCE, agreement_events)
    try:
        rebuild_s = _timed(engine, lambda s: deadlines.rebuild(s))
        again_s = _timed(engine, lambda s: deadlines.rebuild(s))
    finally:
        deadlines.SOURCES.pop(SOURCE, None)
    with Session(engine) as session:
        total = session.execute(select(func.count()).select_from(Deadline)).scalar_one()
    ctx.note(
        f"reminders: {total:,} deadlines; a second rebuild with nothing changed: {again_s:.1f} s"
    )

    due_today = (
        select(
            col(Deadline.id),
            col(Deadline.kind),
            col(Deadline.due_on),
            col(DeadlineParty.organization_id),
        )
        .join(DeadlineParty, col(DeadlineParty.deadline_id) == Deadline.id)
        .where(col(Deadline.due_on) == today, col(Deadline.status) == DeadlineStatus.OPEN)
    )
    catch_up_s = _timed(engine, lambda s: delivery.plan(s, today))
    # The rebuild and the catch-up rewrote every deadline's next step: PostgreSQL's autovacuum
    # analyses such a table within a minute or so, and the scheduler then selects by the index;
    # timing before that would time a plan made from the statistics of the bulk insert.
    analyze(engine)
    step_due = select(col(Deadline.id), col(Deadline.due_on)).where(
        col(Deadline.next_reminder_on) <= today,
        col(Deadline.status) == DeadlineStatus.OPEN,
    )
    timings: dict[str, list[float]] = {"due": [], "plan": []}
    found = 0
    with engine.connect() as conn:
        for round_ in range(ctx.warmup // 3 + 60):
            for name, stmt in (("due", due_today), ("plan", step_due)):
                started = time.perf_counter()
                rows = conn.execute(stmt).all()
                if round_ >= ctx.warmup // 3:
                    timings[name].append((time.perf_counter() - started) * 1000)
                if name == "due":
                    found = len(rows)
    ctx.note(
        f"reminders: {found:,} (deadline, organisation) pairs due on {today} (the bench's today); "
        f"the catch-up run of the scheduler over every step already past took {catch_up_s:.1f} s"
    )
    _note_plans(ctx, {"due_select": due_today, "plan_select": step_due})

    expected = _add_people(engine, today)
    recorded: list[int] = []
    deliver_s = _timed(engine, lambda s: recorded.append(delivery.plan(s, today).deliveries))
    ctx.note(f"reminders: {recorded[0]:,} inbox reminders recorded (expected {expected:,})")
    return [
        Figure("rebuild_s", rebuild_s, "s", REBUILD_TARGET_S),
        Figure("due_select_ms", median(timings["due"]), "ms", DUE_SELECT_TARGET_MS),
        Figure("due_select_rows", found, "rows", DUE_SELECT_ROWS, better="higher"),
        Figure("plan_select_ms", median(timings["plan"]), "ms", PLAN_SELECT_TARGET_MS),
        Figure("deliver_10k_s", deliver_s, "s", DELIVER_TARGET_S),
    ]
