"""Staying up when a part fails: the cache is optional, the content version outlives it,
page-cache keys cannot be inflated, and /healthz answers quickly and truthfully.

Redis faults use a dead port or a proxy in front of the real Redis (its own DB number and
key prefix); nothing here stops or flushes a shared service.
"""

import json
import logging
import os
import socket
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from bench.tcp_proxy import TcpProxy
from conditions import content_version as version_module
from conditions import health
from conditions.content_version import CACHE_KEY, content_version
from conditions.models import Condition, ContentVersion
from legpain import cache as failsafe
from tests.admin_forms import form_data, publish

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_redis(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "legpain.cache.FailSafeRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"legpain-test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture(autouse=True)
def fresh_state():
    failsafe._breakers.clear()
    version_module._mirror_stale = False
    version_module._last_known = None
    yield
    failsafe._breakers.clear()
    version_module._mirror_stale = False


@pytest.fixture
def dead_redis(settings):
    """The cache points at a port where nothing listens (Redis stopped)."""
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")


def real_redis_address():
    """Host and port of a Redis to test against, or skip (fail under CI=true)."""
    host, port = "127.0.0.1", 6379
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI needs it)")
        pytest.skip("needs Redis on 127.0.0.1:6379")
    return host, port


@pytest.fixture
def redis_behind_proxy(settings):
    """The real Redis (DB 13, a key prefix of this test's own) behind a TcpProxy."""
    _, port = real_redis_address()
    proxy = TcpProxy(port).start()
    use_redis(settings, f"redis://127.0.0.1:{proxy.port}/13")
    yield proxy
    # Nothing is flushed (DB 13 may hold other keys); this test's keys expire by themselves.
    proxy.stop()


def edit_summary(admin_client, slug, text, capture):
    condition = Condition.objects.get(slug=slug)
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(admin_client.get(url))
    data["summary"] = text
    with capture(execute=True):  # the save commits, as it would outside a test
        response = admin_client.post(url, {**data, "_publish": "1"})
        assert response.status_code == 302, response.content[:2000]
        publish(admin_client, condition)  # a change to a live page goes live on publishing


# The cache is down


@pytest.mark.parametrize(
    "path", ["/", "/conditions/sciatica/", "/symptoms/tingling/", "/search/?q=sciatica"]
)
def test_reader_pages_are_rendered_when_redis_is_down(client, dead_redis, path):
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert response["X-Cache"] == "miss"
    assert b"<h1" in response.content


def test_an_admin_save_succeeds_and_shows_when_redis_is_down(
    client, admin_client, dead_redis, django_capture_on_commit_callbacks
):
    edit_summary(
        admin_client,
        "sciatica",
        "Saved while the cache was down.",
        django_capture_on_commit_callbacks,
    )
    assert Condition.objects.get(slug="sciatica").summary == "Saved while the cache was down."
    assert "Saved while the cache was down." in client.get("/conditions/sciatica/").content.decode()


def test_search_limits_fail_open_when_redis_is_down(client, dead_redis, settings):
    settings.SEARCH_RATE = "1/m"
    assert [client.get(f"/search/?q=leg{n}").status_code for n in range(3)] == [200, 200, 200]


def test_an_outage_is_logged_once_in_one_line(client, dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="legpain.outage"):
        for _ in range(5):
            client.get("/conditions/sciatica/")
    errors = [r for r in caplog.records if r.name.startswith("legpain.outage")]
    assert len(errors) == 1
    assert errors[0].levelname == "ERROR" and errors[0].exc_info is None
    assert "unavailable" in errors[0].getMessage()


def test_a_dead_redis_is_tried_once_per_cooldown(dead_redis, monkeypatch):
    attempts = []
    original = failsafe.RedisCacheClient.get_client

    def counting(self, *args, **kwargs):
        attempts.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(failsafe.RedisCacheClient, "get_client", counting)
    now = [1000.0]
    cache.breaker.clock = lambda: now[0]
    for _ in range(20):
        assert cache.get("anything", "default") == "default"
    assert len(attempts) == 1  # then the breaker skipped Redis
    now[0] += failsafe.COOLDOWN + 0.1
    for _ in range(20):
        cache.get("anything")
    assert len(attempts) == 2  # one trial after the cooldown


