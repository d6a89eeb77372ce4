"""The calendar feed's secret address: built from PUBLIC_URL whatever Host header a request
carries, replaced when the password changes (the owner's or an administrator's reset), and masked
in the request log."""

from __future__ import annotations

import logging
import threading
import urllib.request

import pytest
from icalendar import Calendar
from sqlmodel import select
from werkzeug.serving import make_server

from accounts.models import Role
from db import local_today
from reminders.deadlines import Event, rebuild
from reminders.feed_tokens import mask_feed_token
from reminders.models import Deadline, ReminderPreference
from reminders.profiles import PeriodKind
from tests.conftest import PASSWORD

PUBLIC = "https://gh.example.cn"
SOURCE = "test.feed"


@pytest.fixture
def chair(make_user):
    return make_user(Role.FEDERATION_CHAIR, email="chair@example.cn")


@pytest.fixture
def public_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)


@pytest.fixture
def deadline(session, chair, monkeypatch):
    """One deadline of the chair's organisation, with a page to link to."""
    from reminders import deadlines

    event = Event(
        source=SOURCE,
        subject_key="negotiation:7",
        kind=PeriodKind.ANSWER,
        scope="negotiation:7",
        subject="第7号协商",
        starts_on=local_today(),
        region_code="440105",
        rule="R4",
        org_ids=(chair.organization_id,),
        url="/negotiations/7",
    )

    def source(_session, _scope):
        return [event]

    monkeypatch.setitem(deadlines.SOURCES, SOURCE, source)
    rebuild(session, {SOURCE: source})
    return session.exec(select(Deadline)).one()


def subscribe(client, session, user) -> str:
    """The user's calendar address is made on the first save of their settings: its token."""
    assert client.post("/settings/reminders", data={"email": "y"}).status_code == 302
    session.expire_all()
    token = session.get(ReminderPreference, user.id).calendar_token
    assert token
    return token


def test_a_forged_host_gets_the_address_and_uids_of_public_url(
    client, session, chair, deadline, public_url
):
    # Every request comes with the forged host (the session cookie is that host's).
    client.environ_base["HTTP_HOST"] = "evil.example"
    response = client.post("/login", data={"username": chair.username, "password": PASSWORD})
    assert response.status_code == 302
    token = subscribe(client, session, chair)

    page = client.get("/settings/reminders").get_data(as_text=True)
    assert f'value="{PUBLIC}/calendar/{token}.ics"' in page
    assert "evil.example" not in page

    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200
    assert b"evil.example" not in feed.data
    [event] = Calendar.from_ical(feed.data).walk("VEVENT")
    assert str(event["UID"]) == f"deadline-{deadline.id}@gh.example.cn"
    assert str(event["URL"]) == f"{PUBLIC}/negotiations/7"


def test_a_password_change_ends_the_old_calendar_address(client, login, session, chair):
    login(chair)
    old = subscribe(client, session, chair)
    assert client.get(f"/calendar/{old}.ics").status_code == 200
    new_password = "another horse battery staple"
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": new_password, "confirm": new_password},
    )
    assert response.status_code == 302
    session.expire_all()
    new = session.get(ReminderPreference, chair.id).calendar_token
    assert new and new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    assert f"/calendar/{new}.ics" in client.get("/settings/reminders").get_data(as_text=True)


def test_a_refused_password_change_keeps_the_address(client, login, session, chair):
    login(chair)
    old = subscribe(client, session, chair)
    response = client.post(
        "/account/password",
        data={"current_password": "wrong", "password": "x" * 12, "confirm": "x" * 12},
    )
    assert response.status_code == 400
    assert client.get(f"/calendar/{old}.ics").status_code == 200


def test_an_administrators_password_reset_ends_it_too(client, login, session, chair, make_user):
    session.add(ReminderPreference(user_id=chair.id, calendar_token="t" * 43))
    session.flush()
    assert client.get(f"/calendar/{'t' * 43}.ics").status_code == 200
    login(make_user(Role.ADMIN))
    assert client.post(f"/admin/users/{chair.id}/reset").status_code == 200
    session.expire_all()
    assert session.get(ReminderPreference, chair.id).calendar_token not in (None, "t" * 43)
    assert client.get(f"/calendar/{'t' * 43}.ics").status_code == 404


def test_an_account_without_a_calendar_address_gets_none_with_a_new_password(
    client, login, session, chair, make_user
):
    login(make_user(Role.ADMIN))
    assert client.post(f"/admin/users/{chair.id}/reset").status_code == 200
    assert session.get(ReminderPreference, chair.id) is None


# --- the request log --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "logged",
    [
        '"GET /calendar/{t}.ics HTTP/1.1" 200 -',
        '"GET /calendar/{t}.ics?x=1 HTTP/1.1" 404 -',
        "https://gh.example.cn/calendar/{t}.ics",
        '"GET /calendar/{t} HTTP/1.1" 404 -',
    ],
)
def test_the_mask_hides_any_token(logged):
    token = "Xy-_9" * 8
    masked = mask_feed_token(logged.format(t=token))
    assert token not in masked
    assert "/calendar/***" in masked
    assert mask_feed_token('"GET /deadlines HTTP/1.1" 200 -') == '"GET /deadlines HTTP/1.1" 200 -'


def test_the_development_servers_request_log_masks_the_token(app, caplog):
    """A real request through werkzeug's server, as `flask run` logs it (the app's reminders
    blueprint put the filter on werkzeug's logger)."""
    token = "Xy-_9" * 8

    def not_found(_environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]

    server = make_server("127.0.0.1", 0, not_found)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        thread.start()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/calendar/{token}.ics")
        except urllib.error.HTTPError as error:
            assert error.code == 404
        thread.join(timeout=10)
    server.server_close()
    [record] = [
        r for r in caplog.records if r.name == "werkzeug" and "/calendar/" in r.getMessage()
    ]
    assert token not in record.getMessage()
    assert "GET /calendar/***.ics HTTP/1.1" in record.getMessage()
