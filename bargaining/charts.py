"""The convergence chart of a negotiation item: both sides' offers per session, with the gap
left, over the minimum wage (R14) or the wage-guideline band (R17)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from charts.cache import ChartCache, check_format
from charts.drawing import DPI, chart_font, legend_above, save_chart, style_ticks, yuan

KIND = "bargaining.convergence"
# Bump whenever the drawing changes what a chart looks like: it goes into the cache parameters.
CONVERGENCE_VERSION = "2"

# Okabe-Ito colours (safe for the common colour-vision deficiencies); every series also has its
# own marker or line style, so colour is never the only difference.
UNION_COLOUR = "#0072B2"  # blue
EMPLOYER_COLOUR = "#D55E00"  # vermilion
MINIMUM_COLOUR = "#000000"
BAND_COLOUR = "#009E73"  # bluish green
GAP_COLOUR = "#555555"

# Keyword arguments for matplotlib's lines (its many keyword types, one per key).
UNION_STYLE: dict[str, Any] = {
    "color": UNION_COLOUR,
    "linestyle": "-",
    "marker": "o",
    "markersize": 7,
}
EMPLOYER_STYLE: dict[str, Any] = {
    "color": EMPLOYER_COLOUR,
    "linestyle": (0, (6, 3)),
    "marker": "s",
    "markersize": 6,
}
MINIMUM_STYLE: dict[str, Any] = {"color": MINIMUM_COLOUR, "linestyle": ":", "linewidth": 1.8}
BASELINE_STYLE: dict[str, Any] = {"color": BAND_COLOUR, "linestyle": (0, (4, 2)), "linewidth": 1.4}
BAND_ALPHA = 0.18
# Figure sizes in inches (at DPI): the page's, and a phone's, where the picture is shrunk to the
# screen's width and the text with it.
WIDE_INCHES = (8.0, 4.8)
NARROW_INCHES = (4.2, 5.4)

Band = tuple[Decimal | None, Decimal | None, Decimal | None]  # lower, baseline, upper


@dataclass(frozen=True)
class ChartLabels:
    """The chart's words, already translated, so this module needs no Flask."""

    union: str
    employer: str
    minimum_wage: str
    guideline_band: str
    baseline: str
    gap: str


@dataclass(frozen=True)
class Convergence:
    """What a convergence chart shows: both sides' offers for one item across *sessions* (None:
    no offer at that session, a gap in the line), in the item's *unit*, over the minimum wage in
    that unit (pay items, R14) and/or the wage-guideline *band* (lower, baseline, upper, any of
    them None; the annual rise, R17). *narrow* draws it for a phone: about half as wide, so its
    words stay legible when the picture fills a 375-pixel screen."""

    title: str
    unit: str
    sessions: Sequence[str]
    union: Sequence[Decimal | None]
    employer: Sequence[Decimal | None]
    labels: ChartLabels
    minimum: Decimal | None = None
    band: Band | None = None
    narrow: bool = False


def is_money(unit: str) -> bool:
    return unit.startswith("元/")


def format_value(value: Decimal, unit: str) -> str:
    """A value as people read it in this unit: ¥2,500 (元/月), ¥23.70 (元/小时), 9% (%), else
    the number and the unit."""
    if is_money(unit):
        return yuan(value)
    number = format(value.normalize(), "f") if value.is_finite() else str(value)
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}"


def _floats(values: Sequence[Decimal | None]) -> list[float]:
    return [math.nan if value is None else float(value) for value in values]


def _offered(values: Sequence[Decimal | None]) -> list[Decimal]:
    return [value for value in values if value is not None]


def _tick_formatter(unit: str) -> FuncFormatter:
    def tick(value: float, _position: float | None = None) -> str:
        if is_money(unit):
            return yuan(Decimal(f"{value:.2f}"))
        if unit == "%":
            return f"{value:g}%"
        return f"{value:g}"

    return FuncFormatter(tick)


def _draw_reference(
    ax: Axes,
    unit: str,
    labels: ChartLabels,
    minimum: Decimal | None,
    band: Band | None,
) -> list[Any]:
    """The minimum-wage line and the guideline band behind the offers; their legend entries."""
    handles: list[Any] = []
    if band is not None:
        lower, baseline, upper = band
        if lower is not None and upper is not None:
            ax.axhspan(float(lower), float(upper), color=BAND_COLOUR, alpha=BAND_ALPHA, linewidth=0)
        for bound in (lower, upper):
            if bound is not None:
                ax.axhline(float(bound), color=BAND_COLOUR, linewidth=0.8)
        if lower is not None or upper is not None:
            span = " – ".join(
                format_value(bound, unit) for bound in (lower, upper) if bound is not None
            )
            handles.append(
                Patch(
                    facecolor=BAND_COLOUR,
                    alpha=BAND_ALPHA,
                    edgecolor=BAND_COLOUR,
                    label=f"{labels.guideline_band} {span}",
                )
            )
        if baseline is not None:
            ax.axhline(float(baseline), **BASELINE_STYLE)
            handles.append(
                Line2D(
                    [],
                    [],
                    **BASELINE_STYLE,
                    label=f"{labels.baseline} {format_value(baseline, unit)}",
                )
            )
    if minimum is not None:
        ax.axhline(float(minimum), **MINIMUM_STYLE)
        handles.append(
            Line2D(
                [],
                [],
                **MINIMUM_STYLE,
                label=f"{labels.minimum_wage} {format_value(minimum, unit)}",
            )
        )
    return handles


