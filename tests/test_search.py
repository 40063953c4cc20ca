"""Search as readers meet it: the page, filters, red flags, spelling, suggestions, and an
index that follows every edit. Runs on whichever engine the test database uses."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from taggit.models import Tag

from conditions.checks import search_index_check
from conditions.models import (
    Condition,
    ConditionSymptom,
    SearchDocument,
    SearchFacet,
    Status,
    Symptom,
    Synonym,
)
from conditions.search.service import search
from tests.admin_forms import form_data, publish

pytestmark = pytest.mark.django_db


def slugs(query, **params):
    return [result.condition.slug for result in search(query, params).results]


def html(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


# The page


def test_results_show_count_severity_and_highlighted_snippet(client):
    page = html(client, "/search/", q="sciatica")
    assert 'id="result-count"' in page and "found" in page
    assert "badge--self-care" in page  # sciatica's care level
    assert "<mark>" in page.split('id="result-count"')[1]


def test_snippets_escape_content_but_keep_marks(make_condition):
    make_condition(overview="Zorblax scores 5 < 7 & <script>alert(1)</script> text.")
    result = search("zorblax").results[0]
    assert "<mark>" in result.snippet
    assert "<script>" not in result.snippet and "&lt;" in result.snippet


def test_symptoms_are_searchable_and_linked(client):
    page = html(client, "/search/", q="pins and needles")
    symptoms = page.split('id="matching-symptoms"')[1].split("</section>")[0]
    assert 'href="/symptoms/tingling/"' in symptoms


def test_pagination_and_bad_page_numbers(client):
    outcome = search("leg", page_number=2, per_page=5)
    assert outcome.total > 5 and outcome.page.number == 2
    first = slugs("leg")
    second = [r.condition.slug for r in search("leg", page_number=2).results]
    assert not set(first) & set(second)
    for page in ["abc", "-1", "99999", "1e9", "\x00"]:
        response = client.get("/search/", {"q": "leg", "page": page})
        assert response.status_code == 200


# Red flags first


@pytest.mark.parametrize(
    "query, card, symptom",
    [
        ("sudden weakness in one leg", "care-card--emergency", "one-sided-weakness"),
        ("swollen red calf", "care-card--urgent", "painful-swollen-leg"),
        ("leg went cold and pale", "care-card--emergency", "cold-pale-leg"),
        ("numb bum", "care-card--emergency", "saddle-numbness"),
        ("chest pain", "care-card--emergency", "chest-pain-breathlessness"),
    ],
)
def test_red_flag_queries_open_with_the_care_card(client, query, card, symptom):
    page = html(client, "/search/", q=query)
    main = page.split('id="main"')[1]
    assert card in main
    assert main.index(card) < main.index('id="result-count"')
    assert f'href="/symptoms/{symptom}/"' in main


def test_ordinary_queries_show_no_red_flag_card(client):
    for query in ["pins and needles", "sciatica", "leg cramps"]:
        main = html(client, "/search/", q=query).split('id="main"')[1]
        assert "care-card--emergency" not in main and "care-card--urgent" not in main


# Lay words and synonyms


def test_synonyms_expand_and_never_replace(client):
    assert "leg-cramps" in slugs("charley horse")[:3]
    assert "deep-vein-thrombosis" in slugs("blood clot")[:3]
    # The typed word still counts: a page that only says "tingly" is found for "tingly".
    assert "peripheral-neuropathy" in slugs("pins and needles")


def test_editors_synonyms_take_effect_at_once(make_condition):
    make_condition(name="Quibbleworth syndrome")
    assert slugs("flurbish") == []
    Synonym.objects.create(phrases="flurbish\nquibbleworth")
    assert slugs("flurbish")[0].startswith("test-condition")


# Typos


def test_unknown_word_gets_a_suggestion_and_corrected_results(client):
    page = html(client, "/search/", q="sciatca")
    assert "Showing results for" in page and ">sciatica<" in page
    assert search("sciatca").results[0].condition.slug == "sciatica"


def test_correction_offered_even_when_other_words_match():
    outcome = search("sciatca leg")
    assert outcome.correction == "sciatica leg"


def test_known_words_and_stems_are_not_corrected():
    assert search("walking").correction == ""
    assert search("walks").correction == ""


def test_stop_words_only_gives_the_help_page(client):
    page = html(client, "/search/", q="the and of")
    assert "Nothing found. Try other words" in page
    assert "Your search only had very common words" in page
    assert search("the and of").results == []


def test_no_results_page_helps(client):
    page = html(client, "/search/", q="xylophone")
    assert "Nothing found" in page
    assert 'href="/symptoms/leg-weakness/"' in page  # a common symptom
    assert 'href="/conditions/"' in page and 'href="/symptoms/"' in page


# Filters


def test_filters_combine_and_count():
    everything = search("pain")
    calf = search("pain", {"area": "lower-leg-calf"})
    both = search("pain", {"area": "lower-leg-calf", "severity": "urgent"})
    assert 0 < both.total < calf.total < everything.total
    for result in both.results:
        assert result.condition.severity.slug == "urgent"
        assert result.condition.body_areas.filter(slug="lower-leg-calf").exists()
    area_facet = next(f for f in calf.facets if f.spec.param == "area")
    calf_option = next(o for o in area_facet.options if o.slug == "lower-leg-calf")
    assert calf_option.selected and calf_option.count == calf.total
    severity_facet = next(f for f in calf.facets if f.spec.param == "severity")
    assert sum(o.count for o in severity_facet.options) == calf.total


def test_filter_links_keep_the_query_and_other_filters(client):
    page = html(client, "/search/", q="pain", area="lower-leg-calf")
    assert "?q=pain&amp;area=lower-leg-calf&amp;severity=urgent" in page


def test_browse_mode_without_a_query(client):
    outcome = search("", {"tag": "nerves"})
    tagged = Condition.objects.published().filter(tags__slug="nerves")
    assert outcome.is_browsing and outcome.total == tagged.count() > 0
    assert [r.condition.slug for r in outcome.results] == sorted(
        tagged.values_list("slug", flat=True), key=lambda slug: tagged.get(slug=slug).name
    )[: len(outcome.results)]
    assert all(r.condition.tags.filter(slug="nerves").exists() for r in outcome.results)
    assert "peripheral-neuropathy" in html(client, "/search/", tag="nerves")


def test_symptom_filter():
    outcome = search("", {"symptom": "saddle-numbness"})
    assert "cauda-equina-syndrome" in [r.condition.slug for r in outcome.results]


def test_unknown_filter_values_are_explained_not_fatal(client):
    page = html(client, "/search/", q="pain", area="nowhere", severity="<b>")
    assert "We could not use the body area filter" in page
    assert "We could not use the how urgent filter" in page


# Suggestions


def test_suggestions_by_prefix(client):
    data = json.loads(html(client, "/search/suggest/", q="sci"))
    assert data["conditions"][0] == {
        "name": "Sciatica",
        "url": "/conditions/sciatica/",
        "severity": "Self-care at home",
    }
    data = json.loads(html(client, "/search/suggest/", q="ting"))
    assert {"name": "Tingling (pins and needles)", "url": "/symptoms/tingling/"} in data["symptoms"]


@pytest.mark.parametrize("prefix", ["", "   ", "\x00", '"', "NEAR(", "*", "é", "😀", "a" * 500])
def test_suggestions_never_fail(client, prefix):
    data = json.loads(html(client, "/search/suggest/", q=prefix))
    assert set(data) == {"query", "conditions", "symptoms"}


# Only published content, and an index that follows every change


def test_unpublished_content_is_never_found(make_condition, make_symptom):
    make_condition(name="Hiddenitis", status=Status.DRAFT)
    make_symptom(name="Hiddenache", status=Status.IN_REVIEW)
    assert slugs("hiddenitis") == []
    assert search("hiddenache").symptoms == []
    assert search("", {}).total == Condition.objects.published().count()


def test_index_follows_create_edit_unpublish_and_delete(make_condition):
    condition = make_condition(name="Wobblefoot")
    assert slugs("wobblefoot") == [condition.slug]
    condition.name = "Grumbleknee"
    condition.aliases = "achy zorbles"
    condition.save()
    assert slugs("wobblefoot") == []
    assert slugs("grumbleknee") == [condition.slug]
    assert slugs("achy zorbles") == [condition.slug]
    condition.status = Status.ARCHIVED
    condition.save()
    assert slugs("grumbleknee") == []
    condition.status = Status.PUBLISHED
    condition.save()
    assert slugs("grumbleknee") == [condition.slug]
    condition.delete()
    assert slugs("grumbleknee") == []


def test_deleting_a_linked_condition_or_symptom_keeps_the_index_consistent():
    Condition.objects.get(slug="sciatica").delete()
    assert "sciatica" not in slugs("sciatica")
    Symptom.objects.get(slug="tingling").delete()
    assert "peripheral-neuropathy" in slugs("neuropathy")
    assert not SearchDocument.objects.filter(condition__isnull=True, symptom__isnull=True).exists()


def test_index_follows_symptoms_and_tags(make_condition, make_symptom):
    condition = make_condition()
    symptom = make_symptom(name="Fizzing toes")
    ConditionSymptom.objects.create(condition=condition, symptom=symptom)
    assert condition.slug in slugs("fizzing toes")
    symptom.aliases = "sparkly feet"
    symptom.save()
    assert condition.slug in slugs("sparkly feet")
    symptom.status = Status.DRAFT
    symptom.save()
    assert condition.slug not in slugs("sparkly feet")

    condition.tags.add("Moonwalking")
    assert slugs("moonwalking") == [condition.slug]
    tag = Tag.objects.get(name="Moonwalking")
    tag.name = "Stargazing"
    tag.save()
    assert slugs("stargazing") == [condition.slug]
    condition.tags.clear()
    assert slugs("stargazing") == []


def test_admin_edit_changes_search_at_once(admin_client):
    condition = Condition.objects.get(slug="sciatica")
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    form_page = admin_client.get(url)
    data = form_data(form_page)
    data["aliases"] = "sciatic nerve pain\nflibbertigibbet"
    response = admin_client.post(url, {**data, "_publish": "1"})
    assert response.status_code == 302, response.context and response.context["errors"]
    assert slugs("flibbertigibbet") == []  # staged: readers' search has not changed yet
    publish(admin_client, condition)
    assert slugs("flibbertigibbet") == ["sciatica"]


def test_rebuild_command_and_system_check(capsys):
    call_command("rebuild_search_index")
    conditions = Condition.objects.published().count()
    symptoms = Symptom.objects.published().count()
    assert f"Indexed {conditions} conditions and {symptoms} symptoms" in capsys.readouterr().out
    assert search_index_check(databases=["default"]) == []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER conditions_search_fts_au")
        else:
            cursor.execute("DROP INDEX conditions_searchdocument_vector_gin")
    errors = search_index_check(databases=["default"])
    assert errors and errors[0].id == "legpain.E001"
    call_command("rebuild_search_index")
    assert search_index_check(databases=["default"]) == []
    assert slugs("sciatica")[0] == "sciatica"


def test_tag_rows_saved_in_the_admin_reach_the_index(make_condition):
    from taggit.models import Tag

    from conditions.models import TaggedCondition

    condition = make_condition()
    TaggedCondition.objects.create(
        content_object=condition, tag=Tag.objects.create(name="Zebrafoot")
    )
    assert slugs("zebrafoot") == [condition.slug]


def test_deleting_a_body_area_updates_the_index():
    from conditions.models import BodyArea

    BodyArea.objects.get(slug="knee").delete()
    assert not SearchFacet.objects.filter(key="area:knee").exists()


# Limits and fallbacks


def test_only_the_first_ten_words_are_searched():
    from conditions.search.query import parse

    words = [f"word{letter}" for letter in "abcdefghijkl"]  # 12 distinct, no stop words
    parsed = parse(" ".join(words))
    assert [clause.typed for clause in parsed.clauses] == words[:10]
    # Stop words and repeats do not use up the ten.
    parsed = parse("the " + " ".join(["sciatica"] * 3 + words))
    assert [clause.typed for clause in parsed.clauses] == ["sciatica", *words[:9]]


def test_an_eleventh_word_is_not_searched():
    from conditions.search.query import STOP_WORDS, tokenize

    sciatica = Condition.objects.get(slug="sciatica")
    words = [w for w in tokenize(sciatica.summary + " " + sciatica.overview) if w not in STOP_WORDS]
    ten = " ".join(list(dict.fromkeys(words))[:10])
    assert len(ten.split()) == 10
    outcome = search(ten)
    assert outcome.matched_all_words and "sciatica" in slugs(ten)
    # An eleventh word no page has would leave only pages with some of the words.
    eleven = search(ten + " zzzzqqq")
    assert eleven.matched_all_words
    assert slugs(ten + " zzzzqqq") == slugs(ten)


def test_when_no_page_has_every_word_pages_with_some_are_shown_with_a_note(client):
    outcome = search("sciatica gout")
    assert not outcome.matched_all_words
    found = {r.condition.slug for r in outcome.results}
    assert {"sciatica", "gout"} <= found
    page = html(client, "/search/", q="sciatica gout")
    note = "No page has all of your words, so these pages have some of them."
    assert f'<p class="note">{note}</p>' in page
    assert "No page has all of your words" not in html(client, "/search/", q="sciatica")


def test_suggestions_are_revalidated_like_every_reader_page(client):
    """The page cache stores suggestions and marks them "no-cache" (browsers ask again,
    a 304 is cheap), on a miss and on a hit, so a changed care level is never shown stale."""
    first = client.get("/search/suggest/", {"q": "sci"})
    again = client.get("/search/suggest/", {"q": "sci"})
    assert (first["X-Cache"], first["Cache-Control"]) == ("miss", "no-cache")
    assert (again["X-Cache"], again["Cache-Control"]) == ("hit", "no-cache")
    assert first["Last-Modified"] == again["Last-Modified"]
    assert again.content == first.content
