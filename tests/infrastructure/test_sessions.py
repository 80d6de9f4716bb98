"""Editors' sessions: an idle hour or twelve hours end them; signing out ends them everywhere."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from comparisons.editors import ensure_editors_group
from tests.accounts import sign_in_verified

START = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor(db, clock):
    user = User.objects.create_user("eve", password="editor-pass-123", is_staff=True)
    user.groups.add(ensure_editors_group())
    return sign_in_verified(Client(), user)


def _signed_in(client):
    response = client.get("/admin/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_an_hour_idle_ends_the_session(editor, clock):
    assert _signed_in(editor)
    clock.shift(timedelta(minutes=59))
    assert _signed_in(editor)  # and the hour starts again
    clock.shift(timedelta(minutes=59))
    assert _signed_in(editor)
    clock.shift(timedelta(minutes=60, seconds=1))
    response = editor.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_session_cookie_lasts_no_longer_than_the_idle_hour(editor):
    response = editor.get("/admin/")
    assert response.cookies["sessionid"]["max-age"] == 3600


def test_twelve_hours_end_the_session_however_busy_the_editor(editor, clock):
    for _ in range(14):  # a request every 50 minutes: never idle for an hour
        assert _signed_in(editor)
        clock.shift(timedelta(minutes=50))
    # 11 h 40 min have passed; the next request after the twelfth hour is refused.
    assert _signed_in(editor)
    clock.shift(timedelta(minutes=20))
    response = editor.get("/admin/comparisons/framework/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/admin/comparisons/framework/"
    assert not Session.objects.filter(expire_date__gt=START + timedelta(hours=12)).exists()


def test_signing_out_ends_the_session_on_the_server(editor):
    stolen = Client()
    stolen.cookies["sessionid"] = editor.cookies["sessionid"].value
    assert _signed_in(stolen)
    assert editor.post("/admin/logout/").status_code == 302
    assert not _signed_in(stolen)
    assert not Session.objects.exists()


def test_public_pages_leave_the_session_alone(demo, editor):
    """A reader's page never reads the session: no Vary: Cookie, no renewal."""
    response = editor.get("/frameworks/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")
