"""What makes ``make mutate`` fit in half an hour on two cores (docs/testing.md).

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
3. Fastest tests first, so a killed mutant is usually killed within a second.
"""

import contextlib
import json
import os
import shutil
import tempfile
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


def template_database():
    """The template database's path when running under ``make mutate``, else None."""
    return os.environ.get("MUTATION_TEST_DB") or None


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
    # Forked from a process that ran the tests already: empty the memo of rendered
    # Markdown, or a mutant in the sanitiser would be served the unmutated HTML.
    from conditions.markup import render_markdown

    render_markdown.cache_clear()
    _rebuild_url_patterns()
    # Beside the template: a mutant stopped for taking too long leaves its copy, and
    # `make mutate` deletes those before it starts.
    handle, copy = tempfile.mkstemp(prefix="mutant-", suffix=".sqlite3", dir=Path(template).parent)
    os.close(handle)
    shutil.copyfile(template, copy)
    with _database_ready(copy):
        yield
    os.unlink(copy)


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
    """Under ``make mutate``: only the mutated modules' own tests, fastest first.

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
        return
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))
