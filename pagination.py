"""Offset pagination that never counts the whole table: it asks for one row more than it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def clamp_page(raw: Any) -> int:
    try:
        page = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), 10_000)


def paginate(session: Session, stmt: Any, *, page: int, per_page: int) -> Page:
    rows = list(session.exec(stmt.offset((page - 1) * per_page).limit(per_page + 1)).all())
    return Page(items=rows[:per_page], page=page, per_page=per_page, has_next=len(rows) > per_page)
