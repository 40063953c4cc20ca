"""Edges of the models and of the pages and services built on them: review records an
editor leaves out, synonym groups of one phrase, the content version's row going missing,
error pages when even the settings are broken, the health check when the cache raises,
and the reader-page cache when the database is down before anything was cached.
"""

import datetime
import importlib
import json
import re

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client, RequestFactory
from taggit.models import Tag

from conditions import content_version as version_module
from conditions import health, views
from conditions.admin_protection import ReaderDataAdmin
from conditions.content_version import CACHE_KEY, content_version
from conditions.markup import render_markdown
from conditions.models import Condition, ContentVersion, Status, Synonym
from conditions.models.content_version import ROW_ID
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_version_state():
    """The content version module remembers the last version seen; start without one."""
    version_module._mirror_stale = False
    version_module._last_known = None
    yield
    version_module._mirror_stale = False
    version_module._last_known = None


def json_ld(html):
    found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


# Review records and synonym groups, as reviewers meet them in the admin


def test_a_live_page_cannot_lose_its_review_record_in_the_admin(reviewer):
    condition = Condition.objects.get(slug="sciatica")
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(reviewer.get(url))
    data.update(last_reviewed="", next_review_due="", reviewer_name=" ", reviewer_role="")
    response = reviewer.post(url, data)
    assert response.status_code == 200  # the form again, not a redirect
    html = response.content.decode()
    assert "Before publishing: Record the last review and when the next is due." in html
    assert "Before publishing: Record who reviewed it (name and role)." in html
    condition.refresh_from_db()
    assert condition.reviewer_name and condition.last_reviewed  # nothing was saved
    assert not condition.pending_changes.exists()


def test_a_review_record_missing_only_the_reviewer_names_only_that(make_condition):
    condition = make_condition(reviewer_name="Dr Who", reviewer_role="  ")
    assert condition.review_problems() == ["Record who reviewed it (name and role)."]
    condition = make_condition(next_review_due=None)
    assert condition.review_problems() == ["Record the last review and when the next is due."]


def test_a_synonym_group_needs_two_different_phrases(reviewer):
    before = Synonym.objects.count()
    response = reviewer.post(
        "/admin/conditions/synonym/add/", {"phrases": "Charley horse\ncharley HORSE"}
    )
    assert response.status_code == 200
    assert "Give at least two different phrases." in response.content.decode()
    assert Synonym.objects.count() == before


# The content version row


def test_the_content_version_reads_as_its_number_and_time():
    row = ContentVersion(number=7, changed_at=datetime.datetime(2026, 1, 2, 3, 4, 5))
    assert str(row) == "content version 7 (2026-01-02 03:04:05)"


def test_a_missing_version_row_is_made_again_at_zero_and_counts_on(client):
    ContentVersion.objects.all().delete()  # e.g. a table restored without its row
    cache.delete(CACHE_KEY)
    assert client.get("/conditions/sciatica/").status_code == 200
    assert ContentVersion.objects.get(pk=ROW_ID).number == 0
    Condition.objects.get(slug="sciatica").save()
    assert ContentVersion.current()[0] == 1


def test_when_another_process_made_the_version_row_first_its_row_is_kept():
    """Two processes can both find the row missing; the one that loses the race must
    read the winner's row, not fail or overwrite it."""
    ContentVersion.objects.filter(pk=ROW_ID).update(number=41)
    stored = ContentVersion.objects.values_list("number", "changed_at").get(pk=ROW_ID)
    assert (
        ContentVersion._create(
            number=0, changed_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
        )
        == stored
    )
    assert ContentVersion.current() == stored


def test_changes_inside_nested_batches_bump_the_version_once_at_the_very_end():
    before = ContentVersion.current()[0]
    with version_module.batched():
        with version_module.batched():
            Condition.objects.get(slug="sciatica").save()
        assert ContentVersion.current()[0] == before  # the inner block ending is not the end
        Condition.objects.get(slug="stroke").save()
    assert ContentVersion.current()[0] == before + 1


# The reader-page cache when the database is down


