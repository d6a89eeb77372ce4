"""The words of a reminder (in the recipient's language) and the calendar feed."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import gettext as _

from accounts.models import User
from reminders.delivery import Mail
from reminders.labels import deadline_title
from reminders.models import Deadline


def step_text(step: int, due_on: date) -> str:
    if step < 0:
        return _("Overdue: the deadline was %(date)s.", date=due_on.isoformat())
    if step == 0:
        return _("Due today (%(date)s).", date=due_on.isoformat())
    return _("Due in %(n)s days, on %(date)s.", n=step, date=due_on.isoformat())


def step_label(step: int) -> str:
    """The step in two or three words, for a subject line or a list."""
    if step < 0:
        return _("Overdue")
    if step == 0:
        return _("Due today")
    return _("%(n)s days left", n=step)


def compose(deadline: Deadline, step: int, user: User, base_url: str = "") -> Mail:
    """The e-mail of one reminder, in the language chosen on the account (Chinese by default)."""
    with force_locale(user.language or "zh_CN"):
        title = deadline_title(deadline)
        subject = _("[%(when)s] %(title)s", when=step_label(step), title=title)
        lines = [
            title,
            step_text(step, deadline.due_on),
            _("Rule: %(rule)s · %(article)s", rule=deadline.rule, article=deadline.article),
        ]
        if deadline.missing_years:
            lines.append(
                _(
                    "Holiday calendar missing for %(years)s: the date counts weekends only.",
                    years=deadline.missing_years,
                )
            )
        if deadline.url:
            lines.append(base_url.rstrip("/") + deadline.url)
    return Mail(user.email or "", subject[:200], "\n".join(lines) + "\n")


def calendar_feed(deadlines: list[Deadline], *, name: str, base_url: str) -> bytes:
    """An iCalendar feed (RFC 5545) of the deadlines as all-day events, with alarms a week and a
    day before. `base_url` is the address people open the application at (PUBLIC_URL): each
    event's link starts with it, and its host makes the UIDs."""
    from icalendar import Alarm, Calendar, Event

    host = urlsplit(base_url).hostname or "localhost"
    feed = Calendar()
    feed.add("prodid", "-//wagebargain//reminders//ZH")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", name)
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"deadline-{deadline.id}@{host}")
        event.add("summary", deadline_title(deadline))
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + timedelta(days=1))
        event.add("dtstamp", deadline.updated_at)
        event.add("description", f"{deadline.rule} · {deadline.article}")
        if deadline.url:
            event.add("url", base_url.rstrip("/") + deadline.url)
        if deadline.status.value == "done":
            event.add("status", "CANCELLED")
        for days in (7, 1):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", deadline_title(deadline))
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        feed.add_component(event)
    return feed.to_ical()
