"""What makes ``make mutate`` cheaper (docs/testing.md: ~40 minutes from scratch on two
cores, the target is 30).

mutmut runs pytest once per mutant, in a forked process, on the tests that reached the
mutated function when it recorded them. Three things here cut that cost; none of them does
anything unless the Makefile's ``mutate`` target set ``MUTATION_TEST_DB``, so ``make test``
is untouched.

1. A template database. Migrating and loading the library costs ~7 s per pytest run. The
   first run under mutmut keeps its test database in ``MUTATION_TEST_DB``; every mutant
   then opens its own copy of that file (copying takes milliseconds), so two mutants
   running at once never share one SQLite file. (Test users' passwords are hashed with
   MD5, tests/conftest.py: PBKDF2 cost 0.66 s per user, more than the rest of a mutant.)
2. Each module's own tests. A mutant in ``conditions/caching.py`` was reached by ~500
   tests, nearly every page test, because every page renders through the cache. The
   module's own test files (``OWN_TESTS``) are the ones meant to catch a bug there, and a
   mutant they miss is a gap in them. Other tests are deselected (in mutmut's recording and
   clean runs too, which then take minutes, not ten); a mutant none of them reaches counts
   as "no tests" (pytest's exit code 5), not as killed.
3. The tests that killed other mutants of the same function first, then those that
   killed mutants of its module, then the fastest, so a killed mutant is usually killed by
   its first test.
4. No second clean run. mutmut runs the tests unmutated before the mutants ("clean
   tests"), minutes after its recording run ran the same tests unmutated and stopped on
   any failure. Tests that passed while recording in this ``make mutate`` are left out of
   the clean run, but for the fastest of each file, which warm the process every mutant's
   is forked from.
"""

import contextlib
import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest

# Mutated module -> the test files meant to catch a bug in it. A module missing here keeps
# every test that reached it. tests/test_mutation_support.py checks that every file named
# here exists and that every module [tool.mutmut] mutates has an entry.
CHECKER_TESTS = (
    "tests/test_checker_answers.py",
    "tests/test_checker_cases.py",
    "tests/test_checker_flow.py",
    "tests/test_checker_rules.py",
    "tests/test_checker_edges.py",
    "tests/test_workflow_rules.py",
    "tests/test_audiences.py",
    # A dropped prefetch costs a query per rule on every result page.
    "tests/test_query_counts.py",
)
WORKFLOW_TESTS = (
    "tests/test_editorial.py",
    "tests/test_pending_changes.py",
    "tests/test_workflow_edges.py",
    "tests/test_workflow_pages.py",
    "tests/test_scheduling_edges.py",
    "tests/test_guides.py",
    "tests/test_admin.py",
    "tests/test_reader_models.py",
    "tests/test_editor_form.py",
    "tests/test_workflow_rules.py",
    # The rule form's warning-sign checks (is_single_sign, single_sign_clash) are in
    # workflow.py; their admin tests are the checker's.
    "tests/test_checker_rules.py",
)
PAGE_CACHE_TESTS = (
    "tests/test_production.py",
    "tests/test_resilience.py",
    "tests/test_cache_prefix.py",
)
SEARCH_TESTS = (
    "tests/test_search.py",
    "tests/test_search_bad_input.py",
    "tests/test_search_relevance.py",
    "tests/test_search_edges.py",
)
IMPORT_TESTS = (
    "tests/test_content_transfer.py",
    "tests/test_content_transfer_fuzz.py",
    "tests/test_content_transfer_pending.py",
    "tests/test_import_refusals.py",
)
OWN_TESTS = {
    "conditions.checker": CHECKER_TESTS,
    "conditions.models.rules": CHECKER_TESTS,
    "conditions.workflow": WORKFLOW_TESTS,
    "conditions.publishing": WORKFLOW_TESTS,
    "conditions.admin_base": WORKFLOW_TESTS,
    "conditions.workflow_admin": WORKFLOW_TESTS,
    "conditions.workflow_views": WORKFLOW_TESTS,
    "conditions.caching": PAGE_CACHE_TESTS,
    "conditions.content_version": PAGE_CACHE_TESTS,
    "conditions.search.query": SEARCH_TESTS,
    "conditions.markup": ("tests/test_markup.py",),
    "conditions.content_validation": IMPORT_TESTS,
    "conditions.content_validation_pending": IMPORT_TESTS,
    "conditions.content_validation_values": IMPORT_TESTS,
}


