"""The reminder steps: 7, 3 and 1 days before the last day, on the day, and overdue after it."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reminders.rules import STEPS, current_step, first_reminder_on, next_reminder_on

DUE = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("days_before", "step"),
    [
        (30, None),
        (8, None),  # the day before the first step: nothing yet
        (7, 7),
        (6, 7),
        (4, 7),
        (3, 3),
        (2, 3),
        (1, 1),
        (0, 0),
        (-1, -1),
        (-40, -1),  # however late: overdue
    ],
)
def test_the_step_of_a_deadline_on_each_day(days_before, step):
    assert current_step(DUE, DUE - timedelta(days=days_before)) == step


def test_the_first_reminder_comes_a_week_before():
    assert first_reminder_on(DUE) == date(2026, 6, 8)


@pytest.mark.parametrize(
    ("step", "following"),
    [(7, date(2026, 6, 12)), (3, date(2026, 6, 14)), (1, DUE), (0, date(2026, 6, 16)), (-1, None)],
)
def test_after_each_step_the_next_comes_due(step, following):
    assert next_reminder_on(DUE, step) == following


@given(due=st.dates(date(2000, 1, 1), date(2090, 1, 1)), offset=st.integers(-60, 60))
def test_walking_the_steps_day_by_day_sends_each_once_in_order(due, offset):
    """A scheduler that runs every day sends 7, 3, 1, 0, −1 once each; one that starts late
    sends the current step and the later ones, never an earlier one after a later one."""
    today = due + timedelta(days=offset)
    sent: list[int] = []
    following: date | None = first_reminder_on(due)
    for _ in range(200):
        if following is None:
            break
        if following <= today:
            step = current_step(due, today)
            assert step is not None
            sent.append(step)
            following = next_reminder_on(due, step)
        else:
            today += timedelta(days=1)
    assert sent == sorted(set(sent), reverse=True)
    assert sent[-1] == -1
    if offset <= -7:
        assert sent == list(STEPS)
