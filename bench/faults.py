"""Fault injection: does the site stay up when Redis or PostgreSQL fails?

    .venv/bin/python bench/faults.py            # about 3 minutes, prints a table

Needs PostgreSQL on 127.0.0.1:5432 and the `redis-server` program. Everything is its own
and on 127.0.0.1: the database ``legpain_faults``, a private redis-server on a free port
(so it can be stopped without touching the shared one), a TcpProxy (bench/tcp_proxy.py)
between the app and PostgreSQL, and gunicorn with the checked-in gunicorn.conf.py.

1. Redis stops for 10 s under load (16 clients): no 5xx; an admin save during the outage
   succeeds and shows; pages are cached again within 5 s of Redis's return.
2. PostgreSQL's connection freezes for 30 s (stalled, not refused) under load: /healthz
   says 503 within 2 s and every probe answers within 2 s; cached pages keep serving; no
   request waits longer than the statement timeout + 1 s; all is well within 5 s after.
3. 400 simultaneous /healthz probes with both services healthy: no false 503.
4. 10,000 requests with unique junk query strings: no new page-cache keys.

Each check prints PASS or FAIL; the exit status is 1 if any failed.
"""

import argparse
import datetime
import http.client
import http.cookiejar
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_plus as quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.tcp_proxy import TcpProxy  # noqa: E402

PORT = int(os.environ.get("FAULTS_PORT", "8767"))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "legpain_faults"
STATEMENT_TIMEOUT = 5.0
PAGES = [
    "/conditions/sciatica/",
    "/conditions/leg-cramps/",
    "/symptoms/tingling/",
    "/",
    "/symptoms/",
]
SEARCHES = ["sciatica", "cramp", "swollen calf", "tingling feet", "leg pain at night"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    """A private redis-server that this script may stop and start."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(50):
            if self.keys() is not None:
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.kill()
        self.process.wait()

    def keys(self, pattern="*"):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "--scan", "--pattern", pattern],
            capture_output=True, text=True,
        )  # fmt: skip
        return None if result.returncode else len(result.stdout.split())


def get(path, conn=None, timeout=15):
    """GET path; returns (status, seconds, headers, body). Status 0 means no answer."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    started = time.monotonic()
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, time.monotonic() - started, dict(response.getheaders()), body
    except OSError:
        conn.close()
        return 0, time.monotonic() - started, {}, b""
    finally:
        if own:
            conn.close()


class Load:
    """Clients requesting ``paths()`` in a loop; every answer is kept as (t, s, status)."""

    def __init__(self, clients, paths):
        self.clients, self.paths = clients, paths
        self.records = []
        self.running = False

    def __enter__(self):
        self.running = True
        self.threads = [threading.Thread(target=self._run) for _ in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()

    def _run(self):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=15)
        while self.running:
            started = time.monotonic()
            status, seconds, headers, _ = get(self.paths(), conn)
            if status == 0:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=15)
            self.records.append((started, seconds, status, headers.get("X-Cache")))


class FormFields(HTMLParser):
    """The fields a browser would post from the first form with a csrf token."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.fields[name] = attrs.get("value", "")
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.fields[name] = attrs.get("value", "on")
        elif tag == "textarea":
            self._textarea, self.fields[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def admin_save(new_name):
    """Log in as the bench editor and rename the Knee body area; returns the status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"

    def form(path):
        parser = FormFields()
        parser.feed(opener.open(base + path, timeout=15).read().decode())
        return parser.fields

    def post(path, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(base + path, data, headers={"Referer": base + path})
        return opener.open(request, timeout=15)

    login = form("/admin/login/")
    post("/admin/login/", {**login, "username": "bench", "password": "bench-password-1"})
    listing = opener.open(base + "/admin/conditions/bodyarea/?q=knee", timeout=15).read()
    change = re.search(rb'href="(/admin/conditions/bodyarea/\d+/change/)', listing).group(1)
    fields = form(change.decode())
    fields["name"] = new_name
    return post(change.decode(), fields).status


LOG = open("/tmp/faults-gunicorn.log", "w")  # noqa: SIM115 (open for the whole run)


def start(env):
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "legpain.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=LOG,
    )  # fmt: skip
    for _ in range(150):
        if get("/healthz", timeout=2)[0]:
            return server
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start (see /tmp/faults-gunicorn.log)")


