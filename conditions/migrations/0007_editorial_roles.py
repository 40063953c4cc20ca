"""The two editorial roles as groups with their permissions.

Editors draft and submit; medical reviewers also publish, send back, archive, record
reviews, delete unpublished items and curate care levels. Superusers manage accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["condition", "symptom", "conditionsymptom", "reference", "bodyarea", "synonym"]
EDITOR_PERMISSIONS = [
    *(f"conditions.{action}_{model}" for model in CONTENT for action in ("add", "change", "view")),
    "conditions.view_severity",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.view_tag",
]
REVIEWER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    *(f"conditions.delete_{model}" for model in CONTENT),
    "conditions.publish_condition",
    "conditions.publish_symptom",
    "conditions.add_severity",
    "conditions.change_severity",
    "taggit.delete_tag",
]
ROLES = {"Editors": EDITOR_PERMISSIONS, "Medical reviewers": REVIEWER_PERMISSIONS}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_label in ("conditions", "taggit"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0006_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
