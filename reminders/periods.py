"""Period arithmetic (R26; 民法典 第201–203条), pure: the day of the event is not counted, and
a period whose last day is a rest day or a statutory holiday ends on the next working day.

Which days are working days is passed in: without a holiday calendar, Saturdays and Sundays are
the rest days (`weekdays_only`); the holiday calendar with its make-up working days replaces it.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

WorkingDay = Callable[[date], bool]


def weekdays_only(day: date) -> bool:
    """Monday to Friday, knowing no holidays and no make-up working days."""
    return day.weekday() < 5


def next_working_day(day: date, is_working_day: WorkingDay = weekdays_only) -> date:
    """The day itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def days_after(event: date, days: int, is_working_day: WorkingDay = weekdays_only) -> date:
    """The last day of a period of `days` days from `event` (第201条: counted from the next
    day), moved to the next working day when it falls on a rest day (第203条)."""
    if days < 1:
        raise ValueError(f"a period has at least one day, not {days}")
    return next_working_day(event + timedelta(days=days), is_working_day)


def months_after(event: date, months: int, is_working_day: WorkingDay = weekdays_only) -> date:
    """The last day of a period of `months` months from `event`: the corresponding day of the
    last month, or that month's last day where it has none (第202条), then 第203条."""
    if months < 1:
        raise ValueError(f"a period has at least one month, not {months}")
    index = event.month - 1 + months
    year, month = event.year + index // 12, index % 12 + 1
    day = min(event.day, calendar.monthrange(year, month)[1])
    return next_working_day(date(year, month, day), is_working_day)
