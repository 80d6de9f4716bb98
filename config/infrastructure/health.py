"""``/healthz`` for load balancers: the state of each dependency the site needs."""

import threading

from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .cache_backend import cache_status

# /healthz answers within about this long, whatever the database does.
DATABASE_TIMEOUT_SECONDS = 0.8


class _DatabaseProbe:
    """One ``SELECT 1`` on its own thread and connection, so a caller can stop waiting."""

    def __init__(self):
        self.answered = threading.Event()
        self.ok = False
        self.thread = threading.Thread(target=self._run, name="healthz-database", daemon=True)
        self.thread.start()

    def _run(self):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            self.ok = True
        except DatabaseError:
            pass
        finally:
            connection.close()  # this thread's own connection
            self.answered.set()


_probe = None
_probe_lock = threading.Lock()


def database_status(timeout=DATABASE_TIMEOUT_SECONDS):
    """“ok”, or “down” when the database does not answer within ``timeout`` seconds.

    A probe still waiting on a frozen database is waited on again rather than joined by
    another: however long the outage, it holds one thread.
    """
    global _probe
    with _probe_lock:
        if _probe is None or _probe.answered.is_set():
            _probe = _DatabaseProbe()
        probe = _probe
    return "ok" if probe.answered.wait(timeout) and probe.ok else "down"


@never_cache
@require_safe
def healthz(request):
    """For load balancers (GET or HEAD): each dependency's state.

    503 only when the site cannot serve (the database does not answer within a second);
    without the cache, or with a slow one, the site is slower but works: 200 ``degraded``.
    """
    checks = {"database": database_status(), "cache": cache_status()}
    if checks["database"] != "ok":
        status, code = "unavailable", 503
    elif checks["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)
