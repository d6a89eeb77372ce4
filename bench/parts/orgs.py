"""Part `orgs`: the enterprise search page against /healthz, as an admin and as a federation chair.

The admin sees all enterprises; the federation chair sees the few hundred their federation
covers, through the visibility clause. Each round times /healthz, then one admin search, then one
federation search, so that drift in the machine's speed touches all three alike. Queries rotate
through what people type: nothing (page 1), a later page, a common word, a whole rare name, and
the start of a credit code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlencode

from sqlmodel import Session, col, select

from bench.harness import BenchContext, HttpClient, ServerSample, median, percentile
from bench.registry import Figure, register
from organizations.models import Coverage, Organization, OrgKind

RATIO_TARGET = 5.0
COMMON_WORD = "餐饮"
CREDIT_CODE_CELL = re.compile(r">\s*[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\s*<")

Query = tuple[str, str, str | None]  # label, path, text the page must show


def _path(**params: str | int) -> str:
    return "/organizations?" + urlencode({"kind": "enterprise", **params})


def _queries(enterprises: list[Organization], later_page: int) -> list[Query]:
    """The mix, from enterprises the viewer can see (ordered by id, so the pick is stable)."""
    rare = enterprises[len(enterprises) // 2]
    coded = enterprises[len(enterprises) // 3]
    assert rare.credit_code is not None and coded.credit_code is not None
    return [
        ("empty, page 1", _path(), None),
        (f"page {later_page}", _path(page=later_page), None),
        ("common word", _path(q=COMMON_WORD), COMMON_WORD),
        ("rare name", _path(q=rare.name), rare.credit_code),
        ("credit-code prefix", _path(q=coded.credit_code[:12]), coded.credit_code),
    ]


def _mixes(ctx: BenchContext) -> dict[str, list[Query]]:
    world = ctx.world
    with Session(ctx.engine) as session:
        every = list(
            session.exec(
                select(Organization)
                .where(Organization.kind == OrgKind.ENTERPRISE)
                .order_by(col(Organization.id))
            )
        )
        covered = list(
            session.exec(
                select(Organization)
                .join(Coverage, col(Coverage.enterprise_id) == Organization.id)
                .where(Coverage.federation_id == world.chair_federation_id)
                .order_by(col(Organization.id))
            )
        )
    per_page = ctx.app.config["PAGE_SIZE"]
    return {
        "admin": _queries(every, later_page=min(40, max(1, len(every) // per_page))),
        "federation": _queries(covered, later_page=max(1, (len(covered) // per_page) * 2 // 3)),
    }


def _check_pages(client: HttpClient, series: str, queries: list[Query]) -> None:
    """Every query must answer with a list of enterprises, or we would time an error page."""
    for label, path, must_show in queries:
        response = client.get(path)
        if response.status != 200:
            raise RuntimeError(f"{series} {label}: GET {path} answered {response.status}")
        if not CREDIT_CODE_CELL.search(response.text):
            raise RuntimeError(f"{series} {label}: GET {path} lists no enterprise")
        if must_show and must_show not in response.text:
            raise RuntimeError(f"{series} {label}: GET {path} does not show {must_show}")


Timings = dict[tuple[str, str], list[float]]  # (series, query label) -> client milliseconds
ServerTimes = dict[tuple[str, str], list[ServerSample]]


def _time_rounds(
    ctx: BenchContext, clients: dict[str, HttpClient], mixes: dict[str, list[Query]]
) -> tuple[Timings, ServerTimes]:
    """Warm up, then time `ctx.samples` rounds of /healthz and one search per series."""
    anonymous = ctx.client()
    order: list[tuple[str, str]] = []  # what each recorded request was

    def one_round(i: int, timings: Timings | None) -> None:
        requests = [("healthz", "", "/healthz", anonymous)]
        for series, client in clients.items():
            label, path, _ = mixes[series][i % len(mixes[series])]
            requests.append((series, label, path, client))
        for series, label, path, client in requests:
            elapsed = client.timed_get(path)
            if timings is not None:
                timings[(series, label)].append(elapsed)
                order.append((series, label))

    for i in range(ctx.warmup):
        one_round(i, None)
    timings: Timings = defaultdict(list)
    with ctx.recording() as server_samples:
        for i in range(ctx.samples):
            one_round(i, timings)
    server: ServerTimes = defaultdict(list)
    for key, sample in zip(order, server_samples, strict=True):
        server[key].append(sample)
    return timings, server


def _note_breakdown(ctx: BenchContext, timings: Timings, server: ServerTimes) -> None:
    ctx.note("orgs: milliseconds per request, median (p90 of the client's time). server: inside")
    ctx.note("the app; SQL: the request's statements run again apart, every row fetched.")
    ctx.note(
        f"  {'series':11} {'query':19} {'client':>7} {'p90':>7} {'server':>7} {'SQL':>7}  stmts"
    )
    for (series, label), values in timings.items():
        samples = server[(series, label)]
        statements = samples[-1].statements
        queries = sum(1 for sql, _ in statements if not sql.lstrip().upper().startswith("BEGIN"))
        ctx.note(
            f"  {series:11} {label or '-':19} {median(values):7.2f} {percentile(values, 0.9):7.2f}"
            f" {median(s.server_ms for s in samples):7.2f} {ctx.sql_ms(statements):7.2f}"
            f"  {queries:5d}"
        )


@register("orgs", "enterprise search (admin and federation chair) against /healthz")
def run(ctx: BenchContext) -> list[Figure]:
    mixes = _mixes(ctx)
    clients = {
        "admin": ctx.logged_in(ctx.world.admin_username),
        "federation": ctx.logged_in(ctx.world.federation_chair_username),
    }
    for series, client in clients.items():
        _check_pages(client, series, mixes[series])
    timings, server = _time_rounds(ctx, clients, mixes)
    _note_breakdown(ctx, timings, server)
    if ctx.profile:
        for series, client in clients.items():

            def requests(client: HttpClient = client, series: str = series) -> None:
                for _ in range(10):
                    for _label, path, _ in mixes[series]:
                        client.timed_get(path)

            ctx.profiled(f"{series} enterprise search, 10 rounds of the mix", requests)

    def series_median(series: str) -> float:
        return median(v for (s, _label), values in timings.items() if s == series for v in values)

    healthz_ms = series_median("healthz")
    admin_ms = series_median("admin")
    federation_ms = series_median("federation")
    return [
        Figure("org_search_ratio", admin_ms / healthz_ms, "ratio", RATIO_TARGET),
        Figure("org_search_ratio_federation", federation_ms / healthz_ms, "ratio", RATIO_TARGET),
        Figure("org_search_ms", admin_ms, "ms"),
        Figure("org_search_federation_ms", federation_ms, "ms"),
        Figure("healthz_ms", healthz_ms, "ms"),
    ]
