"""The convergence chart: both sides' offers with gaps where a side made none, the gap left, the
minimum wage or the guideline band behind, Chinese glyphs present, PNG and SVG well-formed."""

import html
import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from matplotlib import font_manager, ft2font
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex

from bargaining import charts, exports, services
from bargaining.charts import (
    ChartLabels,
    Convergence,
    cached_convergence_chart,
    convergence_chart,
    format_value,
)
from bargaining.models import Side
from charts.cache import ChartCache
from charts.fonts import cjk_font_family
from standards.vocabulary import ItemKind, Unit
from tests.bargaining.helpers import hold, in_session, items, offer

REPO = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"

LABELS = ChartLabels(
    union="工会方",
    employer="企业方",
    minimum_wage="最低工资",
    guideline_band="工资指导线",
    baseline="基准线",
    gap="差距",
)
SESSIONS = ["第1轮 3月2日", "第2轮 3月16日", "第3轮 3月30日", "第4轮 4月13日"]
# The union made no new offer at the third session.
PAY_UNION = [D("3600"), D("3450"), None, D("3300")]
PAY_EMPLOYER = [D("2800"), D("2900"), D("3000"), D("3100")]
RISE_UNION = [D("12"), D("11"), D("10.5"), D("9")]
RISE_EMPLOYER = [D("4"), None, D("5"), D("7.5")]
GUIDELINE = (D("4.5"), D("7"), D("10"))


def pay(fmt: str, *, narrow: bool = False, **kwargs) -> bytes:
    chart = Convergence(
        "厨师长月工资标准",
        "元/月",
        SESSIONS,
        PAY_UNION,
        PAY_EMPLOYER,
        LABELS,
        minimum=D("2500"),
        narrow=narrow,
    )
    return convergence_chart(chart, fmt, **kwargs)


def rise(fmt: str, *, narrow: bool = False, **kwargs) -> bytes:
    chart = Convergence(
        "年度工资增长幅度",
        "%",
        SESSIONS,
        RISE_UNION,
        RISE_EMPLOYER,
        LABELS,
        band=GUIDELINE,
        narrow=narrow,
    )
    return convergence_chart(chart, fmt, **kwargs)


def glyph_warnings(render: Callable[[], bytes]) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.fixture
def drawn(monkeypatch):
    """The figure a render would have saved, to inspect what it draws."""
    figures = []

    def keep(figure, fmt):
        figures.append(figure)
        return b"figure"

    monkeypatch.setattr(charts, "save_chart", keep)
    return figures


def legend_texts(ax) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def annotation_texts(ax) -> list[str]:
    return [child.get_text() for child in ax.texts if child.get_text()]


# --- what it draws -------------------------------------------------------------------------


def test_both_sides_are_lines_with_gaps_where_a_side_made_no_offer(drawn):
    pay("png")
    ax = drawn[0].axes[0]
    union, employer = ax.lines[-2:]
    assert [str(v) for v in union.get_ydata()] == ["3600.0", "3450.0", "nan", "3300.0"]
    assert list(employer.get_ydata()) == [2800.0, 2900.0, 3000.0, 3100.0]
    assert [label.get_text() for label in ax.get_xticklabels()] == SESSIONS


def test_the_sides_differ_by_marker_and_line_style_not_colour_alone(drawn):
    pay("png")
    union, employer = drawn[0].axes[0].lines[-2:]
    assert union.get_marker() != employer.get_marker()
    assert union.get_linestyle() != employer.get_linestyle()
    assert to_hex(union.get_color()) != to_hex(employer.get_color())