def test_a_database_outage_before_any_version_was_seen_gets_the_503_page(
    client, settings, monkeypatch
):
    """A server that has just started, with an empty cache and a database that does not
    answer, cannot know the content version: readers get the outage page (503, try again
    in a few seconds), as for any other page the database cannot answer."""

    def down(*args, **kwargs):
        raise OperationalError("the database did not answer")

    cache.delete(CACHE_KEY)
    monkeypatch.setattr(version_module, "_stored_version", down)
    monkeypatch.setattr(views.ConditionDetailView, "get_object", down)
    settings.EMERGENCY_NUMBER = "999"
    with pytest.raises(OperationalError):
        content_version()  # nothing to fall back on
    response = Client(raise_request_exception=False).get("/conditions/sciatica/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Sorry, something went wrong" in html and 'href="tel:999"' in html
    assert "X-Cache" not in response


def test_a_page_is_served_uncached_while_the_version_cannot_be_read(client, monkeypatch):
    def down():
        raise OperationalError("the database did not answer")

    cache.delete(CACHE_KEY)
    monkeypatch.setattr(version_module, "_stored_version", down)
    response = client.get("/conditions/sciatica/")
    assert response.status_code == 200
    assert "<h1>Sciatica</h1>" in response.content.decode()
    assert "X-Cache" not in response


# Error pages and the health check when more than one thing is broken


def test_the_500_page_names_any_emergency_number_when_the_settings_are_broken(
    settings, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("templates are broken too")

    monkeypatch.setattr(views.loader, "get_template", broken)
    del settings.EMERGENCY_NUMBER  # care_numbers cannot even read the number
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == views.SERVER_ERROR_TEXT.format(
        number="your local emergency number (for example 911, 999 or 112)"
    )


def test_retry_after_is_a_minute_when_the_rate_limiter_cannot_read_rates(client, monkeypatch):
    monkeypatch.setattr(views, "_split_rate", None)  # a django-ratelimit without it
    assert views.retry_after_seconds("3/5m") == 60
    response = views.rate_limited(RequestFactory().get("/search/suggest/"), None)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert json.loads(response.content) == {"error": "Too many requests. Wait a minute."}


def test_health_check_names_a_cache_that_raises(client, monkeypatch):
    class BrokenCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("cache server refused the connection")

        get = set

    monkeypatch.setattr(health, "cache", BrokenCache())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "unreachable"}


# Condition pages


def test_a_draft_never_reviewed_previews_without_a_review_date_in_its_json_ld(
    staff_client, make_condition
):
    draft = make_condition(status=Status.DRAFT, last_reviewed=None, next_review_due=None)
    html = staff_client.get(draft.get_absolute_url()).content.decode()
    document = json_ld(html)
    assert document["name"] == draft.name
    assert "lastReviewed" not in document
    assert document["dateModified"] == draft.updated_at.date().isoformat()


def test_a_published_page_gives_its_review_and_change_dates_in_its_json_ld(client):
    condition = Condition.objects.get(slug="sciatica")
    document = json_ld(client.get("/conditions/sciatica/").content.decode())
    assert document["lastReviewed"] == condition.last_reviewed.isoformat()
    assert document["dateModified"] == condition.updated_at.date().isoformat()


@pytest.mark.parametrize("text", ["", "   \n\n\t", None])
def test_an_empty_section_renders_as_nothing(text):
    assert render_markdown(text) == ""


def test_an_empty_optional_section_gets_no_heading_on_the_page(client, make_condition):
    condition = make_condition(treatment="  \n ")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert 'id="treatment"' not in html
    assert 'id="overview"' in html


# The tag admin


def test_tags_get_the_projects_admin_when_taggit_has_not_registered_its_own(monkeypatch):
    """Whichever app's admin loads first, tags get history and delete protection."""
    from conditions import tag_admin

    fresh = admin.AdminSite(name="fresh")
    monkeypatch.setattr(admin, "site", fresh)
    monkeypatch.setattr(admin.sites, "site", fresh)
    assert not fresh.is_registered(Tag)
    importlib.reload(tag_admin)
    registered = fresh._registry[Tag]
    assert isinstance(registered, ReaderDataAdmin)
    assert registered.list_display == ["name", "slug"]
    assert registered.prepopulated_fields == {"slug": ["name"]}
