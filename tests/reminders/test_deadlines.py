"""Deadlines as rows: computed from events by the area's profile and the holiday calendar, kept in
step by rebuild (added, changed, done, removed), with the organisations reminded of each."""

from datetime import date

import pytest
from sqlmodel import select

from reminders import deadlines
from reminders.calendar_store import load_chinese_calendar, save_years
from reminders.deadlines import Event, rebuild
from reminders.holidays import Day, DayKind
from reminders.labels import deadline_title, deadline_titler
from reminders.models import Deadline, DeadlineParty, DeadlineStatus, PeriodSetting
from reminders.profiles import PeriodKind

D = date.fromisoformat


def answer(n: int, received: str, region: str = "440105", orgs=(), done=False, **extra) -> Event:
    return Event(
        source="test.answer",
        subject_key=f"negotiation:{n}",
        kind=PeriodKind.ANSWER,
        scope=f"negotiation:{n}",
        subject=f"测试协商{n}",
        starts_on=D(received),
        region_code=region,
        rule="R4",
        org_ids=tuple(orgs),
        url=f"/negotiations/{n}",
        done=done,
        **extra,
    )


def source_of(events):
    box = {"events": list(events)}

    def source(_session, _scope):
        return box["events"]

    return box, {"test.answer": source}


def rows(session):
    return {d.subject_key: d for d in session.exec(select(Deadline))}


def parties(session, deadline_id):
    stmt = select(DeadlineParty.organization_id).where(DeadlineParty.deadline_id == deadline_id)
    return set(session.exec(stmt))


def test_a_new_event_becomes_a_deadline_with_its_parties(session, make_org):
    union, employer = make_org(), make_org()
    _box, sources = source_of([answer(1, "2026-03-02", orgs=(union.id, employer.id))])
    report = rebuild(session, sources)
    assert (report.added, report.changed, report.removed) == (1, 0, 0)
    row = rows(session)["negotiation:1"]
    # R4: 20 days from the day after receipt: 2026-03-22 is a Sunday → Monday 23 March (R26).
    assert row.due_on == D("2026-03-23")
    assert row.article == "《集体合同规定》第三十二条"
    assert row.profile_code == "national"
    assert row.status is DeadlineStatus.OPEN
    assert row.next_reminder_on == D("2026-03-16")
    assert parties(session, row.id) == {union.id, employer.id}
    assert [c.what for c in report.changes] == ["added"]


def test_the_area_picks_its_profile_shanghai_answers_in_15_days(session):
    _box, sources = source_of([answer(1, "2026-03-02", region="310101")])
    rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    assert (row.due_on, row.profile_code) == (D("2026-03-17"), "shanghai")
    assert "上海市集体合同条例" in row.article


def test_zhejiang_counts_working_days(session):
    # 10 working days from Monday 2 March 2026: 3–6, 9–13, 16 March.
    _box, sources = source_of([answer(1, "2026-03-02", region="330102")])
    rebuild(session, sources)
    assert rows(session)["negotiation:1"].due_on == D("2026-03-16")


def test_the_holiday_calendar_moves_a_last_day_past_national_day(session):
    load_chinese_calendar(session, [2025])
    # 20 days from 11 September 2025 end on 1 October, in the National Day break (1–8 October):
    # the first working day after it is Thursday 9 October.
    _box, sources = source_of([answer(1, "2025-09-11")])
    rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    assert (row.due_on, row.missing_years) == (D("2025-10-09"), "")


def test_a_year_the_calendar_does_not_know_is_counted_and_flagged(session):
    load_chinese_calendar(session, [2026])
    _box, sources = source_of([answer(1, "2026-12-20")])
    report = rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    # 20 days from 20 December 2026: 9 January 2027, a Saturday → Monday 11 January.
    assert row.due_on == D("2027-01-11")
    assert row.missing_years == "2027"
    assert report.missing_years == {2027}


def test_an_imported_year_recomputes_the_flagged_deadline(session):
    load_chinese_calendar(session, [2026])
    _box, sources = source_of([answer(1, "2026-12-20")])
    rebuild(session, sources)
    # Suppose 2027's New Year break ran to Monday 11 January.
    save_years(session, [Day(D("2027-01-11"), DayKind.HOLIDAY, "元旦")], [2027], "test")
    report = rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    assert (row.due_on, row.missing_years) == (D("2027-01-12"), "")
    assert report.changed == 1


def test_an_administrators_setting_replaces_the_profiles_period(session):
    session.add(PeriodSetting(profile_code="national", kind="answer", length=30, unit="days"))
    session.flush()
    _box, sources = source_of([answer(1, "2026-03-02")])
    rebuild(session, sources)
    assert rows(session)["negotiation:1"].due_on == D("2026-04-01")


