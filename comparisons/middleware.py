"""Whole-page caching of the public site, keyed by page, normalised query and content version."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, set_response_etag

from .cache import VERSION_KEY, content_version
from .page_keys import MAX_STORED_QUERY, normalise_request

_SKIPPED_PREFIXES = ("/admin/", "/healthz", "/static/")
_CACHE_CONTROL_OPT_OUTS = ("private", "no-store", "no-cache")


class PublicPageCacheMiddleware:
    """Serve public GETs from the shared cache; a hit runs no view and no query.

    A page is stored with the content version it was rendered under, so any edit
    (which bumps the version) makes every cached page stale on every process at
    once. A page stays fresh for ``PAGE_CACHE_SECONDS``; after that one request
    re-renders it while the others keep getting the stale copy, and when no copy
    exists at all the others wait briefly for the one that renders it: a popular
    page that expires is rendered once, not by every request at the same moment.

    The key holds only the query parameters the page reads (``page_keys``). When the
    cache cannot be reached there is no content version: pages are rendered, not stored.
    """

    LOCK_SECONDS = 30
    WAIT_SECONDS = 2.0
    POLL_SECONDS = 0.05

    def __init__(self, get_response):
        self.get_response = get_response
        self._version_seen = None  # per process: a guess that saves a cache round trip
        self.fresh_seconds = settings.PAGE_CACHE_SECONDS
        self.keep_seconds = max(self.fresh_seconds * 24, 3600)

    def __call__(self, request):
        if not self.fresh_seconds or not self._cacheable_request(request):
            return self.get_response(request)
        query = normalise_request(request)
        if query is None:  # no page here: the 404 is not cached
            return self.get_response(request)
        version, entry = self._lookup(request)
        if version is None or len(query) > MAX_STORED_QUERY:
            return self._served(self.get_response(request), "bypass")
        key = self._key(request, version)
        lock = f"{key}:lock"
        if entry is not None:
            response, fresh_until = entry
            if time.time() < fresh_until or not cache.add(lock, 1, self.LOCK_SECONDS):
                return self._served(response, "hit")
        elif not cache.add(lock, 1, self.LOCK_SECONDS):
            waited = self._wait_for(key)
            if waited is not None:
                return self._served(waited[0], "hit")
            # The renderer is slow or gone: render too rather than fail.
        try:
            response = self.get_response(request)
            if self._cacheable_response(response):
                patch_cache_control(response, public=True, no_cache=True)
                set_response_etag(response)
                cache.set(key, (response, time.time() + self.fresh_seconds), self.keep_seconds)
                response["X-Page-Cache"] = "miss"
        finally:
            cache.delete(lock)
        return response

    def _lookup(self, request):
        """The content version and the cached entry, in one cache round trip when it can.

        A shared cache (Redis) is a network hop away: fetch the version and the page
        stored under the version this process saw last together, and only if the
        version has moved on fetch the page again under the new one.
        """
        guess = self._version_seen
        if guess is not None:
            guessed_key = self._key(request, guess)
            found = cache.get_many([VERSION_KEY, guessed_key])
            version = found.get(VERSION_KEY)
            if version == guess:
                return version, found.get(guessed_key)
        version = content_version()
        self._version_seen = version
        if version is None:
            return None, None
        return version, cache.get(self._key(request, version))

    def _key(self, request, version=None):
        # The scheme and host too: pages hold absolute links (canonical, Open Graph). The
        # query is the normalised one (sorted), which normalise_request leaves on the request.
        query = getattr(request, "page_cache_query", None)
        if query is None:
            query = request.META.get("QUERY_STRING", "")
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        version = content_version() if version is None else version
        return f"page:{version}:{digest}"

    def _cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(_SKIPPED_PREFIXES)
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def _cacheable_response(self, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(opt_out in cache_control for opt_out in _CACHE_CONTROL_OPT_OUTS)
        )

    def _wait_for(self, key):
        deadline = time.monotonic() + self.WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(self.POLL_SECONDS)
            entry = cache.get(key)
            if entry is not None:
                return entry
        return None

    def _served(self, response, outcome):
        response["X-Page-Cache"] = outcome
        return response
