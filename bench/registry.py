"""Figures, parts and the registry that part modules add themselves to when imported."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bench.generate import World
    from bench.harness import BenchContext


@dataclass(frozen=True)
class Figure:
    """One measured number; `target` None means it is reported for context only."""

    name: str
    value: float
    unit: str
    target: float | None = None
    better: Literal["lower", "higher"] = "lower"

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.better == "lower" else self.value >= self.target

    def as_json(self) -> dict[str, object]:
        return {
            "value": round(self.value, 4),
            "unit": self.unit,
            "target": self.target,
            "better": self.better,
        }


@dataclass(frozen=True)
class Part:
    """A part of the suite. `prepare` adds the data the part needs on top of the base world
    (before the server starts); `run` measures through the live server and returns figures."""

    name: str
    description: str
    run: Callable[[BenchContext], list[Figure]]
    prepare: Callable[[Engine, World], None] | None = None


PARTS: dict[str, Part] = {}


def register(
    name: str, description: str, *, prepare: Callable[[Engine, World], None] | None = None
) -> Callable[[Callable[[BenchContext], list[Figure]]], Callable[[BenchContext], list[Figure]]]:
    """Decorate a part's run function: `@register("orgs", "…")`."""

    def decorate(
        run: Callable[[BenchContext], list[Figure]],
    ) -> Callable[[BenchContext], list[Figure]]:
        if name in PARTS:
            raise ValueError(f"bench part {name!r} is registered twice")
        PARTS[name] = Part(name=name, description=description, run=run, prepare=prepare)
        return run

    return decorate


def discover() -> dict[str, Part]:
    """Import every module of bench.parts, so that each registers itself; a new part is a file."""
    import bench.parts

    for module in pkgutil.iter_modules(bench.parts.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"bench.parts.{module.name}")
    return PARTS
