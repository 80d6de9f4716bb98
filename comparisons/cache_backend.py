"""A Redis cache that fails open: it speeds the site up and is never needed for it to work.

``FailOpenRedisCache`` is Django's own ``RedisCache`` with every operation guarded. The
client has short socket timeouts (``OPTIONS`` in settings), so a Redis that is down, or
that accepts connections and never answers, costs one request a fraction of a second; after
that failure the cache is skipped altogether for ``RETRY_SECONDS`` (reads miss, writes are
dropped), then one call tries again. The warning is logged once per outage and then at most
once per ``WARNING_SECONDS``, never per request.

When an outage ends, the hooks registered with ``on_reconnect`` run before anything is read
from the cache again: that is where the site discards what the outage may have made stale
(an editor's save that could not bump the content version, for one).
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("comparisons.cache")

_reconnect_hooks = []


def on_reconnect(hook):
    """Call ``hook()`` each time this process reaches the cache again after failing to."""
    _reconnect_hooks.append(hook)
    return hook


class _Circuit:
    """What one process knows about one cache server, shared by its threads."""

    def __init__(self):
        self.lock = threading.RLock()
        self.skip_until = 0.0  # time.monotonic(); until then every call is skipped
        self.outage = False  # a failure seen, and the reconnect hooks not yet run
        self.reconnecting = None  # the thread running the hooks (its calls go through)
        self.warned_at = None
        self.failures = 0


_circuits = {}
_circuits_lock = threading.Lock()


def _circuit_for(location):
    with _circuits_lock:
        return _circuits.setdefault(location, _Circuit())


class FailOpenRedisCache(RedisCache):
    RETRY_SECONDS = 5.0
    WARNING_SECONDS = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_seconds = float(params.get("RETRY_SECONDS", self.RETRY_SECONDS))
        self.warning_seconds = float(params.get("WARNING_SECONDS", self.WARNING_SECONDS))
        self.server_key = tuple(self._servers)
        self._scripts = {}
        self._circuit = _circuit_for(self.server_key)

    @property
    def is_down(self):
        """True while this process skips the cache after a failure."""
        return self._circuit.outage

    def ping(self):
        """Reach the server now (bounded by the socket timeouts), whatever the circuit says."""
        circuit = self._circuit
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._failed(error)
            return False
        if circuit.outage:
            with circuit.lock:
                circuit.skip_until = 0.0
            return self._guarded(lambda: True, False)
        return True

    # Announced values: an integer key whose every change is published on its channel in
    # the same step (one script), so a process can keep the value and skip reading it.
    # Announcements on one channel come in the order the changes were made.
    _INCREMENT_AND_ANNOUNCE = """
        -- Values travel as strings: Lua's numbers are doubles, which round a clock in ns.
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('INCR', KEYS[1])
        else
          redis.call('SET', KEYS[1], ARGV[2])
        end
        local value = redis.call('GET', KEYS[1])
        redis.call('PUBLISH', ARGV[1], value)
        return value
    """
    _SET_AND_ANNOUNCE = """
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('PUBLISH', ARGV[1], ARGV[2])
        return ARGV[2]
    """

    def channel_for(self, key):
        """The channel that announces ``key``: one per database, as channels span them."""
        pool = self._cache.get_client(write=True).connection_pool
        return f"{self.make_and_validate_key(key)}@{pool.connection_kwargs.get('db', 0)}"

    def increment_and_announce(self, key, initial):
        """Add one to ``key`` (set it to ``initial`` if it is missing), announce it, return it.

        None when the cache cannot be reached.
        """
        return self._announce(self._INCREMENT_AND_ANNOUNCE, key, initial)

    def set_and_announce(self, key, value):
        return self._announce(self._SET_AND_ANNOUNCE, key, value)

    def _announce(self, script, key, value):
        def run():
            client = self._cache.get_client(write=True)
            if script not in self._scripts:
                self._scripts[script] = client.register_script(script)
            keys, args = [self.make_and_validate_key(key)], [self.channel_for(key), int(value)]
            return int(self._scripts[script](keys, args, client=client))

        return self._guarded(run, None)

    def subscribe(self, channel):
        """A pub/sub connection subscribed to ``channel``; its failures are the caller's."""
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(channel)
        return pubsub

    def record_failure(self, error):
        """A failure seen outside the guarded calls (a subscription): the cache is down."""
        self._failed(error)

    def _guarded(self, operation, fallback):
        circuit = self._circuit
        me = threading.get_ident()
        if circuit.outage and circuit.reconnecting != me:
            if time.monotonic() < circuit.skip_until:
                return fallback
            with circuit.lock:  # one thread reconnects; the others wait for it, briefly
                if circuit.outage and circuit.reconnecting is None:
                    if time.monotonic() < circuit.skip_until:
                        return fallback
                    if not self._reconnect():
                        return fallback
        try:
            return operation()
        except RedisError as error:
            self._failed(error)
            return fallback

    def _reconnect(self):
        circuit = self._circuit
        circuit.reconnecting = threading.get_ident()
        try:
            self._cache.get_client(write=True).ping()
            for hook in _reconnect_hooks:
                hook()
                if time.monotonic() < circuit.skip_until:
                    return False  # the hook's own cache call failed: still down
        except RedisError as error:
            self._failed(error)
            return False
        finally:
            circuit.reconnecting = None
        logger.warning(
            "Cache at %s reachable again after %d failed call(s).",
            self._location,
            circuit.failures,
        )
        circuit.outage = False
        circuit.failures = 0
        circuit.warned_at = None
        return True

    def _failed(self, error):
        circuit = self._circuit
        with circuit.lock:
            now = time.monotonic()
            circuit.outage = True
            circuit.failures += 1
            circuit.skip_until = now + self.retry_seconds
            if circuit.warned_at is None or now - circuit.warned_at >= self.warning_seconds:
                circuit.warned_at = now
                logger.warning(
                    "Cache at %s unreachable (%s: %s): serving pages without it, "
                    "retrying every %g s.",
                    self._location,
                    type(error).__name__,
                    error,
                    self.retry_seconds,
                )

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
    """``"ok"`` or ``"down"``: can this process use the cache right now."""
    backend = caches[alias]
    if isinstance(backend, FailOpenRedisCache):
        return "ok" if backend.ping() else "down"
    try:  # an in-process cache (local memory) cannot be down
        backend.get("comparisons:healthz")
    except Exception:  # any failure of another backend means it is down
        logger.warning("Cache %r failed its health check.", alias, exc_info=True)
        return "down"
    return "ok"