def prepare(env):
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    for command in (["migrate", "-v0"], ["load_library"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--noinput", "--username", "bench",
         "--email", "bench@example.com"],
        cwd=ROOT, env={**env, "DJANGO_SUPERUSER_PASSWORD": "bench-password-1"}, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


RESULTS = []


def check(name, passed, measured):
    RESULTS.append((name, "PASS" if passed else "FAIL", measured))


def redis_outage(redis):
    with Load(
        16, lambda: random.choice(PAGES + [f"/search/?q={quote(s)}" for s in SEARCHES])
    ) as load:
        time.sleep(5)
        stopped = time.monotonic()
        redis.stop()
        time.sleep(3)
        save_status = admin_save("Knee (saved while Redis was down)")
        time.sleep(7)
        redis.start()
        restarted = time.monotonic()
        time.sleep(10)
    during = [r for r in load.records if stopped <= r[0] < restarted]
    errors = [r for r in load.records if r[2] >= 500 or r[2] == 0]
    hits_after = [r[0] for r in load.records if r[0] >= restarted and r[3] == "hit"]
    recovery = (min(hits_after) - restarted) if hits_after else float("inf")
    shows = b"saved while Redis was down" in get("/body-areas/knee/")[3]
    check(
        "Redis down 10 s: no 5xx",
        not errors,
        f"{len(errors)} of {len(load.records)} requests ({len(during)} during the outage)",
    )
    check(
        "Redis down: admin save succeeds and shows",
        save_status == 200 and shows,
        f"save answered {save_status} after its redirect; reader page shows it: {shows}",
    )
    check("Redis back: pages cached again within 5 s", recovery <= 5, f"{recovery:.2f} s")


def database_freeze(proxy):
    for path in PAGES:
        get(path)  # warm the page cache
    probes = []

    def probe():
        while probing:
            started = time.monotonic()
            status, seconds, _, _ = get("/healthz", timeout=15)
            probes.append((started, seconds, status))
            time.sleep(0.25)

    probing = True
    prober = threading.Thread(target=probe)
    prober.start()
    counter = iter(range(10**9))
    cached = Load(8, lambda: random.choice(PAGES))
    uncached = Load(2, lambda: f"/search/?q={quote(random.choice(SEARCHES))}+{next(counter)}")
    with cached, uncached:
        time.sleep(5)
        frozen = time.monotonic()
        proxy.freeze()
        time.sleep(30)
        proxy.resume()
        resumed = time.monotonic()
        time.sleep(10)
    probing = False
    prober.join()
    first_503 = min(
        (t + s for t, s, status in probes if t >= frozen and status == 503), default=None
    )
    detect = (first_503 - frozen) if first_503 else float("inf")
    slowest_probe = max(s for _, s, _ in probes)
    during = [r for r in cached.records if frozen <= r[0] < resumed]
    cached_bad = [r for r in during if r[2] != 200]
    slowest = max(r[1] for r in cached.records + uncached.records)
    ok_after = [t + s for t, s, status in probes if t >= resumed and status == 200]
    search_ok = [r[0] + r[1] for r in uncached.records if r[0] >= resumed and r[2] == 200]
    health_back = min(ok_after, default=float("inf")) - resumed
    search_back = min(search_ok, default=float("inf")) - resumed
    recovery = max(health_back, search_back)
    limit = STATEMENT_TIMEOUT + 1
    check("PostgreSQL frozen: /healthz says 503 within 2 s", detect <= 2, f"{detect:.2f} s")
    check(
        "PostgreSQL frozen: every /healthz answers within 2 s",
        slowest_probe <= 2,
        f"slowest {slowest_probe:.2f} s over {len(probes)} probes",
    )
    check(
        "PostgreSQL frozen: cached pages keep serving",
        during and not cached_bad,
        f"{len(during)} served, {len(cached_bad)} not 200; "
        f"p99 {percentile([r[1] for r in during], 99) * 1000:.0f} ms",
    )
    check(
        f"PostgreSQL frozen: no request over {limit:g} s",
        slowest <= limit,
        f"slowest {slowest:.2f} s",
    )
    check(
        "PostgreSQL back: healthy within 5 s",
        recovery <= 5,
        f"/healthz 200 after {health_back:.2f} s, searches after {search_back:.2f} s",
    )
    statuses = sorted({r[2] for r in uncached.records if frozen <= r[0] < resumed})
    check(
        "PostgreSQL frozen: uncached pages fail quickly, not hang",
        slowest <= limit,
        f"{len(uncached.records)} searches; answers while frozen: {statuses}",
    )


def concurrent_probes(count=400):
    barrier = threading.Barrier(count)
    statuses = []

    def probe():
        barrier.wait()
        statuses.append(get("/healthz", timeout=30)[0])

    threads = [threading.Thread(target=probe) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bad = sum(1 for s in statuses if s != 200)
    check(f"{count} simultaneous /healthz: no false 503", bad == 0, f"{bad} of {count} not 200")


def junk_queries(redis, count=10_000):
    for path in PAGES:
        get(path)
    before = redis.keys("*page:*")
    counter = iter(range(count))

    def junk():
        n = next(counter, None)
        return (
            f"{random.choice(PAGES)}?utm_source={n}&x{random.randint(0, 10**9)}=1"
            if n is not None
            else "/"
        )

    load = Load(8, junk)
    with load:
        while len(load.records) < count:
            time.sleep(0.1)
    after = redis.keys("*page:*")
    hits = sum(1 for r in load.records if r[3] == "hit")
    check(
        f"{count:,} junk query strings: page-cache keys grow by 0",
        after == before,
        f"{before} keys before, {after} after; {hits} of {len(load.records)} were hits",
    )


def percentile(values, pct):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * pct / 100))] if values else 0.0