def test_a_pay_item_shows_the_minimum_wage_and_the_gap_at_the_last_session(drawn):
    pay("png")
    ax = drawn[0].axes[0]
    assert legend_texts(ax) == ["工会方", "企业方", "最低工资 ¥2,500"]
    minimum = [line for line in ax.lines[:-2] if list(line.get_ydata()) == [2500.0, 2500.0]]
    assert len(minimum) == 1 and minimum[0].get_linestyle() == ":"
    # The latest offers are 3300 and 3100, at the fourth session (x = 3).
    assert annotation_texts(ax) == ["差距 ¥200"]
    arrow = next(child for child in ax.texts if not child.get_text())
    assert arrow.xy[0] == pytest.approx(3.12)
    assert {arrow.xy[1], arrow.xyann[1]} == {3300.0, 3100.0}


def test_an_annual_rise_shows_the_guideline_band_and_a_dashed_baseline(drawn):
    rise("png")
    ax = drawn[0].axes[0]
    assert legend_texts(ax) == ["工会方", "企业方", "工资指导线 4.5% – 10%", "基准线 7%"]
    (shaded,) = ax.patches
    assert (shaded.get_y(), shaded.get_y() + shaded.get_height()) == (4.5, 10.0)
    baseline = [line for line in ax.lines if list(line.get_ydata()) == [7.0, 7.0]]
    assert len(baseline) == 1 and baseline[0].get_linestyle() == "--"
    assert annotation_texts(ax) == ["差距 1.5%"]
    assert ax.get_yticklabels()[0].get_text().endswith("%")


def test_a_band_with_only_a_baseline_draws_no_shading(drawn):
    chart = Convergence(
        "年增幅", "%", SESSIONS, RISE_UNION, RISE_EMPLOYER, LABELS, band=(None, D(7), None)
    )
    convergence_chart(chart, "png")
    ax = drawn[0].axes[0]
    assert legend_texts(ax) == ["工会方", "企业方", "基准线 7%"]
    assert list(ax.patches) == []


def test_without_band_or_minimum_only_the_offers_are_drawn(drawn):
    convergence_chart(
        Convergence("计件单价", "元/件", SESSIONS, PAY_UNION, PAY_EMPLOYER, LABELS), "png"
    )
    ax = drawn[0].axes[0]
    assert legend_texts(ax) == ["工会方", "企业方"]
    assert len(ax.lines) == 2
    assert list(ax.patches) == []
    assert annotation_texts(ax) == ["差距 ¥200"]


def test_without_offers_from_one_side_there_is_no_gap_to_annotate(drawn):
    chart = Convergence("厨师长", "元/月", SESSIONS, PAY_UNION, [None] * 4, LABELS, minimum=D(2500))
    convergence_chart(chart, "png")
    assert annotation_texts(drawn[0].axes[0]) == []


# --- the output ----------------------------------------------------------------------------


@pytest.mark.parametrize("render", [pay, rise], ids=["pay", "rise"])
def test_png_has_the_signature_and_a_plausible_size(render):
    data = render("png")
    assert data.startswith(PNG_SIGNATURE)
    assert 10_000 < len(data) < 1_000_000


def glyph_ids(text: str) -> set[str]:
    """The ids matplotlib gives the glyphs of *text* in an SVG with text as paths (by glyph
    index in current versions, by code point in older ones)."""
    family = cjk_font_family()
    path = font_manager.fontManager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    font = ft2font.FT2Font(path)
    return {f"{font.postscript_name}-{font.get_char_index(ord(char)):x}" for char in text} | {
        f"{font.postscript_name}-{ord(char):x}" for char in text
    }


@pytest.mark.parametrize("render", [pay, rise], ids=["pay", "rise"])
def test_svg_is_well_formed_and_draws_the_title_as_glyph_paths(render):
    data = render("svg")
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert list(root.iter(f"{SVG}text")) == []
    ids = {element.get("id") for element in root.iter(f"{SVG}path")}
    title = "厨师长月工资标准" if render is pay else "年度工资增长幅度"
    for char in set(title):
        assert glyph_ids(char) & ids, char


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("render", [pay, rise], ids=["pay", "rise"])
def test_chinese_labels_render_without_missing_glyphs(render, fmt):
    assert glyph_warnings(lambda: render(fmt)) == []


