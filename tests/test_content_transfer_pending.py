"""Export and import carry the open pending changes (format version 3).

A pending change is exported as the record its item would have once published, and
imported as a snapshot taken by writing that record in a rolled-back transaction; readers
keep seeing the live page throughout.
"""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from conditions import publishing, staging
from conditions.content_format import upgrade
from conditions.content_transfer import export_content, import_content
from conditions.models import (
    Condition,
    ContentVersion,
    Guide,
    PendingChange,
    Reference,
    Severity,
    Symptom,
    WarningRule,
)
from tests.test_content_transfer import (
    empty_the_database,
    exported,
    imported,
    library,
    one_condition,
    record,
    refused,
)

pytestmark = pytest.mark.django_db

State = PendingChange.State
PENDING_SUMMARY = "Pending: sciatica is pain along the sciatic nerve, down the back of a leg."
PENDING_RULE = "Pending rule: both legs go numb at once"
GUIDE_SUMMARY = "Pending: when a child's leg pain needs a doctor."


def stage(item, edit, state=State.IN_REVIEW, user=None):
    """Stage ``edit(item)`` as the item's pending change, as the admin does."""
    with staging.trial():
        edit(item)
        rows = staging.snapshot(type(item).objects.get(pk=item.pk))
    return publishing.stage(item, rows, user, state)


def edit_sciatica(sciatica):
    sciatica.summary = PENDING_SUMMARY
    sciatica.save()
    sciatica.references.order_by("order", "pk").first().delete()
    rule = WarningRule.objects.create(
        condition=sciatica, severity=Severity.objects.get(slug="emergency"), text=PENDING_RULE
    )
    rule.symptoms.set([sciatica.symptom_links.first().symptom])
    # A related link goes both ways: the other condition gains one too, in the pending world.
    sciatica.related.add(Condition.objects.get(slug="restless-legs-syndrome"))


def edit_guide(guide):
    guide.summary = GUIDE_SUMMARY
    guide.save()


@pytest.fixture
def pending(django_user_model):
    editor = django_user_model.objects.create_user("editor-ed")
    sciatica = Condition.objects.get(slug="sciatica")
    guide = Guide.objects.get(slug="leg-pain-in-children")
    stage(sciatica, edit_sciatica, user=editor)
    change = stage(guide, edit_guide, State.SCHEDULED)
    change.go_live_at = timezone.now() + datetime.timedelta(days=3)
    change.review_data = publishing.ReviewRecord(
        datetime.date(2026, 1, 5), datetime.date(2027, 1, 5), "Dr A Reviewer", "GP"
    ).as_json()
    change.save()
    return sciatica, guide


def database_state():
    sciatica = Condition.objects.get(slug="sciatica")
    return (
        ContentVersion.current(),
        sciatica.updated_at,
        sciatica.summary,
        WarningRule.objects.count(),
        Reference.objects.count(),
        Condition.objects.get(slug="restless-legs-syndrome").related.count(),
        list(PendingChange.objects.values_list("pk", "state", "updated_at")),
    )


def test_export_holds_the_pending_versions_and_changes_nothing(pending):
    sciatica, guide = pending
    live = export_content()
    before = database_state()
    data = json.loads(exported())
    assert database_state() == before
    assert {k: v for k, v in data.items() if k != "pending_changes"} == {
        k: v for k, v in live.items() if k != "pending_changes"
    }
    assert data["version"] == 3
    condition, guide_change = data["pending_changes"]  # sorted by kind, then slug
    assert (condition["kind"], condition["slug"], condition["state"]) == (
        "condition", "sciatica", "in_review"
    )  # fmt: skip
    assert condition["created_by"] == "editor-ed"
    assert (condition["go_live_at"], condition["review_data"]) == (None, {})
    live_sciatica = record(data, "conditions", "sciatica")
    pending_sciatica = condition["record"]
    assert set(pending_sciatica) == set(live_sciatica)
    assert pending_sciatica["summary"] == PENDING_SUMMARY != live_sciatica["summary"]
    assert len(pending_sciatica["references"]) == len(live_sciatica["references"]) - 1
    assert [r["text"] for r in pending_sciatica["warning_rules"]].count(PENDING_RULE) == 1
    assert "restless-legs-syndrome" in pending_sciatica["related"]
    assert "restless-legs-syndrome" not in live_sciatica["related"]
    assert (guide_change["kind"], guide_change["state"]) == ("guide", "scheduled")
    assert guide_change["record"]["summary"] == GUIDE_SUMMARY
    assert guide_change["review_data"]["reviewer_name"] == "Dr A Reviewer"
    assert guide_change["go_live_at"].endswith("+00:00")
    assert "pk" not in json.dumps(data["pending_changes"])


