"""A version of an agreement as PDF: the same layout as the Word export, drawn by WeasyPrint from
escaped HTML, with a Chinese font embedded so it reads the same on any machine."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from bargaining.letters import clean_text
from contracts.diff import WageRow
from contracts.wordfiles import Block, WageLabels, text_blocks


@dataclass(frozen=True)
class CJKFont:
    family: str  # e.g. "Noto Sans CJK SC": also the name the PDF gives the embedded font
    regular: Path
    bold: Path | None  # None: bold is drawn from the regular font

    def uris(self) -> set[str]:
        return {path.as_uri() for path in (self.regular, self.bold) if path is not None}


@functools.cache
def cjk_font() -> CJKFont:
    """The font file with Chinese glyphs (and its bold beside it, if there is one): Noto Sans CJK
    SC from the mpl-font package first, then a system font, as the charts find theirs."""
    # Imported here, not with the module: the search reads font files through matplotlib's
    # FreeType binding, which only a PDF export needs.
    from charts.fonts import (
        SYSTEM_FONT_FILES,
        CJKFontNotFoundError,
        has_cjk,
        package_font_files,
    )

    for path in (*package_font_files(), *map(Path, SYSTEM_FONT_FILES)):
        if path.is_file() and (family := has_cjk(path)):
            bold = path.with_name(path.name.replace("-Regular", "-Bold"))
            return CJKFont(family, path, bold if bold != path and bold.is_file() else None)
    raise CJKFontNotFoundError(
        "No font with Chinese glyphs for PDF exports: install the mpl-font package "
        "(pinned in requirements.txt) or a system CJK font (apt install fonts-noto-cjk)."
    )


def _style_sheet(font: CJKFont) -> str:
    family = font.family.replace('"', "")
    faces = [f'@font-face {{ font-family: "{family}"; src: url("{font.regular.as_uri()}"); }}']
    if font.bold is not None:
        faces.append(
            f'@font-face {{ font-family: "{family}"; font-weight: bold; '
            f'src: url("{font.bold.as_uri()}"); }}'
        )
    return (
        "\n".join(faces)
        + f"""
@page {{
  size: A4;
  margin: 25mm 22mm 25mm 22mm;
  @bottom-center {{
    content: "第 " counter(page) " 页，共 " counter(pages) " 页";
    font-family: "{family}";
    font-size: 9pt;
    color: #444;
  }}
}}
html {{ font-family: "{family}", sans-serif; font-size: 12pt; line-height: 1.75; }}
body {{ margin: 0; text-align: justify; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 18pt; line-height: 1.4; }}
h2 {{ font-size: 16pt; text-align: center; margin: 12pt 0 6pt; break-after: avoid; }}
h3 {{ font-size: 14pt; text-align: center; margin: 6pt 0 6pt; break-after: avoid; }}
p {{ margin: 0; orphans: 2; widows: 2; }}
p.indented {{ text-indent: 2em; }}
p.tabbed {{ white-space: pre-wrap; tab-size: 4; }}
b.label {{ font-weight: bold; }}
section.wages {{ break-before: page; }}
table {{ width: 100%; border-collapse: collapse; font-size: 11pt; line-height: 1.5; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.6pt solid #000; padding: 3pt 5pt; text-align: center; }}
th {{ font-weight: bold; }}
"""
    )


def _block_html(block: Block) -> str:
    text = escape(clean_text(block.text))
    tabbed = " tabbed" if "\t" in block.text else ""
    if block.kind == "chapter":
        return f"<h2>{text}</h2>"
    if block.kind == "section":
        return f"<h3>{text}</h3>"
    if block.kind == "article":
        label = escape(clean_text(block.label))
        gap = "　" if block.text else ""
        return f'<p class="article{tabbed}"><b class="label">{label}</b>{gap}{text}</p>'
    return f'<p class="indented{tabbed}">{text}</p>'


def _wage_html(rows: Sequence[WageRow], labels: WageLabels) -> str:
    def cells(tag: str, texts: Sequence[str]) -> str:
        return "".join(f"<{tag}>{escape(clean_text(t))}</{tag}>" for t in texts)

    body = "".join(f"<tr>{cells('td', labels.cells(row))}</tr>" for row in rows)
    return (
        f'<section class="wages"><h3>{escape(clean_text(labels.heading))}</h3><table>'
        f"<thead><tr>{cells('th', labels.columns())}</tr></thead><tbody>{body}</tbody>"
        "</table></section>"
    )


def agreement_html(
    title: str, text: str, wage_rows: Sequence[WageRow], wage_labels: WageLabels
) -> Markup:
    """The HTML the PDF is drawn from; every piece of the agreement's text is escaped."""
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(clean_text(title))}</title>",
        f"<style>{_style_sheet(cjk_font())}</style></head><body>",
        f"<h1>{escape(clean_text(title))}</h1>",
        *(_block_html(block) for block in text_blocks(title, text)),
        _wage_html(wage_rows, wage_labels) if wage_rows else "",
        "</body></html>",
    ]
    return Markup("".join(parts))


def write_pdf(
    title: str, text: str, wage_rows: Sequence[WageRow], wage_labels: WageLabels
) -> bytes:
    """A version as an A4 PDF with page numbers, its chapters, articles and wage table."""
    from weasyprint import HTML  # imported late: it takes a while, and only exports need it
    from weasyprint.urls import URLFetcher

    allowed = cjk_font().uris()

    class FontsOnly(URLFetcher):
        """Fetches the font files and nothing else: the HTML never names another resource,
        and a PDF export must not read files or the network on anyone's behalf."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"not fetched for a PDF export: {url}")
            return super().fetch(url, headers)

    html = agreement_html(title, text, wage_rows, wage_labels)
    document = HTML(string=str(html), url_fetcher=FontsOnly(allowed_protocols=("file",)))
    return document.write_pdf()
