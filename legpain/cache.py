"""A Redis cache that the site can live without.

Redis holds nothing that cannot be rebuilt: rendered pages, the mirrored content version,
rate-limit counters. So a Redis error must never become a 500 or roll back an editor's
save. ``FailSafeRedisCache`` is Django's own Redis backend with every call guarded:

- an error (refused, reset, timed out) counts as a miss: ``get`` returns the default,
  ``add`` returns False, ``set`` and ``delete`` do nothing, ``incr`` raises ValueError
  as for a missing key (django-ratelimit then counts the request as the first one, so
  limits fail open);
- a circuit breaker (legpain/circuit_breaker.py) then skips Redis for ``COOLDOWN``
  seconds, so a dead Redis costs one failed call per worker per cooldown, not a
  connect timeout on every request; the outage is logged once a minute, in one line;
- short socket timeouts (``socket_connect_timeout``/``socket_timeout``, 0.5 s unless
  OPTIONS say otherwise) so a stalled Redis is an error quickly, not a hang.
"""

import functools
import re

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from .circuit_breaker import CircuitBreaker

COOLDOWN = 2.0
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    # One immediate retry on a dropped connection: after a Redis restart every pooled
    # connection is dead once, and that should not count as an outage.
    "retry_on_error": ["ConnectionError"],
}

# One breaker per Redis address, shared by every thread of the process (Django gives each
# thread its own cache object, but the outage is the same for all of them).
_breakers = {}


def breaker_for(location):
    """The circuit breaker of the Redis server(s) at ``location``."""
    key = str(location)
    if key not in _breakers:
        _breakers[key] = CircuitBreaker(f"cache {key.split('@')[-1]}", cooldown=COOLDOWN)
    return _breakers[key]


def _guarded(fallback):
    """Run a cache call through the breaker; on a Redis error return ``fallback()``."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if not self.breaker.allows_attempt():
                self.breaker.skipped()
                return fallback()
            try:
                result = method(self, *args, **kwargs)
            except (self._lib.RedisError, OSError) as error:
                self.breaker.failed(error)
                return fallback()
            self.breaker.succeeded()
            return result

        return call

    return decorate


def _missing_key():
    raise ValueError("cache unavailable: treated as a missing key")


class FailSafeRedisCacheClient(RedisCacheClient):
    """Django's Redis client, each call guarded by the server's circuit breaker."""

    def __init__(self, servers, **options):
        import redis

        retry_on = options.pop("retry_on_error", [])
        options["retry_on_error"] = [getattr(redis.exceptions, name) for name in retry_on]
        super().__init__(servers, **options)
        self.breaker = breaker_for(servers[0])

    get = _guarded(lambda: None)(RedisCacheClient.get)
    get_many = _guarded(dict)(RedisCacheClient.get_many)
    add = _guarded(lambda: False)(RedisCacheClient.add)
    set = _guarded(lambda: None)(RedisCacheClient.set)
    touch = _guarded(lambda: False)(RedisCacheClient.touch)
    delete = _guarded(lambda: False)(RedisCacheClient.delete)
    has_key = _guarded(lambda: False)(RedisCacheClient.has_key)
    incr = _guarded(_missing_key)(RedisCacheClient.incr)
    set_many = _guarded(lambda: None)(RedisCacheClient.set_many)
    delete_many = _guarded(lambda: None)(RedisCacheClient.delete_many)
    clear = _guarded(lambda: False)(RedisCacheClient.clear)


class FailSafeRedisCache(RedisCache):
    """Django's RedisCache that degrades to "always a miss" when Redis fails."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = FailSafeRedisCacheClient

    def get(self, key, default=None, version=None):
        # RedisCacheClient.get returns its own default; the guarded one returns None, so
        # the caller's default is applied here for both paths.
        value = super().get(key, None, version)
        return default if value is None else value

    @property
    def breaker(self):
        """This cache's circuit breaker (for the health check and tests)."""
        return breaker_for(self._servers[0])

    def clear(self):
        """Delete this cache's keys only (``delete_prefixed``), not the whole database.

        Redis may be shared (another site, a test run): FLUSHDB would empty it for all of
        them, so it is used only when there is no KEY_PREFIX. A Redis error is a no-op, as
        for every other call.
        """
        if not self.key_prefix:
            return super().clear()
        if not self.breaker.allows_attempt():
            self.breaker.skipped()
            return False
        try:
            self.delete_prefixed()
        except (self._cache._lib.RedisError, OSError) as error:
            self.breaker.failed(error)
            return False
        self.breaker.succeeded()
        return True

    def delete_prefixed(self):
        """Delete this cache's keys (those under its KEY_PREFIX) and no others.

        ``clear()`` is FLUSHDB: it empties the whole Redis database, whoever's keys they
        are. This walks the keys with SCAN (never blocking Redis as KEYS would) and
        deletes only ``<KEY_PREFIX>:*``. Returns how many it deleted. Errors are raised,
        not swallowed: the test suite uses it and must know.
        """
        if not self.key_prefix:
            raise ValueError("delete_prefixed needs a KEY_PREFIX (else it would match all)")
        client = self._cache.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        deleted, batch = 0, []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                deleted += client.delete(*batch)
                batch = []
        if batch:
            deleted += client.delete(*batch)
        return deleted
