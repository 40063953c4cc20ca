"""The suite empties only its own cache keys: ``delete_prefixed`` is not FLUSHDB.

Uses the real Redis on 127.0.0.1:6379, database 15 (the tests' database), with keys of its
own; skipped without Redis, failed under CI=true.
"""

import os
import uuid

import pytest

from legpain.cache import FailSafeRedisCache

URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(URL, socket_connect_timeout=0.5, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI needs it)")
        pytest.skip("needs Redis on 127.0.0.1:6379")
    yield client
    client.close()


def redis_cache(prefix):
    return FailSafeRedisCache(URL, {"KEY_PREFIX": prefix})


def test_only_keys_under_the_prefix_are_deleted(redis_client):
    run = uuid.uuid4().hex[:8]
    # Glob characters in the prefix are matched literally: "t[1]*" must not match "t1x".
    mine = redis_cache(f"legpain-test-t[1]*-{run}")
    lookalike = redis_cache(f"legpain-test-t1x-{run}")  # what the unescaped glob would match
    longer = redis_cache(f"legpain-test-t[1]*-{run}x")  # same start, another prefix
    others = [lookalike, longer]
    stranger = f"not-ours-{run}"
    try:
        for number in range(1500):  # more than one SCAN/DEL batch
            mine.set(f"page-{number}", "x", 60)
        for cache in others:
            cache.set("page", "theirs", 60)
        redis_client.set(stranger, "theirs", ex=60)

        assert mine.delete_prefixed() == 1500

        assert mine.get("page-0") is None and mine.get("page-1499") is None
        assert [cache.get("page") for cache in others] == ["theirs", "theirs"]
        assert redis_client.get(stranger) == b"theirs"
        assert mine.delete_prefixed() == 0
    finally:
        for cache in others:
            cache.delete("page")
        redis_client.delete(stranger)


def test_clear_deletes_only_this_caches_keys(redis_client):
    """cache.clear() in a test (or a site sharing Redis) is not FLUSHDB."""
    run = uuid.uuid4().hex[:8]
    mine = redis_cache(f"legpain-test-clear-{run}")
    stranger = f"not-ours-{run}"
    try:
        mine.set("page", "x", 60)
        redis_client.set(stranger, "theirs", ex=60)
        assert mine.clear() is True
        assert mine.get("page") is None
        assert redis_client.get(stranger) == b"theirs"
    finally:
        redis_client.delete(stranger)


def test_clear_with_redis_down_is_a_no_op():
    dead = FailSafeRedisCache("redis://127.0.0.1:1/15", {"KEY_PREFIX": "legpain-test-dead"})
    assert dead.clear() is False
    assert dead.clear() is False  # skipped by the breaker, still no error


def test_an_empty_prefix_is_refused():
    with pytest.raises(ValueError, match="KEY_PREFIX"):
        redis_cache("").delete_prefixed()


def test_the_suite_empties_the_cache_with_its_own_prefix(settings):
    """pyproject.toml gives test runs their own prefix; workers add their name to it."""
    assert settings.CACHE_KEY_PREFIX == "legpain-test"