def main():
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    redis = Redis()
    redis.start()
    proxy = TcpProxy(5432).start()
    direct = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    env = {
        **os.environ, "DATABASE_URL": direct, "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "SECRET_KEY": "faults-only", "DEBUG": "0", "HTTPS": "0", "ALLOWED_HOSTS": "127.0.0.1",
        "BIND": f"127.0.0.1:{PORT}", "GUNICORN_ACCESS_LOG": "/dev/null", "WEB_CONCURRENCY": "3",
        "SEARCH_RATE": "10000000/m", "SUGGEST_RATE": "10000000/m",
        "DATABASE_STATEMENT_TIMEOUT": str(STATEMENT_TIMEOUT),
    }  # fmt: skip
    prepare(env)
    server = start({**env, "DATABASE_URL": direct.replace("5432", str(proxy.port))})
    try:
        redis_outage(redis)
        database_freeze(proxy)
        concurrent_probes()
        junk_queries(redis)
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.stop()
        redis.stop()
    print(f"Fault injection, {datetime.date.today()}, gunicorn 3 workers × 4 threads, "
          f"statement timeout {STATEMENT_TIMEOUT:g} s\n")  # fmt: skip
    print("| check | result | measured |\n|---|---|---|")
    for name, verdict, measured in RESULTS:
        print(f"| {name} | {verdict} | {measured} |")
    sys.exit(1 if any(verdict == "FAIL" for _, verdict, _ in RESULTS) else 0)


if __name__ == "__main__":
    main()