def test_pending_changes_round_trip_and_readers_see_the_live_page(pending, tmp_path):
    first = exported()
    live_summary = record(json.loads(first), "conditions", "sciatica")["summary"]
    (tmp_path / "first.json").write_text(first, encoding="utf-8")
    PendingChange.objects.all().delete()
    empty_the_database()

    call_command("import_content", str(tmp_path / "first.json"), stdout=io.StringIO())
    assert exported() == first
    sciatica = Condition.objects.get(slug="sciatica")
    assert sciatica.summary == live_summary
    page = Client().get("/conditions/sciatica/").content.decode()
    assert live_summary.split(".")[0] in page
    assert PENDING_SUMMARY not in page and PENDING_RULE not in page
    change = publishing.open_change(sciatica)
    assert change.state == State.IN_REVIEW and change.created_by.username == "editor-ed"
    assert staging.fields_of(change.snapshot)["summary"] == PENDING_SUMMARY
    rules = [f["text"] for model, f in staging.children_of(change.snapshot) if "text" in f]
    assert PENDING_RULE in rules
    # The symmetrical "related" link is pending only: the live other side is unchanged.
    other = Condition.objects.get(slug="restless-legs-syndrome")
    assert not other.related.filter(slug="sciatica").exists()
    guide_change = publishing.open_change(Guide.objects.get(slug="leg-pain-in-children"))
    assert guide_change.state == State.SCHEDULED and guide_change.go_live_at
    assert guide_change.created_by is None


def test_an_imported_pending_change_can_be_published(pending, tmp_path):
    (tmp_path / "first.json").write_text(exported(), encoding="utf-8")
    PendingChange.objects.all().delete()
    empty_the_database()
    call_command("import_content", str(tmp_path / "first.json"), stdout=io.StringIO())
    sciatica = Condition.objects.get(slug="sciatica")
    reviewer = User.objects.create_superuser("rev", password="pw")
    review = publishing.ReviewRecord.default_for(reviewer)
    assert publishing.publish(sciatica, reviewer, review, publishing.open_change(sciatica)) == []
    assert Condition.objects.get(slug="sciatica").summary == PENDING_SUMMARY
    assert PENDING_SUMMARY in Client().get("/conditions/sciatica/").content.decode()


def test_the_files_pending_changes_replace_the_open_ones_of_its_items(pending):
    data = export_content()
    old = set(PendingChange.objects.open().values_list("pk", flat=True))
    data["pending_changes"] = data["pending_changes"][:1]  # the guide's is dropped
    import_content(data)
    assert set(PendingChange.objects.filter(pk__in=old).values_list("state", flat=True)) == {
        State.DISCARDED
    }
    (change,) = PendingChange.objects.open()
    assert staging.fields_of(change.snapshot)["summary"] == PENDING_SUMMARY


def test_a_pending_change_may_rename_its_item(pending):
    data = export_content()
    entry = data["pending_changes"][0]
    entry["record"]["slug"] = "sciatica-renamed"
    import_content(data)
    assert Condition.objects.filter(slug="sciatica").exists()
    assert not Condition.objects.filter(slug="sciatica-renamed").exists()
    change = publishing.open_change(Condition.objects.get(slug="sciatica"))
    assert staging.fields_of(change.snapshot)["slug"] == "sciatica-renamed"
    assert export_content()["pending_changes"][0]["record"]["slug"] == "sciatica-renamed"


