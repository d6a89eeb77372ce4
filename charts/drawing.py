"""What every chart of the app is drawn with: the Chinese font at a size (so no glyph is a box),
ticks and a legend in it, text measured and cut to fit, amounts in yuan, and the figure saved as
PNG or SVG, the same chart always giving the same bytes so that charts.cache can keep it by
content.

Pure matplotlib object API (``Figure`` and an explicit Agg or SVG canvas), never pyplot: no
global figure state is shared between requests. SVG text is drawn as paths, so an SVG looks the
same on a viewer's machine that has no Chinese font."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from charts.cache import check_format
from charts.fonts import cjk_font, cjk_font_family

DPI = 100
FALLBACK_FAMILY = "DejaVu Sans"  # matplotlib's own font: Latin, digits, ¥, the minus sign
# A chart is mostly flat colour: the fastest zlib level makes it about 6 % larger and saves a
# tenth of a cold render.
PNG_COMPRESS_LEVEL = 1

_svg_lock = threading.Lock()


def yuan(amount: Decimal) -> str:
    """¥1,234 for whole yuan, ¥1,234.50 otherwise."""
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


def chart_font(size: float, *, family: str | None = None) -> FontProperties:
    """The CJK font at *size*, DejaVu Sans behind it for what it lacks; *family* instead when
    given (tests draw with a font without Chinese to see the glyph check fail)."""
    families = [family] if family else [cjk_font_family(), FALLBACK_FAMILY]
    return FontProperties(family=families, size=size)


def chart_font_by_file(size: float, *, family: str | None = None) -> FontProperties:
    """The CJK font at *size* named by its file, which spares matplotlib a font search for every
    piece of text; *family* instead when given."""
    if family:
        return FontProperties(family=[family], size=size)
    return FontProperties(fname=str(cjk_font().path), size=size)


def fit_text(renderer: RendererAgg, text: str, font: FontProperties, room: float) -> str:
    """*text*, cut short with an ellipsis if it is wider than *room* pixels."""

    def width(candidate: str) -> float:
        return renderer.get_text_width_height_descent(candidate, font, ismath=False)[0]

    if width(text) <= room:
        return text
    while len(text) > 1 and width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def line_height(renderer: RendererAgg, font: FontProperties) -> float:
    """The height of a line of text in *font*, Chinese and Latin letters with descenders."""
    return renderer.get_text_width_height_descent("工Ag", font, ismath=False)[1]


def style_ticks(ax: Axes, font: FontProperties) -> None:
    """The tick labels of both axes in *font*."""
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(font)


def legend_above(
    ax: Axes, handles: Sequence[Any], font: FontProperties, *, columns: int | None = None
) -> None:
    """The legend over the axes, left-aligned and without a frame, in *columns* (up to four
    side by side when not given); nothing when there are no *handles*."""
    if handles:
        ax.legend(
            handles=list(handles),
            loc="lower left",
            bbox_to_anchor=(0.0, 1.01),
            ncols=columns or min(len(handles), 4),
            frameon=False,
            prop=font,
        )


def save_chart(figure: Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes, without a date or a software name in them, so that the
    same chart gives the same bytes. Any other *fmt* is a ValueError."""
    check_format(fmt)
    buffer = io.BytesIO()
    if fmt == "png":
        FigureCanvasAgg(figure).print_png(
            buffer, metadata={"Software": None}, pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL}
        )
    else:
        # RendererSVG reads these two from rcParams at save time: text as paths, and ids derived
        # from a fixed salt so the same chart gives the same bytes. rc_context is process-global,
        # hence the lock (PNG rendering never takes it).
        with _svg_lock, matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "wb"}):
            FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None})
    return buffer.getvalue()
