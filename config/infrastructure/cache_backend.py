"""A Redis cache that fails open: it speeds the site up and is never needed for it to work.

``FailOpenRedisCache`` is Django's own ``RedisCache`` with every operation guarded. The
client has short socket timeouts (``OPTIONS`` in settings), so a Redis that is down, hung
or slower than the timeout costs one call that fraction of a second; after that failure
the cache is skipped in this process for ``RETRY_SECONDS`` (reads miss, writes are
dropped), then one call tries again. The warning is logged once per outage and then at
most once per ``WARNING_SECONDS``, never per request.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("comparisons.cache")

# A cache answering more slowly than this is reported "slow" by /healthz.
SLOW_SECONDS = 0.02


class _Circuit:
    """What one process knows about one cache server, shared by its threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.skip_until = float("-inf")  # time.monotonic(); until then every call is skipped
        self.failures = 0
        self.warned_at = None


_circuits = {}
_circuits_lock = threading.Lock()


class FailOpenRedisCache(RedisCache):
    RETRY_SECONDS = 5.0
    WARNING_SECONDS = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_seconds = float(params.get("RETRY_SECONDS", self.RETRY_SECONDS))
        self.warning_seconds = float(params.get("WARNING_SECONDS", self.WARNING_SECONDS))
        with _circuits_lock:
            self._circuit = _circuits.setdefault(tuple(self._servers), _Circuit())

    @property
    def is_down(self):
        """True while this process skips the cache after a failure."""
        return time.monotonic() < self._circuit.skip_until

    def ping(self):
        """Seconds one round trip took now (bounded by the socket timeout), or None."""
        started = time.monotonic()
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._failed(error)
            return None
        self._recovered()
        return time.monotonic() - started

    def _guarded(self, operation, fallback):
        if self.is_down:
            return fallback
        try:
            result = operation()
        except RedisError as error:
            self._failed(error)
            return fallback
        if self._circuit.failures:
            self._recovered()
        return result

    def _failed(self, error):
        circuit = self._circuit
        with circuit.lock:
            now = time.monotonic()
            circuit.failures += 1
            circuit.skip_until = now + self.retry_seconds
            if circuit.warned_at is None or now - circuit.warned_at >= self.warning_seconds:
                circuit.warned_at = now
                logger.warning(
                    "Cache at %s failed (%s: %s): serving pages without it, retrying every %g s.",
                    self._location,
                    type(error).__name__,
                    error,
                    self.retry_seconds,
                )

    def _recovered(self):
        circuit = self._circuit
        with circuit.lock:
            if circuit.failures:
                logger.warning(
                    "Cache at %s reachable again after %d failed call(s).",
                    self._location,
                    circuit.failures,
                )
            circuit.failures, circuit.warned_at = 0, None
            circuit.skip_until = float("-inf")

    @property
    def _location(self):
        return ",".join(server.rsplit("@", 1)[-1] for server in self._servers)

    # Every operation, guarded: on failure a read misses and a write is dropped.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: RedisCache.add(self, key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        return self._guarded(lambda: RedisCache.get(self, key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guarded(lambda: RedisCache.delete(self, key, version), False)

    def get_many(self, keys, version=None):
        return self._guarded(lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded(lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key, delta=1, version=None):
        # Down, there is nothing to increment: None, where a missing key raises ValueError.
        return self._guarded(lambda: RedisCache.incr(self, key, delta, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = list(data)
        return self._guarded(lambda: RedisCache.set_many(self, data, timeout, version), failed)

    def delete_many(self, keys, version=None):
        return self._guarded(lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self):
        return self._guarded(lambda: RedisCache.clear(self), False)


def cache_status(alias="default"):
    """``"ok"``, ``"slow"`` (slower than ``SLOW_SECONDS``) or ``"down"``."""
    backend = caches[alias]
    if isinstance(backend, FailOpenRedisCache):
        seconds = backend.ping()
        if seconds is None:
            return "down"
        return "slow" if seconds > SLOW_SECONDS else "ok"
    try:  # an in-process cache (local memory) cannot be down
        backend.get("comparisons:healthz")
    except Exception:  # any failure of another backend means it is down
        logger.warning("Cache %r failed its health check.", alias, exc_info=True)
        return "down"
    return "ok"