def test_bad_pending_changes_are_all_reported(pending, tmp_path):
    data = export_content()
    condition, guide = data["pending_changes"]
    condition["record"]["summary"] = "x" * 200
    condition["record"]["severity"] = "no-such-level"
    guide["go_live_at"] = "tomorrow"
    guide["review_data"]["next_review_due"] = "2020-01-01"
    data["pending_changes"] += [
        {**condition, "state": "published"},
        {**condition, "kind": "page", "slug": "x"},
        {**condition, "slug": "no-such-condition"},
        {**guide, "state": "scheduled", "go_live_at": None, "surprise": 1},
        "not a change",
    ]
    other = data["pending_changes"][-2]
    other["slug"] = "leg-problems-in-pregnancy"
    other["record"] = record(data, "guides", "leg-problems-in-pregnancy")
    other["review_data"] = {}
    problems = refused(tmp_path, data)
    assert problems == [
        "pending change to condition sciatica: summary: Ensure this value has at most "
        "160 characters (it has 200).",
        "pending change to condition sciatica: unknown severity 'no-such-level'",
        "pending change to guide leg-pain-in-children: go_live_at 'tomorrow' is not a date "
        "and time with a UTC offset",
        "pending change to guide leg-pain-in-children: review_data: The next review must be "
        "due after the last review.",
        "pending change to condition sciatica: state 'published' is not one of draft, "
        "in_review, scheduled",
        "pending change to condition sciatica: a second pending change to condition "
        "'sciatica'; an item has one at most",
        "pending_changes[3]: unknown kind 'page' (condition, symptom or guide)",
        "pending change to condition no-such-condition: no condition 'no-such-condition' in "
        "the file (a pending change is to one of its conditions)",
        "pending change to guide leg-problems-in-pregnancy: unknown field 'surprise'",
        "pending change to guide leg-problems-in-pregnancy: a scheduled change needs go_live_at",
        "pending change to guide leg-problems-in-pregnancy: a scheduled change needs "
        "review_data (its review record)",
        "pending_changes[6]: is 'not a change', not a pending change (a JSON object)",
    ]


def test_a_second_open_change_to_one_item_is_refused(pending, tmp_path):
    data = export_content()
    data["pending_changes"].append(data["pending_changes"][0])
    assert refused(tmp_path, data) == [
        "pending change to condition sciatica: a second pending change to condition "
        "'sciatica'; an item has one at most"
    ]


def test_a_pending_name_another_record_has_is_refused(pending, tmp_path):
    data = export_content()
    data["pending_changes"][0]["record"]["name"] = "Slipped disc"
    (problem,) = refused(tmp_path, data)
    assert problem.startswith("pending change to condition sciatica: ")
    assert "name 'Slipped disc' is also the name of" in problem


def test_versions_and_a_missing_section(tmp_path):
    data = export_content()
    old = {**data, "version": 2}
    del old["pending_changes"]
    assert upgrade(old)["pending_changes"] == [] and upgrade(old)["version"] == 3
    assert "pending_changes" not in old
    del data["pending_changes"]
    assert refused(tmp_path, data) == ["file: the pending_changes section is missing"]


