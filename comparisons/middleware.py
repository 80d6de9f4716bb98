"""Whole-page caching of the public site, keyed by URL and the content version."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, set_response_etag

from .cache import content_version

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
    """

    LOCK_SECONDS = 30
    WAIT_SECONDS = 2.0
    POLL_SECONDS = 0.05

    def __init__(self, get_response):
        self.get_response = get_response
        self.fresh_seconds = settings.PAGE_CACHE_SECONDS
        self.keep_seconds = max(self.fresh_seconds * 24, 3600)

    def __call__(self, request):
        if not self.fresh_seconds or not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        lock = f"{key}:lock"
        entry = cache.get(key)
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

    def _key(self, request):
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page:{content_version()}:{digest}"

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
