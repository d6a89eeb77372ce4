"""Charts of sector standards: Chinese glyphs present, PNG and SVG well-formed, the cache keyed by
content and written atomically."""

import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D
from pathlib import Path

import pytest
from matplotlib import font_manager, ft2font
from matplotlib.backends.backend_agg import RendererAgg

import tests
from charts import fonts as chart_fonts
from charts.cache import CHART_VERSION, ChartCache, chart_key
from charts.drawing import chart_font_by_file, fit_text, yuan
from charts.fonts import cjk_font_family
from standards.charts import LABEL_SHARE, pay_floor_chart, trend_chart

REPO = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"

# 24 job categories, as in the Luzhou catering survey (2013); the last eight below ¥2,500.
CATEGORIES = [
    (name, D(3900 - 90 * i))
    for i, name in enumerate(
        [
            "厨师长",
            "厨师",
            "面点师",
            "切配工",
            "打荷工",
            "凉菜师",
            "烧腊师",
            "砧板工",
            "水台工",
            "传菜员",
            "服务员",
            "迎宾员",
            "收银员",
            "吧台员",
            "领班",
            "楼面经理",
            "保洁员",
            "采购员",
            "仓管员",
            "保安员",
            "司机",
            "学徒工",
            "洗碗工",
            "餐具清洗员",
        ]
    )
]
YEARS = [2019, 2020, 2021, 2022, 2023]
SERIES = [
    ("年增幅", [D("9"), D("8.5"), None, D("7"), D("6")]),
    ("厨师长", [D("10"), None, D("5"), D("6"), None]),
]
# (year, lower, baseline, upper): 2020 and 2022 publish only a baseline.
BAND = [
    (2019, D("4"), D("8"), D("11")),
    (2020, None, D("7"), None),
    (2021, D("3"), D("6.5"), D("9")),
    (2022, None, D("6"), None),
    (2023, D("-1"), D("5"), D("8")),
]


def pay_floor(fmt: str, **kwargs) -> bytes:
    return pay_floor_chart(
        "泸州市餐饮行业岗位工资标准", CATEGORIES, D("2500"), "最低工资", fmt, **kwargs
    )


def trend(fmt: str, **kwargs) -> bytes:
    return trend_chart(
        "工资年增幅与工资指导线",
        YEARS,
        SERIES,
        BAND,
        "年增幅（%）",
        fmt,
        band_label="下线—上线",
        baseline_label="基准线",
        **kwargs,
    )


def glyph_warnings(render: Callable[[], bytes]) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


# --- the font ------------------------------------------------------------------------------


def test_a_cjk_font_is_registered_and_has_chinese_glyphs():
    family = cjk_font_family()
    assert family == cjk_font_family()  # found once, then cached
    path = font_manager.fontManager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    font = ft2font.FT2Font(path)
    assert all(font.get_char_index(ord(char)) for char in "餐具清洗员厨师长最低工资基准线")


def test_without_any_cjk_font_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(chart_fonts, "package_font_files", lambda: iter(()))
    monkeypatch.setattr(chart_fonts, "SYSTEM_FONT_FILES", ())
    monkeypatch.setattr(chart_fonts, "KNOWN_CJK_FAMILIES", ())
    with pytest.raises(chart_fonts.CJKFontNotFoundError, match="mpl-font"):
        chart_fonts.find_cjk_font()


def test_our_tests_package_is_not_shadowed_by_mpl_fonts_stray_one():
    # mpl-font also installs a top-level `tests` package into site-packages.
    assert Path(tests.__file__).resolve() == REPO / "tests" / "__init__.py"


