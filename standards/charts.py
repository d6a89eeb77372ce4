"""Charts of sector labour standards (R14, R17): pay floors by job category against the minimum
wage, and a standard's items across years against the wage-guideline band.

Drawn with matplotlib's object API (``Figure`` + an explicit Agg or SVG canvas), never pyplot, so
no global figure state is shared between requests. Every text element gets its font explicitly:
a CJK font found and registered once (``cjk_font_family``), DejaVu Sans as fallback. SVG text is
drawn as paths (``svg.fonttype = 'path'``), so an SVG looks the same on a viewer's machine that
has no Chinese font. Labels arrive already translated; this module knows nothing of flask_babel.

``ChartCache`` keys the rendered bytes by a SHA-256 of their content (kind, parameters, format,
``CHART_VERSION``) and keeps them on disk, written atomically, with a small LRU in front.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import math
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

# Bump whenever the drawing code changes what a chart looks like: it is part of every cache key.
CHART_VERSION = "1"

FORMATS = ("png", "svg")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}

DPI = 100
FALLBACK_FAMILY = "DejaVu Sans"  # matplotlib's own font: Latin, digits, ¥, the minus sign
BAR_COLOUR = "#4c72b0"
BELOW_MINIMUM_COLOUR = "#c44e52"
MINIMUM_COLOUR = "#c44e52"
BAND_COLOUR = "#55a868"

# Characters a usable font must have: a sample of the job-category vocabulary.
_PROBE = "工资厨师长餐具清洗员最低标准"

# Debian/Ubuntu packages (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei), then macOS.
SYSTEM_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
# Families that, if matplotlib already knows them, have Chinese glyphs.
_KNOWN_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)


class CJKFontNotFoundError(RuntimeError):
    """No font with Chinese glyphs is available to matplotlib."""


_font_lock = threading.Lock()
_font_family: str | None = None
_svg_lock = threading.Lock()


def package_font_files() -> Iterator[Path]:
    """The font files shipped in the mpl-font wheel, found without importing the package (its
    ``__init__`` imports pyplot and rewrites the global rcParams)."""
    spec = importlib.util.find_spec("mpl_font")
    if spec is None or not spec.submodule_search_locations:
        return
    for location in spec.submodule_search_locations:
        fonts = Path(location) / "fonts"
        yield fonts / "noto" / "NotoSansCJKsc-Regular.otf"
        yield fonts / "wqy" / "wqy-microhei.ttc"


def has_cjk(path: Path) -> str | None:
    """The family name of the font file at *path* if it draws every probe character."""
    try:
        font = ft2font.FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return None
    if all(font.get_char_index(ord(char)) for char in _PROBE):
        return font_manager.ttfFontProperty(font).name
    return None


def _find_cjk_font() -> str:
    for path in (*package_font_files(), *map(Path, SYSTEM_FONT_FILES)):
        if path.is_file() and (family := has_cjk(path)):
            known = {entry.fname for entry in font_manager.fontManager.ttflist}
            if str(path) not in known:
                font_manager.fontManager.addfont(str(path))
            return family
    known = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for family in _KNOWN_CJK_FAMILIES:
        if family in known and has_cjk(Path(known[family])):
            return family
    raise CJKFontNotFoundError(
        "No font with Chinese glyphs for the charts: install the mpl-font package "
        "(pip install mpl-font, pinned in requirements.txt) or a system CJK font "
        "(apt install fonts-wqy-microhei or fonts-noto-cjk)."
    )


def cjk_font_family() -> str:
    """Find a font with Chinese glyphs, register it with matplotlib once, return its family."""
    global _font_family
    if _font_family is None:
        with _font_lock:
            if _font_family is None:
                _font_family = _find_cjk_font()
    return _font_family


# --- drawing -------------------------------------------------------------------------------


def yuan(amount: Decimal) -> str:
    """¥1,234 for whole yuan, ¥1,234.50 otherwise."""
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


def _percent(value: float, _position: float | None = None) -> str:
    return f"{value:g}%"


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {FORMATS}, not {fmt!r}")


def _fonts(font_family: str | None, size: float) -> FontProperties:
    families = [font_family] if font_family else [cjk_font_family(), FALLBACK_FAMILY]
    return FontProperties(family=families, size=size)


def _style_ticks(ax: Axes, font: FontProperties) -> None:
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(font)


def _legend_above(ax: Axes, handles: list[Any], font: FontProperties) -> None:
    if handles:
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.01),
            ncols=min(len(handles), 4),
            frameon=False,
            prop=font,
        )


def _save(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "png":
        FigureCanvasAgg(figure).print_png(buffer, metadata={"Software": None})
    else:
        # RendererSVG reads these two from rcParams at save time: text as paths, and ids derived
        # from a fixed salt so the same chart gives the same bytes. rc_context is process-global,
        # hence the lock (PNG rendering never takes it).
        with _svg_lock, matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "wb"}):
            FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None})
    return buffer.getvalue()


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
    bars below it in red. *font_family* overrides the CJK font (tests use it)."""
    _check_format(fmt)
    body = _fonts(font_family, 10)
    small = _fonts(font_family, 9)
    names = [name for name, _ in categories]
    amounts = [float(amount) for _, amount in categories]
    floor = float(minimum_monthly) if minimum_monthly is not None else None

    figure = Figure(figsize=(8.0, 1.6 + 0.3 * max(len(categories), 3)), dpi=DPI)
    figure.set_layout_engine("constrained")
    ax = figure.add_subplot()
    colours = [
        BELOW_MINIMUM_COLOUR if floor is not None and value < floor else BAR_COLOUR
        for value in amounts
    ]
    bars = ax.barh(range(len(names)), amounts, height=0.7, color=colours)
    ax.bar_label(
        bars,
        labels=[yuan(amount) for _, amount in categories],
        padding=3,
        fontproperties=small,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},  # the minimum line behind
    )
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(max(len(names), 1) - 0.5, -0.5)  # first category on top
    top = max([*amounts, floor or 0.0, 1.0])
    ax.set_xlim(0, top * 1.15)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: yuan(Decimal(round(value)))))
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)

    handles: list[Any] = []
    if floor is not None and minimum_monthly is not None:
        ax.axvline(floor, color=MINIMUM_COLOUR, linestyle="--", linewidth=1.5)
        handles.append(
            Line2D(
                [],
                [],
                color=MINIMUM_COLOUR,
                linestyle="--",
                linewidth=1.5,
                label=f"{minimum_label} {yuan(minimum_monthly)}",
            )
        )
    _legend_above(ax, handles, body)
    figure.suptitle(title, fontproperties=_fonts(font_family, 13))
    _style_ticks(ax, body)
    return _save(figure, fmt)


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
    _check_format(fmt)
    for name, values in series:
        if len(values) != len(years):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(years)} years")
    body = _fonts(font_family, 10)

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
    ax.yaxis.set_major_formatter(FuncFormatter(_percent))
    ax.set_ylabel(y_label, fontproperties=body)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    _legend_above(ax, handles, body)
    figure.suptitle(title, fontproperties=_fonts(font_family, 13))
    _style_ticks(ax, body)
    return _save(figure, fmt)


