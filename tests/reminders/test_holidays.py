"""The holiday calendar (R26): the chinesecalendar package's days, working days with holidays and
make-up working days, years the calendar does not know, and importing a later year from a file."""

import io
import zipfile
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from openpyxl import Workbook

from reminders.holidays import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    Calendar,
    Day,
    DayKind,
    RowError,
    chinese_calendar_days,
    chinese_calendar_years,
    read_holiday_file,
)
from reminders.periods import days_after, months_after
from tests.uploads.files import xlsx_broken_after, zip_bomb

D = date.fromisoformat
HOLIDAY, WORKDAY = DayKind.HOLIDAY, DayKind.WORKDAY


@pytest.fixture(scope="module")
def china():
    """The calendar of 2025 and 2026 as the package gives it."""
    return Calendar(chinese_calendar_days([2025, 2026]), {2025, 2026})


# --- the chinesecalendar package ---------------------------------------------------------------


def test_package_years_are_2004_to_2026():
    """The pinned release knows 2004 to 2026; a later release that adds 2027 fails this test on
    purpose, so that the pin and the seed data move together."""
    assert chinese_calendar_years() == range(2004, 2027)


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        # 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)
        ("2025-01-01", HOLIDAY, "元旦"),
        ("2025-01-26", WORKDAY, "春节"),  # Sunday, worked for the Spring Festival
        ("2025-01-28", HOLIDAY, "春节"),
        ("2025-02-08", WORKDAY, "春节"),  # Saturday
        ("2025-04-04", HOLIDAY, "清明节"),
        ("2025-04-27", WORKDAY, "劳动节"),  # Sunday
        ("2025-05-31", HOLIDAY, "端午节"),  # Saturday: a break's weekend days are listed too
        ("2025-09-28", WORKDAY, "国庆节"),  # Sunday
        ("2025-10-01", HOLIDAY, "国庆节"),
        ("2025-10-04", HOLIDAY, "国庆节"),  # Saturday
        ("2025-10-06", HOLIDAY, "中秋节"),
        ("2025-10-11", WORKDAY, "国庆节"),  # Saturday
        # 国务院办公厅关于2026年部分节假日安排的通知
        ("2026-01-04", WORKDAY, "元旦"),  # Sunday
        ("2026-02-14", WORKDAY, "春节"),  # Saturday
        ("2026-02-17", HOLIDAY, "春节"),  # the first day of the lunar year
        ("2026-02-23", HOLIDAY, "春节"),
        ("2026-02-28", WORKDAY, "春节"),  # Saturday
        ("2026-09-25", HOLIDAY, "中秋节"),
        ("2026-10-07", HOLIDAY, "国庆节"),
        ("2026-10-10", WORKDAY, "国庆节"),  # Saturday
    ],
)
def test_package_days_of_2025_and_2026(day, kind, name):
    days = {d.day: d for d in chinese_calendar_days([2025, 2026])}
    assert days[D(day)] == Day(D(day), kind, name)


def test_package_days_are_only_of_the_years_asked_in_date_order():
    days = chinese_calendar_days([2025])
    assert {d.day.year for d in days} == {2025}
    assert [d.day for d in days] == sorted(d.day for d in days)
    # 2025: 28 days off (including weekend days of the breaks) and 5 make-up working days.
    assert sum(d.kind is HOLIDAY for d in days) == 28
    assert [d.day for d in days if d.kind is WORKDAY] == [
        D("2025-01-26"),
        D("2025-02-08"),
        D("2025-04-27"),
        D("2025-09-28"),
        D("2025-10-11"),
    ]