def test_incr_reports_a_missing_key_when_redis_is_down(dead_redis):
    assert cache.add("k", 1) is False
    with pytest.raises(ValueError):
        cache.incr("k")


def test_health_check_names_a_dead_cache(client, dead_redis):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "unreachable"}


# Redis goes away and comes back


def test_redis_outage_and_return_never_serves_an_old_page(
    client, admin_client, redis_behind_proxy, django_capture_on_commit_callbacks
):
    proxy = redis_behind_proxy
    client.get("/conditions/sciatica/")
    assert client.get("/conditions/sciatica/")["X-Cache"] == "hit"
    proxy.refuse()
    edit_summary(
        admin_client, "sciatica", "Edited during the outage.", django_capture_on_commit_callbacks
    )
    during = client.get("/conditions/sciatica/")
    assert during.status_code == 200 and b"Edited during the outage." in during.content
    proxy.resume()
    cache.breaker.reset()
    # Redis still holds the old version and the old page; neither may come back.
    after = client.get("/conditions/sciatica/")
    assert b"Edited during the outage." in after.content
    assert cache.get(CACHE_KEY)[0] == ContentVersion.current()[0]
    assert client.get("/conditions/sciatica/")["X-Cache"] == "hit"


def test_a_flushed_cache_keeps_the_content_version(client, redis_behind_proxy):
    client.get("/conditions/sciatica/")
    before = content_version()
    cache.delete(CACHE_KEY)  # as after a Redis restart or flush
    assert content_version() == before
    assert client.get("/conditions/sciatica/")["X-Cache"] == "hit"


def test_the_content_version_is_bumped_in_the_saving_transaction():
    before = ContentVersion.current()[0]
    Condition.objects.get(slug="stroke").save()
    assert ContentVersion.current()[0] == before + 1
    assert content_version().number == before + 1


def test_a_rolled_back_save_does_not_change_the_version():
    from django.db import transaction

    before = ContentVersion.current()
    # A savepoint rolls back like a failed request's transaction would.
    with pytest.raises(RuntimeError), transaction.atomic():
        Condition.objects.get(slug="stroke").save()
        raise RuntimeError("the save failed")
    assert ContentVersion.current() == before


def test_pages_keep_serving_from_the_last_version_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError

    client.get("/conditions/sciatica/")
    cache.delete(CACHE_KEY)

    def down():
        raise OperationalError("database stalled")

    monkeypatch.setattr(version_module, "_stored_version", down)
    response = client.get("/conditions/sciatica/")
    assert response.status_code == 200 and response["X-Cache"] == "hit"


# Cache keys that cannot be inflated


def test_unknown_query_parameters_share_the_canonical_entry(client):
    assert client.get("/conditions/sciatica/")["X-Cache"] == "miss"
    for junk in ["?utm_source=x", "?a=1&b=2", "?" + "z" * 500]:
        assert client.get("/conditions/sciatica/" + junk)["X-Cache"] == "hit"


def test_search_is_cached_per_query_and_filter_only(client):
    assert client.get("/search/?q=sciatica")["X-Cache"] == "miss"
    assert client.get("/search/?q=sciatica&junk=1")["X-Cache"] == "hit"
    assert client.get("/search/?q=cramp")["X-Cache"] == "miss"


def test_the_symptom_checker_is_never_cached(client):
    for path in ["/check/", "/check/result/?signs=none"]:
        client.get(path)
        assert "X-Cache" not in client.get(path)


def test_oversized_pages_are_served_but_not_stored(client, settings):
    settings.PAGE_CACHE_MAX_BYTES = 1000
    first = client.get("/conditions/sciatica/")
    assert first.status_code == 200 and len(first.content) > 1000
    assert client.get("/conditions/sciatica/")["X-Cache"] == "miss"


# /healthz


def test_health_check_answers_in_time_when_a_check_hangs(client, monkeypatch):
    release = threading.Event()
    monkeypatch.setitem(health.CHECKS, "database", lambda: release.wait(10) and "ok")
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        release.set()
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "timed out", "cache": "ok"}
    assert elapsed < health.PROBE_SECONDS + 1.5  # not the 10 s the check would take


