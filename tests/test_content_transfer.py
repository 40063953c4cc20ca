"""export_content and import_content round-trip the whole library, and refuse bad files.

A refused import raises ``CommandError`` whose message lists every problem, one per line,
each naming its record, and changes nothing. The property tests (any corruption, any valid
content) are in ``test_content_transfer_fuzz.py``.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag

from conditions.content_transfer import ImportProblems, import_content
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
    WarningRule,
)
from conditions.search.service import search

pytestmark = pytest.mark.django_db


def export_to(path):
    call_command("export_content", str(path))
    return path.read_text()


def exported():
    out = io.StringIO()
    call_command("export_content", "-", stdout=out)
    return out.getvalue()


def empty_the_database():
    Guide.objects.all().delete()
    Condition.objects.all().delete()
    Symptom.objects.all().delete()
    Severity.objects.all().delete()
    BodyArea.objects.all().delete()
    Trigger.objects.all().delete()
    Tag.objects.all().delete()
    Synonym.objects.all().delete()
    Audience.objects.all().delete()


def library():
    """The shipped library as an export, parsed."""
    return json.loads(exported())


def record(data, section, slug):
    return next(row for row in data[section] if row["slug"] == slug)


def refused(tmp_path, data=None, text=None):
    """Import ``data`` (or raw ``text``), which must be refused without changing anything.

    Returns the problems the error lists.
    """
    before = exported()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data) if text is None else text, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported") as error:
        call_command("import_content", str(path))
    assert exported() == before
    lines = str(error.value).splitlines()
    assert lines[0] == f"{len(lines) - 1} problem(s) found; nothing was imported."
    return [line.removeprefix("- ") for line in lines[1:]]


def imported(tmp_path, data):
    path = tmp_path / "content.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_content", str(path), stdout=io.StringIO())


def test_export_import_export_is_identical(tmp_path):
    Condition.objects.filter(slug="restless-legs-syndrome").update(status=Status.IN_REVIEW)
    first = export_to(tmp_path / "first.json")
    data = json.loads(first)
    assert len(data["conditions"]) == Condition.objects.count() >= 20
    assert any(c["status"] == "in_review" for c in data["conditions"])
    # Who conditions and rules are for, and guides, are part of the round trip.
    assert data["audiences"] and data["guides"]
    assert any(c["audiences"] for c in data["conditions"])
    assert any(rule["audiences"] for c in data["conditions"] for rule in c["warning_rules"])
    assert all(g["audiences"] and g["conditions"] and g["references"] for g in data["guides"])
    empty_the_database()
    assert Condition.objects.count() == 0

    call_command("import_content", str(tmp_path / "first.json"))
    assert export_to(tmp_path / "second.json") == first
    # The imported library is searchable at once.
    assert search("sciatica").results[0].condition.slug == "sciatica"


def test_invalid_records_are_all_reported_and_nothing_changes(tmp_path):
    data = library()
    data["conditions"][0]["summary"] = "x" * 200
    data["conditions"][1]["severity"] = "no-such-level"
    data["conditions"][2]["references"][0]["url"] = "javascript:alert(1)"
    data["symptoms"][0]["body_areas"] = ["elbow"]
    first_name = data["conditions"][3]["name"]
    data["conditions"][3]["name"] = "Changed name"

    problems = refused(tmp_path, data)
    slugs = [row["slug"] for row in data["conditions"]]
    title = data["conditions"][2]["references"][0]["title"][:40]
    assert sorted(problems) == sorted(
        [
            f"symptom {data['symptoms'][0]['slug']}: unknown body area 'elbow'",
            f"condition {slugs[0]}: summary: Ensure this value has at most 160 characters "
            "(it has 200).",
            f"condition {slugs[1]}: unknown severity 'no-such-level'",
            f"condition {slugs[2]}: reference {title!r}: reference URL 'javascript:alert(1)' is "
            "not http(s)",
        ]
    )
    assert Condition.objects.filter(name=first_name).exists()
    assert not Condition.objects.filter(name="Changed name").exists()


@pytest.mark.parametrize(
    "text, problem",
    [
        ("not json", "file: could not read"),
        ('{"format": "legpain-content", "version": 1, "tags": [', "file: could not read"),
        ('{"format": "legpain-content", "format": "legpain-content"}', "appears twice"),
        ("[" * 100_000, "file: "),
        ("[]", "file: not a legpain-content export"),
        ('{"format": "other"}', "file: not a legpain-content export"),
        (
            '{"format": "legpain-content", "version": "1"}',
            "file: version '1'; this site reads 1, 2 and 3",
        ),
        (
            '{"format": "legpain-content", "version": 4}',
            "file: version 4; this site reads 1, 2 and 3",
        ),
        ('{"format": "legpain-content", "version": 1}', "file: the severities section is missing"),
        ('{"format": "legpain-content", "version": 2}', "file: the audiences section is missing"),
        (
            '{"format": "legpain-content", "version": 3}',
            "file: the pending_changes section is missing",
        ),
    ],
)
def test_unreadable_files_get_a_clear_error(tmp_path, text, problem):
    assert any(problem in line for line in refused(tmp_path, text=text))
    assert Condition.objects.filter(slug="sciatica").exists()


@pytest.mark.parametrize("depth", [900, 5000])
def test_a_deeply_nested_value_is_reported(tmp_path, depth):
    # Below Python's recursion limit json reads the file, and the value is shown cut short;
    # deeper, json itself gives up.
    data = library()
    record(data, "conditions", "sciatica")["name"] = "NESTED"
    text = json.dumps(data).replace('"NESTED"', "[" * depth + "]" * depth)
    problems = refused(tmp_path, text=text)
    assert problems in (
        ["condition sciatica: name [[[...]]] is not text"],
        [f"file: {tmp_path / 'bad.json'} is nested too deeply to be an export"],
    )


def test_a_value_nested_deeper_than_repr_can_go_is_shown_short():
    # import_content also takes parsed data from Python, where nothing limits the depth.
    nested = []
    for _ in range(5000):
        nested = [nested]
    data = library()
    record(data, "conditions", "sciatica")["name"] = nested
    with pytest.raises(ImportProblems) as error:
        import_content(data)
    assert error.value.problems == ["condition sciatica: name [[[...]]] is not text"]


def test_bytes_that_are_not_utf8_are_reported(tmp_path):
    (tmp_path / "bad.json").write_bytes(b'{"format": "legpain-\xff"}')
    with pytest.raises(CommandError, match="- file: could not read .*utf-8"):
        call_command("import_content", str(tmp_path / "bad.json"))


def test_a_byte_order_mark_is_no_reason_to_refuse(tmp_path):
    # Some Windows editors start a UTF-8 file with one. Without conditions and symptoms the
    # import is quick.
    data = {**library(), "conditions": [], "symptoms": [], "guides": []}
    (tmp_path / "bom.json").write_text("\ufeff" + json.dumps(data), encoding="utf-8")
    call_command("import_content", str(tmp_path / "bom.json"), stdout=io.StringIO())


def test_bad_links_and_dates_are_reported_not_crashing(tmp_path):
    data = library()
    link = data["conditions"][0]["symptoms"][0]
    link["typicality"] = 7
    data["conditions"][1]["last_reviewed"] = "not a date"
    data["conditions"][2]["updated_at"] = "2026-13-01T00:00:00+00:00"
    data["symptoms"][0]["created_at"] = "yesterday"
    problems = refused(tmp_path, data)
    slugs = [row["slug"] for row in data["conditions"]]
    assert sorted(problems) == sorted(
        [
            f"symptom {data['symptoms'][0]['slug']}: created_at 'yesterday' is not a date and time "
            "with a UTC offset",
            f"condition {slugs[0]}: symptom {link['symptom']!r}: typicality: Value 7 is not a "
            "valid choice.",
            f"condition {slugs[1]}: last_reviewed 'not a date' is not a date (YYYY-MM-DD) or null",
            f"condition {slugs[2]}: updated_at '2026-13-01T00:00:00+00:00' is not a date and time "
            "with a UTC offset",
        ]
    )


# The crashes of issue 11: each is now a problem that names its record.


def test_a_symptom_linked_twice_is_reported(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    link = sciatica["symptoms"][0]
    sciatica["symptoms"].append({**link, "typicality": 1})
    assert refused(tmp_path, data) == [
        f"condition sciatica: symptom {link['symptom']!r} is listed twice"
    ]


def test_a_nul_character_anywhere_is_reported(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["overview"] = "Sciatica\x00 is"
    rule = sciatica["warning_rules"][0]["text"]
    sciatica["warning_rules"][0]["text"] += "\x00"
    sciatica["tags"].append("back\x00")
    record(data, "severities", "self-care")["advice"] = "\x00"
    assert refused(tmp_path, data) == [
        "severity self-care: advice contains a NUL character (at character 1)",
        "condition sciatica: overview contains a NUL character (at character 9)",
        "condition sciatica: tags item 'back\\x00' contains a NUL character (at character 5)",
        f"condition sciatica: rule {rule[:40]!r}: text contains a NUL character "
        f"(at character {len(rule) + 1})",
    ]


def test_two_conditions_with_one_name_are_reported(tmp_path):
    data = library()
    record(data, "conditions", "slipped-disc")["name"] = "Sciatica"
    assert refused(tmp_path, data) == [
        "condition slipped-disc: name 'Sciatica' is also the name of condition sciatica"
    ]


def test_two_care_levels_with_one_rank_are_reported(tmp_path):
    data = library()
    rank = record(data, "severities", "self-care")["rank"]
    record(data, "severities", "see-a-doctor")["rank"] = rank
    assert refused(tmp_path, data) == [
        f"severity see-a-doctor: rank {rank} is also the rank of severity self-care"
    ]


def test_identical_synonym_groups_both_survive(tmp_path):
    group = {
        "phrases": "leg test\nlimb test",
        "note": "",
        "updated_at": "2026-01-01T00:00:00+00:00",
    }
    # Without conditions and symptoms, each import is quick.
    data = {**library(), "conditions": [], "symptoms": [], "guides": []}
    data["synonyms"] += [group, {**group, "note": "Kept: a second editor's note"}]
    data["synonyms"].sort(key=lambda row: row["phrases"])
    empty_the_database()
    imported(tmp_path, data)
    first = exported()
    assert Synonym.objects.filter(phrases=group["phrases"]).count() == 2

    empty_the_database()
    imported(tmp_path, json.loads(first))
    assert exported() == first
    # Importing into a database that has them updates the same two groups, adds none.
    imported(tmp_path, json.loads(first))
    assert exported() == first
    notes = Synonym.objects.filter(phrases=group["phrases"]).values_list("note", flat=True)
    assert sorted(notes) == ["", "Kept: a second editor's note"]


# Other ways a file used to crash the import, or would have on PostgreSQL.


def test_values_of_the_wrong_type_are_reported(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["name"] = ["Sciatica"]
    sciatica["summary"] = None
    sciatica["prevalence"] = "3"
    sciatica["onset"] = 2
    sciatica["tags"] = "back"
    sciatica["warning_rules"] = {}
    record(data, "severities", "self-care")["rank"] = True
    record(data, "symptoms", data["symptoms"][0]["slug"])["body_areas"] = [1]
    data["triggers"].append("a trigger")
    data["synonyms"] = {}
    assert sorted(refused(tmp_path, data)) == sorted(
        [
            "synonyms: is {}, not a list of records",
            "severity self-care: rank True is not a whole number",
            f"triggers[{len(data['triggers']) - 1}]: is 'a trigger', not a record (a JSON object)",
            f"symptom {data['symptoms'][0]['slug']}: body_areas [1] is not a list of slugs",
            "condition sciatica: name ['Sciatica'] is not text",
            "condition sciatica: summary None is not text",
            "condition sciatica: onset 2 is not text",
            "condition sciatica: prevalence '3' is not a whole number",
            "condition sciatica: tags 'back' is not a list of slugs",
            "condition sciatica: warning_rules {} is not a list",
        ]
    )


def test_missing_and_unknown_fields_are_reported(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    del sciatica["severity"]
    del sciatica["references"][0]["url"]
    sciatica["colour"] = "#ffffff"
    del data["synonyms"][0]["note"]
    data["extra"] = []
    phrases = data["synonyms"][0]["phrases"]
    title = sciatica["references"][0]["title"][:40]
    assert refused(tmp_path, data) == [
        "file: unknown section 'extra'",
        f"synonyms[0] {phrases!r}: note is missing",
        "condition sciatica: severity is missing",
        "condition sciatica: unknown field 'colour'",
        f"condition sciatica: reference {title!r}: url is missing",
    ]


def test_links_to_records_that_do_not_exist_are_reported(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["symptoms"][0]["symptom"] = "tingling-ears"
    sciatica["related"].append("no-such-condition")
    rule = sciatica["warning_rules"][0]
    rule["any_symptoms"] = ["no-such-symptom"]
    rule["trigger"] = "no-such-trigger"
    where = f"condition sciatica: rule {rule['text'][:40]!r}"
    assert refused(tmp_path, data) == [
        "condition sciatica: unknown related condition 'no-such-condition'",
        "condition sciatica: unknown symptom 'tingling-ears'",
        f"{where}: unknown symptom 'no-such-symptom'",
        f"{where}: unknown trigger 'no-such-trigger'",
    ]


def test_text_too_long_for_its_column_and_bad_slugs_are_reported(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["name"] = "S" * 201
    sciatica["symptoms"][0]["note"] = "n" * 201
    data["tags"].append({"slug": "not a slug", "name": "A new tag"})
    record(data, "severities", "self-care")["rank"] = 40_000
    record(data, "severities", "self-care")["colour"] = "green"
    problems = refused(tmp_path, data)
    assert problems[:3] == [
        "severity self-care: rank 40000 is not between 0 and 32767",
        "severity self-care: colour: Use a hex colour such as #d5281b.",
        f"tags[{len(data['tags']) - 1}]: slug: Enter a valid “slug” consisting of Unicode "
        "letters, numbers, underscores, or hyphens.",
    ]
    assert "condition sciatica: name: Ensure this value has at most 200 characters" in problems[3]
    assert problems[4].startswith(
        f"condition sciatica: symptom {sciatica['symptoms'][0]['symptom']!r}: note: Ensure this "
        "value has at most 200 characters"
    )


def test_text_that_is_not_unicode_is_reported(tmp_path):
    data = library()
    record(data, "conditions", "sciatica")["aliases"] = "\ud800"
    assert refused(tmp_path, data) == [
        "condition sciatica: aliases contains a lone surrogate, which is not text (at character 1)"
    ]


def test_a_slug_used_twice_names_both_records_by_position(tmp_path):
    data = library()
    index = next(i for i, row in enumerate(data["body_areas"]) if row["slug"] == "knee")
    data["body_areas"].append({**data["body_areas"][index], "name": "Knee again"})
    last = len(data["body_areas"]) - 1
    assert refused(tmp_path, data) == [
        f"body_areas[{last}]: slug 'knee' is also the slug of body_areas[{index}]"
    ]


def test_a_name_held_by_a_record_the_file_leaves_out_is_reported(tmp_path):
    data = library()
    data["conditions"] = [record(data, "conditions", "sciatica")]
    data["conditions"][0].update(name="Slipped disc", related=[])
    data["guides"] = []
    assert refused(tmp_path, data) == [
        "condition sciatica: name 'Slipped disc' is already the name of condition "
        "slipped-disc in the database, which this file does not include"
    ]


def test_related_conditions_must_list_each_other(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["related"].append("stroke")
    assert refused(tmp_path, data) == [
        "condition sciatica: related condition 'stroke' does not list 'sciatica' back "
        "(related conditions go both ways)"
    ]


def test_swapped_ranks_and_names_are_imported(tmp_path):
    # Unique columns are checked row by row: a swap must not clash half way through.
    data = library()
    low, high = record(data, "severities", "self-care"), record(data, "severities", "emergency")
    low["rank"], high["rank"] = high["rank"], low["rank"]
    low["name"], high["name"] = high["name"], low["name"]
    sciatica, stroke = record(data, "conditions", "sciatica"), record(data, "conditions", "stroke")
    sciatica["name"], stroke["name"] = stroke["name"], sciatica["name"]
    # Only the two conditions, so the import is quick (others keep their links to them).
    data["conditions"] = [{**sciatica, "related": []}, {**stroke, "related": []}]
    data["guides"] = []
    imported(tmp_path, data)
    after = library()
    assert record(after, "severities", "emergency") == high
    assert record(after, "severities", "self-care") == low
    assert record(after, "conditions", "sciatica")["name"] == sciatica["name"]
    assert record(after, "conditions", "stroke")["name"] == stroke["name"]


# Who it is for (audiences) and guides.


def one_condition(data, slug):
    """``data`` cut to the condition ``slug`` (without related conditions) and no guides,
    so an import is quick."""
    return {
        **data,
        "conditions": [{**record(data, "conditions", slug), "related": []}],
        "guides": [],
    }


def test_a_rules_audiences_survive_a_round_trip(tmp_path):
    teenager = Audience.objects.create(slug="test-teen", name="Test teen", group="child", order=9)
    adult = Audience.objects.create(slug="test-adult", name="Test adult", group="adult", order=8)
    rule = WarningRule.objects.filter(condition__slug="sciatica").order_by("order", "pk").first()
    rule.audiences.set([teenager, adult])
    sciatica = Condition.objects.get(slug="sciatica")
    sciatica.audiences.set([teenager])
    data = one_condition(library(), "sciatica")
    rules = record(data, "conditions", "sciatica")["warning_rules"]
    # Listed in the audiences' order, as the checker offers them.
    assert [r["audiences"] for r in rules if r["audiences"]] == [["test-adult", "test-teen"]]
    empty_the_database()

    imported(tmp_path, data)
    # The one rule, and only it, is still only for those two groups.
    (only_for,) = WarningRule.objects.filter(
        condition__slug="sciatica", audiences__isnull=False
    ).distinct()
    assert only_for.text == rule.text
    assert set(only_for.audiences.values_list("slug", flat=True)) == {"test-adult", "test-teen"}
    assert list(
        Condition.objects.get(slug="sciatica").audiences.values_list("slug", flat=True)
    ) == ["test-teen"]
    assert Audience.objects.get(slug="test-teen").group == "child"
    assert one_condition(library(), "sciatica") == data
    # Importing it again changes nothing.
    imported(tmp_path, data)
    assert one_condition(library(), "sciatica") == data


def test_an_unknown_audience_or_condition_is_refused_naming_the_record(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["audiences"] = ["martians"]
    rule = sciatica["warning_rules"][0]
    rule["audiences"] = ["adult", "no-such-group", "adult"]
    guide = data["guides"][0]
    guide["audiences"].append("no-such-readers")
    guide["conditions"].append("no-such-condition")
    assert refused(tmp_path, data) == [
        "condition sciatica: unknown audience 'martians'",
        f"condition sciatica: rule {rule['text'][:40]!r}: unknown audience 'no-such-group'",
        f"condition sciatica: rule {rule['text'][:40]!r}: audience 'adult' is listed twice",
        f"guide {guide['slug']}: unknown audience 'no-such-readers'",
        f"guide {guide['slug']}: unknown condition 'no-such-condition'",
    ]


def test_bad_audiences_and_guides_are_all_reported(tmp_path):
    data = library()
    record(data, "audiences", "adult")["group"] = "grown-ups"
    record(data, "audiences", "child")["order"] = "4"
    del record(data, "audiences", "teenager")["name"]
    first, second = data["guides"][:2]
    del first["overview"]
    first["summary"] = "x" * 161
    first["references"][0]["url"] = "javascript:alert(1)"
    first["colour"] = "#ffffff"
    second["title"] = first["title"]
    second["conditions"] = "sciatica"
    second["last_reviewed"], second["next_review_due"] = "2026-05-01", "2026-04-01"
    title = first["references"][0]["title"][:40]
    assert refused(tmp_path, data) == [
        "audience adult: group: Value 'grown-ups' is not a valid choice.",
        "audience child: order '4' is not a whole number",
        "audience teenager: name is missing",
        f"guide {first['slug']}: overview is missing",
        f"guide {first['slug']}: unknown field 'colour'",
        f"guide {first['slug']}: summary: Ensure this value has at most 160 characters "
        "(it has 161).",
        f"guide {first['slug']}: reference {title!r}: reference URL 'javascript:alert(1)' is "
        "not http(s)",
        f"guide {second['slug']}: conditions 'sciatica' is not a list of slugs",
        f"guide {second['slug']}: next_review_due: The next review must be due after the last "
        "review.",
        f"guide {second['slug']}: title {first['title']!r} is also the title of guide "
        f"{first['slug']}",
    ]


def test_a_version_1_file_is_read_as_for_anyone_and_without_guides(tmp_path):
    rule = WarningRule.objects.filter(audiences__isnull=False).select_related("condition")[0]
    slug = rule.condition.slug
    data = one_condition(library(), slug)
    assert any(r["audiences"] for r in data["conditions"][0]["warning_rules"])
    # What a version 1 export of it held: no audiences anywhere and no guides.
    old = {**data, "version": 1}
    del old["audiences"], old["guides"]
    old["conditions"] = [{**row} for row in data["conditions"]]
    del old["conditions"][0]["audiences"]
    old["conditions"][0]["warning_rules"] = [
        {k: v for k, v in r.items() if k != "audiences"}
        for r in data["conditions"][0]["warning_rules"]
    ]
    guides, audiences = Guide.objects.count(), Audience.objects.count()

    imported(tmp_path, old)
    condition = Condition.objects.get(slug=slug)
    assert not condition.audiences.exists()
    assert not WarningRule.objects.filter(condition=condition, audiences__isnull=False).exists()
    # What the file does not hold is left alone.
    assert (Guide.objects.count(), Audience.objects.count()) == (guides, audiences)
    # The caller's data is not changed on the way.
    assert "audiences" not in old["conditions"][0] and old["version"] == 1


def test_a_version_2_file_must_say_who_each_rule_is_for(tmp_path):
    # In a current file a missing list is a mistake, not "anyone": a rule meant only for
    # children would otherwise be shown to everyone.
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    del sciatica["warning_rules"][0]["audiences"]
    del sciatica["audiences"]
    text = sciatica["warning_rules"][0]["text"][:40]
    assert refused(tmp_path, data) == [
        "condition sciatica: audiences is missing",
        f"condition sciatica: rule {text!r}: audiences is missing",
    ]
