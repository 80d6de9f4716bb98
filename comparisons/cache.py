"""The content version: one number that every write to the comparison data changes.

Public pages are cached under the version current when they were rendered (see
``middleware.PublicPageCacheMiddleware``), so a write makes every cached page stale
at once, on every process that shares the cache. Writes reach ``content_changed``
through the model signals below and through ``ContentQuerySet`` for the bulk
operations that send no signals (``update``, ``bulk_create``, ``bulk_update``).

The cache may be down (see ``cache_backend``): then there is no version, pages are
rendered and not stored, and a write cannot bump anything. Writes still succeed: when a
process reaches the cache again it replaces the version with a fresh one before reading
any page, so pages cached before the outage (which a write during it made stale) are
never served again. A fresh version is the clock in nanoseconds, far above any number
reached by increments: a lost or restarted cache can never bring back an old version.

With Redis, reading the version would cost every page-cache hit a round trip to Redis, so
each process keeps it (``VersionWatcher``): every change of the version is announced on a
pub/sub channel in the same step as the change, and a thread in each process takes the
announcements in order. A process uses its copy only while that thread hears from Redis
(a ping every ``PING_SECONDS``); otherwise it reads the version per request, as it does
with the local-memory cache. The process that bumps waits until its own thread has heard
the bump, so an editor's next page already shows the edit; other processes hear it within
a loopback message's time.
"""

import collections
import logging
import os
import threading
import time

from django.core.cache import cache, caches
from django.db import models, transaction
from redis.exceptions import RedisError

from .cache_backend import FailOpenRedisCache, on_reconnect

VERSION_KEY = "comparisons:content-version"

logger = logging.getLogger("comparisons.cache")


def content_version() -> int | None:
    """The current version, or None when the cache cannot be reached."""
    backend = caches["default"]
    if isinstance(backend, FailOpenRedisCache) and not backend.is_down:
        version = watcher_for(backend).version()
        if version is not None:
            return version
    return read_content_version()


def read_content_version() -> int | None:
    """The version as the cache holds it now (one read, two when it is missing)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Any fresh number works: pages cached under a lost version are simply unused.
        backend = caches["default"]
        if isinstance(backend, FailOpenRedisCache):
            return _announced(backend, backend.increment_and_announce(VERSION_KEY, time.time_ns()))
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


@on_reconnect
def renew_content_version():
    """After an outage: a version no page was cached under, whatever writes were missed."""
    backend = caches["default"]
    if isinstance(backend, FailOpenRedisCache):
        backend.set_and_announce(VERSION_KEY, time.time_ns())
    else:
        cache.set(VERSION_KEY, time.time_ns(), None)


def bump_content_version():
    backend = caches["default"]
    if isinstance(backend, FailOpenRedisCache):
        _announced(backend, backend.increment_and_announce(VERSION_KEY, time.time_ns()))
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the version was evicted or never set
        cache.add(VERSION_KEY, time.time_ns(), None)


def _announced(backend, version):
    """Wait (briefly) until this process's watcher has heard ``version``: read your writes."""
    if version is not None:
        watcher_for(backend).wait_to_hear(version)
    return version


