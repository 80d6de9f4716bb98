"""comparisons/models/revision.py: the content revision. Every kind of write changes it, so
cached pages go stale at once here and within ``CONTENT_REVISION_SECONDS`` on every other
process."""

import logging
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError

from comparisons.changes import update_with_history
from comparisons.models import AttributeValue, ContentRevision, Framework, Release
from comparisons.models import revision as content_cache
from comparisons.models.revision import content_revision
from tests.forms import form_data

PAGE = "/frameworks/flask/"


def get(client, url=PAGE, **extra):
    return client.get(url, **extra)


def _flask_latest():
    return Release.objects.get(framework__slug="flask", version="3.1.3")


def _rename_flask_release_with_save():
    release = _flask_latest()
    release.version = "3.1.9"
    release.save()


def _update_queryset():
    Release.objects.filter(pk=_flask_latest().pk).update(version="3.1.9", version_key="x")


def _bulk_update_with_history():
    release = _flask_latest()
    release.version = "3.1.9"
    update_with_history([release], ["version"], None, "test")


def _bulk_create():
    release = Release(framework=Framework.objects.get(slug="flask"), version="3.1.9")
    release.derive_from_version()  # bulk_create skips save()
    Release.objects.bulk_create([release])


def _delete():
    AttributeValue.objects.filter(framework__slug="flask").delete()


def _loaddata():
    Release.objects.filter(pk=_flask_latest().pk).update(version="0.0.1")
    call_command("loaddata", "demo", verbosity=0)


@pytest.mark.parametrize(
    "write",
    [
        _rename_flask_release_with_save,
        _update_queryset,
        _bulk_update_with_history,
        _bulk_create,
        _delete,
        _loaddata,
    ],
)
def test_every_kind_of_write_makes_cached_pages_stale(demo, client, write):
    before = get(client)
    assert get(client)["X-Page-Cache"] == "hit"
    revision = content_revision()
    write()
    assert content_revision() != revision
    after = get(client)
    assert after["X-Page-Cache"] == "miss"
    if write is not _loaddata:
        assert after.content != before.content


def test_an_admin_edit_shows_at_once(demo, client, admin_client):
    assert "3.1.0" in get(client).content.decode()
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    url = f"/admin/comparisons/release/{release.pk}/change/"
    data = form_data(admin_client.get(url))
    data["version"] = "3.1.4"
    assert admin_client.post(url, data).status_code == 302
    assert ">3.1.4<" in get(client).content.decode()


def test_marking_cells_verified_in_bulk_makes_pages_stale(demo, client, admin_client):
    cell = AttributeValue.objects.filter(framework__slug="flask").first()
    AttributeValue.objects.filter(pk=cell.pk).update(verified_on="2026-01-02")
    get(client)
    admin_client.post(
        "/admin/comparisons/attributevalue/",
        {"action": "verify_selected", "_selected_action": [cell.pk], "post": "yes"},
    )
    assert get(client)["X-Page-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_a_save_with_its_history_and_change_log_bumps_the_revision_once(admin_client, monkeypatch):
    # Real commits here (no test transaction): the bump waits for the commit, once.
    from comparisons.demo import load_demo
    from comparisons.models import ChangeLogEntry

    load_demo()
    bumps = []
    monkeypatch.setattr(content_cache, "bump_content_revision", lambda: bumps.append(1))
    entries = ChangeLogEntry.objects.count()
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    url = f"/admin/comparisons/release/{release.pk}/change/"
    data = form_data(admin_client.get(url))
    data["version"] = "3.1.4"
    assert admin_client.post(url, data).status_code == 302
    assert ChangeLogEntry.objects.count() == entries + 1  # written in the same transaction
    assert len(bumps) == 1

    release.version = "3.1.5"
    update_with_history([release], ["version"], None, "bulk")
    assert len(bumps) == 2


def _a_while_later():
    content_cache._revision.read_at = float("-inf")


def test_another_process_write_reaches_this_one_within_the_revision_seconds(demo, client):
    before = get(client).content
    heard = content_cache._revision.number
    # Another process's write: the database has a new number, this process still the old one.
    Release.objects.filter(pk=_flask_latest().pk).update(version="3.1.9")
    assert ContentRevision.objects.get().number != heard
    content_cache._revision.number, content_cache._revision.read_at = heard, time.monotonic()
    assert get(client).content == before  # for at most CONTENT_REVISION_SECONDS
    _a_while_later()
    assert ">3.1.9<" in get(client).content.decode()


def test_a_hit_makes_no_query_and_the_revision_costs_one_every_few_seconds(
    demo, client, django_assert_num_queries
):
    get(client)
    with django_assert_num_queries(0):
        assert get(client)["X-Page-Cache"] == "hit"
    _a_while_later()
    with django_assert_num_queries(1):
        assert get(client)["X-Page-Cache"] == "hit"


def test_with_the_database_not_answering_the_last_revision_read_stays_in_use(
    demo, client, monkeypatch, caplog
):
    get(client)
    number = content_revision()

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(content_cache, "_read_number", unreachable)
    _a_while_later()
    with caplog.at_level(logging.WARNING, logger="comparisons.cache"):
        assert get(client)["X-Page-Cache"] == "hit"
    assert content_revision() == number
    assert "Content revision unreadable" in caplog.text
    # Tried again only after CONTENT_REVISION_SECONDS, not on every request.
    assert len([r for r in caplog.records if "unreadable" in r.getMessage()]) == 1


def test_while_one_thread_reads_the_revision_the_others_do_not_wait_for_it(demo, monkeypatch):
    calls = []
    monkeypatch.setattr(content_cache, "_read_number", lambda: calls.append(1) or 7)
    _a_while_later()
    content_cache._revision.lock.acquire()  # another thread's read, stuck on the database
    try:
        number = content_revision()
    finally:
        content_cache._revision.lock.release()
    assert calls == []
    assert number == content_cache._revision.number
    assert content_revision() == 7
