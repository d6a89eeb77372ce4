"""`flask reminders …`: rebuilding the deadlines and reporting each change, one tick of the
scheduler, loading the holiday calendar, and the scheduler's own help."""

from __future__ import annotations

from datetime import date, timedelta

from db import local_today
from reminders import deadlines
from tests.reminders import world


class Runner:
    """The app's command line, run in its own app context: the tests' autouse request context
    belongs to the main test app, whose database this is not."""

    def __init__(self, app) -> None:
        self.app, self.runner = app, app.test_cli_runner()

    def invoke(self, args):
        with self.app.app_context():
            return self.runner.invoke(args=args)


def test_holidays_loads_every_year_the_package_knows_once(make_app):
    runner = Runner(make_app())
    first = runner.invoke(args=["reminders", "holidays"])
    assert first.exit_code == 0, first.output
    assert "2004–2026" in first.output
    again = runner.invoke(args=["reminders", "holidays"])
    assert again.exit_code == 0


def test_rebuild_lists_what_changed_then_nothing(make_app, monkeypatch):
    app = make_app()
    people = world.add_people(app, orgs=1, per_org=1)
    events = [world.vacancy(1, date(2026, 3, 2), people.org_ids)]
    source = world.feed(app, events, monkeypatch)
    events.append(world.vacancy(2, date(2026, 3, 9), people.org_ids))
    runner = Runner(app)

    result = runner.invoke(args=["reminders", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "added    test.vacancy/representative:2/vacancy_refill: — → 2026-03-24" in result.output
    assert "1 added, 0 changed, 0 removed, 1 unchanged." in result.output

    events.pop(0)
    result = runner.invoke(args=["reminders", "rebuild", "--quiet"])
    assert result.output.strip() == "0 added, 0 changed, 1 removed, 1 unchanged."
    assert source is not None


def test_rebuild_names_the_years_the_calendar_lacks(make_app, monkeypatch):
    app = make_app()
    people = world.add_people(app, orgs=1, per_org=1)
    world.feed(app, [], monkeypatch)
    far = world.vacancy(3, date(2031, 5, 6), people.org_ids)
    monkeypatch.setitem(deadlines.SOURCES, world.SOURCE, lambda _session, _scope: [far])
    result = Runner(app).invoke(args=["reminders", "rebuild", "--quiet"])
    assert "Holiday calendar missing for 2031" in result.output


def test_tick_records_and_sends_once(make_app, monkeypatch, tmp_path):
    app = make_app(MAIL_HOST="")
    people = world.add_people(app, orgs=1, per_org=2)
    # A vacancy 14 days ago: its last day is tomorrow or soon after (a weekend moves it).
    world.feed(
        app, [world.vacancy(4, local_today() - timedelta(days=14), people.org_ids)], monkeypatch
    )
    runner = Runner(app)
    first = runner.invoke(args=["reminders", "tick"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "4 reminders recorded, 2 e-mails sent, 0 failed."
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    again = runner.invoke(args=["reminders", "tick"])
    assert again.output.strip() == "0 reminders recorded, 0 e-mails sent, 0 failed."


def test_the_scheduler_explains_itself(make_app):
    result = Runner(make_app()).invoke(args=["reminders", "run", "--help"])
    assert result.exit_code == 0
    assert "exactly one per database" in result.output