def test_concurrent_health_checks_all_report_healthy():
    results = []

    def probe():
        response = Client().get("/healthz")
        results.append((response.status_code, json.loads(response.content)))

    threads = [threading.Thread(target=probe) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [(200, {"database": "ok", "cache": "ok"})] * 20


def test_health_check_reports_a_database_that_does_not_answer(client, monkeypatch):
    from django.db import OperationalError

    class DeadConnection:
        def close_if_unusable_or_obsolete(self):
            pass

        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", DeadConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "unreachable", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_reports_a_cache_that_stores_nothing(client, monkeypatch):
    from django.core.cache.backends.dummy import DummyCache

    # Answers every call without error and keeps nothing: a full or misconfigured cache.
    monkeypatch.setattr(health, "cache", DummyCache("dummy", {}))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "not storing"}


# A database outage in a view


def test_a_database_outage_gets_the_error_page_with_503(client, settings, monkeypatch):
    from django.db import OperationalError

    from conditions.views import ConditionDetailView

    def stalled(self, queryset=None):
        raise OperationalError("the database did not answer within 5.5 s; connection closed")

    monkeypatch.setattr(ConditionDetailView, "get_object", stalled)
    settings.EMERGENCY_NUMBER = "999"
    response = client.get("/conditions/sciatica/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Sorry, something went wrong" in response.content
    assert b'href="tel:999"' in response.content
    assert "X-Cache" not in response or response["X-Cache"] == "miss"


def test_other_errors_are_not_called_an_outage(settings, monkeypatch):
    from conditions.views import ConditionDetailView

    def broken(self, queryset=None):
        raise ValueError("a bug")

    monkeypatch.setattr(ConditionDetailView, "get_object", broken)
    response = Client(raise_request_exception=False).get("/conditions/sciatica/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_forked_worker_answers_the_health_check_at_once(client):
    """gunicorn --preload forks workers from a process that may have probed already: a
    worker must start its own probe threads, not wait for its parent's, which it lacks."""
    assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}
    pid = os.fork()
    if pid == 0:  # the worker: answer within the probe limit, or exit 1
        try:
            started = time.monotonic()
            health.close_probe_connection()
            os._exit(0 if time.monotonic() - started < health.PROBE_SECONDS else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_the_caches_copy_of_the_version_is_trusted_for_the_mirror_time_only(monkeypatch):
    """A Redis that comes back holding an old copy can mislead servers for a minute at most
    (content_version's docstring)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("expiry is read from the local-memory cache (the SQLite run)")
    soon = time.time() + version_module.MIRROR_SECONDS - 1
    later = time.time() + version_module.MIRROR_SECONDS + 1
    # Copied by a commit, and read back from the database after the cache lost it.
    for copy in (version_module._publish, lambda: tuple(content_version())):
        cache.delete(CACHE_KEY)
        version = copy()
        assert cache.get(CACHE_KEY) == version
        with monkeypatch.context() as clock:
            clock.setattr(time, "time", lambda: soon)
            assert cache.get(CACHE_KEY) == version
            clock.setattr(time, "time", lambda: later)
            assert cache.get(CACHE_KEY) is None


def test_once_mirrored_the_version_is_read_without_the_database(django_assert_num_queries):
    version = version_module._publish()
    with django_assert_num_queries(0):
        assert content_version() == version


def test_search_index_rows_and_pending_changes_leave_cached_pages_alone():
    """Everything a page can show invalidates cached pages when saved; the search index,
    staged changes and the version row itself do not (rebuilding the index or staging an
    edit would otherwise empty the page cache for nothing)."""
    from django.apps import apps

    models = [m for m in apps.get_models() if m._meta.app_label in {"conditions", "taggit"}]
    kept = sorted(m.__name__ for m in models if not version_module._is_content_model(m))
    assert kept == [
        "ContentVersion",
        "PendingChange",
        "SearchDocument",
        "SearchFacet",
        "SearchTerm",
        "SqliteFtsEntry",
    ]
    assert version_module._is_content_model(Condition)


def test_the_health_check_is_never_answered_from_the_page_cache(client):
    """A stored "healthy" would hide an outage from the load balancer."""
    for _ in range(2):
        response = client.get("/healthz")
        assert response.status_code == 200 and "X-Cache" not in response
