"""Editors and medical reviewers look after guides as they do conditions; reviewers
publish them. Who-it-is-for groups are curated data: reviewers change them, editors read."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["guide", "guidereference"]
EDITOR = [
    *(f"{action}_{model}" for model in CONTENT for action in ("add", "change", "view")),
    "view_audience",
]
REVIEWER = [
    *EDITOR,
    *(f"delete_{model}" for model in CONTENT),
    "publish_guide",
    "add_audience",
    "change_audience",
]
ROLES = {"Editors": EDITOR, "Medical reviewers": REVIEWER}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("conditions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="conditions", codename__in=codes)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="conditions", codename__in=codes)
            )


class Migration(migrations.Migration):
    dependencies = [("conditions", "0014_audiences_and_guides")]

    operations = [migrations.RunPython(grant, revoke)]
