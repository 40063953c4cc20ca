"""Data migrations run backwards, then forwards again, on the loaded library.

Each data step is called as Django's migration executor calls it: with the historical app
registry of its place in the migration graph. Everything runs inside the test's
transaction, which is rolled back afterwards, so no other test sees roles removed, columns
added or rules taken away. (SQLite cannot change a schema with Django's schema editor
inside a transaction; the two Markdown columns 0011's reverse writes are added with plain
SQL, as migrating back through 0011's RemoveField would add them.)
"""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from conditions import workflow
from conditions.loading import load_library
from conditions.models import Condition, Symptom, TaggedCondition, WarningRule

pytestmark = pytest.mark.django_db

ROLES = [workflow.EDITORS_GROUP, workflow.REVIEWERS_GROUP]


def migration(name):
    return importlib.import_module(f"conditions.migrations.{name}")


def apps_after(name):
    """The app registry as it stands once migration ``name`` has run."""
    return MigrationLoader(connection).project_state(("conditions", name)).apps


def role_permissions():
    return {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.filter(name__in=ROLES)
    }


# 0004: tags


def test_0004_leaves_tags_alone_both_ways_before_content_types_exist():
    """On a database whose content types are not made yet (they come after migrating),
    there is no generic tag row to move: both steps leave the tags where they are."""
    tags = migration("0004_tags_with_direct_key")
    direct = set(TaggedCondition.objects.values_list("content_object_id", "tag_id"))
    assert direct
    ContentType.objects.filter(app_label="conditions", model="condition").update(
        model="not-made-yet"
    )
    historical = apps_after("0004_tags_with_direct_key")
    TaggedItem = historical.get_model("taggit", "TaggedItem")

    tags.copy_back_to_generic_table(historical, None)
    assert not TaggedItem.objects.exists()
    tags.copy_to_direct_table(historical, None)
    assert set(TaggedCondition.objects.values_list("content_object_id", "tag_id")) == direct
    ContentType.objects.clear_cache()


# 0007, 0009, 0011, 0015, 0016: the editorial roles


def migrate_roles_back_to_0006():
    """Every permission step from 0016 back to 0007, last first (0009 and 0011 only give
    permissions going forward: their reverse is a no-op)."""
    migration("0016_reader_models_for_reviewers").unrestrict(
        apps_after("0016_reader_models_for_reviewers"), None
    )
    migration("0015_guide_roles").revoke(apps_after("0015_guide_roles"), None)
    migration("0007_editorial_roles").remove_roles(apps_after("0007_editorial_roles"), None)


def migrate_roles_forward_from_0006():
    migration("0007_editorial_roles").create_roles(apps_after("0007_editorial_roles"), None)
    migration("0009_fill_symptom_checker_data").grant_trigger_permissions(
        apps_after("0009_fill_symptom_checker_data"), None
    )
    migration("0011_warning_rules").grant_rule_permissions(apps_after("0011_warning_rules"), None)
    migration("0015_guide_roles").grant(apps_after("0015_guide_roles"), None)
    migration("0016_reader_models_for_reviewers").restrict(
        apps_after("0016_reader_models_for_reviewers"), None
    )


def test_0007_backwards_removes_both_roles_and_forwards_gives_their_permissions_back(editor):
    other = Group.objects.create(name="Translators")
    before = role_permissions()
    assert set(before) == set(ROLES)
    assert editor.user.groups.filter(name=workflow.EDITORS_GROUP).exists()

    migrate_roles_back_to_0006()

    assert not Group.objects.filter(name__in=ROLES).exists()
    assert Group.objects.filter(pk=other.pk).exists()  # only the two roles go
    assert not editor.user.groups.exists()  # members lose the role with the group

    migrate_roles_forward_from_0006()

    assert role_permissions() == before
    # The roles come back empty: who had them is not recorded anywhere to restore.
    assert not Group.objects.get(name=workflow.EDITORS_GROUP).user_set.exists()