def test_package_names_are_chinese():
    names = {d.name for d in chinese_calendar_days(chinese_calendar_years())}
    assert {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"} <= names
    assert all(name and not name.isascii() for name in names)


@pytest.mark.parametrize(
    ("years", "named"),
    [([2027], "2027"), ([2003], "2003"), ([2025, 2027, 2028], "2027, 2028")],
)
def test_years_the_package_does_not_know_are_refused_by_name(years, named):
    with pytest.raises(ValueError, match=f"no holidays for {named}; it knows 2004–2026"):
        chinese_calendar_days(years)


def test_calendar_agrees_with_the_package_on_every_day_it_knows():
    """R26 working days from our Calendar and the package's own is_workday, 2004–2026."""
    years = chinese_calendar_years()
    calendar = Calendar(chinese_calendar_days(years), years)
    day, last = date(years.start, 1, 1), date(years.stop - 1, 12, 31)
    while day <= last:
        assert calendar.is_working_day(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


# --- working days (R26) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-03-03", True),  # an ordinary Monday
        ("2025-03-08", False),  # an ordinary Saturday
        ("2025-09-28", True),  # Sunday, a make-up working day
        ("2025-09-30", True),  # Tuesday before the break
        ("2025-10-01", False),  # Wednesday, National Day
        ("2025-10-04", False),  # Saturday within the break
        ("2025-10-08", False),  # Wednesday, the break's last day
        ("2025-10-09", True),  # Thursday, back to work
        ("2025-10-11", True),  # Saturday, a make-up working day
        ("2025-10-12", False),  # Sunday
        ("2026-02-14", True),  # Saturday, a make-up working day
        ("2026-02-17", False),  # Tuesday, Spring Festival
        ("2026-02-24", True),  # Tuesday after the Spring Festival break
    ],
)
def test_working_days_with_holidays_and_make_up_days(china, day, working):
    assert china.is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("event", "days", "last_day"),
    [
        # 15 days end on National Day: moved past the whole break to Thursday 9 October.
        ("2025-09-16", 15, "2025-10-09"),
        # 10 days end on Sunday 28 September, a make-up working day: it stays there.
        ("2025-09-18", 10, "2025-09-28"),
        # 20 days end on Saturday 11 October, a make-up working day.
        ("2025-09-21", 20, "2025-10-11"),
        # 15 days end on Monday 16 February 2026, in the Spring Festival break (15–23 February).
        ("2026-02-01", 15, "2026-02-24"),
        # 7 days end on Tuesday 17 February 2026, the first day of the lunar year.
        ("2026-02-10", 7, "2026-02-24"),
    ],
)
def test_r26_deadline_on_a_holiday_moves_to_the_first_working_day_after_it(
    china, event, days, last_day
):
    assert days_after(D(event), days, china.is_working_day) == D(last_day)


def test_r26_weekends_only_would_get_national_day_wrong():
    """Without the calendar, the same 15 days would end on National Day itself, and the 10 days
    ending on the make-up Sunday would move to Monday."""
    weekends = Calendar.weekends_only()
    assert days_after(D("2025-09-16"), 15, weekends.is_working_day) == D("2025-10-01")
    assert days_after(D("2025-09-18"), 10, weekends.is_working_day) == D("2025-09-29")


def test_r26_months_ending_in_the_national_day_break(china):
    """3 months from 1 July 2025 end on 1 October, a holiday: the first working day is 9 October."""
    assert months_after(D("2025-07-01"), 3, china.is_working_day) == D("2025-10-09")


# --- years the calendar does not know ------------------------------------------------------------


def test_missing_years_names_the_years_outside_the_calendar(china):
    assert china.missing_years(D("2025-03-01"), D("2026-12-31")) == []
    assert china.missing_years(D("2026-12-20"), D("2027-01-10")) == [2027]
    assert china.missing_years(D("2026-06-01"), D("2028-02-01")) == [2027, 2028]
    assert china.missing_years(D("2027-01-10"), D("2026-12-20")) == [2027]  # either order
    assert china.missing_years(D("2003-12-30"), D("2004-01-05")) == [2003, 2004]


def test_a_year_outside_the_package_falls_back_to_weekends(china):
    """2027 is not known: its New Year's Day (a Friday) counts as a working day, the weekend does
    not, and a period into 2027 is still computed — and flagged."""
    assert china.is_working_day(D("2027-01-01")) is True
    assert china.is_working_day(D("2027-01-02")) is False
    event = D("2026-12-17")
    due = days_after(event, 15, china.is_working_day)  # 1 January 2027, a Friday
    assert due == D("2027-01-01")
    assert china.missing_years(event, due) == [2027]


