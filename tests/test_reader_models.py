"""What readers see without a review status (body areas, triggers, synonyms, care levels,
audiences, tags) changes only through medical reviewers, is versioned, and is never
deleted while published content uses it. Tried through the admin as a browser or a crafted
request would."""

import importlib

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.models import Group
from reversion.models import Version
from taggit.models import Tag

from conditions import protection, workflow
from conditions.models import (
    Audience,
    BodyArea,
    Condition,
    Guide,
    Severity,
    Status,
    Symptom,
    Synonym,
    Trigger,
)
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

REFUSED = "cannot be deleted: published pages use it, and readers would lose it without a review"
BULK_REFUSED = "Nothing was deleted: published pages use"


def admin_url(model, action="", pk=None):
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    return f"{base}{pk}/{action}/" if pk is not None else f"{base}{action}"


# For each model: a new item as the add form posts it, and a field a change edits.
NEW = {
    BodyArea: {"name": "Groin", "slug": "groin", "description": "", "order": 9},
    Trigger: {"name": "After a long flight", "slug": "after-a-flight", "order": 9},
    Synonym: {"phrases": "shin\nfront of the lower leg", "note": ""},
    Severity: {
        "name": "Pharmacy",
        "slug": "pharmacy",
        "rank": 9,
        "colour": "#005eb8",
        "card_style": "non-urgent",
        "card_heading": "Ask a pharmacist",
        "advice": "A pharmacist can help.",
    },  # fmt: skip
    Audience: {"name": "An older adult", "slug": "older-adult", "group": "adult", "order": 9},
    Tag: {"name": "Flights", "slug": "flights"},
}
CHANGED_FIELD = {
    BodyArea: "description",
    Trigger: "name",
    Synonym: "note",
    Severity: "advice",
    Audience: "name",
    Tag: "name",
}
READER_MODELS = list(NEW)


def existing(model):
    return model.objects.order_by("pk").first()


def fresh(model):
    """An item nothing uses, made directly in the database."""
    values = dict(NEW[model])
    return model.objects.create(**values)


def snapshot(model):
    return sorted((item.pk, getattr(item, CHANGED_FIELD[model])) for item in model.objects.all())


# Who may change what readers see


