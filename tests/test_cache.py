"""Public pages are cached by URL and content version; every kind of write makes them stale."""

import gzip
import time
from dataclasses import replace

import pytest
import redis
from django.core.cache import cache, caches
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory

from comparisons.cache import (
    VERSION_KEY,
    VersionWatcher,
    bump_content_version,
    content_version,
    watcher_for,
)
from comparisons.cache_backend import FailOpenRedisCache
from comparisons.changes import update_with_history
from comparisons.middleware import LocalPages, PublicPageCacheMiddleware
from comparisons.models import AttributeValue, Framework, Release
from comparisons.versions import version_sort_key
from tests.forms import form_data
from tests.redis_server import fail_open_cache_settings, redis_server  # noqa: F401

PAGE = "/frameworks/flask/"


def get(client, url=PAGE, **extra):
    return client.get(url, **extra)


def test_a_repeated_page_is_served_from_the_cache_without_queries(
    demo, client, django_assert_num_queries
):
    first = get(client)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_an_unchanged_page_answers_a_conditional_request_with_304(
    demo, client, django_assert_num_queries
):
    etag = get(client)["ETag"]
    with django_assert_num_queries(0):
        response = get(client, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_cached_pages_tell_browsers_to_revalidate(demo, client):
    response = get(client)
    assert "public" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def _rename_flask_release_with_save():
    release = Release.objects.get(framework__slug="flask")
    release.version = "3.1.9"
    release.save()


def _update_queryset():
    Release.objects.filter(framework__slug="flask").update(version="3.1.9", version_key="x")


def _bulk_update_with_history():
    release = Release.objects.get(framework__slug="flask")
    release.version = "3.1.9"
    update_with_history([release], ["version"], None, "test")


def _bulk_create():
    flask = Framework.objects.get(slug="flask")
    Release.objects.bulk_create(
        [Release(framework=flask, version="3.1.9", version_key=version_sort_key("3.1.9"))]
    )


def _delete():
    Release.objects.filter(framework__slug="flask").delete()


def _loaddata():
    Release.objects.filter(framework__slug="flask").update(version="0.1")
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
    release = Release.objects.get(framework__slug="flask")
    url = f"/admin/comparisons/release/{release.pk}/change/"
    data = form_data(admin_client.get(url))
    data["version"] = "3.1.4"
    assert admin_client.post(url, data).status_code == 302
    assert ">3.1.4<" in get(client).content.decode()


def test_marking_cells_verified_in_bulk_makes_pages_stale(demo, client, admin_client):
    get(client)
    cell = AttributeValue.objects.filter(framework__slug="flask").first()
    admin_client.post(
        "/admin/comparisons/attributevalue/",
        {"action": "mark_verified_today", "_selected_action": [cell.pk]},
    )
    assert get(client)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "url", ["/admin/login/", "/healthz", "/frameworks/nope/", "/static/css/site.css"]
)
def test_admin_health_errors_and_static_files_are_not_page_cached(demo, client, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_posts_are_never_served_from_the_cache(demo, client):
    get(client)
    assert "X-Page-Cache" not in client.post(PAGE)


def _middleware(view):
    return PublicPageCacheMiddleware(view)


def _shared_key(middleware, request):
    return middleware.shared_key(content_version(), middleware.page_key(request, ""))


def test_a_stale_page_is_rendered_by_one_request_while_others_get_the_stale_copy(db, settings):
    settings.PAGE_CACHE_SECONDS = 1
    renders = []

    def view(request):
        renders.append(request)
        return HttpResponse(f"render {len(renders)}")

    middleware = _middleware(view)
    request = RequestFactory().get("/")
    assert middleware(request).content == b"render 1"
    key = _shared_key(middleware, request)
    cache.set(key, replace(cache.get(key), fresh_until=time.time() - 1))  # expired, still here
    middleware.local = LocalPages(10**6)  # as another process, which has no copy of its own
    cache.add(f"{key}:lock", 1)  # another process is already re-rendering it
    stale = middleware(RequestFactory().get("/"))
    assert stale.content == b"render 1"
    assert stale["X-Page-Cache"] == "hit"
    assert len(renders) == 1


def test_a_missing_page_waits_for_the_request_already_rendering_it(db, settings, monkeypatch):
    def view(request):
        raise AssertionError("the page should come from the other renderer")

    middleware = _middleware(view)
    request = RequestFactory().get("/")
    key = _shared_key(middleware, request)
    cache.add(f"{key}:lock", 1)
    elsewhere = middleware.page_from(HttpResponse("rendered elsewhere"))

    def other_process_finishes(seconds):
        cache.set(key, elsewhere)

    monkeypatch.setattr(time, "sleep", other_process_finishes)
    assert middleware(request).content == b"rendered elsewhere"


def test_a_page_is_rendered_anyway_if_the_other_renderer_never_finishes(db, monkeypatch):
    middleware = _middleware(lambda request: HttpResponse("rendered here"))
    middleware.WAIT_SECONDS = 0.01
    request = RequestFactory().get("/")
    cache.add(f"{_shared_key(middleware, request)}:lock", 1)
    assert middleware(request).content == b"rendered here"


def test_responses_that_set_cookies_are_not_cached(db):
    def view(request):
        response = HttpResponse("personal")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = _middleware(view)
    request = RequestFactory().get("/")
    middleware(request)
    assert cache.get(_shared_key(middleware, request)) is None


def test_responses_that_vary_on_more_than_the_encoding_are_not_cached(db):
    def view(request):
        response = HttpResponse("yours")
        response["Vary"] = "Cookie, Accept-Encoding"
        return response

    middleware = _middleware(view)
    request = RequestFactory().get("/")
    assert middleware(request).content == b"yours"
    assert cache.get(_shared_key(middleware, request)) is None


def test_an_edit_shows_at_once_on_every_process_even_with_their_own_copies(db):
    content = {"text": "before"}
    first = _middleware(lambda request: HttpResponse(content["text"]))
    second = _middleware(lambda request: HttpResponse(content["text"]))  # another process
    assert first(RequestFactory().get("/")).content == b"before"
    assert second(RequestFactory().get("/"))["X-Page-Cache"] == "hit"  # now in its copy too
    content["text"] = "after"
    bump_content_version()  # as an editor's save does, on any process
    assert second(RequestFactory().get("/")).content == b"after"
    assert first(RequestFactory().get("/")).content == b"after"


def test_security_headers_on_every_page(demo, client):
    response = client.get("/", secure=True)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_cached_pages_keep_the_security_headers(demo, client):
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


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


def test_a_hit_is_sent_gzipped_to_clients_that_take_it_and_plain_to_others(
    demo, client, django_assert_num_queries
):
    plain = get(client)
    with django_assert_num_queries(0):
        zipped = get(client, headers={"accept-encoding": "gzip, deflate, br"})
    assert zipped["X-Page-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["Vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert "Content-Encoding" not in plain
    assert zipped["ETag"] == f"W/{plain['ETag']}"
    for etag in (plain["ETag"], zipped["ETag"]):
        assert get(client, headers={"if-none-match": etag}).status_code == 304


def test_a_page_rendered_for_a_gzip_client_is_stored_in_both_encodings(demo, client):
    zipped = get(client, headers={"accept-encoding": "gzip"})
    assert zipped["X-Page-Cache"] == "miss"
    assert zipped["Content-Encoding"] == "gzip"
    plain = get(client)
    assert plain["X-Page-Cache"] == "hit"
    assert gzip.decompress(zipped.content) == plain.content


def test_a_head_request_is_answered_from_the_cache(demo, client):
    body = get(client).content
    response = client.head(PAGE)
    assert response["X-Page-Cache"] == "hit"
    assert int(response["Content-Length"]) == len(body)


def test_public_pages_are_gzipped_when_not_cached_too(demo, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/frameworks/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def _cache_entry_count():
    backend = cache._cache  # the local-memory dict, or Django's Redis client
    if isinstance(backend, dict):
        return len(backend)
    return backend.get_client(write=True).dbsize()


def test_a_flood_of_made_up_parameters_adds_no_cache_entries_and_is_served_from_it(demo, client):
    assert get(client, "/frameworks/")["X-Page-Cache"] == "miss"
    entries = _cache_entry_count()
    outcomes = set()
    for n in range(500):
        response = get(client, f"/frameworks/?utm_source={n}&_={n}&fbclid=x{n}")
        outcomes.add(response["X-Page-Cache"])
    added = _cache_entry_count() - entries
    print(f"\n500 requests with made-up parameters added {added} cache entries")
    assert added == 0
    assert outcomes == {"hit"}


def test_the_key_is_the_parameters_the_page_reads_sorted_without_duplicates_or_empties(
    demo, client
):
    assert get(client, "/frameworks/?features=routing&kind=&q=flask")["X-Page-Cache"] == "miss"
    same = "/frameworks/?q=flask&features=routing&features=routing&kind=&utm_medium=mail"
    assert get(client, same)["X-Page-Cache"] == "hit"
    assert get(client, "/frameworks/?q=django")["X-Page-Cache"] == "miss"


def test_links_in_a_cached_page_never_carry_a_made_up_parameter(demo, client):
    content = get(client, "/frameworks/?utm_source=leak&sort=name").content.decode()
    assert "leak" not in content
    assert "utm_source" not in content


def test_a_very_long_query_is_rendered_but_not_stored(demo, client):
    get(client, "/frameworks/")  # the version and the footer's date are cached now
    entries = _cache_entry_count()
    response = get(client, "/frameworks/?q=" + "x" * 400)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert _cache_entry_count() == entries


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("comparisons:framework-list", {"q", "kind", "features", "support", "sort", "page"}),
        ("comparisons:compare", {"frameworks", "categories", "view", "differences", "_export"}),
        ("comparisons:choose", {"needs", "scenario"}),
        ("comparisons:benchmark-list", {"benchmark", "framework", "sort", "_export"}),
        ("comparisons:change-list", {"kind", "page", "per_page"}),
        ("comparisons:article-list", {"page"}),
    ],
)
def test_each_page_reads_the_parameters_its_filterset_form_and_table_name(url_name, expected):
    from django.urls import reverse

    from comparisons.page_keys import parameters_for_path

    assert expected <= parameters_for_path(reverse(url_name))


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
    release = Release.objects.get(framework__slug="flask")
    url = f"/admin/comparisons/release/{release.pk}/change/"
    data = form_data(admin_client.get(url))
    data["version"] = "3.1.4"
    assert admin_client.post(url, data).status_code == 302
    assert ChangeLogEntry.objects.count() == entries + 1  # written in the same transaction
    assert len(bumps) == 1

    release.version = "3.1.5"
    update_with_history([release], ["version"], None, "bulk")
    assert len(bumps) == 2


def test_with_the_https_redirect_on_only_https_pages_are_cached(demo, settings):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    redirected = client.get(PAGE)
    assert redirected.status_code == 301
    assert "X-Page-Cache" not in redirected
    assert client.get(PAGE, secure=True)["X-Page-Cache"] == "miss"
    hit = client.get(PAGE, secure=True)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Strict-Transport-Security"].startswith("max-age=")


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
    release = Release.objects.get(framework__slug="flask")
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