def test_the_glyph_check_fails_with_a_font_without_chinese():
    missing = glyph_warnings(lambda: pay("png", font_family="DejaVu Sans"))
    assert missing
    assert all("DejaVu Sans" in message for message in missing)


def test_gaps_crowded_sessions_and_no_reference_lines_still_render():
    sessions = [f"第{n}轮 4月{n}日" for n in range(1, 9)]
    union = [D(12), None, D(11), None, None, D(10), D("9.5"), None]
    employer = [None, D(4), None, D(5), D(6), None, D(7), D("7.5")]
    chart = Convergence("年增幅", "%", sessions, union, employer, LABELS)
    data = convergence_chart(chart, "png")
    assert data.startswith(PNG_SIGNATURE)
    svg = convergence_chart(chart, "svg")
    assert ET.fromstring(svg).tag == f"{SVG}svg"


def test_a_chart_without_sessions_renders():
    chart = Convergence("厨师长", "元/月", [], [], [], LABELS)
    assert convergence_chart(chart, "png").startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("fmt", ["jpg", "PNG", "", "pdf"])
def test_other_formats_are_refused(fmt):
    with pytest.raises(ValueError, match="format"):
        pay(fmt)


def test_offers_that_do_not_match_the_sessions_are_refused():
    with pytest.raises(ValueError, match="employer has 3 offers for 4 sessions"):
        convergence_chart(
            Convergence("t", "元/月", SESSIONS, PAY_UNION, PAY_EMPLOYER[:3], LABELS), "png"
        )


def test_the_module_uses_neither_pyplot_nor_flask():
    code = (
        "import sys, bargaining.charts; "
        "bad = {'matplotlib.pyplot', 'flask', 'flask_babel', 'mpl_font'} & set(sys.modules); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


STARTS_THE_APP = """
import sys, traceback
importers = []

class Watch:  # who imports matplotlib first, if anyone
    def find_spec(self, name, path=None, target=None):
        if name == "matplotlib":
            importers.extend(frame.filename for frame in traceback.extract_stack())

sys.meta_path.insert(0, Watch())
from app import create_app
create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
assert not [f for f in importers if "/bargaining/" in f], importers
"""


def test_starting_the_app_does_not_load_matplotlib_for_bargaining():
    """matplotlib (a second's import) loads with the first chart drawn, not at every start."""
    subprocess.run([sys.executable, "-c", STARTS_THE_APP], cwd=REPO, check=True)


# --- the text alternative ------------------------------------------------------------------


def chart_alt(client, negotiation, chart=None) -> str:
    """The text alternative of the convergence chart on the negotiation page."""
    url = f"/negotiations/{negotiation.id}" + (f"?chart={chart}" if chart else "")
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'<img class="img-fluid"[^>]* alt="([^"]*)"', page)
    assert found is not None, "no chart on the page"
    return html.unescape(found.group(1))


@pytest.fixture
def two_sessions(session, table):
    """The chef's offers at two sessions (3,600 against 3,200, then 3,500 against 3,300); at the
    second the employer side made no offer for the washer."""
    negotiation, first = in_session(table)
    chef, washer, _rise = items(table, negotiation)
    offer(table, negotiation, first, Side.UNION, {chef.id: "3600", washer.id: "2800"})
    offer(table, negotiation, first, Side.EMPLOYER, {chef.id: "3200", washer.id: "2550"})
    second = hold(table, negotiation, held_on=date(2026, 3, 13), chair_side=Side.EMPLOYER)
    offer(table, negotiation, second, Side.UNION, {chef.id: "3500", washer.id: "2700"})
    offer(table, negotiation, second, Side.EMPLOYER, {chef.id: "3300"})
    session.commit()
    return negotiation, chef, washer


