"""The public change log: /changes/, its Atom feed, and "data last changed" on every page."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from simple_history.models import HistoricalRecords

from comparisons.changes import data_last_changed
from comparisons.models import ChangeAction, ChangeLogEntry, Framework, Release
from tests.accounts import sign_in_verified
from tests.factories import FrameworkFactory, ReleaseFactory
from tests.forms import form_data

CHANGES_URL = "/changes/"
FEED_URL = "/changes/feed/"
ATOM = "{http://www.w3.org/2005/Atom}"
MAX_QUERIES = 6


def _flask_release(version="3.1.0"):
    return Release.objects.get(framework__slug="flask", version=version)


def _bump_flask(version="3.9.1", old="3.1.0"):
    release = _flask_release(old)
    release.version = version
    release.save()
    return release


def _entry_ids(response):
    return [
        int(pk)
        for pk in re.findall(r'<li class="change" id="change-(\d+)">', response.content.decode())
    ]


def _feed(client):
    response = client.get(FEED_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


# Recording


def test_saving_a_release_logs_what_changed(demo, client):
    _bump_flask()
    entry = ChangeLogEntry.objects.public().get()
    assert entry.action == ChangeAction.CHANGED
    assert entry.object_repr == "Flask 3.9.1"
    assert entry.object_url == "/frameworks/flask/"
    assert entry.changes == [{"field": "Version", "old": "3.1.0", "new": "3.9.1"}]
    content = client.get(CHANGES_URL).content.decode()
    assert "Version: 3.1.0 → 3.9.1" in content
    assert '<a href="/frameworks/flask/">Flask 3.9.1</a>' in content
    assert "<strong>Changed</strong>" in content


def test_adding_and_removing_are_logged(db, client):
    framework = FrameworkFactory(name="Sanic", slug="sanic")
    framework.delete()
    actions = list(ChangeLogEntry.objects.public().values_list("action", "object_repr"))
    assert actions == [(ChangeAction.DELETED, "Sanic"), (ChangeAction.CREATED, "Sanic")]
    removed = ChangeLogEntry.objects.get(action=ChangeAction.DELETED)
    assert removed.object_url == ""
    content = client.get(CHANGES_URL).content.decode()
    assert "<strong>Added</strong>" in content
    assert "<strong>Removed</strong>" in content
    # A removed thing has no page to link to: the entry names it without a link.
    assert re.search(r"<strong>Removed</strong>\s*Framework\s*Sanic\s*</p>", content)


def test_changes_of_an_unpublished_framework_are_hidden(demo, client):
    hidden = FrameworkFactory(name="Secret Framework", slug="secret", is_published=False)
    ReleaseFactory(framework=hidden, version="0.1.0")
    assert ChangeLogEntry.objects.exclude(pk__in=ChangeLogEntry.objects.public()).count() == 2
    assert ChangeLogEntry.objects.public().count() == 0
    assert "Secret Framework" not in client.get(CHANGES_URL).content.decode()
    assert "Secret Framework" not in client.get(FEED_URL).content.decode()
    assert "Data last changed" not in client.get("/").content.decode()


def test_publishing_a_framework_later_reveals_its_entries(demo, client):
    hidden = FrameworkFactory(name="Secret Framework", slug="secret", is_published=False)
    ReleaseFactory(framework=hidden, version="0.1.0")
    hidden.is_published = True
    hidden.save()
    assert ChangeLogEntry.objects.public().count() == 3
    content = client.get(CHANGES_URL).content.decode()
    release_line = "Secret Framework 0.1.0 released (uploaded to the package index on 15 Jan 2025)"
    assert f'<a href="/frameworks/secret/">{release_line}</a>' in content


def test_a_framework_deleted_while_unpublished_stays_hidden(demo, client):
    published = FrameworkFactory(name="Sanic", slug="sanic")
    hidden = FrameworkFactory(name="Secret Framework", slug="secret", is_published=False)
    ReleaseFactory(framework=hidden, version="0.1.0")
    hidden.delete()
    published.delete()
    assert ChangeLogEntry.objects.public().count() == 2  # Sanic added and removed
    assert "Secret Framework" not in client.get(CHANGES_URL).content.decode()


def test_a_renamed_slug_moves_the_links_of_earlier_entries(demo):
    _bump_flask()
    Framework.objects.filter(slug="flask").update(slug="flask-renamed")
    entry = ChangeLogEntry.objects.public().with_links().get()
    assert entry.object_url == "/frameworks/flask-renamed/"


# The list


def test_change_list_is_newest_first_and_paginated(demo, client):
    _bump_flask("3.9.1")
    ReleaseFactory.create_batch(29, framework=Framework.objects.get(slug="django"))
    _bump_flask("3.9.2", old="3.9.1")
    newest_first = list(ChangeLogEntry.objects.public().values_list("pk", flat=True))
    assert len(newest_first) == 31
    changed_at = list(ChangeLogEntry.objects.public().values_list("changed_at", flat=True))
    assert changed_at == sorted(changed_at, reverse=True)

    first = client.get(CHANGES_URL)
    assert _entry_ids(first) == newest_first[:25]
    content = first.content.decode()
    assert "Version: 3.9.1 → 3.9.2" in content.split('<li class="change"')[1]
    assert '<nav aria-label="Pages of changes" class="pagination">' in content
    assert '<a href="?page=2" rel="next">' in content
    assert "Page 1 of 2" in content

    second = client.get(CHANGES_URL, {"page": 2})
    assert _entry_ids(second) == newest_first[25:]
    assert '<a href="?page=1" rel="prev">' in second.content.decode()


def test_per_page_is_clamped_and_kept_in_page_links(demo, add_frameworks, client):
    add_frameworks(60)  # 60 frameworks and 60 releases: 120 entries
    assert len(_entry_ids(client.get(CHANGES_URL, {"per_page": "10"}))) == 10
    assert len(_entry_ids(client.get(CHANGES_URL, {"per_page": "100000"}))) == 100
    assert len(_entry_ids(client.get(CHANGES_URL, {"per_page": "x"}))) == 25
    content = client.get(CHANGES_URL, {"per_page": "10", "page": "2"}).content.decode()
    assert '<a href="?per_page=10&amp;page=3" rel="next">' in content
    assert '<a href="?per_page=10&amp;page=1" rel="prev">' in content


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("abc", 1),
        ("", 1),
        ("1e9", 1),
        ("0", 1),
        ("-1", 1),
        ("2", 2),
        ("999", 2),
        ("99999999999999999999", 2),
    ],
)
def test_bad_page_numbers_show_the_first_or_last_page(demo, client, page, shown):
    ReleaseFactory.create_batch(30, framework=Framework.objects.get(slug="django"))
    response = client.get(CHANGES_URL, {"page": page})
    assert response.status_code == 200
    assert f"Page {shown} of 2" in response.content.decode()


@pytest.mark.parametrize("per_page", ["0", "-5", "100000", "x", "", "1.5"])
def test_bad_page_sizes_never_fail(demo, client, per_page):
    _bump_flask()
    assert client.get(CHANGES_URL, {"per_page": per_page, "page": "2"}).status_code == 200


def test_an_empty_change_log_says_so(db, client):
    response = client.get(CHANGES_URL, {"page": "5"})
    assert response.status_code == 200
    assert "No changes have been recorded yet." in response.content.decode()


def test_kind_filter_shows_one_kind_of_data(demo, client):
    _bump_flask()
    FrameworkFactory(name="Sanic")
    releases = client.get(CHANGES_URL, {"kind": "release"}).content.decode()
    assert "Flask 3.9.1" in releases
    assert "Sanic" not in releases
    assert '<option value="release" selected>Release</option>' in releases
    everything = client.get(CHANGES_URL, {"kind": "no-such-kind"}).content.decode()
    assert "Flask 3.9.1" in everything
    assert "Sanic" in everything


def test_change_list_links_its_feed_and_has_its_meta(demo, client):
    content = client.get(CHANGES_URL).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in content
    assert f'href="{FEED_URL}"' in content
    assert "<title>What changed ·" in content
    assert '<link rel="canonical" href="http://testserver/changes/">' in content


def test_who_changed_something_is_never_shown(demo, client):
    """An editor's change is public; the editor's name is not."""
    alice = User.objects.create_superuser("alice", "alice@example.com", password="x" * 12)
    sign_in_verified(client, alice)
    release = _flask_release()
    change_url = reverse("admin:comparisons_release_change", args=[release.pk])
    data = form_data(client.get(change_url))
    assert client.post(change_url, {**data, "version": "3.9.1"}).status_code == 302
    assert release.history.latest().history_user == alice  # the history knows who
    assert ChangeLogEntry.objects.public().get().changes[0]["new"] == "3.9.1"
    client.logout()
    for url in (CHANGES_URL, FEED_URL):
        content = client.get(url).content.decode().lower()
        assert "3.9.1" in content
        assert "alice" not in content
        assert "example.com" not in content


def test_a_change_made_during_a_request_hides_its_user_too(demo, client, rf):
    """Changes made outside the admin (a script, a shell) record their user the same way."""
    request = rf.get("/")
    request.user = User.objects.create_user("bob", "bob@example.com", password="x" * 12)
    HistoricalRecords.thread.request = request
    try:
        _bump_flask()
    finally:
        del HistoricalRecords.thread.request
    assert ChangeLogEntry.objects.public().count() == 1
    for url in (CHANGES_URL, FEED_URL):
        assert "bob" not in client.get(url).content.decode().lower()


# The feed


def test_feed_is_valid_atom_with_titles_links_and_dates(demo, client):
    _bump_flask()
    FrameworkFactory(name="Sanic", slug="sanic").delete()
    feed = _feed(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "What changed · Python Framework Compare"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/changes/",
        "self": "http://testserver/changes/feed/",
    }
    assert feed.find(f"{ATOM}author/{ATOM}name").text  # the site, not an editor

    entries = feed.findall(f"{ATOM}entry")
    pks = list(ChangeLogEntry.objects.public().values_list("pk", flat=True))
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        "Removed Framework “Sanic”",
        "Added Framework “Sanic”",
        "Changed Release “Flask 3.9.1”",
    ]
    hrefs = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert hrefs == [
        f"http://testserver/changes/#change-{pks[0]}",  # removed: no page of its own
        f"http://testserver/changes/#change-{pks[1]}",  # its page is gone too
        "http://testserver/frameworks/flask/",
    ]
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    flask = entries[-1]
    changed_at = ChangeLogEntry.objects.get(pk=pks[-1]).changed_at.isoformat()
    assert flask.find(f"{ATOM}updated").text == changed_at
    assert flask.find(f"{ATOM}published").text == changed_at
    summary = flask.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "<ul><li>Version: 3.1.0 → 3.9.1</li></ul>"


def test_feed_escapes_values_as_text(demo, client):
    flask = Framework.objects.get(slug="flask")
    flask.summary = "<script>alert(1)</script> & more"
    flask.save()
    summary = _feed(client).find(f"{ATOM}entry/{ATOM}summary").text
    assert "<script>" not in summary
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in summary
    assert "<script>" not in client.get(CHANGES_URL).content.decode().split("<main")[1]


def test_feed_has_the_50_newest_public_entries(demo, add_frameworks, client):
    add_frameworks(30)  # 60 entries
    entries = _feed(client).findall(f"{ATOM}entry")
    assert len(entries) == 50
    newest = ChangeLogEntry.objects.public().first()
    assert entries[0].find(f"{ATOM}id").text == f"http://testserver/changes/#change-{newest.pk}"


def test_an_empty_feed_is_still_valid(db, client):
    feed = _feed(client)
    assert feed.findall(f"{ATOM}entry") == []


# "Data last changed" on every page


@pytest.mark.parametrize(
    "url", ["/", "/frameworks/flask/", "/articles/flask-vs-fastapi-vs-django/", CHANGES_URL]
)
def test_footer_shows_when_the_data_last_changed(demo, client, url):
    _bump_flask()
    latest = ChangeLogEntry.objects.public().latest()
    content = client.get(url).content.decode()
    footer = content.split("<footer")[1]
    assert "Data last changed" in footer
    assert f'<time datetime="{latest.changed_at:%Y-%m-%dT%H:%M:%S}+0000">' in footer
    assert f"{latest.changed_at.day} {latest.changed_at:%B %Y}</time>" in footer
    assert '<a href="/changes/">What changed</a>' in footer


def test_footer_says_nothing_without_changes(demo, client):
    content = client.get("/").content.decode()
    assert "Data last changed" not in content
    assert data_last_changed() is None


def test_footer_follows_a_change_at_once(demo, client, django_capture_on_commit_callbacks):
    assert "Data last changed" not in client.get("/").content.decode()  # cached: never
    with django_capture_on_commit_callbacks(execute=True):
        _bump_flask()
    assert "Data last changed" in client.get("/").content.decode()


def test_footer_costs_no_query_once_cached(demo, client, django_assert_num_queries):
    _bump_flask()
    assert data_last_changed() is not None  # fills the cache
    with django_assert_num_queries(0):
        assert data_last_changed() is not None


# Query budget


@pytest.mark.parametrize("url", [CHANGES_URL, FEED_URL, f"{CHANGES_URL}?page=2&kind=release"])
@pytest.mark.parametrize("extra_frameworks", [0, 47])
def test_change_pages_queries_stay_few_at_3_and_50_frameworks(
    demo, add_frameworks, client, django_assert_max_num_queries, url, extra_frameworks
):
    # Real saves (each logs an entry) beside the bulk-created rows of add_frameworks.
    _bump_flask()
    FrameworkFactory(name="Sanic").delete()
    add_frameworks(extra_frameworks)  # its frameworks and releases are saved: more entries
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_entries_of_a_deleted_object_no_longer_link_to_it(demo):
    from comparisons.models import ProCon

    point = ProCon.objects.filter(framework__slug="flask").first()
    pk = point.pk
    point.text = "Tiny core"
    point.save()
    point.delete()
    entries = ChangeLogEntry.objects.filter(object_id=pk, object_repr__contains="Tiny")
    assert entries.count() == 2
    assert {entry.object_url for entry in entries.with_links()} == {""}
