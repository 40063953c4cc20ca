"""Headless Chromium through Playwright, against the live test server.

Chromium comes from Debian (/usr/bin/chromium); Playwright cannot download browsers here.
Without it these tests are skipped on a laptop but fail in CI (CI=true), so a missing
browser can never pass for a green run.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from conditions import workflow
from conditions.loading import load_library
from tests.browser.editors import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API keeps an event loop running in this thread, which makes Django
# refuse ORM calls from the test itself. The calls are ordinary synchronous ones, so
# this documented escape hatch is safe here (and only here, in browser tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def restore_roles():
    """Put the editorial roles back as the migrations make them: transactional tests empty
    every table after each test, groups included."""
    for module, function in (
        ("0007_editorial_roles", "create_roles"),
        ("0015_guide_roles", "grant"),
        ("0016_reader_models_for_reviewers", "restrict"),
    ):
        getattr(importlib.import_module(f"conditions.migrations.{module}"), function)(apps, None)


@pytest.fixture
def site(live_server):
    """The live server with the library and the editorial roles (transactional tests start
    empty)."""
    load_library()
    restore_roles()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot into test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    take.folder = ARTIFACTS
    return take


@pytest.fixture
def people(site, django_user_model):
    """Edna Example (Editors) and Rex Example (Medical reviewers); returns the site URL."""
    for username, first, role in (
        ("edna", "Edna", workflow.EDITORS_GROUP),
        ("rex", "Rex", workflow.REVIEWERS_GROUP),
    ):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True, first_name=first, last_name="Example"
        )
        user.groups.add(Group.objects.get(name=role))
    return site