def test_weekends_only_knows_no_year():
    weekends = Calendar.weekends_only()
    assert weekends.known_years == frozenset()
    assert weekends.missing_years(D("2025-10-01"), D("2026-01-01")) == [2025, 2026]
    assert weekends.is_working_day(D("2025-10-01")) is True  # Wednesday: no holidays known
    assert weekends.is_working_day(D("2025-09-28")) is False  # Sunday: no make-up days known


def test_a_day_outside_the_known_years_still_counts():
    """A holiday recorded for a year not marked as known is honoured; the year is still missing."""
    calendar = Calendar([Day(D("2027-01-01"), HOLIDAY, "元旦")], {2026})
    assert calendar.is_working_day(D("2027-01-01")) is False
    assert calendar.missing_years(D("2027-01-01"), D("2027-01-01")) == [2027]


def test_lookup_gives_the_day_and_its_name(china):
    assert china.lookup(D("2025-10-06")) == Day(D("2025-10-06"), HOLIDAY, "中秋节")
    assert china.lookup(D("2025-03-03")) is None


# --- importing a later year ----------------------------------------------------------------------

# An invented arrangement for 2027 (the State Council has not published it): a holiday on
# Friday 1 January, Spring Festival days on Saturday 6 and Monday 8 February, and Saturday
# 20 February worked in return.
GOOD_CSV = """日期,类型,名称
2027-01-01,放假,元旦
2027/2/6,休息,春节
2027年2月8日,holiday,春节
20270220,调休上班,春节
"""
GOOD_DAYS = [
    Day(D("2027-01-01"), HOLIDAY, "元旦"),
    Day(D("2027-02-06"), HOLIDAY, "春节"),
    Day(D("2027-02-08"), HOLIDAY, "春节"),
    Day(D("2027-02-20"), WORKDAY, "春节"),
]


def csv_bytes(rows, encoding="utf-8", header="日期,类型,名称"):
    return "\n".join([header, *rows, ""]).encode(encoding)


def xlsx_bytes(rows, header=("日期", "类型", "名称"), blank_rows_above=0):
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(blank_rows_above):
        sheet.append([])
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def errors_of(rows, filename="holidays.csv"):
    days, errors = read_holiday_file(csv_bytes(rows), filename)
    assert days == [], "a file with a wrong row is taken whole or not at all"
    return errors


def test_good_csv():
    assert read_holiday_file(GOOD_CSV.encode(), "2027.csv") == (GOOD_DAYS, [])


def test_good_csv_with_a_bom_and_windows_line_ends():
    data = b"\xef\xbb\xbf" + GOOD_CSV.replace("\n", "\r\n").encode()
    assert read_holiday_file(data, "2027.CSV") == (GOOD_DAYS, [])


def test_gb18030_csv_as_excel_saves_it_on_chinese_windows():
    data = GOOD_CSV.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_holiday_file(data, "2027.csv") == (GOOD_DAYS, [])


def test_tab_separated_utf16_csv_as_excel_saves_unicode_text():
    data = GOOD_CSV.replace(",", "\t").encode("utf-16")
    assert read_holiday_file(data, "2027.txt") == (GOOD_DAYS, [])


def test_csv_in_english_with_synonyms_extra_columns_and_blank_lines():
    data = (
        "2027 holidays\n"  # a title above the header
        "Date,Kind,Name,Note\n"
        "\n"
        "2027-01-01,Holiday,New Year,from the notice\n"
        ",,,a note on a line of its own\n"
        "2027-02-20, workday ,Spring Festival,\n"
        "２０２７－０２－０７,上班,春节,full-width digits\n"
    ).encode()
    days, errors = read_holiday_file(data, "holidays.csv")
    assert errors == []
    assert days == [
        Day(D("2027-01-01"), HOLIDAY, "New Year"),
        Day(D("2027-02-07"), WORKDAY, "春节"),
        Day(D("2027-02-20"), WORKDAY, "Spring Festival"),
    ]


def test_csv_without_a_name_column():
    days, errors = read_holiday_file(
        csv_bytes(["2027-01-01,放假"], header="日期,类型"), "holidays.csv"
    )
    assert (days, errors) == ([Day(D("2027-01-01"), HOLIDAY, "")], [])


