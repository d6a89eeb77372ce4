"""The Chinese font the charts are drawn in: found once, registered with matplotlib.

matplotlib's own font has no Chinese glyphs and draws boxes. The font comes from the mpl-font
wheel (pinned in requirements.txt, so `make run` needs no apt), else from a system package, else
from a family matplotlib already knows. Its file is kept too: a chart that names the file skips
matplotlib's font search for every piece of text, which is a good part of a chart's cost.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from matplotlib import font_manager, ft2font

# Characters a usable font must have: a sample of the job-category vocabulary, and the digits and
# signs the charts write beside every bar and on the axes (\u2212 is matplotlib's minus).
_PROBE = "工资厨师长餐具清洗员最低标准¥%0123456789,.\u2212"

# Debian/Ubuntu packages (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei), then macOS.
SYSTEM_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
# Families that, if matplotlib already knows them, have Chinese glyphs.
KNOWN_CJK_FAMILIES = (
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


@dataclass(frozen=True, slots=True)
class CJKFont:
    family: str
    path: Path


_lock = threading.Lock()
_found: CJKFont | None = None


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


def find_cjk_font() -> CJKFont:
    """Search (uncached): the wheel's fonts, the system's, then the families matplotlib knows."""
    for path in (*package_font_files(), *map(Path, SYSTEM_FONT_FILES)):
        if path.is_file() and (family := has_cjk(path)):
            known = {entry.fname for entry in font_manager.fontManager.ttflist}
            if str(path) not in known:
                font_manager.fontManager.addfont(str(path))
            return CJKFont(family, path)
    files = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for family in KNOWN_CJK_FAMILIES:
        if family in files and has_cjk(Path(files[family])):
            return CJKFont(family, Path(files[family]))
    raise CJKFontNotFoundError(
        "No font with Chinese glyphs for the charts: install the mpl-font package "
        "(pip install mpl-font, pinned in requirements.txt) or a system CJK font "
        "(apt install fonts-wqy-microhei or fonts-noto-cjk)."
    )


def cjk_font() -> CJKFont:
    """The font found once per process (and registered with matplotlib)."""
    global _found
    if _found is None:
        with _lock:
            if _found is None:
                _found = find_cjk_font()
    return _found


def cjk_font_family() -> str:
    """Find a font with Chinese glyphs, register it with matplotlib once, return its family."""
    return cjk_font().family
