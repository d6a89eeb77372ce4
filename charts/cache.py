"""The chart cache: rendered charts keyed by a SHA-256 of everything that decides their bytes,
kept on disk (written atomically) with a small LRU in front."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

# Bump whenever the drawing code (standards.charts, bargaining.charts) changes what a chart looks
# like: it is part of every cache key.
CHART_VERSION = "2"

FORMATS = ("png", "svg")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def check_format(fmt: str) -> None:
    """A ValueError unless *fmt* is one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {FORMATS}, not {fmt!r}")


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
    check_format(fmt)
    canonical = json.dumps(
        {
            "version": CHART_VERSION,
            "matplotlib": version("matplotlib"),
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