def test_good_xlsx_with_date_cells_and_text_dates():
    data = xlsx_bytes(
        [
            (datetime(2027, 1, 1), "放假", "元旦"),  # an Excel date cell
            (datetime(2027, 2, 6, 9, 30), "放假", "春节"),  # a time of day is dropped
            ("2027年2月8日", "放假", "春节"),
            (20270220, "调休上班", "春节"),
        ]
    )
    assert read_holiday_file(data, "2027.xlsx") == (GOOD_DAYS, [])


def test_xlsx_row_errors_name_the_rows_excel_shows():
    # Header on row 3 with the kind column first: the columns are found by name, not place.
    data = xlsx_bytes(
        [("放假", datetime(2027, 1, 1), "元旦"), ("放假", "2027-02-30", "春节")],
        header=("类型（放假/调休上班）", "日期", "名称"),
        blank_rows_above=2,
    )
    assert read_holiday_file(data, "2027.xlsx") == ([], [RowError(5, "date", "bad_date")])


def test_a_workbook_named_csv_is_read_as_a_workbook():
    data = xlsx_bytes([(datetime(2027, 1, 1), "放假", "元旦")])
    assert read_holiday_file(data, "holidays.csv") == ([GOOD_DAYS[0]], [])


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (",放假,元旦", RowError(2, "date", "missing")),
        ("2027-01-01,,元旦", RowError(2, "kind", "missing")),
        ("2027-02-30,放假,春节", RowError(2, "date", "bad_date")),  # no 30 February
        ("2027-13-01,放假,春节", RowError(2, "date", "bad_date")),
        ("2027-2-29,放假,春节", RowError(2, "date", "bad_date")),  # 2027 is no leap year
        ("next friday,放假,春节", RowError(2, "date", "bad_date")),
        ("1/2/2027,放假,春节", RowError(2, "date", "bad_date")),  # day and month ambiguous
        ("2027-01-01,调休,元旦", RowError(2, "kind", "bad_kind")),  # 调休 says neither
        ("2027-01-01,maybe,元旦", RowError(2, "kind", "bad_kind")),
        ("2027-02-22,调休上班,春节", RowError(2, "date", "workday_on_weekday")),  # Monday
        ("2027-01-01,放假," + "元" * 51, RowError(2, "name", "too_long")),
    ],
)
def test_row_errors(row, error):
    assert errors_of([row]) == [error]


def test_a_holiday_on_a_weekend_is_accepted():
    """Breaks take in weekends (the package lists 4 October 2025, a Saturday, as 国庆节)."""
    days, errors = read_holiday_file(csv_bytes(["2027-02-06,放假,春节"]), "h.csv")
    assert (days, errors) == ([Day(D("2027-02-06"), HOLIDAY, "春节")], [])


def test_every_problem_of_a_row_is_named():
    assert errors_of(["2027-02-30,调休,"]) == [
        RowError(2, "date", "bad_date"),
        RowError(2, "kind", "bad_kind"),
    ]


def test_a_duplicate_names_the_row_the_date_first_appears_on():
    errors = errors_of(
        [
            "2027-01-01,放假,元旦",
            "2027-02-08,放假,春节",
            "2027/1/1,放假,元旦",  # the same date written another way
            "2027年1月1日,放假,元旦",
        ]
    )
    assert errors == [
        RowError(4, "date", "duplicate", first_row=2),
        RowError(5, "date", "duplicate", first_row=2),
    ]


def test_one_wrong_row_rejects_the_whole_file_and_only_wrong_rows_are_named():
    rows = GOOD_CSV.splitlines()[1:]
    errors = errors_of([*rows[:2], "2027-02-30,放假,春节", *rows[2:], "2027-03-01,放假,"])
    assert errors == [RowError(4, "date", "bad_date")]


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "h.csv", "empty"),
        (b"\n\n  \n", "h.csv", "empty"),
        ("日期,类型,名称\n".encode(), "h.csv", "empty"),  # a header and nothing under it
        ("when,what\n2027-01-01,放假\n".encode(), "h.csv", "no_header"),
        (b"date,kind\n\x80\xff\n", "h.csv", "bad_encoding"),
        (GOOD_CSV.encode(), "h.xls", "unsupported_type"),
        (GOOD_CSV.encode(), "h", "unsupported_type"),
        (GOOD_CSV.encode(), "h.xlsx", "not_a_workbook"),
        (b"PK\x03\x04 not really a zip", "h.xlsx", "not_a_workbook"),
    ],
)
def test_file_errors(data, filename, code):
    assert read_holiday_file(data, filename) == ([], [RowError(0, "", code)])


