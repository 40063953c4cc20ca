"""/healthz: can this app server reach its database and its cache?

Cheap enough for a load balancer to ask every few seconds, and always quick to answer:

- each check runs in its own probe thread (one per part and process), and the answer
  waits at most ``PROBE_SECONDS`` for them; a check that hangs (a stalled database, a
  stalled Redis) is reported as "timed out" instead of hanging the probe, and the
  balancer's request, with it. A hung check holds up only later probes of that part,
  which then also answer "timed out" in time; threads never pile up;
- when a circuit breaker already knows a part is down, the answer is immediate;
- each process writes its own cache key, and each probe a fresh value, so concurrent
  probes cannot overwrite one another and report a healthy cache as "not storing".

200 means the server can serve every page: both parts are fine. 503 names what is not.
A server whose cache is down still serves readers (from the database), but more slowly:
the balancer should prefer the others.
"""

import contextlib
import os
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ProbeTimeout

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

PROBE_SECONDS = 1.5


def _start_probes():
    """One thread per part, so a hung database check cannot hold up the cache check."""
    global _probes
    _probes = {
        "database": ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz-db"),
        "cache": ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz-cache"),
    }


_start_probes()
# A forked process (a gunicorn worker started with --preload, a mutation test's process)
# has none of its parent's threads, but would inherit executors that think they have
# one: every probe would then wait PROBE_SECONDS and answer "timed out".
os.register_at_fork(after_in_child=_start_probes)


def check_database():
    """ "ok", or "unreachable" if the database did not answer SELECT 1."""
    try:
        # The probe thread keeps its connection between probes; drop it if it broke.
        connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not healthy", whatever the driver raised
        return "unreachable"
    return "ok"


def check_cache():
    """ "ok", or what went wrong storing a value in the cache and reading it back."""
    # A key of this process's own: probes from other servers and processes, running at
    # the same moment, must not overwrite it.
    key = f"healthz:{socket.gethostname()}:{os.getpid()}"
    probe = uuid.uuid4().hex
    try:
        cache.set(key, probe, 30)
        stored = cache.get(key)
    except Exception:
        return "unreachable"
    if stored == probe:
        return "ok"
    breaker = getattr(cache, "breaker", None)  # the fail-safe Redis cache has one
    return "unreachable" if breaker is not None and breaker.is_tripped else "not storing"


CHECKS = {"database": check_database, "cache": check_cache}


def close_probe_connection():
    """Close the database probe thread's connection (tests, before dropping a database)."""
    _probes["database"].submit(_close_connection).result(timeout=PROBE_SECONDS)


def _close_connection():
    # Not this thread's to close when in-memory SQLite shares the test's connection.
    with contextlib.suppress(DatabaseError):
        connection.close()


@never_cache
def healthz(request):
    """200 with {"database": "ok", "cache": "ok"}, or 503 naming what failed."""
    started = time.monotonic()
    running = {name: _probes[name].submit(check) for name, check in CHECKS.items()}
    results = {}
    for name, future in running.items():
        remaining = max(0.0, PROBE_SECONDS - (time.monotonic() - started))
        try:
            results[name] = future.result(timeout=remaining)
        except ProbeTimeout:
            future.cancel()  # if it has not started yet, it never needs to
            results[name] = "timed out"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
