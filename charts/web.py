"""The app's chart cache and a chart as an HTTP response, for every package's chart views."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Response, current_app, make_response

from charts.cache import MEDIA_TYPES, ChartCache


def chart_cache() -> ChartCache:
    """The app's charts kept by content (under instance/charts), for every package's charts;
    made on the first chart."""
    cache = current_app.extensions.get("chart_cache")
    if cache is None:
        cache = ChartCache(Path(current_app.instance_path) / "charts")
        current_app.extensions["chart_cache"] = cache
    return cache


def chart_response(
    kind: str, params: Mapping[str, Any], render: Callable[[], bytes], fmt: str
) -> Response:
    """The chart from the cache (drawn by `render` if it is not there yet), kept by the browser
    for five minutes."""
    response = make_response(chart_cache().get_or_render(kind, params, render, fmt))
    response.headers["Content-Type"] = MEDIA_TYPES[fmt]
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
