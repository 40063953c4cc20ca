"""Only medical reviewers change what readers see without a review status.

Body areas, triggers, synonyms, care levels (severities), audiences and tag names show on
pages at once when saved, so editors may only view them. Editors may still add a new tag:
it reaches readers only when a condition that uses it is published through review. Both
roles may tag conditions (the condition form's tag rows use ``TaggedCondition``).

Reverse restores the permissions the roles had after 0015.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READER_MODELS = ["bodyarea", "trigger", "synonym", "severity", "audience"]
ALL_ACTIONS = ("add", "change", "delete", "view")

# (app_label, codename) pairs.
REVIEWER_ADD = [
    *(("conditions", f"{action}_{model}") for model in READER_MODELS for action in ALL_ACTIONS),
    *(("taggit", f"{action}_tag") for action in ALL_ACTIONS),
    *(("conditions", f"{action}_taggedcondition") for action in ALL_ACTIONS),
]
EDITOR_ADD = [
    *(("conditions", f"view_{model}") for model in READER_MODELS),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
    *(("conditions", f"{action}_taggedcondition") for action in ALL_ACTIONS),
]
EDITOR_REMOVE = [
    *(
        ("conditions", f"{action}_{model}")
        for model in READER_MODELS
        for action in ("add", "change", "delete")
    ),
    ("taggit", "change_tag"),
    ("taggit", "delete_tag"),
]

# What 0007, 0009 and 0015 gave that this migration takes away or did not give.
EDITOR_BEFORE = [
    *(
        ("conditions", f"{action}_{model}")
        for model in ("bodyarea", "synonym", "trigger")
        for action in ("add", "change")
    ),
    ("taggit", "change_tag"),
]
REVIEWER_NEW = [
    ("conditions", "delete_severity"),
    ("conditions", "delete_audience"),
    *(("conditions", f"{action}_taggedcondition") for action in ALL_ACTIONS),
]
EDITOR_NEW = [*(("conditions", f"{action}_taggedcondition") for action in ALL_ACTIONS)]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def _groups(apps, name):
    return apps.get_model("auth", "Group").objects.filter(name=name)


def restrict(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_label in ("conditions", "taggit"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
    for group in _groups(apps, "Medical reviewers"):
        group.permissions.add(*_permissions(apps, REVIEWER_ADD))
    for group in _groups(apps, "Editors"):
        group.permissions.remove(*_permissions(apps, EDITOR_REMOVE))
        group.permissions.add(*_permissions(apps, EDITOR_ADD))


def unrestrict(apps, schema_editor):
    for group in _groups(apps, "Medical reviewers"):
        group.permissions.remove(*_permissions(apps, REVIEWER_NEW))
    for group in _groups(apps, "Editors"):
        group.permissions.remove(*_permissions(apps, EDITOR_NEW))
        group.permissions.add(*_permissions(apps, EDITOR_BEFORE))


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0015_guide_roles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(restrict, unrestrict)]