class VersionWatcher:
    """This process's copy of the content version, kept by a thread subscribed to it."""

    PING_SECONDS = 0.5
    # Longer than this without a word from Redis, and the copy is not used.
    TRUST_SECONDS = 1.5
    # Unasked for this long (a test's private Redis that is gone), the thread ends.
    IDLE_SECONDS = 60.0
    HEAR_SECONDS = 0.25

    def __init__(self, backend):
        self.backend = backend
        self.channel = backend.channel_for(VERSION_KEY)
        self._changed = threading.Condition()
        self._version = None
        self._heard = collections.deque(maxlen=64)  # the versions announced, latest last
        self._heard_at = float("-inf")
        self._asked_at = time.monotonic()
        self._thread = None
        self._pid = None

    def version(self):
        """The version, or None while the thread is not (or no longer) hearing from Redis."""
        now = time.monotonic()
        self._asked_at = now
        if self._pid != os.getpid() or not self._thread.is_alive():
            self._start()
            return None
        if now - self._heard_at > self.TRUST_SECONDS:
            return None
        return self._version

    def wait_to_hear(self, version):
        if threading.current_thread() is self._thread:
            return  # the thread itself, reading the version: nobody else would hear it
        with self._changed:
            alive = self._pid == os.getpid() and self._thread.is_alive()
            if alive and self._changed.wait_for(lambda: version in self._heard, self.HEAR_SECONDS):
                return
            # Not heard in time: read the version per request until the thread hears again.
            self._heard_at = float("-inf")

    def _start(self):
        with self._changed:
            if self._pid == os.getpid() and self._thread.is_alive():
                return
            self._pid, self._version, self._heard_at = os.getpid(), None, float("-inf")
            self._thread = threading.Thread(
                target=self._run, name="content-version-watcher", daemon=True
            )
            self._thread.start()

    def _run(self):
        while time.monotonic() - self._asked_at < self.IDLE_SECONDS:
            try:
                self._listen()
            except RedisError as error:
                if not self.backend.is_down:  # the first sign of an outage in this process
                    self.backend.record_failure(error)
            except Exception:  # never let the thread die: the site would read per request
                logger.exception("The content version watcher failed; it starts again.")
            with self._changed:  # what it knew may be out of date by the time it hears again
                self._version, self._heard_at = None, float("-inf")
            time.sleep(self.PING_SECONDS)

    def _listen(self):
        if self.backend.is_down:
            return  # requests reconnect (and renew the version first); then listen again
        pubsub = self.backend.subscribe(self.channel)
        try:
            if pubsub.get_message(timeout=self.TRUST_SECONDS) is None:
                return  # no confirmation of the subscription: a hung server; try again
            # Read after subscribing: no announcement can fall between the two.
            version = read_content_version()
            if version is None:
                return  # the read failed: the cache is down after all
            self._adopt(version)
            pinged_at = time.monotonic()
            while time.monotonic() - self._asked_at < self.IDLE_SECONDS:
                message = pubsub.get_message(timeout=self.PING_SECONDS)
                now = time.monotonic()
                if message is not None:
                    if message["type"] == "message":
                        self._adopt(int(message["data"]))
                    else:
                        self._heard_at = now
                elif now - self._heard_at > self.TRUST_SECONDS:
                    return  # no answer to the pings: a hung server; subscribe again
                if now - pinged_at >= self.PING_SECONDS:
                    pubsub.ping()
                    pinged_at = now
        finally:
            pubsub.close()

    def _adopt(self, version):
        if version is None:
            return
        with self._changed:
            self._version = version
            self._heard.append(version)
            self._heard_at = time.monotonic()
            self._changed.notify_all()


_watchers = {}
_watchers_lock = threading.Lock()


def watcher_for(backend):
    """The process's watcher of the cache ``backend`` (one per server and key prefix)."""
    watcher = getattr(backend, "version_watcher", None)
    if watcher is None:  # each thread has its own backend object; they share the watcher
        key = (backend.server_key, backend.key_prefix, backend.version)
        with _watchers_lock:
            if key not in _watchers:
                _watchers[key] = VersionWatcher(backend)
            watcher = backend.version_watcher = _watchers[key]
    return watcher


def _bump_on_commit():
    bump_content_version()


def content_changed(using=None):
    """Change the version once the write is committed: once per transaction, not per row.

    Until the transaction commits, other requests read the data as it was, so the pages
    cached under the current version stay right; the bump at commit retires them, and
    any page rendered from the old data (before the commit) was stored under the old
    version. A save that also writes history, change-log entries and inlines is one bump.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block or _commit_never_comes(connection):
        bump_content_version()  # autocommit: the write is committed already
        return
    if any(callback is _bump_on_commit for _, callback, _ in connection.run_on_commit):
        return
    connection.on_commit(_bump_on_commit)


def _commit_never_comes(connection):
    # Inside a test case's transaction (rolled back at the end), a commit never comes and
    # on-commit callbacks never run: bump at once there, as autocommit would.
    blocks = getattr(connection, "atomic_blocks", [])
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


class ContentQuerySet(models.QuerySet):
    """QuerySet of comparison data whose bulk writes also change the content version."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            content_changed(self.db)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            content_changed(self.db)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            content_changed(self.db)
        return rows


def on_content_saved_or_deleted(sender, using=None, **kwargs):
    # Connected for each content model in apps.py; loaddata's raw saves count too.
    content_changed(using)
