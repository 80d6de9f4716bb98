"""Whole-page caching of the public site, served from the outermost middleware layer.

A cached page is stored as bytes and headers (the security and CSP headers and the ETag
included, since every inner layer has run when it is stored), in two encodings, identity
and gzip: a hit builds one response from stored bytes, compresses nothing and runs no
other middleware, view or query. Each process keeps a copy of the pages it serves, keyed
by the content version, so with Redis a hit costs one small read (the version), not the
page body. The key holds the page, its normalised query (``page_keys``) and the version;
the encoding is chosen per request from the same entry (``Vary: Accept-Encoding``).
"""

import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from .cache import content_version
from .page_keys import MAX_STORED_QUERY, normalise_request

_SKIPPED_PREFIXES = ("/admin/", "/healthz", "/static/")
_CACHE_CONTROL_OPT_OUTS = ("private", "no-store", "no-cache")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml")
# Headers that differ between the identity and the gzip variant: set per response.
_PER_VARIANT = frozenset({"content-length", "content-encoding", "etag", "vary", "x-page-cache"})
_MIN_COMPRESSED_LENGTH = 200  # as GZipMiddleware: below this gzip only adds bytes


@dataclass(frozen=True, slots=True)
class Page:
    """A stored page: what a hit sends, in both encodings."""

    status: int
    headers: tuple  # (name, value) pairs other than _PER_VARIANT
    body: bytes
    gzipped: bytes | None
    etag: str  # the opaque tag, quoted, of the identity body
    fresh_until: float

    @property
    def size(self):
        return len(self.body) + len(self.gzipped or b"")


class LocalPages:
    """This process's copies of the pages of one content version, least recently used out."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version = None
        self._pages = OrderedDict()
        self._bytes = 0

    def get(self, version, key):
        with self._lock:
            if version != self._version:
                return None
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, version, key, page):
        if page.size > self.max_bytes // 8:
            return  # one huge export must not push out every page
        with self._lock:
            if version != self._version:  # an edit: every copy is of an old version
                self._version, self._pages, self._bytes = version, OrderedDict(), 0
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._pages[key] = page
            self._bytes += page.size
            while self._bytes > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= evicted.size


class PublicPageCacheMiddleware:
    """Serve public GETs from the cache; a hit runs no view, no query, no other middleware.

    A page is stored under the content version it was rendered under, so any edit (which
    changes the version) makes every cached page stale on every process at once. A page
    stays fresh for ``PAGE_CACHE_SECONDS``; after that one request re-renders it while the
    others keep getting the stale copy, and when no copy exists at all the others wait
    briefly for the one that renders it: a popular page that expires is rendered once.
    When the cache cannot be reached there is no version: pages are rendered, not stored.
    """

    LOCK_SECONDS = 30
    WAIT_SECONDS = 2.0
    POLL_SECONDS = 0.05

    def __init__(self, get_response):
        self.get_response = get_response
        self.fresh_seconds = settings.PAGE_CACHE_SECONDS
        self.keep_seconds = max(self.fresh_seconds * 24, 3600)
        self.local = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        if not self.fresh_seconds or not self._cacheable_request(request):
            return self.get_response(request)
        query = normalise_request(request)
        if query is None:  # no page here: the 404 is not cached
            return self.get_response(request)
        version = content_version()
        if version is None or len(query) > MAX_STORED_QUERY:
            return _labelled(self.get_response(request), "bypass")
        key = self.page_key(request, query)
        page = self.local.get(version, key)
        now = time.time()
        if page is None or page.fresh_until <= now:
            shared = cache.get(self.shared_key(version, key))
            if shared is not None:
                page = shared
                self.local.put(version, key, page)
        lock = f"{self.shared_key(version, key)}:lock"
        if page is not None:
            if now < page.fresh_until or not cache.add(lock, 1, self.LOCK_SECONDS):
                return serve(request, page, "hit")
        elif not cache.add(lock, 1, self.LOCK_SECONDS):
            waited = self._wait_for(self.shared_key(version, key))
            if waited is not None:
                return serve(request, waited, "hit")
            # The renderer is slow or gone: render too rather than fail.
        try:
            response = self.get_response(request)
            if not self._cacheable_response(response):
                return response
            page = self.page_from(response)
            cache.set(self.shared_key(version, key), page, self.keep_seconds)
            self.local.put(version, key, page)
        finally:
            cache.delete(lock)
        return serve(request, page, "miss")

    @staticmethod
    def page_key(request, query):
        # The scheme and host too: pages hold absolute links (canonical, Open Graph).
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        return hashlib.sha256(url.encode()).hexdigest()

    @staticmethod
    def shared_key(version, key):
        return f"page:{version}:{key}"

    def _cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(_SKIPPED_PREFIXES)
            and "HTTP_AUTHORIZATION" not in request.META
            # Plain HTTP is only ever redirected (SecurityMiddleware): nothing to look up.
            and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        )

    def _cacheable_response(self, response):
        cache_control = response.get("Cache-Control", "")
        vary = {token.strip().lower() for token in response.get("Vary", "").split(",")}
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(opt_out in cache_control for opt_out in _CACHE_CONTROL_OPT_OUTS)
            # Pages that differ by anything but the encoding are not the same for everyone.
            and vary <= {"", "accept-encoding"}
        )

    def page_from(self, response):
        """The ``Page`` stored for a cacheable response: body plain and gzipped, headers, ETag."""
        patch_cache_control(response, public=True, no_cache=True)
        if response.get("Content-Encoding") == "gzip":  # GZipMiddleware, for this client
            gzipped = response.content
            body = gzip.decompress(gzipped)
        elif response.has_header("Content-Encoding"):
            body, gzipped = response.content, None  # another encoding: sent as it is
        else:
            body = response.content
            gzipped = _compressed(body, response.get("Content-Type", ""))
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in _PER_VARIANT
        )
        if response.has_header("Content-Encoding") and gzipped is None:
            headers += (("Content-Encoding", response["Content-Encoding"]),)
        return Page(
            status=response.status_code,
            headers=headers,
            body=body,
            gzipped=gzipped,
            etag=f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
            fresh_until=time.time() + self.fresh_seconds,
        )

    def _wait_for(self, shared_key):
        deadline = time.monotonic() + self.WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(self.POLL_SECONDS)
            page = cache.get(shared_key)
            if page is not None:
                return page
        return None


def _compressed(body, content_type):
    if len(body) < _MIN_COMPRESSED_LENGTH or not content_type.startswith(_COMPRESSIBLE):
        return None
    gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    return gzipped if len(gzipped) < len(body) else None


def _labelled(response, outcome):
    response["X-Page-Cache"] = outcome
    return response


def _not_modified(request, etag):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if not if_none_match:
        return False
    tags = parse_etags(if_none_match)
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def serve(request, page, outcome):
    """The response for a stored page: 304, or the body in the encoding the client takes."""
    gzipped = page.gzipped is not None and _ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    )
    # Each encoding is its own representation: the gzip one has the weak form of the tag.
    etag = f"W/{page.etag}" if gzipped else page.etag
    if _not_modified(request, page.etag):
        response = HttpResponse(status=304)
        for name, value in page.headers:
            if name.lower() in ("cache-control", "content-location", "expires", "last-modified"):
                response[name] = value
        response.headers.pop("Content-Type", None)
    else:
        response = HttpResponse(page.gzipped if gzipped else page.body, status=page.status)
        response.headers.pop("Content-Type", None)
        for name, value in page.headers:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        if gzipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    if page.gzipped is not None:
        response["Vary"] = "Accept-Encoding"
    response["X-Page-Cache"] = outcome
    return response
