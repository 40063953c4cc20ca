"""Load benchmark: wrk against `make serve` (gunicorn) on PostgreSQL and Redis, on 127.0.0.1.

    .venv/bin/python bench/load.py                # about 3 minutes
    .venv/bin/python bench/load.py --seconds 60   # every scenario for 60 s

Needs PostgreSQL and Redis on 127.0.0.1 (see README) and Debian's `wrk`. It builds the
database ``legpain_load`` with the shipped library, starts gunicorn with the checked-in
``gunicorn.conf.py``, and measures, at 32 connections:

- ceiling: a bare Django view returning a fixed page (bench/ceiling_urls.py), same stack;
- cached condition pages: the 23 condition pages, the page cache warm;
- uncached condition pages: the same pages from a server with the page cache off
  (PAGE_CACHE_SECONDS=0), so every request renders the page; the script counts the
  X-Cache: hit answers and stops if there is one;
- search: 12 reader queries, each made unique, on the same uncached server;
- mix: condition pages, symptom pages, search and suggestions, as readers would (60 s).

All traffic goes to 127.0.0.1 and every run stops by itself. Redis is a private
redis-server on a free port, started and stopped by the script, unless LOAD_REDIS_URL
names one; then only the database in that URL is flushed. Results print as a table for
docs/benchmarks.md. Search rate limits are raised for the run: they are per client, and
here every request comes from one address.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.faults import Redis  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("LOAD_PORT", "8766"))
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/legpain_load"
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "")
CONNECTIONS = 32
THREADS = 2

SEARCHES = [
    "sciatica", "burning feet", "calf pain when walking", "pins and needles", "dvt",
    "swollen red calf", "numb bum", "dizzy when i stand up", "leg", "pain",
    "sudden weakness in one leg", "restles legs",
]  # fmt: skip

LUA = """
local paths = {%s}
local counter = 0
local threads = {}
hits = 0
setup = function(thread)
  table.insert(threads, thread)
end
response = function(status, headers, body)
  if headers["X-Cache"] == "hit" then hits = hits + 1 end
end
done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("hits") end
  io.write("Cache hits: " .. total .. "\\n")
end
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  %s
  return wrk.format("GET", path)
end
"""


def lua_script(paths, unique):
    quoted = ", ".join(f'"{p}"' for p in paths)
    bust = (
        'path = path .. (string.find(path, "?") and "&" or "?") .. "n=" .. counter '
        '.. "-" .. math.random(1, 1000000000)'
        if unique
        else ""
    )
    return LUA % (quoted, bust)


def run_wrk(name, paths, seconds, unique=False):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua_script(paths, unique))
        script = handle.name
    output = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", script,
         f"http://127.0.0.1:{PORT}/"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    total = int(re.search(r"(\d+) requests in", output).group(1))
    hits = int(re.search(r"Cache hits: (\d+)", output).group(1))
    errors = timeouts = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups()[:3])
        timeouts = int(match.group(4))  # wrk gave up waiting (2 s): slow, not failed
    return {"name": name, "rps": rps, "p50": p50, "p99": p99, "requests": total, "errors": errors,
            "timeouts": timeouts, "hits": hits}  # fmt: skip


def prepare(env):
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "legpain_load" WITH (FORCE)')
        conn.execute('CREATE DATABASE "legpain_load"')
    python = sys.executable
    for command in (["migrate", "-v0"], ["load_library"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip


def start_server(env):
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "legpain.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)
            return server
        except urllib.error.HTTPError:
            return server  # it answered
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="per scenario (mix: 60)")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": "load-test-only",
        "DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "SEARCH_RATE": "10000000/m",
        "SUGGEST_RATE": "10000000/m",
    }
    private_redis = None
    if REDIS_URL:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()  # the database named in the URL, only
    else:
        private_redis = Redis()
        private_redis.start()
        env["REDIS_URL"] = f"redis://127.0.0.1:{private_redis.port}/0"
    prepare(env)

    sys.path.insert(0, str(ROOT))
    slugs = sorted(p.stem for p in (ROOT / "conditions/library/conditions").glob("*.json"))
    conditions = [f"/conditions/{slug}/" for slug in slugs if slug != "compartment-syndrome"]
    symptoms = ["/symptoms/tingling/", "/symptoms/numbness/", "/symptoms/calf-pain/",
                "/symptoms/leg-weakness/", "/symptoms/cold-pale-leg/"]  # fmt: skip
    searches = [f"/search/?q={q.replace(' ', '+')}" for q in SEARCHES]
    suggests = ["/search/suggest/?q=sci", "/search/suggest/?q=tin", "/search/suggest/?q=dvt"]

    results = []
    ceiling_env = {**env, "ROOT_URLCONF": "bench.ceiling_urls"}
    server = start_server(ceiling_env)
    try:
        results.append(run_wrk("ceiling (bare Django view)", ["/"], args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    server = start_server(env)
    try:
        for path in conditions:  # warm the page cache
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
        results.append(run_wrk("condition pages, cached", conditions, args.seconds))
        mix = conditions[:8] + symptoms + searches[:6] + suggests
        results.append(run_wrk("mix (pages, search, suggest)", mix, max(60, args.seconds)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    server = start_server({**env, "PAGE_CACHE_SECONDS": "0"})
    try:
        uncached = [
            run_wrk("condition pages, uncached", conditions, args.seconds),
            run_wrk("search, uncached", searches, args.seconds, unique=True),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
        if private_redis:
            private_redis.stop()
    for result in uncached:
        assert result["hits"] == 0, f"{result['name']}: {result['hits']} cache hits"
    results[2:2] = uncached

    ceiling = results[0]["rps"]
    header = ("scenario", "req/s", "% ceiling", "p50", "p99", "requests", "errors", ">2 s", "hits")
    print("{:<32} {:>8} {:>9} {:>8} {:>8} {:>9} {:>6} {:>5} {:>8}".format(*header))
    for r in results:
        share = 100 * r["rps"] / ceiling
        print(f"{r['name']:<32} {r['rps']:>8.0f} {share:>8.0f}% {r['p50']:>8} {r['p99']:>8} "
              f"{r['requests']:>9} {r['errors']:>6} {r['timeouts']:>5} {r['hits']:>8}")  # fmt: skip


if __name__ == "__main__":
    main()
