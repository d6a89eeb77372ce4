"""The one error type for a user's mistakes: translatable, tied to a form field if it has one."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule the user's input breaks. Views show it beside `field` (or flash it) with a 4xx status.

    `message` is a lazy translatable string; `rule` names the DOMAIN.md rule (R1…R26) it enforces.
    `problems`, when there are several (the rows of a refused file), are shown one by one.
    """

    def __init__(
        self,
        message: Any,
        *,
        field: str | None = None,
        rule: str | None = None,
        status: int = 400,
        problems: list[Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.rule = rule
        self.status = status
        self.problems = problems or []


class NotFound(DomainError):
    """The record does not exist, or the user may not know it exists."""

    def __init__(self, message: Any = None) -> None:
        from flask_babel import lazy_gettext

        super().__init__(message or lazy_gettext("Not found"), status=404)
