"""A status enum's table of allowed moves, and the one `transition` that follows it.

Each model with a status declares a `Machine` (its moves, the words of its statuses) and installs
it on its status attribute: then any assignment off the table raises `TransitionError` (a defect
in the code), while `transition` refuses a move the user asked for with a clear `DomainError`
and records who moved what, from which status to which, when and why, in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Generic, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import object_session

from audit import trail
from errors import DomainError

S = TypeVar("S", bound=StrEnum)


class TransitionError(ValueError):
    """A status set off the table: a defect in the code, not a user's mistake (use cases refuse
    those first, through `transition`, with the rule in words)."""


class TransitionRefused(DomainError):
    """A move the user asked for that the table does not allow from where the object stands."""


class Machine(Generic[S]):
    """The allowed moves of one status enum. Its words (what the subject and each status are
    called) are described apart, by the package's labels module, so that models hold no words."""

    def __init__(
        self, subject_type: str, moves: Mapping[S, frozenset[S]], *, attribute: str = "status"
    ) -> None:
        for targets in moves.values():
            if not targets <= set(moves):
                raise ValueError(f"{subject_type}: a move leads off the table: {targets}")
        # Every status of the enum has its row (perhaps of no moves), so that `describe` asks
        # words of each: a status left out would show in the history as its bare code.
        left_out = {status for key in moves for status in type(key)} - set(moves)
        if left_out:
            raise ValueError(f"{subject_type}: statuses left out of the table: {left_out}")
        self.subject_type = subject_type
        self.moves = dict(moves)
        self.attribute = attribute
        self.labels: dict[S, Any] = {}

    def describe(self, subject_label: Any, labels: Mapping[S, Any]) -> None:
        """Name the subject and every status (each status needs words: history shows them)."""
        missing = set(self.moves).symmetric_difference(labels)
        if missing:
            raise ValueError(f"{self.subject_type}: statuses without words: {sorted(missing)}")
        self.labels = dict(labels)
        trail.register_subject(
            self.subject_type,
            subject_label,
            {status.value: label for status, label in labels.items()},
        )

    def can_move(self, current: S, target: S) -> bool:
        return target in self.moves.get(current, frozenset())

    def next_statuses(self, current: S) -> frozenset[S]:
        return self.moves.get(current, frozenset())

    def is_final(self, status: S) -> bool:
        return not self.moves.get(status)

    def label(self, status: S) -> str:
        return str(self.labels.get(status, status.value))

    def install(self, model: type[Any]) -> None:
        """Guard the model's status attribute: whichever code sets it, a move off the table
        raises TransitionError (a new object may start in any status)."""
        model.__status_machine__ = self
        machine: Machine[Any] = self  # the guard sees a status of any enum

        @event.listens_for(getattr(model, self.attribute), "set", active_history=True)
        def _guard(target: Any, value: Any, old: Any, _initiator: Any) -> None:
            if isinstance(old, StrEnum) and value is not old and not machine.can_move(old, value):
                raise TransitionError(
                    f"{machine.subject_type} {getattr(target, 'id', None)}: {old.value} → {value}"
                )


def machine_of(obj: Any) -> Machine[Any]:
    machine = getattr(type(obj), "__status_machine__", None)
    if machine is None:
        raise TypeError(f"{type(obj).__name__} has no status machine installed")
    return machine


def transition(
    obj: Any,
    to: StrEnum,
    *,
    actor: trail.Actor | None,
    reason: str | None = None,
    session: Any = None,
) -> None:
    """Move `obj` to status `to` if its table allows it from where it stands, and record the
    move (actor, before → after, when, why) in the audit trail; else refuse with a 409 that names
    both statuses."""
    machine = machine_of(obj)
    current = getattr(obj, machine.attribute)
    if not machine.can_move(current, to):
        raise TransitionRefused(
            _l(
                "%(subject)s cannot go from “%(current)s” to “%(target)s”.",
                subject=trail.subject_label(machine.subject_type),
                current=machine.label(current),
                target=machine.label(to),
            ),
            status=409,
        )
    setattr(obj, machine.attribute, to)
    session = session or object_session(obj)
    if session is None:
        raise RuntimeError("transition() needs an object in a session")
    trail.record(
        session,
        actor=actor,
        action=trail.STATUS_CHANGED,
        subject=obj,
        before=current.value,
        after=to.value,
        reason=reason,
    )
