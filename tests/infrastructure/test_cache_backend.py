"""The cache is an accelerator, never a dependency: with Redis gone or hung, the site serves.

Each test runs the site on a private redis-server (tests/redis_server.py) that it stops or
freezes, and checks that every public page still answers, that ``/healthz`` says what is
wrong, and that once Redis is back pages are cached again and never stale.
"""

import logging
import time

import pytest
from django.core.cache import cache, caches

from comparisons.models import Release
from comparisons.pages import PAGES as REGISTRY
from config.infrastructure import cache_backend
from tests.forms import form_data
from tests.redis_server import fail_open_cache_settings, redis_server  # noqa: F401

# Every public page, once: not /healthz, which the tests read on their own, nor the editors'
# sign-in, whose cookies would make every later request of the client uncacheable.
PAGES = [
    page.paths()[0] for page in REGISTRY if page.url_name not in ("healthz", "two_factor:login")
]
FLASK = "/frameworks/flask/"


@pytest.fixture
def redis_cache(settings, redis_server):  # noqa: F811
    settings.CACHES = fail_open_cache_settings(redis_server.url)
    yield redis_server
    cache.close()


def _wait_out_retry(retry_seconds=0.2):  # fail_open_cache_settings' default RETRY_SECONDS
    time.sleep(retry_seconds + 0.05)


def _edit_flask_release(admin_client, version):
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    url = f"/admin/comparisons/release/{release.pk}/change/"
    data = form_data(admin_client.get(url))
    data["version"] = version
    response = admin_client.post(url, data)
    assert response.status_code == 302, "the save was refused"
    assert Release.objects.get(pk=release.pk).version == version


def _serve_every_page(client):
    answered = {url: client.get(url).status_code for url in PAGES}
    assert answered == dict.fromkeys(PAGES, 200)
    return len(answered)


def test_pages_and_saves_work_with_redis_stopped_and_are_cached_again_when_it_returns(
    redis_cache, demo, client, admin_client, caplog, monkeypatch
):
    # A loaded machine can take longer than 20 ms for a round trip to a healthy Redis.
    monkeypatch.setattr(cache_backend, "SLOW_SECONDS", 1.0)
    assert client.get(FLASK)["X-Page-Cache"] == "miss"
    assert client.get(FLASK)["X-Page-Cache"] == "hit"

    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="comparisons.cache"):
        served = _serve_every_page(client) + _serve_every_page(client)
    warnings = [r for r in caplog.records if "failed" in r.getMessage()]
    assert len(warnings) == 1, "one warning per outage, not one per request"
    # The pages this process already holds are still served from its own copy.
    assert client.get(FLASK)["X-Page-Cache"] == "hit"
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "down"}
    _edit_flask_release(admin_client, "3.1.5")
    assert ">3.1.5<" in client.get(FLASK).content.decode()
    print(f"\nRedis stopped: {served} of {served} public page requests answered 200")

    redis_cache.start()  # empty, as after a restart
    _wait_out_retry()
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert ">3.1.5<" in client.get(FLASK).content.decode()  # this process's copy: current
    caches["pages-local"].clear()  # another process, with no copy: Redis is empty
    assert client.get(FLASK)["X-Page-Cache"] == "miss"
    caches["pages-local"].clear()
    assert client.get(FLASK)["X-Page-Cache"] == "hit"  # stored in Redis again


def test_a_hung_redis_costs_a_short_timeout_and_keeps_no_stale_page_when_it_answers_again(
    redis_cache, demo, client, admin_client, caplog, settings
):
    # Skipped for longer than rendering every page takes: one call waits the socket timeout.
    settings.CACHES = fail_open_cache_settings(redis_cache.url, retry_seconds=2)
    before = client.get(FLASK)
    assert ">3.1.0<" in before.content.decode()
    assert client.get(FLASK)["X-Page-Cache"] == "hit"

    redis_cache.freeze()  # accepts connections, never answers; keeps the cached pages
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="comparisons.cache"):
        served = _serve_every_page(client)
    elapsed = time.monotonic() - started
    # One call waits the socket timeout; the rest skip the cache (no lock, no waiting).
    assert elapsed < 5, f"{served} pages took {elapsed:.1f} s with Redis hung"
    assert "Cache at" in caplog.text
    _edit_flask_release(admin_client, "3.1.6")  # the revision is in the database: not lost
    assert client.get("/healthz").json()["cache"] == "down"

    redis_cache.thaw()  # back with the pages cached before the edit still in it
    _wait_out_retry(2)
    after = client.get(FLASK)
    assert ">3.1.6<" in after.content.decode(), "a page cached before the edit was served"
    assert after["X-Page-Cache"] == "miss"
    assert client.get(FLASK)["X-Page-Cache"] == "hit"


def test_a_slow_cache_makes_the_site_degraded(redis_cache, db, client, monkeypatch):
    monkeypatch.setattr(cache_backend, "SLOW_SECONDS", 1.0)  # a loaded machine's round trip
    assert client.get("/healthz").json()["status"] == "ok"
    monkeypatch.setattr(cache_backend, "SLOW_SECONDS", 0.0)  # every round trip is "slow" now
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "slow"}


def test_a_hit_reads_nothing_from_redis_once_this_process_holds_the_page(
    redis_cache, demo, client, monkeypatch
):
    from config.infrastructure.cache_backend import FailOpenRedisCache

    assert client.get(FLASK)["X-Page-Cache"] == "miss"
    calls = []
    original = FailOpenRedisCache.get
    monkeypatch.setattr(
        FailOpenRedisCache, "get", lambda self, *a, **k: calls.append(a) or original(self, *a, **k)
    )
    assert client.get(FLASK)["X-Page-Cache"] == "hit"
    assert calls == []
    caches["pages-local"].clear()  # another process: it has no copy yet, Redis has the page
    assert client.get(FLASK)["X-Page-Cache"] == "hit"
    assert len(calls) == 2  # the page's header list and the page, then kept here
