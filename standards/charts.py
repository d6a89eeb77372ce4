"""Charts of sector labour standards (R14, R17): pay floors by job category against the minimum
wage, and a standard's items across years against the wage-guideline band.

Drawn with what charts.drawing gives every chart: the CJK font of ``charts.fonts``
(DejaVu Sans as fallback where a chart names families), PNG or SVG with stable bytes. Labels
arrive already translated; this module knows nothing of flask_babel.

The pay-floor chart is laid out by hand from measured text (no layout engine, which would lay out
every piece of text twice more), and names its font by file: together a third of its cost.

The rendered bytes are cached by content (``charts.cache``): bump ``CHART_VERSION`` there
whenever the drawing here changes what a chart looks like.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import offset_copy

from charts.cache import check_format
from charts.drawing import (
    DPI,
    chart_font,
    chart_font_by_file,
    fit_text,
    legend_above,
    line_height,
    save_chart,
    style_ticks,
    yuan,
)

BAR_COLOUR = "#4c72b0"
BELOW_MINIMUM_COLOUR = "#c44e52"
MINIMUM_COLOUR = "#c44e52"
BAND_COLOUR = "#55a868"


def _percent(value: float, _position: float | None = None) -> str:
    return f"{value:g}%"


# The pay-floor chart's layout, in points: the margin round the figure, the room between the
# title, the legend and the axes, and the share of the width job-category labels may take.
MARGIN_PT = 8.0
GAP_PT = 6.0
LABEL_PAD_PT = 4.0
LABEL_SHARE = 0.4
ROW_INCHES = 0.3


def pay_floor_chart(
    title: str,
    categories: Sequence[tuple[str, Decimal]],
    minimum_monthly: Decimal | None,
    minimum_label: str,
    fmt: str,
    *,
    font_family: str | None = None,
) -> bytes:
    """Horizontal bars of the monthly pay floor per job category, in the order given (top to
    bottom), each annotated with its amount; a vertical line at the local minimum wage (R14),
    bars below it in red. *font_family* overrides the CJK font (tests use it). A job category
    too long for two fifths of the width is cut short with an ellipsis (the page's table has
    it whole)."""
    check_format(fmt)
    body = chart_font_by_file(10, family=font_family)
    small = chart_font_by_file(9, family=font_family)
    heading = chart_font_by_file(13, family=font_family)
    amounts = [float(amount) for _, amount in categories]
    floor = float(minimum_monthly) if minimum_monthly is not None else None
    rows = max(len(categories), 3)
    width_px, height_px = 8.0 * DPI, (1.6 + ROW_INCHES * rows) * DPI
    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)

    # Margins from the text they must hold, measured once (the draw measures again, cached).
    measure = RendererAgg(1, 1, DPI)
    px = DPI / 72
    names = [fit_text(measure, name, body, LABEL_SHARE * width_px) for name, _amount in categories]
    label_width = max(
        (measure.get_text_width_height_descent(n, body, ismath=False)[0] for n in names),
        default=0.0,
    )
    body_line = line_height(measure, body)
    title_line = line_height(measure, heading)
    legend = floor is not None and minimum_monthly is not None
    top = MARGIN_PT * px + title_line + GAP_PT * px + (1.8 * body_line if legend else 0)
    bottom = MARGIN_PT * px + body_line + 7 * px  # the x tick labels under their ticks
    left = MARGIN_PT * px + label_width + LABEL_PAD_PT * px
    right = 3 * MARGIN_PT * px  # the last x tick label's half
    figure.subplots_adjust(
        left=left / width_px,
        right=1 - right / width_px,
        top=1 - (top + GAP_PT * px) / height_px,
        bottom=bottom / height_px,
    )
    figure.suptitle(title, y=1 - MARGIN_PT * px / height_px, va="top", fontproperties=heading)

    ax = figure.add_subplot()
    colours = [
        BELOW_MINIMUM_COLOUR if floor is not None and value < floor else BAR_COLOUR
        for value in amounts
    ]
    ax.barh(range(len(names)), amounts, height=0.7, color=colours)
    ax.set_yticks([])
    name_at = offset_copy(ax.get_yaxis_transform(), figure, x=-LABEL_PAD_PT, units="points")
    amount_at = offset_copy(ax.transData, figure, x=3, units="points")
    for row, (name, (_name, amount)) in enumerate(zip(names, categories, strict=True)):
        ax.text(0, row, name, transform=name_at, ha="right", va="center", fontproperties=body)
        ax.text(
            float(amount),
            row,
            yuan(amount),
            transform=amount_at,
            ha="left",
            va="center",
            fontproperties=small,
            # white behind the figure, so the minimum-wage line does not cross it
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )
    ax.set_ylim(max(len(names), 1) - 0.5, -0.5)  # first category on top
    top_value = max([*amounts, floor or 0.0, 1.0])
    ax.set_xlim(0, top_value * 1.15)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: yuan(Decimal(round(value)))))
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)

    if legend:
        assert floor is not None and minimum_monthly is not None
        ax.axvline(floor, color=MINIMUM_COLOUR, linestyle="--", linewidth=1.5)
        handle = Line2D(
            [],
            [],
            color=MINIMUM_COLOUR,
            linestyle="--",
            linewidth=1.5,
            label=f"{minimum_label} {yuan(minimum_monthly)}",
        )
        legend_above(ax, [handle], body)
    style_ticks(ax, body)
    return save_chart(figure, fmt)


def _floats(values: Sequence[Decimal | None]) -> list[float]:
    return [math.nan if value is None else float(value) for value in values]


def trend_chart(
    title: str,
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    band: Sequence[tuple[int, Decimal | None, Decimal | None, Decimal | None]],
    y_label: str,
    fmt: str,
    *,
    band_label: str | None = None,
    baseline_label: str | None = None,
    font_family: str | None = None,
) -> bytes:
    """Lines of a standard's items across *years* (missing values leave gaps) over the wage
    guideline (R17): per year, the lower..upper band shaded and the baseline dashed. *band* rows
    are (year, lower, baseline, upper) in percent; any of the three may be missing (some areas
    publish only a baseline). *band_label* and *baseline_label* name them in the legend."""
    check_format(fmt)
    for name, values in series:
        if len(values) != len(years):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(years)} years")
    body = chart_font(10, family=font_family)

    figure = Figure(figsize=(8.0, 4.8), dpi=DPI)
    figure.set_layout_engine("constrained")
    ax = figure.add_subplot()
    handles: list[Any] = []

    half = 0.3
    shaded = dashed = False
    for year, lower, baseline, upper in band:
        if lower is not None and upper is not None:
            ax.bar(
                year,
                float(upper - lower),
                bottom=float(lower),
                width=2 * half,
                color=BAND_COLOUR,
                alpha=0.2,
                linewidth=0,
            )
            shaded = True
        else:
            for bound in (lower, upper):
                if bound is not None:
                    ax.hlines(
                        float(bound), year - half, year + half, colors=BAND_COLOUR, linewidth=1
                    )
                    shaded = True
        if baseline is not None:
            ax.hlines(
                float(baseline),
                year - half,
                year + half,
                colors=BAND_COLOUR,
                linestyles="dashed",
                linewidth=1.5,
            )
            dashed = True
    if shaded and band_label:
        handles.append(Patch(facecolor=BAND_COLOUR, alpha=0.2, label=band_label))
    if dashed and baseline_label:
        handles.append(
            Line2D([], [], color=BAND_COLOUR, linestyle="--", linewidth=1.5, label=baseline_label)
        )

    for name, values in series:
        (line,) = ax.plot(list(years), _floats(values), marker="o", linewidth=1.8, label=name)
        handles.append(line)

    all_years = sorted({*years, *(row[0] for row in band)})
    if all_years:
        ax.set_xticks(all_years, [str(year) for year in all_years])
        ax.set_xlim(all_years[0] - 0.6, all_years[-1] + 0.6)
    # A band's bar sticks the axis to its lower edge: give every figure some room instead.
    figures = [
        float(value)
        for value in (
            *(v for _name, values in series for v in values),
            *(v for row in band for v in row[1:]),
        )
        if value is not None
    ]
    if figures:
        low, high = min(figures), max(figures)
        room = max((high - low) * 0.1, 0.5)
        ax.set_ylim(low - room, high + room)
    ax.yaxis.set_major_formatter(FuncFormatter(_percent))
    ax.set_ylabel(y_label, fontproperties=body)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    legend_above(ax, handles, body)
    figure.suptitle(title, fontproperties=chart_font(13, family=font_family))
    style_ticks(ax, body)
    return save_chart(figure, fmt)
