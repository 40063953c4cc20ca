"""Give existing libraries the symptom checker's data (new databases get it from
load_library): symptom groups and condition triggers, from the shipped files, only where
editors have not set them."""

import json
from pathlib import Path

from django.contrib.auth.management import create_permissions
from django.db import migrations

LIBRARY = Path(__file__).resolve().parent.parent / "library"


def fill(apps, schema_editor):
    Trigger = apps.get_model("conditions", "Trigger")
    Symptom = apps.get_model("conditions", "Symptom")
    Condition = apps.get_model("conditions", "Condition")
    if not Condition.objects.exists():
        return  # a new database: load_library brings everything
    triggers = {}
    for row in json.loads((LIBRARY / "triggers.json").read_text()):
        triggers[row["slug"]], _ = Trigger.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "order": row["order"]}
        )
    for row in json.loads((LIBRARY / "symptoms.json").read_text()):
        Symptom.objects.filter(slug=row["slug"], checker_group="pain").update(
            checker_group=row["checker_group"]
        )
    for path in (LIBRARY / "conditions").glob("*.json"):
        row = json.loads(path.read_text())
        condition = Condition.objects.filter(slug=row["slug"]).first()
        if condition and not condition.triggers.exists():
            condition.triggers.set([triggers[slug] for slug in row["triggers"]])


def grant_trigger_permissions(apps, schema_editor):
    """Editors curate triggers like symptoms; reviewers may also delete them."""
    app_config = apps.get_app_config("conditions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trigger = Permission.objects.filter(content_type__app_label="conditions",
                                        content_type__model="trigger")  # fmt: skip
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*trigger.exclude(codename="delete_trigger"))
    for group in Group.objects.filter(name="Medical reviewers"):
        group.permissions.add(*trigger)


class Migration(migrations.Migration):
    dependencies = [("conditions", "0008_symptom_checker"), ("conditions", "0007_editorial_roles")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(grant_trigger_permissions, migrations.RunPython.noop),
    ]
