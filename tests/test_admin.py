"""Editors can reach every admin page they need, at a fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conditions.models import Condition, Symptom
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/conditions/condition/",
        "/admin/conditions/condition/add/",
        "/admin/conditions/symptom/",
        "/admin/conditions/symptom/add/",
        "/admin/conditions/severity/",
        "/admin/conditions/bodyarea/",
        "/admin/taggit/tag/",
    ],
)
def test_admin_pages_load(admin_client, path):
    assert admin_client.get(path).status_code == 200


def test_condition_change_form_loads(admin_client):
    condition = Condition.objects.get(slug="sciatica")
    response = admin_client.get(f"/admin/conditions/condition/{condition.pk}/change/")
    assert response.status_code == 200
    assert "Sciatica" in response.content.decode()


def test_symptom_autocomplete_for_inlines(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "ting", "app_label": "conditions", "model_name": "conditionsymptom",
         "field_name": "symptom"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Tingling" in response.content.decode()


@pytest.mark.parametrize("model", [Condition, Symptom])
def test_changelist_queries_do_not_grow(
    admin_client, model, make_condition, make_symptom, django_assert_max_num_queries
):
    path = f"/admin/conditions/{model._meta.model_name}/"
    with django_assert_max_num_queries(12) as before:
        admin_client.get(path)
    for _ in range(20):
        make_condition() if model is Condition else make_symptom()
    with django_assert_max_num_queries(12) as after:
        admin_client.get(path)
    assert len(before.captured_queries) == len(after.captured_queries)


def test_invalid_admin_input_shows_errors_not_a_crash(admin_client):
    condition = Condition.objects.get(slug="stroke")
    url = f"/admin/conditions/condition/{condition.pk}/change/"
    data = form_data(admin_client.get(url))
    rules_before = condition.warning_rules.count()
    data["warning_rules-0-symptoms"] = []
    data["warning_rules-0-any_symptoms"] = []
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert (
        "Choose at least one symptom: the checker can only match what readers tick."
        in response.content.decode()
    )
    assert condition.warning_rules.count() == rules_before
    assert all(rule.symptoms.exists() for rule in condition.warning_rules.all())


def test_tags_are_picked_with_autocomplete(admin_client):
    condition = Condition.objects.get(slug="sciatica")
    page = admin_client.get(f"/admin/conditions/condition/{condition.pk}/change/").content.decode()
    assert 'id="id_tagged_items-0-tag"' in page and "admin-autocomplete" in page
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "nerv", "app_label": "conditions", "model_name": "taggedcondition",
         "field_name": "tag"},
    )  # fmt: skip
    assert "Nerves" in response.content.decode()


# Preview of unsaved text


def test_previewing_a_new_condition_looks_up_no_stored_condition(editor):
    """A new page has no stored version: the only condition query is the name check."""
    data = form_data(editor.get("/admin/conditions/condition/add/"))
    data.update({"name": "Qxpreview knee ache", "overview": "A **fresh** overview."})
    with CaptureQueriesContext(connection) as queries:
        response = editor.post("/admin/conditions/condition/add/preview/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Qxpreview knee ache</h1>" in html
    assert "<strong>fresh</strong>" in html
    looked_up = [q["sql"] for q in queries.captured_queries if '"conditions_condition"' in q["sql"]]
    assert len(looked_up) == 1
    assert '"conditions_condition"."name" =' in looked_up[0]
    assert not Condition.objects.filter(name="Qxpreview knee ache").exists()


def test_the_preview_link_opened_on_its_own_shows_the_message_waiting_for_the_reviewer(reviewer):
    shin = Condition.objects.get(slug="shin-splints")
    reviewer.post(
        "/admin/conditions/condition/",
        {"action": "mark_reviewed", "_selected_action": [shin.pk]},
    )

    response = reviewer.get(f"/admin/conditions/condition/{shin.pk}/change/preview/")

    html = response.content.decode()
    assert response.status_code == 400
    assert "<p>Preview works from the edit form: press “Preview” there.</p>" in html
    # The admin's own page, titled and with the editor's tools, like every other page.
    assert "<title>Preview unavailable | legpain editors</title>" in html
    assert 'id="user-tools"' in html
    assert '<li class="success">Marked as reviewed: 1 item changed.</li>' in html
    # Shown once: the next page does not repeat it.
    assert "Marked as reviewed" not in reviewer.get("/admin/conditions/condition/").content.decode()
