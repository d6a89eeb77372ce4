"""Part `standards`: comparing 50,000 saved term sets with one standard, and the pay-floor chart
rendered cold and served from the content cache.

The term sets: the largest group of enterprises of one sector in one province (about 1,000 in
the generated world) each with 50 dated sets of 20 items, against that province's standard of
20 items, figures to the fen within 10 % of the standard's, and items in an order of each
enterprise's own (one in five leaving one out), so there are about as many layouts as enterprises;
`compare_50k_s` is `standards.terms.summarise_term_sets`, from the query to the counts per set.

A cold render draws the chart for a standard of 24 job categories (the Luzhou survey's size) that
has not been drawn before; a cached one is `ChartCache.get_or_render` for a chart already on disk,
from a cache object that has nothing in memory (as a fresh web worker would).
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, func, insert
from sqlmodel import Session, col, select

from bench.generate import World
from bench.harness import BenchContext, median
from bench.registry import Figure, register
from db import table_of, utcnow
from organizations.models import Organization, OrgKind, Region
from standards import bulk
from standards.models import (
    SectorStandard,
    StandardItem,
    StandardStatus,
    TermLayout,
    TermSet,
)
from standards.vocabulary import Direction, ItemKind, Unit

COMPARE_TARGET_S = 1.0
_prepared: dict[str, int] = {}  # what prepare() made, for run()
TERM_SETS = 50_000
COLD_TARGET_MS = 300.0
CACHED_TARGET_MS = 5.0
CATEGORIES = [
    "厨师长", "厨师", "点心师", "面点师", "烧腊师", "砧板", "打荷", "水台", "冷菜师", "配菜员",
    "服务员", "领班", "收银员", "传菜员", "迎宾员", "酒水员", "保洁员", "洗碗工", "采购员",
    "仓管员", "司机", "保安", "学徒", "钟点工",
]  # fmt: skip


def _floors(seed: int) -> list[tuple[str, Decimal]]:
    return [
        (name, Decimal(2600 + (seed * 7 + i * 113) % 2400)) for i, name in enumerate(CATEGORIES)
    ]


def _standard_items() -> list[tuple[ItemKind, str, Decimal, Unit, Direction]]:
    higher, lower = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
    items = [
        (ItemKind.MONTHLY_PAY_FLOOR, name, Decimal(2600 + 100 * i), Unit.YUAN_PER_MONTH, higher)
        for i, name in enumerate(CATEGORIES[:18])
    ]
    items.append((ItemKind.ANNUAL_RISE, "", Decimal(9), Unit.PERCENT, higher))
    items.append((ItemKind.WEEKLY_HOURS, "", Decimal(44), Unit.HOURS_PER_WEEK, lower))
    return items


def prepare(engine: Engine, world: World) -> None:
    """A province's standard of 20 items and 50,000 term sets of 20 items for its enterprises."""
    rng = random.Random(2026)
    org = Organization
    with Session(engine) as session:
        province = func.substr(col(org.region_code), 1, 2)
        largest = session.exec(
            select(province, col(org.sector_code), func.count())
            .where(col(org.kind) == OrgKind.ENTERPRISE)
            .group_by(province, col(org.sector_code))
            .order_by(func.count().desc())
        ).first()
        assert largest is not None, "the generated world has enterprises"
        prefix, sector, _count = largest
        region = session.get(Region, f"{prefix}0000")
        assert region is not None, "the generated world has its provinces"
        enterprise_ids = [
            enterprise_id
            for enterprise_id in session.scalars(
                select(col(org.id)).where(
                    col(org.kind) == OrgKind.ENTERPRISE,
                    col(org.sector_code) == sector,
                    col(org.region_code).startswith(prefix),
                )
            )
            if enterprise_id is not None
        ]
    items = _standard_items()
    per_enterprise = -(-TERM_SETS // len(enterprise_ids))
    with engine.begin() as conn:
        standard_id = conn.execute(
            insert(table_of(SectorStandard))
            .values(
                sector_code=sector,
                region_code=region.code,
                title="基准测试行业标准",
                effective_from=date(2026, 1, 1),
                status=StandardStatus.IN_FORCE,
                created_at=utcnow(),
            )
            .returning(table_of(SectorStandard).c.id)
        ).scalar_one()
        conn.execute(
            insert(table_of(StandardItem)),
            [
                {
                    "standard_id": standard_id,
                    "position": i,
                    "kind": k,
                    "job_category": c,
                    "value": v,
                    "unit": u,
                    "direction": d,
                }
                for i, (k, c, v, u, d) in enumerate(items)
            ],
        )
        # Each enterprise names the items in an order of its own, and one in five leaves one
        # out: about as many layouts as enterprises, more than real sets made from a template.
        layouts: dict[int, list[int]] = {}
        for enterprise_id in enterprise_ids:
            order = list(range(len(items)))
            rng.shuffle(order)
            if enterprise_id % 5 == 0:
                order.pop()
            layouts[enterprise_id] = order
        layout_ids: dict[int, int] = {}
        for enterprise_id, order in layouts.items():
            keys = bulk.layout_text(
                [(items[i][0], items[i][1] or None, items[i][3]) for i in order]
            )
            digest = bulk.layout_digest(keys)
            found = conn.execute(
                select(col(TermLayout.id)).where(col(TermLayout.digest) == digest)
            ).scalar()
            if found is None:
                found = conn.execute(
                    insert(table_of(TermLayout)).returning(table_of(TermLayout).c.id),
                    {"digest": digest, "item_keys": keys},
                ).scalar_one()
            layout_ids[enterprise_id] = found
        sets = [
            {
                "enterprise_id": enterprise_id,
                "title": f"工资表 {n}",
                "as_of": date(2020 + n % 7, 1, 1),
                "created_at": utcnow(),
                "layout_id": layout_ids[enterprise_id],
                # Figures to the fen within 10 % of the standard's: hardly two alike.
                "amounts": bulk.pack_amounts(
                    (items[i][2] * (1 + Decimal(rng.randint(-10_000, 10_000)) / 100_000)).quantize(
                        Decimal("0.01")
                    )
                    for i in layouts[enterprise_id]
                ),
            }
            for enterprise_id in enterprise_ids
            for n in range(per_enterprise)
        ][:TERM_SETS]
        for start in range(0, len(sets), 5_000):
            conn.execute(insert(table_of(TermSet)), sets[start : start + 5_000])
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    world.counts["term_sets"] = len(sets)
    world.counts["term_layouts"] = len(set(layout_ids.values()))
    _prepared["standard_id"] = int(standard_id)


@register(
    "standards",
    "50,000 term sets against one standard; the pay-floor chart cold and cached",
    prepare=prepare,
)
def run(ctx: BenchContext) -> list[Figure]:
    from charts.cache import ChartCache
    from charts.fonts import cjk_font_family
    from standards import charts
    from standards.terms import summarise_term_sets

    with Session(ctx.engine) as session:
        standard = session.get(SectorStandard, _prepared["standard_id"])
        assert standard is not None
        timings: list[float] = []
        for _ in range(3):
            started = time.perf_counter()
            summaries = summarise_term_sets(session, standard)
            timings.append(time.perf_counter() - started)
    ctx.note(
        f"standards: {len(summaries)} term sets summarised; runs {[round(t, 3) for t in timings]} s"
    )

    cjk_font_family()  # the font is found once per process, not per chart
    rounds = max(5, min(ctx.samples // 20, 30))
    cold: list[float] = []
    cached: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        for seed in range(rounds + 2):
            floors = _floors(seed)
            params = {"floors": floors, "minimum": Decimal("2500"), "title": f"标准 {seed}"}

            def render(floors: list[tuple[str, Decimal]] = floors, seed: int = seed) -> bytes:
                return charts.pay_floor_chart(
                    f"标准 {seed}", floors, Decimal("2500"), "最低工资", "png"
                )

            started = time.perf_counter()
            ChartCache(directory).get_or_render("pay_floors", params, render, "png")
            if seed >= 2:  # the first renders warm matplotlib's own caches
                cold.append((time.perf_counter() - started) * 1000)
            for _ in range(10):
                started = time.perf_counter()
                ChartCache(directory).get_or_render("pay_floors", params, render, "png")
                cached.append((time.perf_counter() - started) * 1000)
    cold_ms, cached_ms = median(cold), median(cached)
    ctx.note(f"standards: {len(cold)} cold renders, {len(cached)} cache hits from disk")
    return [
        Figure("compare_50k_s", median(timings), "s", COMPARE_TARGET_S),
        Figure("chart_cold_ms", cold_ms, "ms", COLD_TARGET_MS),
        Figure("chart_cached_ms", cached_ms, "ms", CACHED_TARGET_MS),
    ]