def test_a_header_without_a_kind_column_is_named():
    data = csv_bytes(["2027-01-01,元旦"], header="日期,名称")
    assert read_holiday_file(data, "h.csv") == ([], [RowError(1, "kind", "missing_column")])


def test_a_file_over_2_mb_is_refused_unread():
    data = GOOD_CSV.encode() + b" " * (MAX_FILE_BYTES - len(GOOD_CSV.encode()) + 1)
    assert len(data) == 2 * 1024 * 1024 + 1
    assert read_holiday_file(data, "h.csv") == ([], [RowError(0, "", "too_large")])


def test_2000_rows_are_read_and_2001_refused():
    start = D("2030-01-05")  # a Saturday: a make-up working day every week is allowed
    rows = [f"{start + timedelta(days=7 * i)},调休上班,春节" for i in range(MAX_ROWS + 1)]
    days, errors = read_holiday_file(csv_bytes(rows[:MAX_ROWS]), "h.csv")
    assert (len(days), errors) == (2000, [])
    assert read_holiday_file(csv_bytes(rows), "h.csv") == ([], [RowError(0, "", "too_many_rows")])


def test_a_sheet_of_blank_rows_past_any_table_is_refused():
    """A small file that stands for 200,000 lines (blank ones, here) is not read to the end."""
    data = csv_bytes(["2027-01-01,放假,元旦", *[""] * 200_000])
    assert len(data) < MAX_FILE_BYTES
    assert read_holiday_file(data, "h.csv") == ([], [RowError(0, "", "too_many_rows")])


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (40 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < MAX_FILE_BYTES
    assert read_holiday_file(data, "h.xlsx") == ([], [RowError(0, "", "too_large_unpacked")])


def test_a_workbook_squeezed_tighter_than_any_table_is_refused_under_the_size_limit():
    data = zip_bomb(xlsx_bytes([(D("2027-01-01"), "放假", "元旦")]), 20 * 1024 * 1024)
    assert read_holiday_file(data, "h.xlsx") == ([], [RowError(0, "", "too_large_unpacked")])


def test_a_workbook_over_the_row_limit_is_refused_without_reading_the_rest_of_the_sheet():
    """The sheet breaks off after its 2,001st row: a reader that stops at the limit never
    gets there (one that read the whole sheet first would call the file unreadable)."""
    start = D("2030-01-05")
    rows = [["日期", "类型", "名称"]]
    rows += [[str(start + timedelta(days=7 * i)), "调休上班", "春节"] for i in range(MAX_ROWS + 1)]
    data = xlsx_broken_after(rows)
    assert read_holiday_file(data, "h.xlsx") == ([], [RowError(0, "", "too_many_rows")])
    assert read_holiday_file(xlsx_broken_after(rows[:10]), "h.xlsx") == (
        [],
        [RowError(0, "", "not_a_workbook")],
    )


def test_an_imported_year_completes_the_calendar(china):
    """2027 imported: its holidays and make-up days count, and it is no longer missing."""
    days, errors = read_holiday_file(GOOD_CSV.encode(), "2027.csv")
    assert errors == []
    calendar = Calendar([*chinese_calendar_days([2025, 2026]), *days], {2025, 2026, 2027})
    assert calendar.is_working_day(D("2027-01-01")) is False  # Friday, 元旦
    assert calendar.is_working_day(D("2027-02-20")) is True  # Saturday, worked
    assert calendar.missing_years(D("2026-12-17"), D("2027-01-04")) == []
    assert days_after(D("2026-12-17"), 15, calendar.is_working_day) == D("2027-01-04")


def test_a_csv_the_csv_module_cannot_read_is_refused():
    """A field over the csv module's limit (131,072 characters) fits in a 2 MB file."""
    data = csv_bytes(['2027-01-01,放假,"' + "x" * 200_000 + '"'])
    assert read_holiday_file(data, "h.csv") == ([], [RowError(0, "", "unreadable")])