def test_a_version_2_file_imports_without_pending_changes(pending, tmp_path):
    data = export_content()
    old = {**data, "version": 2}
    del old["pending_changes"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    call_command("import_content", str(path), stdout=io.StringIO())
    # The file says nothing is pending for its items.
    assert not PendingChange.objects.open().exists()


def test_a_refused_file_leaves_pending_changes_alone(pending, tmp_path):
    data = export_content()
    data["conditions"][0]["summary"] = "x" * 200
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = database_state()
    with pytest.raises(CommandError):
        call_command("import_content", str(path))
    assert database_state() == before


# A pending change that renames a symptom: the file it would make links the symptom by its
# new slug (content_format.pending_world).


def symptom_rename(data, slug, new):
    """A draft pending change to symptom ``slug`` of ``data`` that renames it to ``new``."""
    return {
        "kind": "symptom",
        "slug": slug,
        "state": "draft",
        "review_comment": "",
        "go_live_at": None,
        "review_data": {},
        "created_by": "",
        "record": {**record(data, "symptoms", slug), "slug": new},
    }


def test_a_pending_symptom_rename_keeps_the_conditions_that_link_it_valid(tmp_path):
    # Sciatica links numbness, and two of its rules name it: in the pending world they
    # follow the new slug, so nothing is "unknown". Live, nothing is renamed.
    data = one_condition(library(), "sciatica")
    sciatica = data["conditions"][0]
    assert "numbness" in [link["symptom"] for link in sciatica["symptoms"]]
    assert any("numbness" in rule["any_symptoms"] for rule in sciatica["warning_rules"])
    data["pending_changes"] = [symptom_rename(data, "numbness", "loss-of-feeling")]
    imported(tmp_path, data)
    assert not Symptom.objects.filter(slug="loss-of-feeling").exists()
    numbness = Symptom.objects.get(slug="numbness")
    assert Condition.objects.get(slug="sciatica").symptom_links.filter(symptom=numbness).exists()
    change = publishing.open_change(numbness)
    assert change.state == State.DRAFT
    assert staging.fields_of(change.snapshot)["slug"] == "loss-of-feeling"
    (entry,) = export_content()["pending_changes"]
    assert (entry["kind"], entry["slug"]) == ("symptom", "numbness")
    assert entry["record"]["slug"] == "loss-of-feeling"


def test_a_live_mistake_naming_a_renamed_symptom_is_reported_once(tmp_path):
    # In the pending world the same mistakes name the symptom by its new slug; they are
    # still the live records' mistakes, not the pending change's.
    data = one_condition(library(), "sciatica")
    sciatica = data["conditions"][0]
    next(link for link in sciatica["symptoms"] if link["symptom"] == "numbness")["typicality"] = 7
    rule = next(rule for rule in sciatica["warning_rules"] if "numbness" in rule["any_symptoms"])
    rule["any_symptoms"].append("numbness")
    data["pending_changes"] = [symptom_rename(data, "numbness", "loss-of-feeling")]
    assert refused(tmp_path, data) == [
        "condition sciatica: symptom 'numbness': typicality: Value 7 is not a valid choice.",
        f"condition sciatica: rule {rule['text'][:40]!r}: symptom 'numbness' is listed twice",
    ]


def test_broken_conditions_beside_a_pending_symptom_rename_are_reported_once(tmp_path):
    data = library()
    stroke = {**record(data, "conditions", "stroke"), "related": []}
    data = one_condition(data, "sciatica")
    sciatica = data["conditions"][0]
    sciatica["symptoms"] = "numbness"
    rules = sciatica["warning_rules"]
    text = rules[1]["text"][:40]
    rules[0] = "numbness"
    rules[1]["symptoms"] = "numbness"
    data["conditions"] += ["numbness", {**stroke, "warning_rules": "numbness"}]
    data["pending_changes"] = [symptom_rename(data, "numbness", "loss-of-feeling")]
    assert refused(tmp_path, data) == [
        "condition sciatica: symptoms 'numbness' is not a list",
        "condition sciatica: warning_rules[0]: is 'numbness', not a record (a JSON object)",
        f"condition sciatica: rule {text!r}: symptoms 'numbness' is not a list of slugs",
        "conditions[1]: is 'numbness', not a record (a JSON object)",
        "condition stroke: warning_rules 'numbness' is not a list",
    ]


def test_export_leaves_out_pending_changes_the_file_cannot_hold(pending):
    # A change whose item is gone (deleted outside Django, or while the export ran), and a
    # change to a kind of item the file has no pending changes for: neither stops the
    # export, and the good ones are all in it.
    def change_to(model, object_id):
        return PendingChange.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=object_id,
            object_repr="left over",
            snapshot=[],
        )

    gone = Condition.objects.order_by("-pk").first().pk + 1000
    odd = [change_to(Condition, gone), change_to(Severity, Severity.objects.first().pk)]
    entries = export_content()["pending_changes"]
    assert [(entry["kind"], entry["slug"]) for entry in entries] == [
        ("condition", "sciatica"),
        ("guide", "leg-pain-in-children"),
    ]
    assert set(PendingChange.objects.open()) >= set(odd)