# Functions that run when a module is imported (decorators, the admin's URLs), not when a
# test runs: mutmut's recording credits them to whichever test happened to import the
# module first. ``widen_import_time_functions`` gives them their module's own tests.
IMPORT_TIME_FUNCTIONS = (
    "conditions.caching.x_cache_query_params",
    "conditions.admin_base.xǁEditorialAdminǁget_urls",
    "conditions.workflow_views.xǁWorkflowViewsMixinǁget_urls",
)


def widen_import_time_functions(stats_path):
    """Give each function in IMPORT_TIME_FUNCTIONS every recorded test of its module's
    own test files, in mutmut's stats file (``make mutate`` calls this after recording)."""
    stats = json.loads(Path(stats_path).read_text())
    tests = stats["tests_by_mangled_function_name"]
    for function in IMPORT_TIME_FUNCTIONS:
        files = set(own_tests(f"{function}__mutmut_1"))
        tests[function] = sorted(
            test for test in stats["duration_by_test"] if test.split("::")[0] in files
        )
    Path(stats_path).write_text(json.dumps(stats))


def template_database():
    """The template database's path when running under ``make mutate``, else None."""
    return os.environ.get("MUTATION_TEST_DB") or None


# In ./mutants/: the tests that passed in this `make mutate`'s recording run (the Makefile
# deletes it before recording).
PASSED_WHILE_RECORDING = Path("passed-while-recording.txt")


def mutmut_phase():
    """What mutmut's process is doing: "stats" (recording), "" (the clean run), "fail"
    (checking that a failure is seen), a mutant's name, or None outside mutmut."""
    return os.environ.get("MUTANT_UNDER_TEST")


def mutant_under_test():
    """The mutant this process runs, e.g. ``conditions.caching.x_page_key__mutmut_3``.

    mutmut sets MUTANT_UNDER_TEST in every process it starts; outside a mutant's process it
    is empty or a phase name ("stats", "fail", ...), which is not a mutant.
    """
    name = os.environ.get("MUTANT_UNDER_TEST", "")
    return name if "__mutmut_" in name else ""


def own_tests(mutant):
    """The test files for the module ``mutant`` is in: the longest matching prefix."""
    matches = [module for module in OWN_TESTS if mutant.startswith(module + ".")]
    return OWN_TESTS[max(matches, key=len)] if matches else ()


@pytest.fixture(scope="session")
def django_db_keepdb(django_db_keepdb):
    """Under ``make mutate`` the template database is kept between runs."""
    return django_db_keepdb or bool(template_database())


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Under ``make mutate``, use the template database, or a mutant's own copy of it."""
    from django.conf import settings

    template = template_database()
    database = settings.DATABASES["default"]
    if not template or database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    if not (mutant_under_test() and Path(template).exists()):
        # mutmut's own runs: the first one creates the template (migrations, the library).
        database.setdefault("TEST", {})["NAME"] = template
        yield
        return
    # Beside the template: a mutant stopped for taking too long leaves its copy, and
    # `make mutate` deletes those before it starts.
    handle, copy = tempfile.mkstemp(prefix="mutant-", suffix=".sqlite3", dir=Path(template).parent)
    os.close(handle)
    shutil.copyfile(template, copy)
    with _database_ready(copy):
        yield
    os.unlink(copy)


def pytest_sessionstart(session):
    """In a mutant's process, undo what the process it was forked from did once.

    Here, not in a database fixture: a test without the database (the Markdown tests) runs
    first when it is fastest, and was served the unmutated HTML from the memo. The
    checker's rules are memoised per content version, which every mutant's copy of the
    template database shares with the parent: kept, they would hide a mutant in how the
    rules are fetched.
    """
    if not (template_database() and mutant_under_test()):
        return
    from conditions.checker.outcome import forget_published_rules
    from conditions.markup import render_markdown

    render_markdown.cache_clear()
    forget_published_rules()
    _rebuild_url_patterns()


def _rebuild_url_patterns():
    """Build the URL patterns, and the views' decorations, again in a mutant's process.

    The admin's ``get_urls`` and decorators such as ``cache_query_params`` run once, when
    the URLconf and the views are first imported: in mutmut's parent process, before any
    mutant. Without this, every mutant there would survive whatever the tests check.
    """
    import sys

    from django.conf import settings
    from django.urls import clear_url_caches

    views = ("conditions.views", "conditions.search.views", "conditions.checker.views")
    for name in (settings.ROOT_URLCONF, "conditions.urls", *views):
        sys.modules.pop(name, None)
    clear_url_caches()


