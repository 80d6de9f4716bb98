"""config/infrastructure/http_cache.py: what shared caches may keep, and Django's page cache in
front of the views. Public pages say how long any cache may keep them and answer conditional
requests; personal pages and errors are never stored; the page cache holds a bounded set of
pages."""

import gzip

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from config.infrastructure.http_cache import PageCacheMiddleware, SharedCacheHeadersMiddleware

PAGE = "/frameworks/flask/"
PUBLIC = "public, max-age=0, s-maxage=4, stale-while-revalidate=3, stale-if-error=21600"


def get(client, url=PAGE, **extra):
    return client.get(url, **extra)


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        PAGE,
        "/compare/",
        "/frameworks/?sort=name&page=1",  # rendered each time, but public all the same
        "/articles/flask-vs-fastapi-vs-django/",
        "/sitemap.xml",
        "/frameworks/flask/releases/feed/",
    ],
)
def test_public_pages_say_how_long_shared_caches_may_keep_them(demo, client, url):
    response = get(client, url)
    assert response.status_code == 200
    assert directives(response) == set(PUBLIC.split(", "))
    assert "Expires" not in response
    assert response["ETag"]


def test_the_promise_to_readers_is_ten_seconds():
    from config import settings as deployed  # the defaults, before any test changes them

    worst = (
        deployed.CONTENT_REVISION_SECONDS
        + deployed.PUBLIC_CACHE_SECONDS
        + deployed.PUBLIC_CACHE_REVALIDATE_SECONDS
    )
    assert worst + 1 <= 10  # + 1: caches such as nginx count ages in whole seconds
    assert deployed.PUBLIC_CACHE_ERROR_SECONDS >= 3600  # hours, when the site errors


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/frameworks/nope/", {"no-store"}),
        ("/frameworks/?page=x&per_page=999999", None),  # a 200 with a message, or a 404
        ("/healthz", {"no-store"}),
        ("/admin/login/", {"no-store"}),  # a redirect to the sign-in page
        ("/account/login/", {"private", "no-store"}),
    ],
)
def test_errors_health_and_admin_are_never_stored_by_a_shared_cache(demo, client, url, expected):
    response = get(client, url)
    if response.status_code == 200 and expected is None:
        assert "public" in directives(response)
        return
    found = directives(response)
    assert "public" not in found
    assert (expected or {"no-store"}) <= found
    assert "X-Page-Cache" not in get(client, url)


def test_a_signed_in_editor_gets_private_pages_rendered_for_them(demo, client, admin_client):
    get(client)
    response = get(admin_client)
    assert directives(response) == {"private", "no-cache"}
    assert "X-Page-Cache" not in response  # never from (or into) the page cache
    assert get(client)["X-Page-Cache"] == "hit"


def _through_the_headers(view, request=None):
    middleware = SharedCacheHeadersMiddleware(view)
    return middleware(request or RequestFactory().get("/page/"))


def test_responses_that_set_or_vary_by_a_cookie_are_never_stored(db):
    def sets_cookie(request):
        response = HttpResponse("form with a token")
        response.set_cookie("csrftoken", "x")
        return response

    def varies_by_cookie(request):
        response = HttpResponse("personal")
        response["Vary"] = "Cookie"
        return response

    for view in (sets_cookie, varies_by_cookie):
        assert "no-store" in _through_the_headers(view)["Cache-Control"]
        assert "no-store" in _through_the_headers(PageCacheMiddleware(view))["Cache-Control"]
        assert cache.get_many(cache._cache.keys() if hasattr(cache._cache, "keys") else []) == {}


def test_a_view_that_opts_out_keeps_its_own_cache_control(db):
    def private(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = "private, max-age=60"
        return response

    assert _through_the_headers(private)["Cache-Control"] == "private, max-age=60"


def test_a_repeated_page_is_served_from_the_cache_without_queries(
    demo, client, django_assert_num_queries
):
    first = get(client)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert directives(second) == directives(first)


@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br, zstd"])
def test_an_unchanged_page_answers_a_conditional_request_with_304(
    demo, client, django_assert_num_queries, encoding
):
    etag = get(client, headers={"accept-encoding": encoding})["ETag"]
    with django_assert_num_queries(0):
        response = get(client, headers={"if-none-match": etag, "accept-encoding": encoding})
    assert response.status_code == 304
    assert response.content == b""
    assert directives(response) == set(PUBLIC.split(", "))


def test_posts_are_never_served_from_the_cache(demo, client):
    get(client)
    assert "X-Page-Cache" not in client.post(PAGE)


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


def _cache_entry_count():
    backend = cache._cache  # the local-memory dict, or Django's Redis client
    if isinstance(backend, dict):
        return len(backend)
    return backend.get_client(write=True).dbsize()


def test_every_encoding_a_client_lists_shares_one_of_two_stored_variants(demo, client):
    plain = get(client)
    entries = _cache_entry_count()
    zipped = get(client, headers={"accept-encoding": "gzip"})
    assert zipped["X-Page-Cache"] == "miss"
    assert _cache_entry_count() == entries + 1  # the gzip variant
    for listed in ("gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1", "GZIP", "x-made-up-1"):
        response = get(client, headers={"accept-encoding": listed})
        assert response["X-Page-Cache"] == "hit", listed
        assert response["Vary"] == "Accept-Encoding"
    assert _cache_entry_count() == entries + 1
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Content-Encoding" not in plain


def test_a_head_request_is_answered_from_the_cache(demo, client):
    body = get(client).content
    response = client.head(PAGE)
    assert response["X-Page-Cache"] == "hit"
    assert int(response["Content-Length"]) == len(body)


def test_a_flood_of_queries_and_made_up_pages_adds_no_cache_entries(demo, client):
    def made_up(n):
        return (
            f"/frameworks/?utm_source={n}",
            f"/frameworks/?q=search-{n}",
            f"/frameworks/?page={n + 50}",
            f"/compare/?sort=n-{n}",
            f"/frameworks/made-up-{n}/",
        )

    for url in ("/frameworks/", "/compare/", *made_up(-1)):
        get(client, url)  # the pages, and the site-wide figures their footers show
    entries = _cache_entry_count()
    statuses = set()
    for n in range(100):
        for url in made_up(n):
            statuses.add(get(client, url).status_code)
    added = _cache_entry_count() - entries
    print(f"\n500 requests with made-up queries and paths added {added} cache entries")
    assert added == 0
    assert statuses <= {200, 404}


def test_the_same_view_gets_the_same_query_whether_the_cache_is_on_or_off(demo, client, settings):
    content = get(client, "/frameworks/?utm_source=mail&sort=name").content
    settings.PAGE_CACHE_SECONDS = 0
    assert Client().get("/frameworks/?utm_source=mail&sort=name").content == content


def test_with_the_https_redirect_on_only_https_pages_are_cached(demo, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    redirected = client.get(PAGE)
    assert redirected.status_code == 301
    assert "X-Page-Cache" not in redirected
    assert client.get(PAGE, secure=True)["X-Page-Cache"] == "miss"
    hit = client.get(PAGE, secure=True)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Strict-Transport-Security"].startswith("max-age=")


def test_static_files_keep_whitenoise_s_own_cache_headers(db, settings):
    settings.WHITENOISE_USE_FINDERS = True  # as after collectstatic, without running it
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
