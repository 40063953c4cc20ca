"""An import is refused with a message naming each mistake, and nothing changes.

Each test hands ``import_content`` (through the command an editor runs) a file with a
kind of mistake an editor can make by hand, and checks the exact problems listed. The
``refused`` helper also checks that the whole exported content is the same afterwards.
"""

import pytest

from tests.test_content_transfer import library, one_condition, record, refused

pytestmark = pytest.mark.django_db


def pending_entry(kind, slug, pending_record, **fields):
    """A pending change as export_content writes one: a draft with no review record."""
    return {
        "kind": kind,
        "slug": slug,
        "state": "draft",
        "review_comment": "",
        "go_live_at": None,
        "review_data": {},
        "created_by": "",
        "record": pending_record,
        **fields,
    }


def review_record(**fields):
    return {
        "last_reviewed": "2026-01-05",
        "next_review_due": "2027-01-05",
        "reviewer_name": "Dr A Reviewer",
        "reviewer_role": "GP",
        "expire_at": None,
        **fields,
    }


# Records inside a condition: symptom links, rules and references.


def test_broken_links_rules_and_references_are_named_by_their_position(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["symptoms"][0] = "numbness"
    del sciatica["symptoms"][1]["symptom"]
    rules = sciatica["warning_rules"]
    rule = [f"condition sciatica: rule {rules[i]['text'][:40]!r}" for i in range(5)]
    rules[0] = 5
    del rules[1]["severity"]
    rules[2]["severity"] = "no-such-level"
    rules[3]["severity"] = "self-care"
    rules[4]["symptoms"], rules[4]["any_symptoms"] = [], []
    sciatica["references"][0] = None
    sciatica["references"][1]["title"] = 7
    assert refused(tmp_path, data) == [
        "condition sciatica: symptoms[0]: is 'numbness', not a record (a JSON object)",
        "condition sciatica: symptoms[1]: symptom is missing",
        "condition sciatica: warning_rules[0]: is 5, not a record (a JSON object)",
        f"{rule[1]}: severity is missing",
        f"{rule[2]}: unknown severity 'no-such-level'",
        f"{rule[3]}: level 'self-care' is not urgent or emergency",
        f"{rule[4]}: names no symptom",
        "condition sciatica: references[0]: is None, not a record (a JSON object)",
        "condition sciatica: references[1]: title 7 is not text",
    ]


# Values.


def test_a_date_that_does_not_exist_and_a_time_that_is_not_text_are_refused(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    sciatica["last_reviewed"] = "2026-02-30"
    sciatica["created_at"] = 20260101
    assert refused(tmp_path, data) == [
        "condition sciatica: last_reviewed '2026-02-30' is not a date (YYYY-MM-DD) or null",
        "condition sciatica: created_at 20260101 is not a date and time with a UTC offset",
    ]


def test_a_synonym_group_without_readable_phrases_is_reported_once(tmp_path):
    # The model's own check ("Give at least two different phrases.") would complain about
    # the missing phrases too: the file's mistake is reported once, as it is.
    data = library()
    data["synonyms"][0]["phrases"] = 5
    del data["synonyms"][1]["phrases"]
    assert refused(tmp_path, data) == [
        "synonyms[0]: phrases 5 is not text",
        "synonyms[1]: phrases is missing",
    ]


@pytest.mark.parametrize(
    "first_slug_length, cut",
    [(100, True), (92, False)],
    ids=["longer than the limit is cut short", "exactly the limit is shown whole"],
)
def test_a_problem_too_long_to_read_is_cut_short(tmp_path, first_slug_length, cut):
    data = one_condition(library(), "sciatica")
    sciatica = data["conditions"][0]
    first, second = "a" * first_slug_length, "b" * 100
    name = "A very long condition name " * 7
    data["conditions"] = [
        {**sciatica, "slug": first, "name": name},
        {**sciatica, "slug": second, "name": name},
    ]
    # The name is shown cut short, then the whole message is, if it is over 300 characters.
    shown = "'A very long condition name A very lon...ition name A ver..."
    whole = f"condition {second}: name {shown} is also the name of condition {first}"
    assert len(whole) == (308 if cut else 300)
    assert refused(tmp_path, data) == [f"{whole[:297]}..." if cut else whole]


# Pending changes.


def test_a_pending_change_with_missing_fields_or_a_record_that_is_not_one_is_refused(tmp_path):
    data = library()
    sciatica = record(data, "conditions", "sciatica")
    missing = pending_entry("condition", "sciatica", {**sciatica, "summary": "Pending."})
    del missing["review_comment"], missing["created_by"]
    data["pending_changes"] = [
        missing,
        pending_entry("condition", "stroke", "oops"),
        pending_entry(
            "condition", "slipped-disc", record(data, "conditions", "slipped-disc"), review_data=[]
        ),
    ]
    assert refused(tmp_path, data) == [
        "pending change to condition sciatica: review_comment is missing",
        "pending change to condition sciatica: created_by is missing",
        "pending change to condition stroke: record is 'oops', not a record (a JSON object)",
        "pending change to condition slipped-disc: review_data is [], not a review record (a "
        "JSON object) or {}",
    ]


def test_every_mistake_in_a_pending_review_record_is_named(tmp_path):
    data = library()
    review = review_record(
        last_reviewed=None, next_review_due="soon", reviewer_name="  ", signed="yes"
    )
    del review["reviewer_role"]
    data["pending_changes"] = [
        pending_entry(
            "guide",
            data["guides"][0]["slug"],
            data["guides"][0],
            state="scheduled",
            go_live_at="2026-06-01T09:00:00+00:00",
            review_data=review,
        )
    ]
    label = f"pending change to guide {data['guides'][0]['slug']}"
    # Only what is wrong with the record itself: with a date missing, whether the next
    # review is due after the last is not asked.
    assert refused(tmp_path, data) == [
        f"{label}: review_data: last_reviewed is null; a review record has both dates",
        f"{label}: review_data: next_review_due 'soon' is not a date (YYYY-MM-DD) or null",
        f"{label}: review_data: reviewer_name is blank",
        f"{label}: review_data: reviewer_role is missing",
        f"{label}: review_data: unknown field 'signed'",
    ]


def test_a_review_record_missing_its_first_date_still_has_its_other_mistakes_named(tmp_path):
    data = library()
    review = review_record(next_review_due="soon", expire_at="next week")
    del review["last_reviewed"]
    guide = data["guides"][0]
    data["pending_changes"] = [
        pending_entry(
            "guide",
            guide["slug"],
            guide,
            state="scheduled",
            go_live_at="2026-06-01T09:00:00+00:00",
            review_data=review,
        )
    ]
    label = f"pending change to guide {guide['slug']}"
    assert refused(tmp_path, data) == [
        f"{label}: review_data: last_reviewed is missing",
        f"{label}: review_data: next_review_due 'soon' is not a date (YYYY-MM-DD) or null",
        f"{label}: review_data: expire_at 'next week' is not a date and time with a UTC offset",
    ]


def test_a_pending_rename_to_the_slug_of_an_item_the_file_leaves_out_is_refused(tmp_path):
    data = one_condition(library(), "sciatica")
    renamed = {**data["conditions"][0], "slug": "slipped-disc"}
    data["pending_changes"] = [pending_entry("condition", "sciatica", renamed)]
    assert refused(tmp_path, data) == [
        "pending change to condition sciatica: slug 'slipped-disc' is already the slug of "
        "condition slipped-disc in the database, which this file does not include"
    ]


def test_a_pending_change_to_a_slug_two_records_share_waits_for_that_to_be_fixed(tmp_path):
    # Which of the two live records the change is to is unclear: only the shared slug is
    # reported, not the problems the pending version would have against either.
    data = one_condition(library(), "sciatica")
    sciatica = data["conditions"][0]
    data["conditions"].append({**sciatica, "name": "Sciatica again"})
    data["pending_changes"] = [
        pending_entry("condition", "sciatica", {**sciatica, "summary": "x" * 200})
    ]
    assert refused(tmp_path, data) == [
        "conditions[1]: slug 'sciatica' is also the slug of conditions[0]"
    ]


# Where each problem is listed.


def test_problems_are_listed_in_file_order_the_file_s_own_first(tmp_path):
    # The file's own problem comes before the first record's, and a synonym group named
    # by phrases with a colon in them keeps its place after the care levels.
    data = library()
    data["extra"] = []
    level = data["severities"][0]
    level["rank"] = "high"
    data["synonyms"][0]["phrases"] = "knee: sore\nsore knee"
    data["synonyms"][0]["note"] = 5
    assert refused(tmp_path, data) == [
        "file: unknown section 'extra'",
        f"severity {level['slug']}: rank 'high' is not a whole number",
        "synonyms[0] 'knee: sore\\nsore knee': note 5 is not text",
    ]


# A pending change that renames its item.


def test_a_live_mistake_naming_a_symptom_with_a_long_slug_is_reported_once_when_renamed(
    tmp_path, make_symptom
):
    # Links to the symptom are labelled by the first 40 characters of its slug, values
    # quote it whole: in the pending world both name it by its new slug, and both are
    # still the live condition's mistakes, not the pending change's.
    old, new = "tingling-" + "o" * 36, "pins-and-needles-" + "n" * 28
    assert len(old) == len(new) == 45
    make_symptom(slug=old)
    data = one_condition(library(), "sciatica")
    sciatica = data["conditions"][0]
    sciatica["symptoms"].append({"symptom": old, "typicality": 7, "note": ""})
    rule = sciatica["warning_rules"][0]
    rule["any_symptoms"] += [old, old]
    data["pending_changes"] = [
        pending_entry("symptom", old, {**record(data, "symptoms", old), "slug": new})
    ]
    assert refused(tmp_path, data) == [
        f"condition sciatica: symptom {old[:40]!r}: typicality: Value 7 is not a valid choice.",
        f"condition sciatica: rule {rule['text'][:40]!r}: symptom {old!r} is listed twice",
    ]


def test_a_renamed_pending_version_has_its_own_mistakes_named_after_the_live_ones(tmp_path):
    # The care level's mistake is the live file's, reported once; the pending version's
    # own mistake is named after the change though it renames its item.
    data = one_condition(library(), "sciatica")
    level = data["severities"][0]
    level["rank"] = "high"
    pending = {**data["conditions"][0], "slug": "sciatica-renamed", "summary": "x" * 200}
    data["pending_changes"] = [pending_entry("condition", "sciatica", pending)]
    assert refused(tmp_path, data) == [
        f"severity {level['slug']}: rank 'high' is not a whole number",
        "pending change to condition sciatica: summary: Ensure this value has at most 160 "
        "characters (it has 200).",
    ]


# A pending version whose slug is not text is named by its position in the file it makes.


def test_a_pending_version_whose_slug_is_a_list_is_refused_naming_its_position(tmp_path):
    data = one_condition(library(), "sciatica")
    pending = {**data["conditions"][0], "slug": ["sciatica"]}
    data["pending_changes"] = [pending_entry("condition", "sciatica", pending)]
    assert refused(tmp_path, data) == [
        "pending change to condition sciatica: conditions[0]: slug ['sciatica'] is not text"
    ]


def test_a_pending_version_whose_slug_is_a_number_keeps_other_records_names(tmp_path):
    # Condition "5" is another record: its name clash with the pending version (slug 5,
    # a number) is named after it, not taken for the pending version's own.
    data = one_condition(library(), "sciatica")
    sciatica = data["conditions"][0]
    data["conditions"].append({**sciatica, "slug": "5", "name": "Sciatic pain"})
    pending = {**sciatica, "slug": 5, "name": "Sciatic pain"}
    data["pending_changes"] = [pending_entry("condition", "sciatica", pending)]
    label = "pending change to condition sciatica"
    assert refused(tmp_path, data) == [
        f"{label}: conditions[0]: slug 5 is not text",
        f"{label}: condition 5: name 'Sciatic pain' is also the name of conditions[0]",
    ]


def test_a_guide_without_audiences_or_references_is_refused_naming_what_is_missing(tmp_path):
    data = library()
    guide = data["guides"][0]
    del guide["audiences"], guide["references"]
    assert refused(tmp_path, data) == [
        f"guide {guide['slug']}: audiences is missing",
        f"guide {guide['slug']}: references is missing",
    ]