def test_the_module_uses_neither_pyplot_nor_flask_babel():
    code = (
        "import sys, standards.charts, charts.fonts as f; f.cjk_font_family(); "
        "bad = {'matplotlib.pyplot', 'flask_babel', 'mpl_font'} & set(sys.modules); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("render", [pay_floor, trend], ids=["pay_floor", "trend"])
def test_chinese_labels_render_without_missing_glyphs(render, fmt):
    assert glyph_warnings(lambda: render(fmt)) == []


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_glyph_check_fails_with_a_font_without_chinese(fmt):
    missing = glyph_warnings(lambda: pay_floor(fmt, font_family="DejaVu Sans"))
    assert missing
    assert all("DejaVu Sans" in message for message in missing)


# --- the output ----------------------------------------------------------------------------


@pytest.mark.parametrize("render", [pay_floor, trend], ids=["pay_floor", "trend"])
def test_png_has_the_signature_and_a_plausible_size(render):
    data = render("png")
    assert data.startswith(PNG_SIGNATURE)
    assert 10_000 < len(data) < 1_000_000


def test_the_pay_floor_chart_is_tall_enough_for_24_categories():
    data = pay_floor("png")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 800
    assert height >= 24 * 30  # at least 30 px per category


@pytest.mark.parametrize("render", [pay_floor, trend], ids=["pay_floor", "trend"])
def test_svg_is_well_formed_with_text_as_paths(render):
    data = render("svg")
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert list(root.iter(f"{SVG}text")) == []  # renders without the font on the viewer's side
    assert len(list(root.iter(f"{SVG}path"))) > 50


def test_svg_is_deterministic():
    assert pay_floor("svg") == pay_floor("svg")


def test_renders_in_parallel_threads_match_a_serial_render():
    expected = pay_floor("png")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda fmt: pay_floor(fmt), ["png"] * 4))
    assert all(result == expected for result in results)


@pytest.mark.parametrize("fmt", ["jpg", "PNG", "", "pdf"])
def test_other_formats_are_refused(fmt, tmp_path):
    with pytest.raises(ValueError, match="format"):
        pay_floor(fmt)
    with pytest.raises(ValueError, match="format"):
        trend(fmt)
    with pytest.raises(ValueError, match="format"):
        ChartCache(tmp_path).get_or_render("pay_floor", {}, lambda: b"x", fmt)


def test_a_pay_floor_chart_without_a_minimum_or_categories_still_renders():
    assert pay_floor_chart("标准", [], None, "最低工资", "png").startswith(PNG_SIGNATURE)
    ET.fromstring(pay_floor_chart("标准", CATEGORIES[:2], None, "最低工资", "svg"))


def test_a_trend_chart_with_only_baselines_and_gaps_renders():
    band = [(2021, None, D("6.5"), None), (2022, None, None, None), (2023, None, D("5"), None)]
    series = [("年增幅", [None, D("7"), None])]
    data = trend_chart("指导线", [2021, 2022, 2023], series, band, "%", "png")
    assert data.startswith(PNG_SIGNATURE)
    assert (
        glyph_warnings(
            lambda: trend_chart("指导线", [2021, 2022, 2023], series, band, "年增幅", "svg")
        )
        == []
    )


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="3 values for 5 years"):
        trend_chart("t", YEARS, [("年增幅", [D(1), D(2), D(3)])], [], "%", "png")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(D("2500"), "¥2,500"), (D("2500.00"), "¥2,500"), (D("23.7"), "¥23.70"), (D("0"), "¥0")],
)
def test_amounts_show_as_yuan(amount, shown):
    assert yuan(amount) == shown


# --- the cache -----------------------------------------------------------------------------


class Renderer:
    def __init__(self, data: bytes = b"chart bytes") -> None:
        self.calls = 0
        self.data = data

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


PARAMS = {"title": "泸州", "categories": [["厨师长", D("3900")]], "minimum": D("2500")}


def test_the_cache_renders_once_and_returns_identical_bytes(tmp_path):
    cache = ChartCache(tmp_path)
    render = Renderer(pay_floor("png"))
    first = cache.get_or_render("pay_floor", PARAMS, render, "png")
    second = cache.get_or_render("pay_floor", dict(PARAMS), render, "png")
    assert first == second == render.data
    assert render.calls == 1
    assert [path.name for path in tmp_path.iterdir()] == [
        f"{chart_key('pay_floor', PARAMS, 'png')}.png"
    ]


