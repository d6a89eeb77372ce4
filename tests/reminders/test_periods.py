"""Period arithmetic (R26; 民法典 第201–203条): the day of the event is not counted, a period in
months ends on the corresponding day (or the month's last day), and a last day that is a rest day
moves to the next working day."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reminders.periods import days_after, months_after, next_working_day, weekdays_only

D = date.fromisoformat


def every_day(day):
    """A calendar with no rest days, to see the bare arithmetic of 第201–202条."""
    return True


# 2025 National Day holiday (国务院办公厅 2024 notice): 1–8 October off; Sunday 28 September and
# Saturday 11 October are make-up working days (调休上班日).
NATIONAL_DAY_2025 = {D("2025-10-01") + timedelta(days=i) for i in range(8)}
MAKE_UP_2025 = {D("2025-09-28"), D("2025-10-11")}


def china_2025(day):
    """Working days around the 2025 National Day holiday, make-up days included."""
    if day in MAKE_UP_2025:
        return True
    if day in NATIONAL_DAY_2025:
        return False
    return day.weekday() < 5


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


# --- weekdays_only ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-03-03", True),  # Monday
        ("2025-03-05", True),  # Wednesday
        ("2025-03-07", True),  # Friday
        ("2025-03-08", False),  # Saturday
        ("2025-03-09", False),  # Sunday
    ],
)
def test_weekdays_only_knows_saturday_and_sunday_as_rest_days(day, working):
    """Without a holiday calendar, Monday to Friday are working days and the weekend is not."""
    assert weekdays_only(D(day)) is working


def test_weekdays_only_knows_no_holidays():
    """National Day (a Wednesday in 2025) is a working day to the weekday-only calendar: holidays
    come only from a holiday calendar."""
    assert weekdays_only(D("2025-10-01")) is True


# --- next_working_day -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-03-07", "2025-03-07"),  # Friday: itself
        ("2025-03-08", "2025-03-10"),  # Saturday → Monday
        ("2025-03-09", "2025-03-10"),  # Sunday → Monday
        ("2025-03-10", "2025-03-10"),  # Monday: itself
        ("2025-05-31", "2025-06-02"),  # Saturday at a month's end → Monday of the next month
        ("2025-12-27", "2025-12-29"),
        ("2022-12-31", "2023-01-02"),  # Saturday at a year's end → Monday of the next year
    ],
)
def test_next_working_day_without_holidays(day, expected):
    """A working day is its own next working day; a weekend day moves to the Monday."""
    assert next_working_day(D(day)) == D(expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-10-01", "2025-10-09"),  # first day of the holiday → Thursday after it
        ("2025-10-04", "2025-10-09"),  # a weekend day inside the holiday
        ("2025-10-08", "2025-10-09"),  # its last day
        ("2025-09-28", "2025-09-28"),  # a make-up Sunday is a working day
        ("2025-10-11", "2025-10-11"),  # a make-up Saturday is a working day
        ("2025-10-12", "2025-10-13"),  # the Sunday after it is not
        ("2025-09-27", "2025-09-28"),  # the Saturday before the make-up Sunday moves one day
    ],
)
def test_next_working_day_uses_the_holiday_calendar_given(day, expected):
    """The holiday calendar decides: a statutory holiday is passed over, and a make-up working
    day (调休上班日) counts as a working day even at a weekend."""
    assert next_working_day(D(day), china_2025) == D(expected)


@given(dates)
def test_next_working_day_is_a_working_day_no_earlier_and_at_most_two_days_later(day):
    """Without holidays, the next working day is a weekday, never before the day, and at most
    the Monday after a Saturday; it is its own next working day."""
    result = next_working_day(day)
    assert weekdays_only(result)
    assert day <= result <= day + timedelta(days=2)
    assert next_working_day(result) == result
    if weekdays_only(day):
        assert result == day


# --- days_after (第201条, 第203条) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "days", "expected"),
    [
        ("2025-03-03", 1, "2025-03-04"),  # Monday + 1: the event day itself is not counted
        ("2025-03-03", 4, "2025-03-07"),  # ends on Friday
        ("2025-03-07", 1, "2025-03-10"),  # Friday + 1 is Saturday → Monday
        ("2025-03-07", 2, "2025-03-10"),  # Sunday → Monday
        ("2025-03-07", 3, "2025-03-10"),  # Monday itself
        ("2025-03-08", 2, "2025-03-10"),  # an event on a rest day still counts from the next day
        ("2025-03-07", 20, "2025-03-27"),  # Thursday: no move
        ("2025-03-02", 20, "2025-03-24"),  # ends Saturday 22 March → Monday
        ("2025-03-03", 20, "2025-03-24"),  # ends Sunday → Monday
        ("2025-01-31", 20, "2025-02-20"),  # across a month's end
        ("2024-02-20", 10, "2024-03-01"),  # across 29 February of a leap year
        ("2025-02-20", 10, "2025-03-03"),  # 2 March 2025 is a Sunday → Monday 3 March
        ("2023-12-31", 20, "2024-01-22"),  # across a year's end, ends Saturday → Monday
        ("2025-03-03", 365, "2026-03-03"),  # a long period: Tuesday
    ],
)
def test_days_after_counts_from_the_next_day_and_leaves_the_weekend(event, days, expected):
    """第201条: the period starts the day after the event; 第203条: a last day on a weekend
    becomes the following Monday."""
    assert days_after(D(event), days) == D(expected)


@pytest.mark.parametrize(
    ("event", "days", "expected"),
    [
        ("2025-09-11", 20, "2025-10-09"),  # ends on 1 October → first working day after holiday
        ("2025-09-18", 20, "2025-10-09"),  # ends on 8 October, the holiday's last day
        ("2025-09-21", 20, "2025-10-11"),  # ends on the make-up Saturday: it stands
        ("2025-09-08", 20, "2025-09-28"),  # ends on the make-up Sunday: it stands
        ("2025-09-22", 20, "2025-10-13"),  # ends on Sunday 12 October → Monday
        ("2025-09-30", 1, "2025-10-09"),  # one day from the eve of the holiday
    ],
)
def test_days_after_with_the_holiday_calendar(event, days, expected):
    """With the holiday calendar a period ending inside National Day runs to the first working
    day after it, and one ending on a make-up working day ends that day."""
    assert days_after(D(event), days, china_2025) == D(expected)


def test_days_after_without_the_holiday_calendar_ignores_national_day():
    """The same period with the weekday-only calendar ends on 1 October itself (a Wednesday)
    and on 13 October instead of the make-up Saturday: the calendar passed in matters."""
    assert days_after(D("2025-09-11"), 20) == D("2025-10-01")
    assert days_after(D("2025-09-21"), 20) == D("2025-10-13")


@pytest.mark.parametrize("days", [0, -1, -20])
def test_days_after_refuses_a_period_without_days(days):
    """A period has at least one day: 0 or a negative number is a programming error."""
    with pytest.raises(ValueError, match="at least one day"):
        days_after(D("2025-03-03"), days)


@given(dates, st.integers(min_value=1, max_value=400))
def test_days_after_never_ends_on_a_weekend_nor_before_the_bare_count(event, days):
    """Whatever the event and the period, the last day is a weekday, never earlier than the event
    plus the days, and moved at most to the Monday after."""
    bare = event + timedelta(days=days)
    result = days_after(event, days)
    assert result.weekday() < 5
    assert bare <= result <= bare + timedelta(days=2)
    if bare.weekday() < 5:
        assert result == bare
    assert days_after(event, days, every_day) == bare


@given(
    dates,
    st.integers(min_value=1, max_value=60),
    st.sets(st.integers(min_value=0, max_value=90), max_size=30),
    st.sets(st.integers(min_value=0, max_value=90), max_size=10),
)
def test_days_after_ends_on_the_first_working_day_from_the_bare_count(
    event, days, holiday_offsets, make_up_offsets
):
    """With any holiday calendar (holidays and make-up days around the period), the last day is a
    working day, and every day from the bare last day up to it is a rest day."""
    holidays = {event + timedelta(days=n) for n in holiday_offsets}
    make_up = {event + timedelta(days=n) for n in make_up_offsets}

    def calendar_(day):
        return day in make_up or (day not in holidays and day.weekday() < 5)

    bare = event + timedelta(days=days)
    result = days_after(event, days, calendar_)
    assert calendar_(result)
    assert result >= bare
    skipped = [bare + timedelta(days=n) for n in range((result - bare).days)]
    assert not any(calendar_(day) for day in skipped)


# --- months_after (第202条, 第203条) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "months", "expected"),
    [
        ("2025-03-15", 1, "2025-04-15"),  # the corresponding day
        ("2025-01-31", 1, "2025-02-28"),  # no 31 February: the month's last day
        ("2024-01-31", 1, "2024-02-29"),  # leap year
        ("2025-01-30", 1, "2025-02-28"),
        ("2025-01-29", 1, "2025-02-28"),
        ("2024-01-29", 1, "2024-02-29"),  # a leap year has the corresponding day
        ("2025-03-31", 1, "2025-04-30"),
        ("2025-01-31", 3, "2025-04-30"),
        ("2025-05-31", 1, "2025-06-30"),
        ("2025-08-31", 1, "2025-09-30"),
        ("2025-01-31", 2, "2025-03-31"),  # March has a 31st
        ("2024-12-31", 1, "2025-01-31"),  # year rollover
        ("2024-11-30", 3, "2025-02-28"),  # year rollover into a short February
        ("2025-12-31", 2, "2026-02-28"),
        ("2024-12-15", 12, "2025-12-15"),  # December + 12: still December, next year
        ("2024-12-15", 13, "2026-01-15"),  # past December into the year after next
        ("2023-12-31", 14, "2025-02-28"),
        ("2024-02-29", 12, "2025-02-28"),  # a leap day one year on
        ("2024-02-29", 48, "2028-02-29"),  # … and four years on
        ("2024-03-15", 36, "2027-03-15"),  # a three-year term (R9)
    ],
)
def test_months_after_ends_on_the_corresponding_day_or_the_months_last(event, months, expected):
    """第202条: the corresponding day of the last month, or that month's last day where it has
    none (a calendar with no rest days, to see the arithmetic alone)."""
    assert months_after(D(event), months, every_day) == D(expected)


@pytest.mark.parametrize(
    ("event", "months", "expected"),
    [
        ("2025-01-31", 1, "2025-02-28"),  # Friday: stands
        ("2024-01-31", 1, "2024-02-29"),  # Thursday: stands
        ("2024-11-15", 3, "2025-02-17"),  # 15 February 2025 is a Saturday → Monday
        ("2025-12-31", 2, "2026-03-02"),  # 28 February 2026 is a Saturday → Monday 2 March
        ("2025-09-30", 3, "2025-12-30"),  # Tuesday
        ("2025-08-31", 3, "2025-12-01"),  # 30 November 2025 is a Sunday → Monday 1 December
    ],
)
def test_months_after_moves_a_weekend_end_to_the_next_working_day(event, months, expected):
    """第203条 applies to a period in months as to one in days."""
    assert months_after(D(event), months) == D(expected)


def test_months_after_with_the_holiday_calendar():
    """A three-month period ending on 1 October 2025 runs to 9 October, after the holiday."""
    assert months_after(D("2025-07-01"), 3, china_2025) == D("2025-10-09")
    assert months_after(D("2025-07-11"), 3, china_2025) == D("2025-10-11")  # make-up Saturday


@pytest.mark.parametrize("months", [0, -1, -12])
def test_months_after_refuses_a_period_without_months(months):
    """A period has at least one month."""
    with pytest.raises(ValueError, match="at least one month"):
        months_after(D("2025-03-03"), months)


@given(dates, st.integers(min_value=1, max_value=120))
def test_months_after_lands_in_the_right_month_on_the_corresponding_or_last_day(event, months):
    """The bare end is exactly `months` calendar months on, its day never later than the event's,
    and smaller only when the month is too short to have the event's day."""
    result = months_after(event, months, every_day)
    assert (result.year * 12 + result.month) - (event.year * 12 + event.month) == months
    assert result.day <= event.day
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(event.day, last)


@given(dates, st.integers(min_value=1, max_value=120))
def test_months_after_is_the_bare_end_moved_off_the_weekend(event, months):
    """With the weekday calendar the end is the bare end, or the Monday after it."""
    bare = months_after(event, months, every_day)
    result = months_after(event, months)
    assert result.weekday() < 5
    assert bare <= result <= bare + timedelta(days=2)
    assert result == next_working_day(bare)