def test_0015_backwards_takes_guides_from_both_roles_and_forwards_gives_them_back():
    before = role_permissions()
    unrestrict = migration("0016_reader_models_for_reviewers").unrestrict
    unrestrict(apps_after("0016_reader_models_for_reviewers"), None)
    at_0015 = role_permissions()

    migration("0015_guide_roles").revoke(apps_after("0015_guide_roles"), None)

    after = role_permissions()
    guides = ("guide", "guidereference")
    editor_gave = {f"{action}_{model}" for model in guides for action in ("add", "change", "view")}
    editor_gave.add("view_audience")
    reviewer_gave = editor_gave | {f"delete_{model}" for model in guides}
    reviewer_gave |= {"publish_guide", "add_audience", "change_audience"}
    assert at_0015[workflow.EDITORS_GROUP] - after[workflow.EDITORS_GROUP] == {
        ("conditions", code) for code in editor_gave
    }
    assert at_0015[workflow.REVIEWERS_GROUP] - after[workflow.REVIEWERS_GROUP] == {
        ("conditions", code) for code in reviewer_gave
    }
    for name in ROLES:
        assert after[name] < at_0015[name]  # only taken away, nothing given
        assert ("conditions", "change_condition") in after[name]

    migration("0015_guide_roles").grant(apps_after("0015_guide_roles"), None)
    assert role_permissions() == at_0015
    migration("0016_reader_models_for_reviewers").restrict(
        apps_after("0016_reader_models_for_reviewers"), None
    )
    assert role_permissions() == before


# 0011: "when to get help" rules


def rules_now():
    return {
        (
            rule.condition.slug,
            rule.text,
            rule.severity.slug,
            frozenset(s.slug for s in rule.symptoms.all()),
            frozenset(s.slug for s in rule.any_symptoms.all()),
        )
        for rule in WarningRule.objects.select_related("condition", "severity")
    }


def test_0011_backwards_writes_the_rules_out_as_lists_and_forwards_the_library_brings_them_back():
    lists = migration("0011_warning_rules")
    # Going back through 0011's RemoveFields adds the two Markdown columns again.
    with connection.cursor() as cursor:
        for column in ("get_help_emergency", "get_help_urgent"):
            cursor.execute(
                f"ALTER TABLE conditions_condition ADD COLUMN {column} text NOT NULL DEFAULT ''"
            )
    # The registry as lists_from_rules sees it when reversed: 0011 up to the RemoveFields.
    state = MigrationLoader(connection).project_state(
        ("conditions", "0011_warning_rules"), at_end=False
    )
    for operation in lists.Migration.operations[:7]:
        operation.state_forwards("conditions", state)
    historical = state.apps
    rules, signs = rules_now(), set(Symptom.objects.filter(is_red_flag=True))
    no_rules = Condition.objects.filter(warning_rules__isnull=True).first()

    lists.lists_from_rules(historical, None)

    OldCondition = historical.get_model("conditions", "Condition")
    cellulitis = OldCondition.objects.get(slug="cellulitis")
    assert cellulitis.get_help_emergency == (
        "- a skin infection that spreads fast, or comes with fast breathing or feeling very ill"
        "\n- confusion with a skin infection"
    )
    assert cellulitis.get_help_urgent == "- red or darkened skin that is hot, swollen or sore"
    for condition in OldCondition.objects.all():
        for style in ("emergency", "urgent"):
            expected = [
                f"- {rule.text}"
                for rule in WarningRule.objects.filter(
                    condition_id=condition.pk, severity__card_style=style
                ).order_by("order", "pk")
            ]
            assert getattr(condition, f"get_help_{style}").splitlines() == expected
    quiet = OldCondition.objects.get(pk=no_rules.pk)
    assert (quiet.get_help_emergency, quiet.get_help_urgent) == ("", "")

    # Forwards: 0011 makes the rules table again, empty (its RunPython from the lists is a
    # no-op); loading the library gives every condition without rules the shipped ones.
    WarningRule.objects.all().delete()
    assert not Symptom.objects.filter(is_red_flag=True).exists()
    load_library()
    assert rules_now() == rules
    assert set(Symptom.objects.filter(is_red_flag=True)) == signs