@contextlib.contextmanager
def _database_ready(path):
    """Make pytest-django's database set-up just open ``path``: the copy is migrated and
    loaded already, and Django's keep-the-database path would still run every migration
    check and post-migrate handler (a quarter of a second per mutant)."""
    from django.db import connections
    from django.test import utils

    def setup_databases(*args, **kwargs):
        connection = connections["default"]
        connection.close()
        connection.settings_dict["NAME"] = path
        return []

    def teardown_databases(*args, **kwargs):
        connections["default"].close()

    saved = utils.setup_databases, utils.teardown_databases
    utils.setup_databases, utils.teardown_databases = setup_databases, teardown_databases
    try:
        yield
    finally:
        utils.setup_databases, utils.teardown_databases = saved


def pytest_collection_modifyitems(config, items):
    """Under ``make mutate``: only the mutated modules' own tests; in a mutant's process,
    first the tests that killed other mutants of the same function, then the fastest.

    A mutant's process keeps its module's files; mutmut's other runs (recording which
    tests reach which function, the clean run before the mutants) keep all of them.
    """
    if not template_database():
        return
    mutant = mutant_under_test()
    files = set(own_tests(mutant) if mutant else sum(OWN_TESTS.values(), ()))
    kept = [item for item in items if item.nodeid.split("::")[0] in files]
    deselected = [item for item in items if item.nodeid.split("::")[0] not in files]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = kept
    # mutmut keeps each test's duration from its recording run (cwd is mutants/ here).
    try:
        durations = json.loads(Path("mutmut-stats.json").read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError):
        durations = {}
    killers = _killers(mutant) if mutant else {}
    module_killers = _module_killers(mutant) if mutant else {}
    items.sort(
        key=lambda item: (
            -killers.get(item.nodeid, 0),
            -module_killers.get(item.nodeid, 0),
            durations.get(item.nodeid, 0.0),
        )
    )
    if mutmut_phase() == "" and not config.option.collectonly:
        _leave_out_tests_passed_while_recording(config, items)


def _leave_out_tests_passed_while_recording(config, items):
    """In mutmut's clean run, keep only tests this ``make mutate`` has not run unmutated,
    and the fastest test of each file.

    Every mutant's process is forked from this one: what its tests leave compiled and
    cached (templates, above all) each mutant then has already. Without them, a checker
    mutant took ~0.2 s longer. (And pytest fails a run that selects nothing.)
    """
    try:
        passed = set(PASSED_WHILE_RECORDING.read_text(encoding="utf-8").splitlines())
    except OSError:
        return
    first_of_file = {}
    for item in items:  # fastest first already
        first_of_file.setdefault(item.nodeid.split("::")[0], item)
    warming = set(first_of_file.values())
    kept = [item for item in items if item.nodeid not in passed or item in warming]
    left_out = [item for item in items if item not in kept]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
    items[:] = kept


def pytest_runtest_logreport(report):
    """Remember the test that killed a mutant, for the next mutants of its function; while
    recording, the tests that passed (for the clean run, above).

    Most mutants of one function fall to the same few tests; trying those first kills a
    mutant with one test instead of every faster test before it.
    """
    if template_database() and mutmut_phase() == "stats" and report.when == "call":
        if report.passed:
            with PASSED_WHILE_RECORDING.open("a", encoding="utf-8") as passed:
                passed.write(report.nodeid + "\n")
        return
    mutant = mutant_under_test()
    if not (template_database() and mutant and report.failed):
        return
    path = _killers_file(mutant)
    path.parent.mkdir(exist_ok=True)
    # One short line per write, in append mode: two mutants writing at once do not mix.
    with path.open("a", encoding="utf-8") as killers:
        killers.write(report.nodeid + "\n")


def _killers_file(mutant):
    return Path("killers") / (mutant.rsplit("__mutmut_", 1)[0] + ".txt")


def _killers(mutant):
    """{test: how many mutants of ``mutant``'s function it killed}."""
    return _count_lines(_killers_file(mutant))


def _module_killers(mutant):
    """{test: how many mutants of any function of ``mutant``'s module it killed}.

    A function's first mutants have no killers of their own yet; before this they ran
    their tests fastest first, up to 20 s each in the checker's scoring.
    """
    module = mutant.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[0]
    counts = Counter()
    for path in Path("killers").glob(f"{module}.x*.txt"):
        counts.update(_count_lines(path))
    return counts


def _count_lines(path):
    try:
        return Counter(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return Counter()


if __name__ == "__main__":
    import sys

    widen_import_time_functions(sys.argv[1])
