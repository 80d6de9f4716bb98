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
"""

import time

from django.core.cache import cache
from django.db import models, transaction

from .cache_backend import on_reconnect

VERSION_KEY = "comparisons:content-version"


def content_version() -> int | None:
    """The current version, or None when the cache cannot be reached."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Any fresh number works: pages cached under a lost version are simply unused.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


@on_reconnect
def renew_content_version():
    """After an outage: a version no page was cached under, whatever writes were missed."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the version was evicted or never set
        cache.add(VERSION_KEY, time.time_ns(), None)


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