def test_an_answered_request_is_done_and_reminds_nobody_any_more(session):
    box, sources = source_of([answer(1, "2026-03-02")])
    rebuild(session, sources)
    box["events"] = [answer(1, "2026-03-02", done=True)]
    report = rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    assert row.status is DeadlineStatus.DONE
    assert row.next_reminder_on is None
    assert [c.what for c in report.changes] == ["done"]


def test_an_unchanged_deadline_keeps_its_reminder_step(session):
    _box, sources = source_of([answer(1, "2026-03-02")])
    rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    row.next_reminder_on = D("2026-03-20")  # as after the 7- and 3-day reminders
    session.add(row)
    session.flush()
    report = rebuild(session, sources)
    assert report.unchanged == 1
    assert rows(session)["negotiation:1"].next_reminder_on == D("2026-03-20")


def test_a_new_last_day_starts_the_reminder_steps_again(session):
    box, sources = source_of([answer(1, "2026-03-02")])
    rebuild(session, sources)
    box["events"] = [answer(1, "2026-04-01")]
    report = rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    assert row.due_on == D("2026-04-21")
    assert row.next_reminder_on == D("2026-04-14")
    assert (report.changes[0].before, report.changes[0].after) == (D("2026-03-23"), row.due_on)


def test_parties_follow_the_event(session, make_org):
    a, b, c = make_org(), make_org(), make_org()
    box, sources = source_of([answer(1, "2026-03-02", orgs=(a.id, b.id))])
    rebuild(session, sources)
    box["events"] = [answer(1, "2026-03-02", orgs=(b.id, c.id))]
    rebuild(session, sources)
    assert parties(session, rows(session)["negotiation:1"].id) == {b.id, c.id}


def test_a_deadline_no_source_reports_is_removed_with_its_parties(session, make_org):
    a = make_org()
    box, sources = source_of([answer(1, "2026-03-02", orgs=(a.id,)), answer(2, "2026-03-02")])
    rebuild(session, sources)
    gone_id = rows(session)["negotiation:1"].id
    box["events"] = [answer(2, "2026-03-02")]
    report = rebuild(session, sources)
    assert set(rows(session)) == {"negotiation:2"}
    assert report.removed == 1
    assert parties(session, gone_id) == set()


def test_the_title_is_in_the_readers_language(session, app):
    from flask_babel import force_locale

    _box, sources = source_of([answer(1, "2026-03-02", detail="王五")])
    rebuild(session, sources)
    row = rows(session)["negotiation:1"]
    with force_locale("en"):
        assert deadline_title(row) == "Written answer to a bargaining request: 测试协商1 (王五)"
    with force_locale("zh_CN"):
        assert deadline_title(row) == "书面回应协商要求：测试协商1（王五）"


def test_a_pages_titler_writes_what_deadline_title_writes(session, app):
    """The inbox's and the deadline lists' titles, whose words are looked up once a page."""
    from flask_babel import force_locale

    events = [answer(1, "2026-03-02", detail="王五"), answer(2, "2026-03-02")]
    _box, sources = source_of(events)
    rebuild(session, sources)
    found = rows(session)
    found["negotiation:2"].kind = "no_such_kind"  # a kind without words shows its code
    for locale in ("en", "zh_CN"):
        with force_locale(locale):
            title = deadline_titler()
            for row in (*found.values(), *found.values()):
                assert title(row) == deadline_title(row)
    with force_locale("zh_CN"):
        assert deadline_titler()(found["negotiation:1"]) == "书面回应协商要求：测试协商1（王五）"


def test_deadlines_of_a_record(session):
    _box, sources = source_of([answer(1, "2026-03-02"), answer(2, "2026-03-09")])
    rebuild(session, sources)
    assert [d.subject for d in deadlines.deadlines_of(session, "negotiation:2")] == ["测试协商2"]


@pytest.mark.parametrize("count", [1, 6001])
def test_rebuild_in_batches_keeps_every_row(session, count):
    _box, sources = source_of([answer(n, "2026-03-02") for n in range(count)])
    assert rebuild(session, sources).added == count
    assert rebuild(session, sources).unchanged == count


def test_refreshing_one_record_leaves_the_others_as_they_were(session):
    box, sources = source_of([answer(1, "2026-03-02"), answer(2, "2026-03-02")])
    rebuild(session, sources)
    box["events"] = [answer(1, "2026-04-01"), answer(2, "2026-04-01")]
    monkey = dict(deadlines.SOURCES)
    try:
        deadlines.SOURCES.clear()
        deadlines.SOURCES.update(sources)
        report = deadlines.refresh(session, "negotiation:1")
    finally:
        deadlines.SOURCES.clear()
        deadlines.SOURCES.update(monkey)
    assert (report.changed, report.unchanged, report.removed) == (1, 0, 0)
    after = rows(session)
    assert after["negotiation:1"].due_on == D("2026-04-21")
    assert after["negotiation:2"].due_on == D("2026-03-23")  # not its turn