def _annotate_gap(
    ax: Axes,
    last: int,
    union: Sequence[Decimal | None],
    employer: Sequence[Decimal | None],
    unit: str,
    label: str,
    font: FontProperties,
) -> None:
    """A double arrow at the last session between each side's latest offer (an offer stands
    until it is replaced), labelled with the difference."""
    union_offers, employer_offers = _offered(union), _offered(employer)
    if not union_offers or not employer_offers:
        return
    high, low = union_offers[-1], employer_offers[-1]
    gap = abs(high - low)
    x = last + 0.12
    if gap:
        ax.annotate(
            "",
            xy=(x, float(high)),
            xytext=(x, float(low)),
            arrowprops={"arrowstyle": "<->", "color": GAP_COLOUR, "linewidth": 1.2},
        )
    ax.annotate(
        f"{label} {format_value(gap, unit)}",
        xy=(x, (float(high) + float(low)) / 2),
        xytext=(6, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        color=GAP_COLOUR,
        fontproperties=font,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85},
    )


def convergence_chart(chart: Convergence, fmt: str, *, font_family: str | None = None) -> bytes:
    """The chart as PNG or SVG bytes, the gap between the latest offers annotated at the last
    session. *font_family* overrides the CJK font (tests use it)."""
    check_format(fmt)
    unit, sessions, narrow, labels = chart.unit, chart.sessions, chart.narrow, chart.labels
    union, employer = chart.union, chart.employer
    for name, values in (("union", union), ("employer", employer)):
        if len(values) != len(sessions):
            raise ValueError(
                f"{name} has {len(values)} offers for {len(sessions)} sessions; "
                "use None where a side made no offer"
            )
    body = chart_font(10, family=font_family)

    figure = Figure(figsize=NARROW_INCHES if narrow else WIDE_INCHES, dpi=DPI)
    figure.set_layout_engine("constrained")
    ax = figure.add_subplot()
    handles = _draw_reference(ax, unit, labels, chart.minimum, chart.band)

    positions = list(range(len(sessions)))
    (union_line,) = ax.plot(
        positions, _floats(union), linewidth=2, label=labels.union, zorder=3, **UNION_STYLE
    )
    (employer_line,) = ax.plot(
        positions,
        _floats(employer),
        linewidth=2,
        label=labels.employer,
        zorder=3,
        **EMPLOYER_STYLE,
    )
    handles[:0] = [union_line, employer_line]

    if sessions:
        _annotate_gap(ax, positions[-1], union, employer, unit, labels.gap, body)
        crowded = len(sessions) > (3 if narrow else 5)
        ax.set_xticks(
            positions,
            list(sessions),
            rotation=30 if crowded else 0,
            ha="right" if crowded else "center",
        )
        # Room on the right for the gap's label.
        ax.set_xlim(-0.4, positions[-1] + 1.0)
    else:
        ax.set_xticks([])
    ax.yaxis.set_major_formatter(_tick_formatter(unit))
    ax.set_ylabel(unit, fontproperties=body)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    # On a phone one entry a line: a wide legend would squeeze the axes.
    legend_above(ax, handles, body, columns=1 if narrow else None)
    figure.suptitle(
        chart.title, fontproperties=chart_font(12 if narrow else 13, family=font_family)
    )
    style_ticks(ax, body)
    return save_chart(figure, fmt)


def cached_convergence_chart(cache: ChartCache, chart: Convergence, fmt: str) -> bytes:
    """``convergence_chart`` through *cache*: drawn once per distinct content, then served from
    memory or disk."""
    params = {
        "version": CONVERGENCE_VERSION,
        "title": chart.title,
        "unit": str(chart.unit),
        "sessions": list(chart.sessions),
        "union": list(chart.union),
        "employer": list(chart.employer),
        "labels": asdict(chart.labels),
        "minimum": chart.minimum,
        "band": list(chart.band) if chart.band is not None else None,
        "narrow": chart.narrow,
    }
    return cache.get_or_render(KIND, params, lambda: convergence_chart(chart, fmt), fmt)
