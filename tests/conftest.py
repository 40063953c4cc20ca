"""Shared fixtures.

The shipped library is loaded once into the test database, so every test reads real
content. Tests that need their own items build them with the ``make_*`` fixtures.
"""

import datetime
import itertools
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test import Client

from conditions import health, workflow
from conditions.checker.outcome import forget_published_rules
from conditions.loading import load_library
from conditions.models import (
    Audience,
    BodyArea,
    Condition,
    ConditionSymptom,
    Reference,
    Severity,
    Status,
    Symptom,
)
from conditions.workflow import EDITORS_GROUP
from legpain.cache import FailSafeRedisCache
from tests.mutation_support import (  # noqa: F401  (`make mutate` only; see that module)
    django_db_keepdb,
    django_db_modify_db_settings,
    pytest_collection_modifyitems,
    pytest_runtest_logreport,
    pytest_sessionstart,
    template_database,
)

_counter = itertools.count(1)


def pytest_configure(config):
    """Test-only settings, made before any test runs.

    Passwords are hashed with MD5: PBKDF2's deliberate slowness (0.66 s per hash here)
    protects real accounts, and would cost that for every user a test logs in.

    With Redis (REDIS_URL), give each xdist worker a cache key prefix of its own.

    Tests share one Redis database (the one REDIS_URL names: DB 15 in CI) and never
    FLUSHDB it: ``empty_cache`` below deletes only this run's keys, those under
    CACHE_KEY_PREFIX (``legpain-test``, set in pyproject.toml), plus ``-gwN`` per worker
    under ``-n`` so workers do not wipe each other's pages mid-test. The database (SQLite
    in memory, or test_<name>_gwN on PostgreSQL) is already per worker (pytest-django).
    Runs before any test touches the cache; Django settings are loaded by then.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # "gw0", "gw1", ... only under -n
    if not worker or not str(settings.CACHES["default"].get("LOCATION", "")).startswith("redis"):
        return
    settings.CACHES["default"]["KEY_PREFIX"] = f"{settings.CACHE_KEY_PREFIX}-{worker}"
    if hasattr(caches._connections, "default"):  # made before the change: make it again
        del caches["default"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages (tests change content with .update() too).

    On Redis only this run's keys go (its KEY_PREFIX), never the whole database.
    """
    # The checker's rules are kept per content version, which .update() does not bump.
    forget_published_rules()
    default = caches["default"]
    if isinstance(default, FailSafeRedisCache):
        default.delete_prefixed()
    else:
        default.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # `make mutate` keeps its test database, library and all, between runs.
        if not (template_database() and Condition.objects.exists()):
            load_library()
    yield
    # /healthz's probe thread keeps a connection open; PostgreSQL will not drop the test
    # database while it is.
    with django_db_blocker.unblock():
        health.close_probe_connection()
    # pytest-django drops the test database after this. DROP DATABASE is no reader's
    # query: with two xdist workers dropping theirs at once on a busy server it has taken
    # over the site's 5 s statement limit, leaving test_<name>_gwN behind. So the limits
    # (server's statement_timeout, our client-side deadline) are lifted for the drop only.
    if connection.vendor == "postgresql":
        connection.close()
        options = connection.settings_dict.setdefault("OPTIONS", {})
        options["options"] = "-c statement_timeout=0"
        settings.DATABASE_ANSWER_TIMEOUT = None


@pytest.fixture
def severity():
    return Severity.objects.get(slug="see-a-doctor")


@pytest.fixture
def make_symptom():
    def make(**fields):
        number = next(_counter)
        values = {
            "name": f"Test symptom {number}",
            "slug": f"test-symptom-{number}",
            "description": "A symptom made by a test.",
            "status": Status.PUBLISHED,
        }
        values.update(fields)
        return Symptom.objects.create(**values)

    return make


@pytest.fixture
def make_condition(severity):
    def make(**fields):
        number = next(_counter)
        values = {
            "name": f"Test condition {number}",
            "slug": f"test-condition-{number}",
            "summary": "A condition made by a test.",
            "severity": severity,
            "overview": "An overview.",
            "symptoms_text": "Some symptoms.",
            "status": Status.PUBLISHED,
            "last_reviewed": datetime.date(2026, 1, 1),
            "next_review_due": datetime.date(2027, 1, 1),
            "reviewer_name": "Test Reviewer",
            "reviewer_role": "clinical editor",
        }
        values.update(fields)
        return Condition.objects.create(**values)

    return make


@pytest.fixture
def enrich(make_symptom, make_condition):
    """Give a condition ``n`` of every kind of linked item (symptoms, tags, ...)."""

    def add(condition, n):
        for i in range(n):
            ConditionSymptom.objects.create(
                condition=condition, symptom=make_symptom(), note=f"note {i}"
            )
            Reference.objects.create(
                condition=condition,
                title=f"Source {i}",
                publisher="Publisher",
                url=f"https://example.org/{i}",
            )
            condition.related.add(make_condition())
            condition.tags.add(f"tag {condition.pk} {i}")
            condition.body_areas.add(BodyArea.objects.all()[i % BodyArea.objects.count()])
            condition.audiences.add(Audience.objects.all()[i % Audience.objects.count()])
        return condition

    return add


@pytest.fixture
def staff_client(client, django_user_model):
    """Logged in as an editor: staff in the Editors group, so they may preview drafts."""
    user = django_user_model.objects.create_user("staffer", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(user)
    return client


@pytest.fixture
def login(django_user_model):
    """``login(role, username=None)``: a logged-in client for a new staff user in that
    role (Ann Smith for reviewers, Ed Smith for editors); ``client.user`` is the user."""

    def make(role, username=None):
        user = django_user_model.objects.create_user(
            username or role.split()[0].lower(), password="pw", is_staff=True,
            first_name="Ann" if role == workflow.REVIEWERS_GROUP else "Ed", last_name="Smith",
        )  # fmt: skip
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def editor(login):
    return login(workflow.EDITORS_GROUP)


@pytest.fixture
def reviewer(login):
    return login(workflow.REVIEWERS_GROUP)
