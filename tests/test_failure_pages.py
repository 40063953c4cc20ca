"""The pages readers get when something fails: too many searches (429) and a crash (500).

Both must still tell a reader what to do: when to come back, and which number to call.
"""

import copy
import re
from html import unescape

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings

from bench.readability import grade
from conditions import views

pytestmark = pytest.mark.django_db


# 429: Retry-After


def first_refusal(client, path, query):
    """Ask until refused. A few spare tries: the limit's window may end between requests."""
    for number in range(10):
        response = client.get(path, {"q": f"{query} {number}"})
        if response.status_code == 429:
            break
    return response


@pytest.mark.parametrize("rate, seconds", [("3/m", "60"), ("3/5m", "300")])
def test_too_many_searches_page_says_when_to_retry(client, settings, rate, seconds):
    settings.SEARCH_RATE = rate
    refused = first_refusal(client, "/search/", "leg")
    assert refused.status_code == 429
    assert "Too many searches" in refused.content.decode()
    assert refused["Retry-After"] == seconds


def test_too_many_suggestions_json_says_when_to_retry(client, settings):
    settings.SUGGEST_RATE = "2/m"
    refused = first_refusal(client, "/search/suggest/", "sc")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert "Too many requests" in refused.json()["error"]
    assert refused["Retry-After"] == "60"


def test_an_unreadable_rate_still_gives_a_minute():
    assert views.retry_after_seconds("not a rate") == 60
    assert views.retry_after_seconds(None) == 60


# 500: the emergency number, without the database or the cache


@pytest.fixture
def crashing_home(monkeypatch):
    """The home page raises, as a bug would; the client gets the 500 page, not the error."""

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("conditions.views.HomeView.get_context_data", broken)
    return Client(raise_request_exception=False)


def words(html):
    """The text a reader sees, without tags."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@override_settings(EMERGENCY_NUMBER="999", EMERGENCY_NUMBER_TEXT="")
def test_server_error_page_names_the_configured_number(crashing_home):
    response = crashing_home.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert 'href="tel:999"' in html
    assert "call 999 now" in words(html)
    assert "911" not in html and "112" not in html


@override_settings(EMERGENCY_NUMBER="", EMERGENCY_NUMBER_TEXT="")
def test_server_error_page_without_a_number_uses_words_anyone_understands(crashing_home):
    response = crashing_home.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "call your local emergency number (for example 911, 999 or 112) now" in words(html)
    assert "tel:" not in html


@override_settings(EMERGENCY_NUMBER="999")
def test_server_error_view_uses_neither_database_nor_cache(monkeypatch, django_assert_num_queries):
    def unreachable(*args, **kwargs):
        raise AssertionError("the 500 page used the cache")

    backend = type(caches["default"])
    for method in ("get", "set", "add", "get_many", "set_many", "incr", "delete"):
        monkeypatch.setattr(backend, method, unreachable)
    with django_assert_num_queries(0):
        response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert 'href="tel:999"' in response.content.decode()


def database_is_down(request):
    """A context processor that fails, as one reading a broken database would."""
    raise RuntimeError("database is down")


def test_server_error_page_does_not_run_context_processors(settings):
    settings.EMERGENCY_NUMBER = "999"
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append(f"{__name__}.database_is_down")
    settings.TEMPLATES = templates
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")  # the page, not the fallback
    assert 'href="tel:999"' in response.content.decode()


@pytest.mark.parametrize("number, expected", [("999", "call 999 now"), ("", "911, 999 or 112")])
def test_server_error_falls_back_to_plain_text(monkeypatch, settings, number, expected):
    settings.EMERGENCY_NUMBER = number
    settings.EMERGENCY_NUMBER_TEXT = ""

    def broken(*args, **kwargs):
        raise RuntimeError("templates are broken too")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sorry, something went wrong" in text and expected in text


@override_settings(EMERGENCY_NUMBER="999")
def test_server_error_words_are_plain(crashing_home):
    page = words(crashing_home.get("/").content.decode())
    page = page.split("Sorry, something went wrong", 1)[1]  # the body, not the <title>
    assert grade(page) <= 6
    assert grade(views.SERVER_ERROR_TEXT.format(number="999")) <= 6
