"""Loading the shipped library is repeatable and never overwrites editors' work."""

import pytest
from django.core.management import call_command

from conditions.loading import load_library
from conditions.models import Condition, ConditionSymptom, Reference, Status, Symptom

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Condition.objects.count(),
        Symptom.objects.count(),
        ConditionSymptom.objects.count(),
        Reference.objects.count(),
        sorted(Condition.objects.values_list("slug", "summary", "status")),
    )


def test_loading_twice_changes_nothing():
    before = snapshot()
    report = load_library()
    assert snapshot() == before
    assert report.created == {}
    assert report.unchanged["conditions"] == Condition.objects.count()


def test_loading_keeps_an_editors_changes():
    Condition.objects.filter(slug="sciatica").update(summary="Edited by an editor.")
    load_library()
    assert Condition.objects.get(slug="sciatica").summary == "Edited by an editor."


def test_update_restores_the_shipped_text_and_links():
    sciatica = Condition.objects.get(slug="sciatica")
    original_summary = sciatica.summary
    original_links = sorted(sciatica.symptom_links.values_list("symptom__slug", "typicality"))
    sciatica.summary = "Edited by an editor."
    sciatica.save()
    sciatica.symptom_links.all().delete()
    sciatica.references.all().delete()

    load_library(update=True)

    sciatica.refresh_from_db()
    assert sciatica.summary == original_summary
    assert sorted(sciatica.symptom_links.values_list("symptom__slug", "typicality")) == (
        original_links
    )
    assert sciatica.references.count() >= 2


def test_load_library_command_reports_what_it_did(capsys):
    call_command("load_library")
    out = capsys.readouterr().out
    assert "conditions: 0 created, 0 updated" in out


def test_library_loads_into_an_empty_database():
    Condition.objects.all().delete()
    Symptom.objects.all().delete()
    report = load_library()
    import json

    from conditions.loading import LIBRARY_DIR

    shipped_conditions = len(list((LIBRARY_DIR / "conditions").glob("*.json")))
    shipped_symptoms = len(json.loads((LIBRARY_DIR / "symptoms.json").read_text()))
    assert report.created["conditions"] == shipped_conditions == Condition.objects.count()
    assert report.created["symptoms"] == shipped_symptoms == Symptom.objects.count()
    assert not Condition.objects.exclude(status=Status.PUBLISHED).exists()


def test_a_file_can_hold_an_item_back_from_readers(tmp_path):
    import json
    import shutil

    from conditions.loading import LIBRARY_DIR

    library = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, library)
    path = library / "conditions" / "sciatica.json"
    row = json.loads(path.read_text())
    path.write_text(json.dumps({**row, "status": "in_review"}))
    Condition.objects.all().delete()
    load_library(library)
    assert Condition.objects.get(slug="sciatica").status == Status.IN_REVIEW
    assert Condition.objects.get(slug="stroke").status == Status.PUBLISHED


def test_the_update_option_overwrites_editors_changes_and_says_so(capsys):
    shipped = Condition.objects.get(slug="sciatica").summary
    total = Condition.objects.count()
    Condition.objects.filter(slug="sciatica").update(summary="Edited by an editor.")

    call_command("load_library")
    out = capsys.readouterr().out.splitlines()
    assert f"conditions: 0 created, 0 updated, {total} left as they were" in out
    assert Condition.objects.get(slug="sciatica").summary == "Edited by an editor."

    call_command("load_library", "--update")
    out = capsys.readouterr().out.splitlines()
    # --update rewrites every existing item from the shipped files.
    assert f"conditions: 0 created, {total} updated, 0 left as they were" in out
    assert Condition.objects.get(slug="sciatica").summary == shipped


def test_a_condition_left_without_warning_rules_is_given_the_librarys(capsys):
    from reversion.models import Version

    sciatica = Condition.objects.get(slug="sciatica")
    shipped = sorted(sciatica.warning_rules.values_list("text", "severity__slug"))
    assert shipped
    sciatica.warning_rules.all().delete()
    Condition.objects.filter(slug="sciatica").update(summary="Edited by an editor.")

    call_command("load_library")
    out = capsys.readouterr().out.splitlines()
    assert "conditions without warning rules given the library's: 1" in out
    assert f"conditions: 0 created, 0 updated, {Condition.objects.count()} left as they were" in out
    sciatica.refresh_from_db()
    assert sorted(sciatica.warning_rules.values_list("text", "severity__slug")) == shipped
    # Only the rules: the editor's text stays, and the history says where the rules came from.
    assert sciatica.summary == "Edited by an editor."
    latest = Version.objects.get_for_object(sciatica).first()
    assert latest.revision.get_comment() == "Loaded the shipped library"


def test_every_kind_of_item_the_library_recreates_has_its_history():
    from reversion.models import Version

    from conditions.models import Audience, BodyArea, Synonym

    Synonym.objects.order_by("pk").first().delete()
    Audience.objects.get(slug="child").delete()
    BodyArea.objects.get(slug="knee").delete()
    report = load_library()
    assert (report.created["synonym groups"], report.created["audiences"]) == (1, 1)
    assert report.created["body areas"] == 1
    recreated = [
        Synonym.objects.order_by("-pk").first(),
        Audience.objects.get(slug="child"),
        BodyArea.objects.get(slug="knee"),
    ]
    for item in recreated:
        (version,) = Version.objects.get_for_object(item)
        assert version.revision.get_comment() == "Loaded the shipped library"