def test_a_changed_value_format_or_kind_renders_again(tmp_path):
    cache = ChartCache(tmp_path)
    render = Renderer()
    cache.get_or_render("pay_floor", PARAMS, render, "png")
    cache.get_or_render("pay_floor", {**PARAMS, "minimum": D("2520")}, render, "png")
    cache.get_or_render("pay_floor", PARAMS, render, "svg")
    cache.get_or_render("trend", PARAMS, render, "png")
    assert render.calls == 4
    assert len(list(tmp_path.iterdir())) == 4


def test_equal_decimals_share_a_key_and_the_version_is_part_of_it(monkeypatch):
    key = chart_key("pay_floor", {"minimum": D("2500")}, "png")
    assert key == chart_key("pay_floor", {"minimum": D("2500.00")}, "png")
    assert key != chart_key("pay_floor", {"minimum": D("2500.01")}, "png")
    monkeypatch.setattr("charts.cache.CHART_VERSION", CHART_VERSION + "-next")
    assert key != chart_key("pay_floor", {"minimum": D("2500")}, "png")


def test_a_second_cache_on_the_same_directory_reads_from_disk(tmp_path):
    render = Renderer()
    data = ChartCache(tmp_path).get_or_render("pay_floor", PARAMS, render, "svg")
    again = ChartCache(tmp_path).get_or_render("pay_floor", PARAMS, render, "svg")
    assert again == data
    assert render.calls == 1


def test_the_memory_lru_is_bounded_and_falls_back_to_disk(tmp_path):
    cache = ChartCache(tmp_path, memory_entries=2)
    render = Renderer()
    for minimum in ("1", "2", "3"):
        cache.get_or_render("pay_floor", {"minimum": D(minimum)}, render, "png")
    assert len(cache._memory) == 2
    cache.get_or_render("pay_floor", {"minimum": D("1")}, render, "png")  # evicted: from disk
    assert render.calls == 3


def test_a_failed_render_leaves_no_file(tmp_path):
    cache = ChartCache(tmp_path)

    def broken() -> bytes:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        cache.get_or_render("pay_floor", PARAMS, broken, "png")
    with pytest.raises(TypeError, match="bytes"):
        cache.get_or_render("pay_floor", PARAMS, lambda: "not bytes", "png")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    cache = ChartCache(tmp_path)

    def no_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("charts.cache.os.replace", no_replace)
    with pytest.raises(OSError, match="disk full"):
        cache.get_or_render("pay_floor", PARAMS, Renderer(), "png")
    assert list(tmp_path.iterdir()) == []


def test_params_that_are_not_json_are_refused(tmp_path):
    with pytest.raises(TypeError, match="object"):
        ChartCache(tmp_path).get_or_render("pay_floor", {"x": object()}, Renderer(), "png")


def test_a_job_category_too_long_for_the_chart_is_cut_short_not_left_to_overflow():
    long_name = "中式烹调师（热菜、冷菜、面点三个方向均需持证上岗的高级技师岗位）"
    categories = [(long_name, D("3900")), ("厨师", D("3000"))]
    svg = pay_floor_chart("标准", categories, D("2500"), "最低工资", "svg")
    root = ET.fromstring(svg)
    assert root.get("width") == "576pt"  # 8 inches: the figure did not grow to fit the name
    assert glyph_warnings(lambda: pay_floor_chart("标准", categories, None, "最低", "png")) == []
    renderer, font = RendererAgg(1, 1, 100), chart_font_by_file(10)
    cut = fit_text(renderer, long_name, font, LABEL_SHARE * 800)
    assert cut.endswith("…") and long_name.startswith(cut[:-1])
    assert renderer.get_text_width_height_descent(cut, font, ismath=False)[0] <= LABEL_SHARE * 800
    assert fit_text(renderer, "厨师", font, LABEL_SHARE * 800) == "厨师"
