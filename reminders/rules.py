"""When reminders go out, pure: the steps before a deadline and the day each comes due."""

from __future__ import annotations

from datetime import date, timedelta

# Days before the due date a reminder goes out; −1 is the day after: overdue.
STEPS: tuple[int, ...] = (7, 3, 1, 0, -1)
OVERDUE = -1


def current_step(due_on: date, today: date) -> int | None:
    """The step a deadline is at today: the most urgent step whose day has come (7 days before,
    then 3, 1, the day itself, then overdue however late); None before the first.

    A step that came due while the scheduler was stopped is merged into the current one: after
    downtime the reminder says how things stand today, not what they were a week ago."""
    days_left = (due_on - today).days
    reached = [step for step in STEPS if days_left <= step]
    return min(reached) if reached else None


def first_reminder_on(due_on: date) -> date:
    """The day the first step comes due."""
    return due_on - timedelta(days=STEPS[0])


def next_reminder_on(due_on: date, step: int) -> date | None:
    """After `step` has gone out, the day the next one comes due; None after the last."""
    later = [s for s in STEPS if s < step]
    if not later:
        return None
    return due_on - timedelta(days=max(later))