# --- cache ---------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # By value: 2500 and 2500.00 draw the same chart.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"chart parameter of type {type(value).__name__} is not JSON-serialisable")


def chart_key(kind: str, params: Mapping[str, Any], fmt: str) -> str:
    """SHA-256 (hex) of a canonical JSON of everything that decides a chart's bytes."""
    _check_format(fmt)
    canonical = json.dumps(
        {
            "version": CHART_VERSION,
            "matplotlib": matplotlib.__version__,
            "kind": kind,
            "params": params,
            "fmt": fmt,
        },
        default=_json_default,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class ChartCache:
    """Rendered charts by content: a file per key in *directory*, an LRU of recent ones in
    memory. Files are written to a temporary file in the same directory and moved into place with
    ``os.replace``, so a reader sees the whole chart or none; two processes rendering the same
    chart at once both write the same content."""

    def __init__(self, directory: Path, memory_entries: int = 48) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.memory_entries = memory_entries
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def path_for(self, key: str, fmt: str) -> Path:
        return self.directory / f"{key}.{fmt}"

    def get_or_render(
        self, kind: str, params: Mapping[str, Any], render: Callable[[], bytes], fmt: str
    ) -> bytes:
        key = chart_key(kind, params, fmt)
        with self._lock:
            data = self._memory.get(key)
            if data is not None:
                self._memory.move_to_end(key)
                return data
        path = self.path_for(key, fmt)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = render()
            if not isinstance(data, bytes) or not data:
                raise TypeError("a chart renderer must return non-empty bytes") from None
            self._write(path, data)
        self._remember(key, data)
        return data

    def _remember(self, key: str, data: bytes) -> None:
        with self._lock:
            self._memory[key] = data
            self._memory.move_to_end(key)
            while len(self._memory) > self.memory_entries:
                self._memory.popitem(last=False)

    def _write(self, path: Path, data: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
