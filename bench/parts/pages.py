"""Part `pages`: the pages people open most, each against /healthz, in a world of realistic size
(50,000 enterprises, 2,000 negotiations, 20,000 agreement versions, 10,000 accounts; see
bench.pages_world), as the demo federation's chair: the negotiation in session, a version page
of a 60,000-character agreement, the home page, the inbox and "My deadlines".

Each round times /healthz, then each page once, so that drift in the machine's speed touches all
alike; a figure is the page's median over the round's /healthz median.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, Executable, func, select
from sqlmodel import Session, col

from accounts.demo import DEMO_PASSWORD
from app import create_app
from bargaining.models import BargainingSession, Offer
from bench.generate import Sizes, World
from bench.harness import BenchContext, HttpClient, median, percentile
from bench.pages_world import PagesWorld, build
from bench.registry import Figure, register
from reminders.models import Deadline, DeadlineParty, Delivery

RATIO_TARGET = 5.0
USERNAME = "fed.chair"
_world = PagesWorld()


def prepare(engine: Engine, world: World) -> None:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    built = build(engine, app, scale=world.sizes.enterprises / Sizes().enterprises)
    app.extensions["database"].engine.dispose()
    _world.__dict__.update(built.__dict__)
    world.counts.update(built.counts)


def _pages() -> dict[str, tuple[str, str]]:
    """Figure name: (path, text the page must show)."""
    w = _world
    return {
        "negotiation": (f"/negotiations/{w.negotiation_id}", w.negotiation_title),
        "agreement": (f"/agreements/{w.agreement_id}/versions/{w.version_number}", "第一条"),
        "home": ("/", "陈志明"),
        "inbox": ("/inbox", "陈志明"),
        "deadlines": ("/deadlines", "陈志明"),
    }


def _note_rows(ctx: BenchContext, user_id: int) -> None:
    """The rows each page was measured on."""
    w = _world
    with Session(ctx.engine) as session:

        def count(stmt: Executable) -> int:
            return int(session.execute(stmt).scalar_one())

        sessions = count(
            select(func.count())
            .select_from(BargainingSession)
            .where(col(BargainingSession.negotiation_id) == w.negotiation_id)
        )
        offers = count(
            select(func.count())
            .select_from(Offer)
            .join(BargainingSession, col(BargainingSession.id) == Offer.session_id)
            .where(col(BargainingSession.negotiation_id) == w.negotiation_id)
        )
        inbox = count(
            select(func.count()).select_from(Delivery).where(col(Delivery.user_id) == user_id)
        )
        mine = count(
            select(func.count())
            .select_from(DeadlineParty)
            .join(Deadline, col(Deadline.id) == DeadlineParty.deadline_id)
            .where(col(DeadlineParty.organization_id) == w.federation_id)
        )
    world = ", ".join(f"{n:,} {what}" for what, n in w.counts.items())
    ctx.note(f"pages: world: {world}")
    ctx.note(
        f"pages: negotiation {w.negotiation_id}: {sessions} sessions, {offers} offers; "
        f"agreement {w.agreement_id} version {w.version_number} of {w.version_number} "
        f"(60,000 characters); {USERNAME}: {inbox:,} inbox reminders, {mine:,} deadlines "
        f"of the federation"
    )


@register(
    "pages",
    "negotiation, agreement version, home, inbox and deadlines pages against /healthz",
    prepare=prepare,
)
def run(ctx: BenchContext) -> list[Figure]:
    client = ctx.client().log_in(USERNAME, DEMO_PASSWORD)
    pages = _pages()
    for name, (path, must_show) in pages.items():
        response = client.get(path)
        if response.status != 200 or must_show not in response.text:
            raise RuntimeError(f"{name}: GET {path} answered {response.status} without {must_show}")
    with Session(ctx.engine) as session:
        from accounts.models import User

        user_id = session.execute(
            select(col(User.id)).where(col(User.username) == USERNAME)
        ).scalar_one()
    _note_rows(ctx, user_id)

    anonymous = ctx.client()
    rounds = max(31, ctx.samples // 3)
    timings: dict[str, list[float]] = defaultdict(list)
    order: list[str] = []

    def one_round(record: bool) -> None:
        requests: list[tuple[str, str, HttpClient]] = [("healthz", "/healthz", anonymous)]
        requests += [(name, path, client) for name, (path, _) in pages.items()]
        for name, path, who in requests:
            elapsed = who.timed_get(path)
            if record:
                timings[name].append(elapsed)
                order.append(name)

    for _ in range(ctx.warmup):
        one_round(False)
    with ctx.recording() as server_samples:
        for _ in range(rounds):
            one_round(True)
    server = defaultdict(list)
    for name, sample in zip(order, server_samples, strict=True):
        server[name].append(sample)
    ctx.note("pages: ms per request, median (p90) of the client's time; server; SQL; statements")
    for name, values in timings.items():
        samples = server[name]
        statements = samples[-1].statements
        queries = sum(1 for sql, _ in statements if not sql.lstrip().upper().startswith("BEGIN"))
        ctx.note(
            f"  {name:12} {median(values):7.2f} ({percentile(values, 0.9):7.2f})"
            f" {median(s.server_ms for s in samples):7.2f} {ctx.sql_ms(statements):7.2f}"
            f"  {queries:4d}"
        )
    if ctx.profile:

        def requests() -> None:
            for _ in range(10):
                for path, _ in pages.values():
                    client.timed_get(path)

        ctx.profiled("the five pages, 10 rounds", requests)

    healthz_ms = median(timings["healthz"])
    figures: list[Figure] = []
    for name in pages:
        page_ms = median(timings[name])
        figures.append(Figure(f"{name}_page_ratio", page_ms / healthz_ms, "ratio", RATIO_TARGET))
    figures += [Figure(f"{name}_page_ms", median(timings[name]), "ms") for name in pages]
    return figures
