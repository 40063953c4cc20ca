"""export_content and import_content round-trip the whole library, and refuse bad files."""

import json

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag

from conditions.models import BodyArea, Condition, Severity, Status, Symptom, Synonym
from conditions.search.service import search

pytestmark = pytest.mark.django_db


def export_to(path):
    call_command("export_content", str(path))
    return path.read_text()


def empty_the_database():
    Condition.objects.all().delete()
    Symptom.objects.all().delete()
    Severity.objects.all().delete()
    BodyArea.objects.all().delete()
    Tag.objects.all().delete()
    Synonym.objects.all().delete()


def test_export_import_export_is_identical(tmp_path):
    Condition.objects.filter(slug="restless-legs-syndrome").update(status=Status.IN_REVIEW)
    first = export_to(tmp_path / "first.json")
    data = json.loads(first)
    assert len(data["conditions"]) == Condition.objects.count() >= 20
    assert any(c["status"] == "in_review" for c in data["conditions"])
    empty_the_database()
    assert Condition.objects.count() == 0

    call_command("import_content", str(tmp_path / "first.json"))
    assert export_to(tmp_path / "second.json") == first
    # The imported library is searchable at once.
    assert search("sciatica").results[0].condition.slug == "sciatica"


def test_invalid_records_are_all_reported_and_nothing_changes(tmp_path, capsys):
    data = json.loads(export_to(tmp_path / "good.json"))
    data["conditions"][0]["summary"] = "x" * 200
    data["conditions"][1]["severity"] = "no-such-level"
    data["conditions"][2]["references"][0]["url"] = "javascript:alert(1)"
    data["symptoms"][0]["body_areas"] = ["elbow"]
    first_name = data["conditions"][3]["name"]
    data["conditions"][3]["name"] = "Changed name"
    (tmp_path / "bad.json").write_text(json.dumps(data))

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_content", str(tmp_path / "bad.json"))
    errors = capsys.readouterr().err
    assert f"condition {data['conditions'][0]['slug']}: summary" in errors
    assert "unknown severity 'no-such-level'" in errors
    assert "reference URL 'javascript:alert(1)' is not http(s)" in errors
    assert "unknown body area 'elbow'" in errors
    assert Condition.objects.filter(name=first_name).exists()
    assert not Condition.objects.filter(name="Changed name").exists()


@pytest.mark.parametrize(
    "text", ["not json", "[]", '{"format": "other"}', '{"format": "legpain-content", "version": 1}']
)
def test_unreadable_files_get_a_clear_error(tmp_path, text):
    (tmp_path / "odd.json").write_text(text)
    with pytest.raises(CommandError):
        call_command("import_content", str(tmp_path / "odd.json"))
    assert Condition.objects.filter(slug="sciatica").exists()


def test_bad_links_and_dates_are_reported_not_crashing(tmp_path, capsys):
    data = json.loads(export_to(tmp_path / "good.json"))
    data["conditions"][0]["symptoms"][0]["typicality"] = 7
    data["conditions"][1]["last_reviewed"] = "not a date"
    data["symptoms"][0]["created_at"] = "yesterday"
    (tmp_path / "bad.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_content", str(tmp_path / "bad.json"))
    errors = capsys.readouterr().err
    assert "typicality 7 is not one of" in errors
    assert "last_reviewed 'not a date' is not a date" in errors
    assert "created_at 'yesterday' is not a date and time" in errors
