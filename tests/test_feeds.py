"""comparisons/feeds.py and views/releases.py: each framework's releases and the change log as
Atom, every series' support end dates as iCalendar; read back by a parser, as subscribers do."""

import time
from datetime import date

import feedparser
import icalendar
import pytest
from django.core.cache import cache

from comparisons.changes import save_with_history
from comparisons.models import Framework, Release, ReleaseSeries
from tests.factories import FrameworkFactory, ReleaseFactory, ReleaseSeriesFactory

CALENDAR = "/releases/support.ics"


def _feed(client, slug):
    response = client.get(f"/frameworks/{slug}/releases/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_a_framework_feed_lists_its_newest_releases_first(demo, client):
    feed = _feed(client, "django")
    assert feed.feed.title.startswith("New releases of Django")
    titles = [entry.title for entry in feed.entries]
    assert titles[0] in ("Django 6.1.3", "Django 6.0.10", "Django 5.2.19")  # one upload day
    assert len(titles) == 30
    newest = next(entry for entry in feed.entries if entry.title == "Django 6.1.3")
    assert newest.link == "https://pypi.org/project/django/6.1.3/"
    assert newest.updated.startswith("2026-11-03")
    assert "Requires-Python: &gt;=3.12" in newest.summary or "Requires-Python: >=3.12" in (
        newest.summary
    )
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert all(
        entry.id.startswith("http://testserver/frameworks/django/#release-")
        for entry in feed.entries
    )


def test_a_feed_names_pre_releases_and_leaves_out_undated_releases(db, client):
    framework = FrameworkFactory(slug="young")
    ReleaseFactory(framework=framework, version="1.0", uploaded_on=date(2026, 1, 1))
    ReleaseFactory(framework=framework, version="2.0b1", uploaded_on=date(2026, 2, 1))
    ReleaseFactory(framework=framework, version="0.9", uploaded_on=None)  # no day, no entry
    titles = [entry.title for entry in _feed(client, "young").entries]
    assert titles == [f"{framework.name} 2.0b1 (pre-release)", f"{framework.name} 1.0"]


@pytest.mark.parametrize("slug", ["no-such-framework", "a%00b", "x" * 300])
def test_an_unknown_framework_has_no_feed(demo, client, slug):
    assert client.get(f"/frameworks/{slug}/releases/feed/").status_code == 404


def test_an_unpublished_framework_has_no_feed(demo, client):
    Framework.objects.filter(slug="flask").update(is_published=False)
    assert client.get("/frameworks/flask/releases/feed/").status_code == 404


def test_framework_pages_announce_their_feed(demo, client):
    content = client.get("/frameworks/flask/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="New releases of Flask" '
        'href="/frameworks/flask/releases/feed/">'
    ) in content


def _calendar(client):
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_calendar_holds_every_end_date_a_policy_states(demo, client):
    events = {str(event["summary"]): event for event in _calendar(client).walk("VEVENT")}
    rows = ReleaseSeries.objects.all()
    expected = sum(bool(r.bugfixes_until) + bool(r.security_until) for r in rows)
    assert len(events) == expected
    lts = events["Django 5.2 LTS: end of support (security fixes)"]
    assert lts.decoded("dtstart") == date(2028, 4, 30)
    assert "Django 6.2 release notes" in str(lts["description"])
    assert str(lts["url"]) == "https://docs.djangoproject.com/en/dev/releases/6.2/"
    assert len({str(event["uid"]) for event in events.values()}) == len(events)


def test_the_calendar_leaves_out_unpublished_frameworks_and_undated_series(db, client):
    hidden = FrameworkFactory(is_published=False)
    ReleaseSeriesFactory(framework=hidden)
    undated = FrameworkFactory()
    ReleaseSeriesFactory(framework=undated, bugfixes_until=None, security_until=None)
    assert list(_calendar(client).walk("VEVENT")) == []


def test_the_calendar_is_linked_from_every_framework_page(demo, client):
    assert f'href="{CALENDAR}"' in client.get("/frameworks/fastapi/").content.decode()


def test_a_new_release_shows_in_its_feed(demo, client):
    flask = Framework.objects.get(slug="flask")
    Release.objects.create(framework=flask, version="3.2.0", uploaded_on=date(2026, 12, 5))
    assert _feed(client, "flask").entries[0].title == "Flask 3.2.0"


@pytest.mark.parametrize("with_changes", [False, True])
def test_the_change_feed_moves_only_with_the_data_and_answers_if_modified_since(
    demo, client, with_changes
):
    if with_changes:
        flask = Framework.objects.get(slug="flask")
        flask.summary += " Edited."
        save_with_history(flask, reason="test")
    first = client.get("/changes/feed/")
    time.sleep(1.1)  # a feed dated "now" would move by then
    cache.clear()  # rendered afresh, not the page cache's copy
    second = client.get("/changes/feed/")
    assert first["Last-Modified"] == second["Last-Modified"]
    assert first.content == second.content
    unchanged = client.get("/changes/feed/", headers={"if-modified-since": first["Last-Modified"]})
    assert unchanged.status_code == 304