def test_the_alt_text_gives_the_first_and_latest_offers_and_the_gap_left(
    client, login, table, two_sessions
):
    negotiation, _chef, _washer = two_sessions
    login(table.chair)
    assert chart_alt(client, negotiation) == (
        "月工资标准 · 厨师长（元/月）：第 1 轮职工方 3,600.00、企业方 3,200.00，"
        "第 2 轮职工方 3,500.00、企业方 3,300.00；目前差额 -200.00。"
    )


def test_the_alt_text_is_the_chosen_items_and_says_when_a_side_made_no_offer(
    client, login, table, two_sessions
):
    negotiation, _chef, washer = two_sessions
    login(table.rep)
    assert chart_alt(client, negotiation, chart=washer.id) == (
        "月工资标准 · 餐具清洗员（元/月）：第 1 轮职工方 2,800.00、企业方 2,550.00，"
        "第 2 轮职工方 2,700.00、企业方 —；目前差额 -150.00。"
    )  # the employer side's 2,550 stands, as the chart draws it (was the first session's gap)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (D("2500.00"), "元/月", "¥2,500"),
        (D("23.7"), "元/小时", "¥23.70"),
        (D("9.50"), "%", "9.5%"),
        (D("40"), "小时/周", "40 小时/周"),
        (D("1.2500"), "元/件", "¥1.25"),
    ],
)
def test_values_are_shown_in_their_unit(value, unit, shown):
    assert format_value(value, unit) == shown


# --- the cache -----------------------------------------------------------------------------


def test_the_cache_draws_each_distinct_chart_once(tmp_path, monkeypatch):
    calls = []
    real = charts.convergence_chart

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "convergence_chart", counting)
    cache = ChartCache(tmp_path)

    def render(minimum: D) -> bytes:
        chart = Convergence(
            "厨师长", "元/月", SESSIONS, PAY_UNION, PAY_EMPLOYER, LABELS, minimum=minimum
        )
        return cached_convergence_chart(cache, chart, "png")

    first = render(D("2500"))
    assert render(D("2500.00")) == first  # the same value: the same chart
    assert first.startswith(PNG_SIGNATURE)
    assert len(calls) == 1
    render(D("2520"))
    assert len(calls) == 2
    assert len(list(tmp_path.glob("*.png"))) == 2


# --- the phone's chart -------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("render", [pay, rise], ids=["pay", "rise"])
def test_the_narrow_chart_is_about_half_as_wide_so_its_text_stays_legible(render):
    """Shrunk to a 375-pixel screen, the page's 800-pixel chart would halve its 10-point text."""
    wide, narrow = png_size(render("png")), png_size(render("png", narrow=True))
    assert wide[0] == 800
    assert 400 <= narrow[0] <= 440 and narrow[1] > narrow[0]


@pytest.mark.parametrize("render", [pay, rise], ids=["pay", "rise"])
def test_the_narrow_legend_takes_one_entry_a_line_and_stays_inside_the_figure(drawn, render):
    render("png", narrow=True)
    figure = drawn[0]
    legend = figure.axes[0].get_legend()
    assert legend._ncols == 1
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)  # the layout engine places the legend while drawing
    box = legend.get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= figure.bbox.width


def test_the_narrow_chart_is_cached_apart_from_the_wide_one(tmp_path):
    cache = ChartCache(tmp_path)
    wide = Convergence(
        "厨师长", "元/月", SESSIONS, PAY_UNION, PAY_EMPLOYER, LABELS, minimum=D("2500")
    )
    narrow = replace(wide, narrow=True)
    wide_png = cached_convergence_chart(cache, wide, "png")
    narrow_png = cached_convergence_chart(cache, narrow, "png")
    assert png_size(wide_png) != png_size(narrow_png)
    assert len(list(tmp_path.rglob("*.png"))) == 2


# --- the minimum-wage line of a negotiation's item (R14) ----------------------------------------


