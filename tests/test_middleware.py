"""comparisons/middleware.py: the whole-page cache. Public pages are served from it by URL and
content version, revalidated, gzipped, and never shared when they are personal."""

import gzip
import time
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from comparisons.cache import bump_content_version, content_version
from comparisons.changes import data_as_of
from comparisons.middleware import LocalPages, PublicPageCacheMiddleware

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
    data_as_of()  # and the site's "data as of", which a page without results shows
    entries = _cache_entry_count()
    response = get(client, "/frameworks/?q=" + "x" * 400)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert _cache_entry_count() == entries


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
