"""The content revision: one row whose number every committed write to the comparison data
changes, so that cached pages, stored under the number they were rendered at
(``config/infrastructure/http_cache.py``), go stale. It lives in the database so that no
cache outage or worker restart can lose a change.

A write to the comparison data changes ``ContentRevision.number`` once its transaction
commits, and the writing process adopts the new number at once. Every other process
reads the number from the database at most every ``CONTENT_REVISION_SECONDS`` (a setting;
one small query), so it serves pages cached under the old number for at most that long;
nothing depends on the cache being up when the write happens. Writes reach
``content_changed`` through the model signals (``apps.py``) and through ``ContentQuerySet``
for the bulk operations that send none (``update``, ``bulk_create``, ``bulk_update``).

When the database does not answer, the last number read stays in use: no write can
happen then, so the pages cached under it are still right.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import DatabaseError, models, transaction


class ContentRevision(models.Model):
    number = models.BigIntegerField(
        default=0, help_text="Changed by the site after every write; never edited by hand."
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="content_revision_single_row")
        ]

    def __str__(self):
        return f"Content revision {self.number}"


logger = logging.getLogger("comparisons.cache")


class _Revision:
    """This process's copy of the number, and when it was last read."""

    def __init__(self):
        self.lock = threading.Lock()
        self.number = None
        self.read_at = float("-inf")
        self.pid = os.getpid()


_revision = _Revision()


def content_revision():
    """The current revision, or None before the database has ever answered."""
    revision = _revision
    if revision.pid != os.getpid():  # a forked worker: its parent's copy may be old
        revision.pid, revision.read_at = os.getpid(), float("-inf")
    if time.monotonic() - revision.read_at < settings.CONTENT_REVISION_SECONDS:
        return revision.number
    # One thread reads; the others keep the number they have rather than queue behind a
    # database that may not answer at all.
    if not revision.lock.acquire(blocking=False):
        return revision.number
    try:
        revision.number = _read_number()
    except DatabaseError as error:
        logger.warning("Content revision unreadable (%s): using the last one read.", error)
    finally:
        revision.read_at = time.monotonic()
        revision.lock.release()
    return revision.number


def _read_number():
    return ContentRevision.objects.values_list("number", flat=True).first() or 0


def bump_content_revision():
    """Change the number now, and adopt it in this process (read your writes)."""
    number = time.time_ns()  # never a number used before, whatever was lost
    if not ContentRevision.objects.filter(pk=1).update(number=number):
        ContentRevision.objects.update_or_create(pk=1, defaults={"number": number})
    _revision.number, _revision.read_at = number, time.monotonic()


def content_changed(using=None):
    """Change the revision once the write is committed: once per transaction, not per row.

    Until the commit, other requests read the data as it was, so pages cached under the
    current number stay right; any page rendered from the old data was stored under it.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block or _commit_never_comes(connection):
        bump_content_revision()  # autocommit: the write is committed already
        return
    if any(callback is bump_content_revision for _, callback, _ in connection.run_on_commit):
        return
    connection.on_commit(bump_content_revision)


def _commit_never_comes(connection):
    # Inside a test case's transaction (rolled back at the end), a commit never comes and
    # on-commit callbacks never run: bump at once there, as autocommit would.
    blocks = getattr(connection, "atomic_blocks", [])
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


class ContentQuerySet(models.QuerySet):
    """QuerySet of comparison data whose bulk writes also change the content revision."""

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
