"""Whatever is typed, search answers with a normal page: never a 500, never raw HTML.

Property-based (hypothesis) on top of a list of known troublemakers for FTS5 and
PostgreSQL's tsquery parser. Runs on whichever engine the test database uses.
"""

import json

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conditions.models import BodyArea, Condition, Symptom
from conditions.search.query import MAX_QUERY_LENGTH
from conditions.search.service import search

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    "   ",
    "\t\n",
    "x" * 10_000,
    "leg " * 2_500,
    '"',
    '"unbalanced',
    "'",
    "it's",
    "NEAR(leg pain, 3)",
    "leg AND pain",
    "leg OR",
    "NOT pain",
    "leg*",
    "*",
    "^leg",
    "title:leg",
    "leg:*",
    "-leg",
    "(leg",
    "leg)",
    "((()))",
    "& | ! < >",
    "leg & pain | !calf <-> foot",
    "100%",
    "%_%",
    "_",
    "\\",
    "leg\\",
    "\\x00",
    "\x00",
    "leg\x00pain",
    "😀🦵",
    "ألم الساق",  # right-to-left
    "\u202eleg pain",  # right-to-left override
    "'; DROP TABLE conditions_condition; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "sciatica" + "\u0301" * 50,
]


def assert_normal_page(client, query, params=None):
    """The page the reader sees: their (cleaned) words in the heading, and the count of
    what the search found, or the plain search page when nothing searchable was typed."""
    response = client.get("/search/", {"q": query, **(params or {})})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    outcome = search(query, params)
    if outcome.query:
        assert f"<h1>Search results for “{escape(outcome.query)}”</h1>" in html
        plural = "" if outcome.total == 1 else "s"
        assert f'<h2 id="result-count">{outcome.total} condition{plural} found</h2>' in html
    else:
        assert "<h1>Search</h1>" in html
    return html


def assert_normal_suggestions(client, query):
    """The suggestion JSON: the query echoed (cut to 200), and published pages only."""
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert set(data) == {"query", "conditions", "symptoms"}
    assert data["query"] == query[:200]
    published = {c.get_absolute_url(): c.name for c in Condition.objects.published()}
    assert all(published.get(item["url"]) == item["name"] for item in data["conditions"])
    published = {s.get_absolute_url(): s.name for s in Symptom.objects.published()}
    assert all(published.get(item["url"]) == item["name"] for item in data["symptoms"])
    return data


@pytest.mark.parametrize("query", NASTY)
def test_troublemakers_get_a_normal_page(client, query):
    assert_normal_page(client, query)
    assert_normal_suggestions(client, query)


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "\x00"])
def test_nothing_typed_gets_the_plain_search_page_and_no_suggestions(client, query):
    html = assert_normal_page(client, query)
    assert 'id="result-count"' not in html
    assert assert_normal_suggestions(client, query) == {
        "query": query,
        "conditions": [],
        "symptoms": [],
    }


@pytest.mark.parametrize("query", ["the and of", "*", "((()))", "& | ! < >"])
def test_no_searchable_words_get_a_note_not_results(client, query):
    html = assert_normal_page(client, query)
    assert (
        '<p class="note" role="status">Your search only had very common words. '
        "Try describing what you feel.</p>"
    ) in html
    assert '<h2 id="result-count">0 conditions found</h2>' in html


def test_operators_are_searched_as_words(client):
    assert_normal_page(client, "leg AND pain")
    found = [r.condition.slug for r in search("leg AND pain").results]
    assert found == [r.condition.slug for r in search("leg and pain").results] != []


def test_html_comes_back_escaped(client):
    html = assert_normal_page(client, "<b>bold</b>")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_long_queries_are_cut_with_a_note(client):
    html = assert_normal_page(client, "leg pain " * 1000)
    assert (
        '<p class="note" role="status">Your search was long, so we only used the first '
        f"{MAX_QUERY_LENGTH} characters.</p>"
    ) in html


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300))
def test_any_text_gets_a_normal_page(client, query):
    assert_normal_page(client, query)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.text(alphabet=st.sampled_from(list("\"*^:-()&|!<>%_\\'NEARORTANDleg ")), max_size=60),
    page=st.text(max_size=5),
    area=st.text(max_size=20),
)
def test_operator_soup_and_odd_parameters(client, query, page, area):
    html = assert_normal_page(client, query, {"page": page, "area": area})
    if area.strip() and area not in {a.slug for a in BodyArea.objects.all()}:
        assert "We could not use the body area filter, so it was left out." in html
    assert_normal_suggestions(client, query)
