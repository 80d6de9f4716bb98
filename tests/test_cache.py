"""comparisons/cache.py: the content version. Every kind of write bumps it, so cached pages go
stale; with Redis each process keeps it, told of every bump."""

import time

import pytest
import redis
from django.core.cache import cache, caches
from django.core.management import call_command

from comparisons.cache import (
    VERSION_KEY,
    VersionWatcher,
    bump_content_version,
    content_version,
    watcher_for,
)
from comparisons.cache_backend import FailOpenRedisCache
from comparisons.changes import update_with_history
from comparisons.models import AttributeValue, Framework, Release
from tests.forms import form_data
from tests.redis_server import fail_open_cache_settings, redis_server  # noqa: F401

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
    cache.set(VERSION_KEY, 1)  # as if the update had bumped nothing
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
    version = content_version()
    write()
    assert content_version() != version
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


def test_a_hit_reads_only_the_content_version_from_the_cache(demo, client, monkeypatch):
    get(client)  # rendered, stored, and copied into this process's memory
    # With Redis, this process's watcher keeps the version: then a hit reads nothing.
    watched = isinstance(caches["default"], FailOpenRedisCache)
    if watched:
        hearing(caches["default"])
    calls, depth = [], []

    def counting(name, original):
        # Only outermost calls: the local-memory cache implements get_many with get.
        def call(*args, **kwargs):
            if not depth:
                calls.append((name, args[0] if args else None))
            depth.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "add", "set", "incr"):
        monkeypatch.setattr(cache, name, counting(name, getattr(cache, name)))
    assert get(client)["X-Page-Cache"] == "hit"
    assert calls == ([] if watched else [("get", VERSION_KEY)])


@pytest.mark.django_db(transaction=True)
def test_a_save_with_its_history_and_change_log_bumps_the_version_once(admin_client, monkeypatch):
    # Real commits here (no test transaction): the bump waits for the commit, once.
    from comparisons import cache as content_cache
    from comparisons.demo import load_demo
    from comparisons.models import ChangeLogEntry

    load_demo()
    bumps = []
    monkeypatch.setattr(content_cache, "bump_content_version", lambda: bumps.append(1))
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


# The content version watcher: with Redis, each process keeps the version, told of every
# change by pub/sub, so that a hit costs no round trip; an edit still shows at once.


def hearing(backend, seconds=5.0):
    """The backend's watcher, once it hears from Redis (it starts on the first request)."""
    watcher = watcher_for(backend)
    deadline = time.monotonic() + seconds
    while watcher.version() is None:
        assert time.monotonic() < deadline, "the watcher never heard from Redis"
        time.sleep(0.01)
    return watcher


@pytest.fixture
def private_redis(settings, redis_server):  # noqa: F811
    settings.CACHES = fail_open_cache_settings(redis_server.url)
    yield redis_server
    cache.close()


_OWN_COMMANDS = {"hello", "info", "config|resetstat"}  # _commands' own


def _commands(server):
    """Redis's count of each command it ran since the last call."""
    raw = redis.Redis.from_url(server.url)
    stats = {
        name.removeprefix("cmdstat_"): row["calls"]
        for name, row in raw.info("commandstats").items()
    }
    raw.config_resetstat()
    raw.close()
    return {name: calls for name, calls in stats.items() if name not in _OWN_COMMANDS}


def test_with_redis_a_hit_makes_no_round_trip_to_it(private_redis, demo, client):
    assert get(client)["X-Page-Cache"] == "miss"
    hearing(caches["default"])
    assert get(client)["X-Page-Cache"] == "hit"  # now in this process's memory
    _commands(private_redis)
    hits = [get(client)["X-Page-Cache"] for _ in range(20)]
    assert hits == ["hit"] * 20
    # Only the watcher's own pings (one each PING_SECONDS) may have reached Redis.
    assert set(_commands(private_redis)) <= {"ping"}


def test_a_bump_by_another_process_reaches_this_one_at_once(private_redis, demo, client):
    get(client)
    watcher = hearing(caches["default"])
    before = watcher.version()
    # Another process's bump, as its backend sends it: the script, on its own connection.
    other = FailOpenRedisCache(private_redis.url, {})
    announced = other.increment_and_announce(VERSION_KEY, 0)
    assert announced == before + 1
    deadline = time.monotonic() + 1.0
    while watcher.version() != announced:
        assert time.monotonic() < deadline, "the announcement never reached the watcher"
        time.sleep(0.001)
    assert get(client)["X-Page-Cache"] == "miss"


def test_this_process_sees_its_own_edit_on_its_next_request(
    private_redis, demo, client, admin_client
):
    assert ">3.1.0<" in get(client).content.decode()
    hearing(caches["default"])
    assert get(client)["X-Page-Cache"] == "hit"
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    url = f"/admin/comparisons/release/{release.pk}/change/"
    data = form_data(admin_client.get(url))
    data["version"] = "3.1.4"
    assert admin_client.post(url, data).status_code == 302
    after = get(client)
    assert after["X-Page-Cache"] == "miss"
    assert ">3.1.4<" in after.content.decode()


def test_a_missing_version_is_created_once_and_announced(private_redis, demo, client):
    get(client)
    watcher = hearing(caches["default"])
    redis.Redis.from_url(private_redis.url).flushdb()  # evicted, or a restart without a drop
    bump_content_version()
    fresh = cache.get(VERSION_KEY)
    assert fresh is not None and fresh > 10**18  # a clock in ns, exact (no float rounding)
    assert watcher.version() == fresh


def test_a_hung_redis_stops_the_copy_being_used_and_it_is_used_again_after(
    private_redis, demo, client, monkeypatch
):
    get(client)
    watcher = hearing(caches["default"])
    private_redis.freeze()
    deadline = time.monotonic() + VersionWatcher.TRUST_SECONDS + 2
    while watcher.version() is not None:
        assert time.monotonic() < deadline, "the watcher trusted a Redis that never answers"
        time.sleep(0.05)
    private_redis.thaw()
    hearing(caches["default"], seconds=10)
    assert get(client).status_code == 200


def test_after_an_outage_the_watcher_resumes_with_the_renewed_version(private_redis, demo, client):
    get(client)
    watcher = hearing(caches["default"])
    old = watcher.version()
    private_redis.stop()
    deadline = time.monotonic() + VersionWatcher.TRUST_SECONDS + 2
    while watcher.version() is not None:
        assert time.monotonic() < deadline, "the watcher trusted a Redis that is gone"
        time.sleep(0.05)
    assert get(client)["X-Page-Cache"] == "bypass"
    private_redis.start()  # empty, as after a restart
    time.sleep(0.25)  # RETRY_SECONDS in fail_open_cache_settings is 0.2
    assert get(client).status_code == 200  # reconnects: a fresh version first
    renewed = hearing(caches["default"], seconds=10).version()
    assert renewed == cache.get(VERSION_KEY)
    assert renewed != old