@pytest.fixture
def hourly_items(session, table, tmp_path, monkeypatch):
    """A seated negotiation in Guangzhou (minimum 2,500 a month, 23.70 an hour for part-time
    work) over an hour rate, a part-time hourly rate, an allowance and a monthly floor, with both
    sides' offers at one session; charts drawn into a fresh cache."""
    monkeypatch.setattr(exports, "chart_cache", lambda: ChartCache(tmp_path))
    negotiation = table.seated()
    chair = table.viewer(table.chair)
    rows = [
        services.ItemRow(ItemKind.HOURLY_RATE, "厨师", Unit.YUAN_PER_HOUR),
        services.ItemRow(ItemKind.PART_TIME_HOURLY_RATE, "钟点工", Unit.YUAN_PER_HOUR),
        services.ItemRow(ItemKind.ALLOWANCE, "高温津贴", Unit.YUAN_PER_MONTH),
        services.ItemRow(ItemKind.MONTHLY_PAY_FLOOR, "厨师长", Unit.YUAN_PER_MONTH),
    ]
    services.save_items(session, chair, negotiation, rows)
    record = services.record_session(
        session, chair, negotiation, table.session_data(negotiation), today=date(2026, 3, 20)
    )
    found = {item.kind: item for item in services.items_of(session, negotiation)}
    union = {found[ItemKind.HOURLY_RATE].id: "20", found[ItemKind.PART_TIME_HOURLY_RATE].id: "26"}
    union |= {found[ItemKind.ALLOWANCE].id: "300", found[ItemKind.MONTHLY_PAY_FLOOR].id: "3600"}
    employer = {item_id: str(D(value) - 2) for item_id, value in union.items()}
    services.save_offers(session, chair, negotiation, record, Side.UNION, union)
    services.save_offers(
        session, table.viewer(table.rep), negotiation, record, Side.EMPLOYER, employer
    )
    return negotiation, found


def minimum_line(drawn, session, negotiation, item) -> tuple[list[float], list[str]]:
    """The horizontal reference lines the item's chart draws, and its legend."""
    assert exports.chart(session, negotiation, item.id, "png") == b"figure"
    ax = drawn[-1].axes[0]
    offers = ax.lines[-2:]
    lines = [line.get_ydata()[0] for line in ax.lines if line not in offers]
    return lines, legend_texts(ax)


def test_an_hour_rate_is_drawn_against_the_monthly_minimum_over_174_hours(
    drawn, session, hourly_items
):
    """工时工价 prices full-time hours: its floor is 2,500 ÷ 174 = ¥14.37, not the part-time
    hourly minimum of ¥23.70 (which would show a lawful offer of ¥20 as below the minimum)."""
    negotiation, found = hourly_items
    lines, legend = minimum_line(drawn, session, negotiation, found[ItemKind.HOURLY_RATE])
    assert lines == [pytest.approx(2500 / 174)]
    (line_label,) = legend[2:]
    assert line_label.endswith("¥14.37") and "174" in line_label
    assert not any("23.70" in text for text in legend)


def test_a_part_time_hourly_rate_is_drawn_against_the_part_time_minimum(
    drawn, session, hourly_items
):
    negotiation, found = hourly_items
    lines, legend = minimum_line(drawn, session, negotiation, found[ItemKind.PART_TIME_HOURLY_RATE])
    assert lines == [pytest.approx(23.7)]
    assert legend[2].endswith("¥23.70") and "174" not in legend[2]


def test_a_monthly_floor_has_the_monthly_minimum_and_an_allowance_none(
    drawn, session, hourly_items
):
    negotiation, found = hourly_items
    lines, legend = minimum_line(drawn, session, negotiation, found[ItemKind.MONTHLY_PAY_FLOOR])
    assert lines == [2500.0] and legend[2].endswith("¥2,500")
    # Allowances are not counted in the minimum wage (R14), so no line is drawn for one.
    lines, legend = minimum_line(drawn, session, negotiation, found[ItemKind.ALLOWANCE])
    assert lines == [] and len(legend) == 2  # the two sides' offers only
