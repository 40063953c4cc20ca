"""The data steps of migrations 0004 (tags to their own table) and 0009 (the symptom
checker's data for existing libraries), both ways, on the loaded library.

The steps are run with the project's app registry inside the test's transaction, which
is rolled back afterwards, so no other test sees the schema or data moved.
"""

import importlib
import json

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import migrations
from taggit.models import Tag, TaggedItem

from conditions.models import Condition, Symptom, TaggedCondition, Trigger

pytestmark = pytest.mark.django_db

tags_migration = importlib.import_module("conditions.migrations.0004_tags_with_direct_key")
checker_migration = importlib.import_module("conditions.migrations.0009_fill_symptom_checker_data")


def direct_rows():
    return set(TaggedCondition.objects.values_list("content_object_id", "tag_id"))


def generic_rows():
    condition_type = ContentType.objects.get_for_model(Condition)
    return set(
        TaggedItem.objects.filter(content_type=condition_type).values_list("object_id", "tag_id")
    )


def test_0004_moves_tags_back_to_the_generic_table_and_forward_again():
    shipped = direct_rows()
    assert shipped and generic_rows() == set()

    tags_migration.copy_back_to_generic_table(apps, None)  # the reverse step
    assert generic_rows() == shipped

    # Forward again, from the generic table alone, with a row whose condition is gone.
    TaggedCondition.objects.all().delete()
    orphan_tag = Tag.objects.create(name="Orphan tag", slug="orphan-tag")
    TaggedItem.objects.create(
        content_type=ContentType.objects.get_for_model(Condition),
        object_id=Condition.objects.order_by("-pk").first().pk + 1000,
        tag=orphan_tag,
    )
    tags_migration.copy_to_direct_table(apps, None)
    assert direct_rows() == shipped  # the orphan is skipped, not a crash
    assert generic_rows() == set()  # moved, not copied
    assert set(Condition.objects.get(slug="sciatica").tags.values_list("pk", flat=True)) == {
        tag for condition, tag in shipped if condition == Condition.objects.get(slug="sciatica").pk
    }


def test_0004_and_0009_can_be_migrated_backwards():
    for module in (tags_migration, checker_migration):
        assert all(op.reversible for op in module.Migration.operations), module.__name__
    run_python = [
        op for op in checker_migration.Migration.operations if isinstance(op, migrations.RunPython)
    ]
    # 0009 only fills in data; going back leaves it (the schema of 0008 can hold it).
    assert [op.reverse_code for op in run_python] == [migrations.RunPython.noop] * 2


def shipped(name):
    return json.loads((checker_migration.LIBRARY / name).read_text())


def test_0009_fills_only_what_editors_have_not_set():
    grouped = next(row for row in shipped("symptoms.json") if row["checker_group"] != "pain")
    Symptom.objects.filter(slug=grouped["slug"]).update(checker_group="pain")
    rows = [
        json.loads(p.read_text()) for p in (checker_migration.LIBRARY / "conditions").glob("*.json")
    ]
    with_triggers = [row for row in rows if row["triggers"]]
    empty, edited = (Condition.objects.get(slug=row["slug"]) for row in with_triggers[:2])
    empty.triggers.clear()
    own_choice = Trigger.objects.exclude(slug__in=with_triggers[1]["triggers"]).first()
    edited.triggers.set([own_choice])
    gone = with_triggers[0]["triggers"][0]
    Trigger.objects.filter(slug=gone).delete()

    checker_migration.fill(apps, None)

    assert Symptom.objects.get(slug=grouped["slug"]).checker_group == grouped["checker_group"]
    assert Trigger.objects.filter(slug=gone).exists()  # made again from the shipped file
    assert set(empty.triggers.values_list("slug", flat=True)) == set(with_triggers[0]["triggers"])
    assert list(edited.triggers.all()) == [own_choice]  # the editor's choice stays


def test_0009_does_nothing_to_a_new_empty_database():
    Condition.objects.all().delete()
    Trigger.objects.all().delete()
    checker_migration.fill(apps, None)  # load_library brings everything there
    assert not Trigger.objects.exists()
