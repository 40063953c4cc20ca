"""Search benchmark: index build time and query latency at 1,000 to 100,000 conditions.

    .venv/bin/python bench/search_bench.py                      # both engines, all sizes
    .venv/bin/python bench/search_bench.py --engines sqlite --sizes 1000 10000
    .venv/bin/python bench/search_bench.py --no-http            # in-process only

For each engine and size it builds a fresh database (a SQLite file in a temporary folder, or
the PostgreSQL database ``legpain_bench``), loads the real library, adds synthetic conditions
written from the library's own vocabulary (so words, symptoms, tags and body areas are
realistic), times a full ``rebuild`` of the search index, then runs a fixed mix of 50
queries (with and without filters) in-process and over HTTP against ``runserver``, and
prints p50/p95 latencies. Nothing here is a test: it prints figures for docs/benchmarks.md.
"""

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/legpain_bench")
HTTP_PORT = int(os.environ.get("BENCH_HTTP_PORT", "8765"))

# 50 queries: lay descriptions, names, typos, broad words, and filtered variants.
QUERIES = [
    ("sciatica", {}),
    ("dvt", {}),
    ("burning feet", {}),
    ("calf pain when walking", {}),
    ("pins and needles", {}),
    ("charley horse", {}),
    ("sudden weakness in one leg", {}),
    ("swollen red calf", {}),
    ("numb bum", {}),
    ("dizzy when i stand up", {}),
    ("sore legs after running", {}),
    ("restless legs", {}),
    ("cramp at night", {}),
    ("statins muscle ache", {}),
    ("low vitamin d", {}),
    ("back pain", {}),
    ("thigh pain", {}),
    ("tingling spreading up", {}),
    ("cold pale leg", {}),
    ("dark urine", {}),
    ("sciatca", {}),
    ("nueropathy", {}),
    ("thrombosys", {}),
    ("anemia", {}),
    ("leg", {}),
    ("pain", {}),
    ("leg pain", {}),
    ("weak legs", {}),
    ("numbness", {}),
    ("swelling", {}),
    ("pain", {"area": "lower-leg-calf"}),
    ("pain", {"severity": "emergency"}),
    ("leg pain", {"area": "whole-leg", "severity": "see-a-doctor"}),
    ("weak legs", {"tag": "nerves"}),
    ("numbness", {"symptom": "tingling"}),
    ("burning", {"area": "ankle-and-foot"}),
    ("swelling", {"severity": "urgent"}),
    ("cramp", {"tag": "muscles"}),
    ("back pain", {"area": "lower-back", "tag": "back-and-spine"}),
    ("dizzy", {"tag": "hydration"}),
    ("", {"area": "knee"}),
    ("", {"severity": "emergency"}),
    ("", {"tag": "nerves"}),
    ("", {"symptom": "leg-weakness"}),
    ("", {"area": "upper-leg-thigh", "severity": "self-care"}),
    ("blood clot", {}),
    ("pulled muscle", {}),
    ("bladder control", {}),
    ("face drooping", {}),
    ("the and of", {}),
]
assert len(QUERIES) == 50


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run_one(engine, size, http):
    """Child process: build the database, time the rebuild, time the queries."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from conditions.loading import load_library

    load_library()
    generate(size)

    from conditions.search import indexing
    from conditions.search.service import search

    connection.close()
    started = time.perf_counter()
    indexing.rebuild()
    rebuild_seconds = time.perf_counter() - started

    # In-process: the same call the search view makes.
    for query, params in QUERIES:  # warm-up
        search(query, params)
    in_process = []
    for _ in range(3):
        for query, params in QUERIES:
            started = time.perf_counter()
            outcome = search(query, params)
            list(outcome.results)
            in_process.append((time.perf_counter() - started) * 1000)

    over_http = http_latencies() if http else []
    from conditions.models import Condition

    result = {
        "engine": engine,
        "conditions": Condition.objects.published().count(),
        "rebuild_s": round(rebuild_seconds, 1),
        "in_process_p50_ms": round(percentile(in_process, 0.5), 1),
        "in_process_p95_ms": round(percentile(in_process, 0.95), 1),
        "slowest_in_process_ms": round(max(in_process), 1),
    }
    if over_http:
        result["http_p50_ms"] = round(percentile(over_http, 0.5), 1)
        result["http_p95_ms"] = round(percentile(over_http, 0.95), 1)
    print("RESULT " + json.dumps(result), flush=True)


def http_latencies():
    """Time the search page over HTTP, against runserver on this database."""
    probe = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=2)
    try:
        probe.request("GET", "/")
        raise RuntimeError(f"port {HTTP_PORT} is already in use: stop that server first")
    except OSError:
        pass  # free, as it should be
    # The page cache is off: every request must run the search, as a new query would.
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "PAGE_CACHE_SECONDS": "0",
        "SEARCH_RATE": "10000000/m",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{HTTP_PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
                connection.request("GET", "/robots.txt")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        timings = []
        for round_number in range(4):
            for query, params in QUERIES:
                path = "/search/?" + urlencode({"q": query, **params})
                connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
                started = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
                if round_number:  # the first round warms up
                    timings.append(elapsed)
        return timings
    finally:
        server.terminate()
        server.wait(timeout=10)


def generate(size):
    """Add synthetic published conditions until there are ``size`` of them."""
    from taggit.models import Tag

    from conditions.models import (
        BodyArea,
        Condition,
        ConditionSymptom,
        Severity,
        Status,
        Symptom,
        TaggedCondition,
    )
    from conditions.search import indexing

    rng = random.Random(size)
    real = list(Condition.objects.all())
    sentences = [
        sentence.strip() + "."
        for condition in real
        for field in Condition.PROSE_FIELDS
        for sentence in getattr(condition, field).replace("\n", " ").split(".")
        if len(sentence.split()) > 4
    ]
    name_words = sorted({w for c in real for w in c.name.replace("(", " ").split() if w.isalpha()})
    severities = list(Severity.objects.all())
    areas = list(BodyArea.objects.all())
    symptoms = list(Symptom.objects.all())
    tags = list(Tag.objects.all())
    missing = size - Condition.objects.count()
    batch = 2000
    with indexing.paused():
        for start in range(0, max(missing, 0), batch):
            count = min(batch, missing - start)
            rows = []
            for i in range(start, start + count):
                words = rng.sample(name_words, 3)
                prose = " ".join(rng.sample(sentences, 14))
                rows.append(
                    Condition(
                        name=f"{' '.join(words).capitalize()} {i}",
                        slug=f"synthetic-{i}",
                        summary=rng.choice(sentences)[:160],
                        severity=rng.choice(severities),
                        overview=prose[: len(prose) // 2],
                        treatment=prose[len(prose) // 2 :],
                        status=Status.PUBLISHED,
                    )
                )
            created = Condition.objects.bulk_create(rows)
            links, area_links, tag_links = [], [], []
            for condition in created:
                for symptom in rng.sample(symptoms, 5):
                    links.append(
                        ConditionSymptom(
                            condition=condition, symptom=symptom, typicality=rng.choice([1, 2, 3])
                        )
                    )
                for area in rng.sample(areas, 2):
                    area_links.append(
                        Condition.body_areas.through(condition_id=condition.pk, bodyarea_id=area.pk)
                    )
                for tag in rng.sample(tags, 2):
                    tag_links.append(TaggedCondition(tag=tag, content_object=condition))
            ConditionSymptom.objects.bulk_create(links)
            Condition.body_areas.through.objects.bulk_create(area_links)
            TaggedCondition.objects.bulk_create(tag_links)


def prepare_database(engine, folder):
    if engine == "sqlite":
        return f"sqlite:///{folder}/bench.sqlite3"
    import psycopg

    name = PG_BENCH_URL.rsplit("/", 1)[1]
    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_BENCH_URL


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legpain.settings")

    if args.child:
        run_one(args.child[0], int(args.child[1]), http=not args.no_http)
        return

    print(f"{'engine':<9} {'conditions':>10} {'rebuild s':>9} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'HTTP p50':>9} {'HTTP p95':>9}")  # fmt: skip
    for engine in args.engines:
        for size in args.sizes:
            with tempfile.TemporaryDirectory() as folder:
                env = {
                    **os.environ,
                    "DATABASE_URL": prepare_database(engine, folder),
                    "SECRET_KEY": "bench-only",
                    "DEBUG": "0",
                    "HTTPS": "0",
                    "CONN_MAX_AGE": "0",
                    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
                }
                command = [sys.executable, __file__, "--child", engine, str(size)]
                if args.no_http:
                    command.append("--no-http")
                output = subprocess.run(
                    command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
                )
                line = next(
                    (ln for ln in output.stdout.splitlines() if ln.startswith("RESULT ")), None
                )
                if line is None:
                    print(f"{engine} {size}: failed\n{output.stderr[-2000:]}")
                    continue
                r = json.loads(line[7:])
                print(
                    f"{r['engine']:<9} {r['conditions']:>10} {r['rebuild_s']:>9} "
                    f"{r['in_process_p50_ms']:>7} {r['in_process_p95_ms']:>7} "
                    f"{r.get('http_p50_ms', '-'):>9} {r.get('http_p95_ms', '-'):>9}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