@pytest.mark.parametrize("model", READER_MODELS, ids=lambda m: m.__name__)
def test_editor_cannot_change_or_delete_by_crafted_post(editor, reviewer, model):
    item = existing(model)
    data = form_data(reviewer.get(admin_url(model, "change", item.pk)))
    data[CHANGED_FIELD[model]] = "Changed by an editor"
    before = snapshot(model)

    assert editor.get(admin_url(model)).status_code == 200  # editors may look
    assert editor.post(admin_url(model, "change", item.pk), data).status_code == 403
    assert editor.post(admin_url(model, "delete", item.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"}
    editor.post(admin_url(model), bulk)
    assert snapshot(model) == before


@pytest.mark.parametrize("model", [m for m in READER_MODELS if m is not Tag],
                         ids=lambda m: m.__name__)  # fmt: skip
def test_editor_cannot_add_by_crafted_post(editor, model):
    count = model.objects.count()
    assert editor.post(admin_url(model, "add/"), NEW[model]).status_code == 403
    assert model.objects.count() == count


def test_editor_may_add_a_tag_but_not_change_it(editor, reviewer):
    response = editor.post(admin_url(Tag, "add/"), NEW[Tag])
    assert response.status_code == 302
    tag = Tag.objects.get(slug="flights")
    response = editor.post(admin_url(Tag, "change", tag.pk), {"name": "Planes", "slug": "flights"})
    assert response.status_code == 403
    assert Tag.objects.get(pk=tag.pk).name == "Flights"


@pytest.mark.parametrize("model", READER_MODELS, ids=lambda m: m.__name__)
def test_reviewer_adds_changes_and_deletes(reviewer, model):
    response = reviewer.post(admin_url(model, "add/"), NEW[model])
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = model.objects.order_by("-pk").first()

    url = admin_url(model, "change", item.pk)
    data = form_data(reviewer.get(url))
    data[CHANGED_FIELD[model]] = "Changed by a reviewer"
    assert reviewer.post(url, data).status_code == 302
    assert getattr(model.objects.get(pk=item.pk), CHANGED_FIELD[model]) == "Changed by a reviewer"

    assert reviewer.post(admin_url(model, "delete", item.pk), {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()


# History


@pytest.mark.parametrize("model", [BodyArea, Trigger, Audience, Tag], ids=lambda m: m.__name__)
def test_changes_in_the_admin_are_versioned(reviewer, model):
    assert reversion.is_registered(model)
    item = existing(model)
    url = admin_url(model, "change", item.pk)
    versions = Version.objects.get_for_object(item).count()
    data = form_data(reviewer.get(url))
    data[CHANGED_FIELD[model]] = "Versioned change"
    assert reviewer.post(url, data).status_code == 302
    assert Version.objects.get_for_object(item).count() == versions + 1
    assert Version.objects.get_for_object(item).first().field_dict[CHANGED_FIELD[model]] == (
        "Versioned change"
    )
    assert reviewer.get(admin_url(model, "history", item.pk)).status_code == 200


# Deleting what published content uses


def used_body_area():
    sciatica = Condition.objects.get(slug="sciatica")
    return sciatica, sciatica.body_areas.order_by("pk").first()


def test_deleting_a_body_area_in_use_is_refused_on_its_page(reviewer):
    sciatica, area = used_body_area()
    url = admin_url(BodyArea, "delete", area.pk)
    page = reviewer.get(url).content.decode()
    assert f"“{area.name}” {REFUSED}" in page
    assert "Sciatica (published condition)" in page
    assert "First take it out of the pages listed" in page
    assert 'name="post"' not in page  # no confirm button

    response = reviewer.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Sciatica (published condition)" in response.content.decode()
    assert BodyArea.objects.filter(pk=area.pk).exists()
    assert area in Condition.objects.get(pk=sciatica.pk).body_areas.all()


def test_deleting_a_body_area_in_use_is_refused_in_bulk(reviewer):
    sciatica, area = used_body_area()
    unused = fresh(BodyArea)
    response = reviewer.post(
        admin_url(BodyArea),
        {"action": "delete_selected", "_selected_action": [area.pk, unused.pk], "post": "yes"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{BULK_REFUSED} 1 of the selected body areas" in page
    assert f"“{area.name}” is used by:" in page and "Sciatica (published condition)" in page
    assert BodyArea.objects.filter(pk__in=[area.pk, unused.pk]).count() == 2
    assert area in Condition.objects.get(pk=sciatica.pk).body_areas.all()


def test_whole_leg_used_by_published_conditions_cannot_be_bulk_deleted(reviewer):
    """The incident: bulk-deleting "whole-leg" left published conditions with no body area."""
    area = BodyArea.objects.get(slug="whole-leg")
    users = list(Condition.objects.published().filter(body_areas=area).order_by("name"))
    assert users
    page = reviewer.post(
        admin_url(BodyArea),
        {"action": "delete_selected", "_selected_action": [area.pk], "post": "yes"},
    ).content.decode()
    assert f"{BULK_REFUSED} the selected body area, and readers would lose it" in page
    for condition in users:
        assert f"{condition.name} (published condition)" in page
    assert BodyArea.objects.filter(slug="whole-leg").exists()
    assert Condition.objects.published().filter(body_areas=area).count() == len(users)


def test_deleting_an_unused_body_area_works(reviewer):
    single, bulk = fresh(BodyArea), BodyArea.objects.create(name="Heel", slug="heel")
    assert "Are you sure" in reviewer.get(admin_url(BodyArea, "delete", single.pk)).content.decode()
    assert (
        reviewer.post(admin_url(BodyArea, "delete", single.pk), {"post": "yes"}).status_code == 302
    )
    reviewer.post(
        admin_url(BodyArea),
        {"action": "delete_selected", "_selected_action": [bulk.pk], "post": "yes"},
    )
    assert not BodyArea.objects.filter(pk__in=[single.pk, bulk.pk]).exists()


def test_deleting_a_care_level_in_use_is_refused(reviewer):
    level = Severity.objects.get(slug="emergency")
    stroke = Condition.objects.get(slug="stroke")
    assert stroke.severity == level
    url = admin_url(Severity, "delete", level.pk)
    page = reviewer.get(url).content.decode()
    assert f"“{level.name}” {REFUSED}" in page
    assert "Stroke (published condition)" in page
    assert "When-to-get-help rule “" in page
    assert "(warning sign at this level)" in page
    reviewer.post(url, {"post": "yes"})
    bulk = reviewer.post(
        admin_url(Severity),
        {"action": "delete_selected", "_selected_action": [level.pk], "post": "yes"},
    ).content.decode()
    assert f"{BULK_REFUSED} the selected severity" in bulk
    assert "Stroke (published condition)" in bulk
    assert Severity.objects.filter(pk=level.pk).exists()
    assert Condition.objects.get(pk=stroke.pk).severity == level


def test_deleting_an_unused_care_level_works(reviewer):
    level = fresh(Severity)
    assert (
        reviewer.post(admin_url(Severity, "delete", level.pk), {"post": "yes"}).status_code == 302
    )
    assert not Severity.objects.filter(pk=level.pk).exists()


def test_a_draft_condition_a_published_guide_covers_is_not_deleted(reviewer, make_condition):
    condition = make_condition(name="Covered draft", status=Status.DRAFT)
    guide = Guide.objects.published().order_by("pk").first()
    guide.conditions.add(condition)
    url = admin_url(Condition, "delete", condition.pk)
    page = reviewer.get(url).content.decode()
    assert f"“Covered draft” {REFUSED}" in page
    assert f"{guide.title} (published guide)" in page
    assert "archive it instead" in page
    reviewer.post(url, {"post": "yes"})
    assert Condition.objects.filter(pk=condition.pk).exists()


def test_what_uses_each_kind_of_item():
    sciatica = Condition.objects.get(slug="sciatica")
    child = Audience.objects.get(slug="child")
    children = Guide.objects.get(slug="leg-pain-in-children")
    tag = sciatica.tags.order_by("pk").first()
    trigger = Trigger.objects.filter(conditions__status=Status.PUBLISHED).first()
    link = sciatica.symptom_links.select_related("symptom").first()

    assert f"{children.title} (published guide)" in protection.published_uses(child)
    assert "Sciatica (published condition)" in protection.published_uses(tag)
    assert "Sciatica (published condition)" in protection.published_uses(link.symptom)
    assert any("(published condition)" in line for line in protection.published_uses(trigger))
    growing_pains = Condition.objects.get(slug="growing-pains")
    assert f"{children.title} (published guide)" in protection.published_uses(growing_pains)
    assert protection.published_uses(fresh(BodyArea)) == []
    assert protection.published_uses(Synonym.objects.first()) == []

    Condition.objects.filter(pk=sciatica.pk).update(status=Status.DRAFT)
    assert "Sciatica (published condition)" not in protection.published_uses(tag)


def test_a_symptom_published_conditions_link_is_not_deleted(reviewer, make_symptom):
    symptom = make_symptom(name="Linked draft sign", status=Status.DRAFT)
    Condition.objects.get(slug="sciatica").symptom_links.create(symptom=symptom)
    url = admin_url(Symptom, "delete", symptom.pk)
    assert "Sciatica (published condition)" in reviewer.get(url).content.decode()
    reviewer.post(url, {"post": "yes"})
    assert Symptom.objects.filter(pk=symptom.pk).exists()


# Tagging conditions


def test_editor_tags_a_condition_in_its_form(editor, make_condition):
    condition = make_condition(name="Tag me", status=Status.DRAFT)
    tag = Tag.objects.create(name="Long flights", slug="long-flights")
    url = admin_url(Condition, "change", condition.pk)
    data = form_data(editor.get(url))
    assert "tagged_items-TOTAL_FORMS" in data  # the tag rows are on the form
    data["tagged_items-0-tag"] = tag.pk
    response = editor.post(url, data)
    assert response.status_code == 302
    assert list(Condition.objects.get(pk=condition.pk).tags.all()) == [tag]


def test_reviewer_tags_a_condition_in_its_form(reviewer, make_condition):
    condition = make_condition(name="Tag me too", status=Status.DRAFT)
    condition.tags.add("Nerves")
    tag = Tag.objects.create(name="Long flights", slug="long-flights")
    url = admin_url(Condition, "change", condition.pk)
    data = form_data(reviewer.get(url))
    extra = int(data["tagged_items-TOTAL_FORMS"]) - 1
    data[f"tagged_items-{extra}-tag"] = tag.pk
    assert reviewer.post(url, data).status_code == 302
    names = set(Condition.objects.get(pk=condition.pk).tags.values_list("name", flat=True))
    assert names == {"Nerves", "Long flights"}


# The migration


def test_the_roles_migration_reverses():
    migration = importlib.import_module("conditions.migrations.0016_reader_models_for_reviewers")
    editors = Group.objects.get(name=workflow.EDITORS_GROUP)
    reviewers = Group.objects.get(name=workflow.REVIEWERS_GROUP)

    def codes(group):
        return set(group.permissions.values_list("codename", flat=True))

    after = codes(editors), codes(reviewers)
    assert {"view_bodyarea", "add_tag", "add_taggedcondition"} <= after[0]
    assert not {"change_bodyarea", "add_trigger", "change_tag", "delete_tag"} & after[0]
    assert {"delete_severity", "delete_audience", "change_tag", "delete_taggedcondition"} <= after[
        1
    ]

    migration.unrestrict(apps, None)
    assert {"add_bodyarea", "change_trigger", "change_tag"} <= codes(editors)
    assert "add_taggedcondition" not in codes(editors)
    assert not {"delete_severity", "delete_audience", "add_taggedcondition"} & codes(reviewers)

    migration.restrict(apps, None)
    assert (codes(editors), codes(reviewers)) == after
