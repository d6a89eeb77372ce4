"""Part `standards`: the pay-floor chart, rendered cold and served from the content cache.

A cold render draws the chart for a standard of 24 job categories (the Luzhou survey's size) that
has not been drawn before; a cached one is `ChartCache.get_or_render` for a chart already on disk,
from a cache object that has nothing in memory (as a fresh web worker would).
"""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.harness import BenchContext, median
from bench.registry import Figure, register

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


@register("standards", "pay-floor chart of 24 job categories: cold render and cache hit")
def run(ctx: BenchContext) -> list[Figure]:
    from standards import charts

    charts.cjk_font_family()  # the font is found once per process, not per chart
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
            charts.ChartCache(directory).get_or_render("pay_floors", params, render, "png")
            if seed >= 2:  # the first renders warm matplotlib's own caches
                cold.append((time.perf_counter() - started) * 1000)
            for _ in range(10):
                started = time.perf_counter()
                charts.ChartCache(directory).get_or_render("pay_floors", params, render, "png")
                cached.append((time.perf_counter() - started) * 1000)
    cold_ms, cached_ms = median(cold), median(cached)
    ctx.note(f"standards: {len(cold)} cold renders, {len(cached)} cache hits from disk")
    return [
        Figure("chart_cold_ms", cold_ms, "ms", COLD_TARGET_MS),
        Figure("chart_cached_ms", cached_ms, "ms", CACHED_TARGET_MS),
    ]
